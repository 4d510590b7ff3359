"""A crisis answer to a questionnaire, its review and the end of the urgent mark write history rows whose
reasons are codes: worded in the reader's language when shown, the clinician's note as typed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from clinic.proms import services
from clinic.proms.models import PromInvitation

from .conftest import logged_in

pytestmark = pytest.mark.django_db


def shown(row, language):
    with translation.override(language):
        return row.shown_reason


def test_a_late_incomplete_crisis_answer_is_worded_with_its_notes(patient):
    invitation, _created = services.invitation_get_or_create(intake=patient, reason="before_infusion", slot="a")
    PromInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = services.response_submit(invitation=invitation, answers=[None] * 8 + [2], safety=0)
    change = patient.status_changes.get(reason_code="questionnaire_crisis")
    assert change.reason_params == {"instrument": "phq9", "response": response.pk, "notes": ["late", "incomplete"]}
    assert change.reason == (f"Marked urgent: a questionnaire answer (PHQ-9, response {response.pk}, after the link "
                             "expired, incomplete) called for crisis help.")
    assert shown(change, "en") == change.reason
    assert shown(change, "nb") == (f"Merket som haster: et svar på spørreskjema (PHQ-9, svar nr. {response.pk}, etter at "
                                   "lenken hadde utløpt, ufullstendig) utløste krisehjelp.")


def test_the_review_and_the_end_of_the_urgent_mark_on_the_case_page(patient, clinician):
    invitation, _created = services.invitation_get_or_create(intake=patient, reason="before_infusion", slot="a")
    response = services.response_submit(invitation=invitation, answers=[0] * 8 + [2], safety=0)
    services.crisis_review(response=response, clinician=clinician, reason="Called her; safety plan agreed.")
    reviewed = patient.status_changes.get(reason_code="questionnaire_crisis_reviewed")
    cleared = patient.status_changes.get(reason_code="questionnaire_urgent_cleared")
    assert reviewed.reason_params == {"response": response.pk, "note": "Called her; safety plan agreed."}
    assert reviewed.reason == (f"Crisis answer to a questionnaire (response {response.pk}) reviewed: "
                               "Called her; safety plan agreed.")
    assert shown(reviewed, "en") == reviewed.reason
    assert shown(reviewed, "nb") == (f"Krisesvar på spørreskjema (svar nr. {response.pk}) vurdert: "
                                     "Called her; safety plan agreed.")
    assert cleared.reason == shown(cleared, "en") == (
        "No longer urgent: every questionnaire answer that called for crisis help has been reviewed.")
    assert shown(cleared, "nb") == "Haster ikke lenger: alle svar på spørreskjema som utløste krisehjelp, er vurdert."
    with translation.override("nb"):
        page = logged_in(clinician).get(reverse("review:case", args=[patient.reference])).content.decode()
    for words in (f"Merket som haster: et svar på spørreskjema (PHQ-9, svar nr. {response.pk}) utløste krisehjelp.",
                  f"Krisesvar på spørreskjema (svar nr. {response.pk}) vurdert: Called her; safety plan agreed.",
                  "Haster ikke lenger: alle svar på spørreskjema som utløste krisehjelp, er vurdert."):
        assert words in page, words
    assert "No longer urgent" not in page and "Marked urgent" not in page
