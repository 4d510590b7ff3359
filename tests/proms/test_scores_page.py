"""The clinician's scores page: the scores from the baseline on, and the follow-up of a crisis answer, which
takes a decided case out of the open queue again. Who may and who may not."""

import pytest
from django.urls import reverse

from clinic.proms import services
from clinic.proms.models import PromCrisisReview
from screening.models import IntakeStatusChange
from screening.review.selectors import review_queue

from .conftest import logged_in

pytestmark = pytest.mark.django_db


def answer(intake, slot, answers):
    invitation, _created = services.invitation_get_or_create(intake=intake, reason="before_infusion", slot=slot)
    return services.response_submit(invitation=invitation, answers=answers, safety=0)


def page(intake):
    return reverse("proms:scores", args=[intake.reference])


def in_open_queue(intake):
    return intake.pk in [row.pk for row in review_queue()["page"].object_list]


def test_who_may_see_the_scores(client, staff, clinician, patient):
    assert client.get(page(patient)).status_code == 302
    assert logged_in(staff).get(page(patient)).status_code == 403
    response = logged_in(clinician).get(page(patient))
    assert response.status_code == 200
    assert 'data-testid="score-points"' in response.content.decode()
    assert logged_in(clinician).get(reverse("proms:scores", args=["XXXX-YYYY"])).status_code == 404


def test_the_page_lists_the_baseline_and_the_answers(clinician, patient):
    answer(patient, "a", [1] * 8 + [0])
    text = logged_in(clinician).get(page(patient)).content.decode()  # reversed in English here
    assert "Intake (baseline)" in text and "Before an infusion" in text and "PHQ-9" in text
    assert 'data-testid="open-crises"' not in text


def test_a_reviewed_crisis_answer_takes_the_approved_case_out_of_the_open_queue(clinician, patient):
    response = answer(patient, "a", [0] * 8 + [2])
    patient.refresh_from_db()
    assert in_open_queue(patient)
    client = logged_in(clinician)
    assert 'data-testid="open-crises"' in client.get(page(patient)).content.decode()
    result = client.post(page(patient), {"response": response.pk, "reason": "Called her; safety plan agreed."})
    assert result.status_code == 302
    review = PromCrisisReview.objects.get()
    assert (review.clinician, review.reason) == (clinician, "Called her; safety plan agreed.")
    history = IntakeStatusChange.objects.filter(intake=patient, reason__contains="reviewed:").last()
    assert history.actor == clinician and "safety plan" in history.reason
    patient.refresh_from_db()
    assert not patient.escalated and not in_open_queue(patient)
    assert 'data-testid="open-crises"' not in client.get(page(patient)).content.decode()


def test_the_case_stays_in_the_queue_while_another_crisis_answer_waits(clinician, patient):
    first = answer(patient, "a", [0] * 8 + [1])
    answer(patient, "b", [0] * 8 + [3])
    services.crisis_review(response=first, clinician=clinician, reason="Called.")
    patient.refresh_from_db()
    assert patient.escalated and in_open_queue(patient)


def test_a_review_needs_a_reason(clinician, patient):
    response = answer(patient, "a", [0] * 8 + [2])
    result = logged_in(clinician).post(page(patient), {"response": response.pk, "reason": "  "})
    assert result.status_code == 400 and not PromCrisisReview.objects.exists()


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_an_unknown_answer_is_404(clinician, patient, value):
    answer(patient, "a", [0] * 8 + [2])
    assert logged_in(clinician).post(page(patient), {"response": value, "reason": "x"}).status_code == 404


def test_another_patients_answer_is_404(clinician, patient, make_patient):
    other = make_patient(email="other@example.com", name="Other Patient")
    response = answer(other, "o", [0] * 8 + [2])
    result = logged_in(clinician).post(page(patient), {"response": response.pk, "reason": "x"})
    assert result.status_code == 404 and not PromCrisisReview.objects.exists()


def test_staff_may_not_review(staff, patient):
    response = answer(patient, "a", [0] * 8 + [2])
    assert logged_in(staff).post(page(patient), {"response": response.pk, "reason": "x"}).status_code == 403


def test_the_screenings_own_refresh_keeps_a_case_with_an_open_crisis_in_the_queue(clinician, patient):
    """Review item 2: a decision or a reviewed re-screening alert refreshes the queue's mark from the
    screening's rows; an unreviewed crisis answer (registered by the proms app) must keep it set."""
    from screening.review.services import intake_escalation_refresh

    response = answer(patient, "a", [0] * 8 + [2])
    patient.refresh_from_db()
    assert intake_escalation_refresh(intake=patient) is True
    patient.refresh_from_db()
    assert patient.escalated and in_open_queue(patient)
    services.crisis_review(response=response, clinician=clinician, reason="Called.")
    patient.refresh_from_db()
    assert intake_escalation_refresh(intake=patient) is False and not in_open_queue(patient)


def test_urgent_is_cleared_when_the_last_crisis_answer_is_reviewed(clinician, patient):
    """Review item 10: the questionnaires alone made the case urgent; once every crisis answer is reviewed
    the urgent mark goes, with a history row."""
    first = answer(patient, "a", [0] * 8 + [1])
    second = answer(patient, "b", [0] * 8 + [2])
    services.crisis_review(response=first, clinician=clinician, reason="Called.")
    patient.refresh_from_db()
    assert patient.urgent  # the second one still waits
    services.crisis_review(response=second, clinician=clinician, reason="Called again.")
    patient.refresh_from_db()
    assert not patient.urgent
    history = IntakeStatusChange.objects.filter(intake=patient).last()
    assert history.actor == clinician and "No longer urgent" in history.reason


def test_urgent_stays_when_the_intake_was_urgent_before_the_crisis_answer(clinician, patient):
    from screening.models import Intake

    Intake.objects.filter(pk=patient.pk).update(urgent=True)
    response = answer(patient, "a", [0] * 8 + [1])
    assert response.urgent_before
    services.crisis_review(response=response, clinician=clinician, reason="Called.")
    patient.refresh_from_db()
    assert patient.urgent


def test_urgent_stays_when_the_screening_itself_raised_a_crisis(clinician, patient):
    from screening.models import ScreeningResult

    response = answer(patient, "a", [0] * 8 + [1])
    ScreeningResult.objects.create(intake=patient, ruleset="2026.2", outcome="meets_criteria", crisis=True,
                                   result={})
    services.crisis_review(response=response, clinician=clinician, reason="Called.")
    patient.refresh_from_db()
    assert patient.urgent


def test_the_queue_row_and_the_case_page_say_a_crisis_answer_waits(clinician, patient):
    """Review item 9: not "New flag to review", but what it is, with a banner linking to the review."""
    response = answer(patient, "a", [0] * 8 + [2])
    client = logged_in(clinician)
    queue = client.get(reverse("review:queue")).content.decode()
    row = queue[queue.index(f'data-reference="{patient.reference}"'):]
    row = row[:row.index("</tr>")]
    assert 'data-testid="case-mark"' in row and "Crisis answer to a questionnaire" in row
    assert 'data-testid="rescreen-alert"' not in row
    case = client.get(reverse("review:case", args=[patient.reference])).content.decode()
    banner = case[case.index('data-testid="case-mark-banner"'):]
    assert "Crisis answer to a questionnaire" in banner and f'href="{page(patient)}"' in banner
    services.crisis_review(response=response, clinician=clinician, reason="Called.")
    assert 'data-testid="case-mark-banner"' not in client.get(reverse("review:case", args=[patient.reference])).content.decode()


def test_each_crisis_answer_has_its_own_form_and_only_the_posted_one_shows_the_error(clinician, patient):
    """Review item 15: one bound form rendered in a loop gave duplicate ids and the error under every answer."""
    first = answer(patient, "a", [0] * 8 + [1])
    answer(patient, "b", [0] * 8 + [3])
    result = logged_in(clinician).post(page(patient), {"response": first.pk, "reason": ""})
    text = result.content.decode()
    assert result.status_code == 400
    assert text.count('data-testid="crisis-review-form"') == 2
    assert text.count('id="id_reason"') == 0 and f'id="id_crisis_{first.pk}_reason"' in text
    assert text.count("Write what was done, for example") == 1


def test_an_incomplete_or_late_crisis_answer_says_so(client, clinician, infusion_tomorrow):
    from datetime import timedelta

    from django.utils import timezone

    from clinic.proms import tokens
    from clinic.proms.invitations import appointment_invitation
    from clinic.proms.models import PromInvitation

    invitation = appointment_invitation(infusion_tomorrow)
    PromInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.post(reverse("proms:answer", args=[tokens.invitation_token(invitation)]), {"item_9": "2"})
    text = logged_in(clinician).get(page(infusion_tomorrow.intake)).content.decode()
    assert 'data-testid="crisis-partial"' in text and 'data-testid="crisis-late"' in text
