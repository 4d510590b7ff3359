"""A crisis answer re-sent on a used link (the patient answered item 9 = 0, pressed back and sent item 9 = 3)
is stored as its own answer marked `resent`: it waits for a clinician's review, keeps the decided case in
the open queue and keeps the urgent mark, and is never a score (the first answer stays the invitation's)."""

import pytest
from django.urls import reverse

from clinic.proms import selectors, services, tokens
from clinic.proms.models import PromResponse
from clinic.proms.selectors import crisis_case_marks, score_points
from screening.review.services import intake_escalation_refresh

from .conftest import logged_in
from .test_answer_link import answers_post
from .test_scores_page import in_open_queue

pytestmark = pytest.mark.django_db


def test_a_crisis_answer_resent_with_the_back_button_is_kept_for_review(client, clinician, patient):
    first_invitation, _ = services.invitation_get_or_create(intake=patient, reason="before_infusion", slot="a")
    first = services.response_submit(invitation=first_invitation, answers=[0] * 9)
    assert not first.crisis
    link = reverse("proms:answer", args=[tokens.invitation_token(first_invitation)])
    page = client.post(link, answers_post([0] * 8 + [3]))  # back button, item 9 changed to 3, sent again
    assert 'data-testid="crisis-help"' in page.content.decode()
    client.post(link, answers_post([0] * 8 + [3]))  # a double click stores nothing more
    resent = PromResponse.objects.get(invitation=first_invitation, resent=True)
    assert resent.crisis and resent.safety == 3 and resent.answers == [0] * 8 + [3]
    assert list(selectors.open_crises(patient)) == [resent]
    assert patient.pk in crisis_case_marks([patient.pk])
    first_invitation.refresh_from_db()
    assert first_invitation.answered_at == first.answered_at  # the first answer stays the invitation's
    patient.refresh_from_db()
    assert patient.urgent and intake_escalation_refresh(intake=patient) is True
    patient.refresh_from_db()
    assert patient.escalated and in_open_queue(patient)
    # the re-sent answer is never a score: only the first answer is
    assert [p.total for p in score_points(patient) if not p.is_baseline] == [0]
    assert 'data-testid="crisis-resent"' in logged_in(clinician).get(
        reverse("proms:scores", args=[patient.reference])).content.decode()

    # another crisis answer, reviewed: the re-sent one still waits, so urgent and escalated stay
    other_invitation, _ = services.invitation_get_or_create(intake=patient, reason="before_infusion", slot="b")
    other = services.response_submit(invitation=other_invitation, answers=[0] * 8 + [1])
    services.crisis_review(response=other, clinician=clinician, reason="Called.")
    patient.refresh_from_db()
    assert patient.urgent and patient.escalated and in_open_queue(patient)
    assert intake_escalation_refresh(intake=patient) is True

    services.crisis_review(response=resent, clinician=clinician, reason="Called about the second answer.")
    patient.refresh_from_db()
    assert not patient.urgent and not patient.escalated and not in_open_queue(patient)
