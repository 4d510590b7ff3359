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
    return services.response_submit(invitation=invitation, answers=answers)


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
    history = IntakeStatusChange.objects.filter(intake=patient).last()
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
