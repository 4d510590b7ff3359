"""score_points: the intake's baseline, then every answered questionnaire in time order, with response and
remission judged against the baseline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clinic.proms import services
from clinic.proms.selectors import score_points

pytestmark = pytest.mark.django_db


def answer(intake, slot, answers, *, reason="before_infusion"):
    invitation, _created = services.invitation_get_or_create(intake=intake, reason=reason, slot=slot)
    return services.response_submit(invitation=invitation, answers=answers, safety=0)


def test_the_baseline_alone_before_any_answer(patient):
    points = score_points(patient)
    assert [(p.instrument, p.total, p.is_baseline, str(p.source)) for p in points] == [
        ("phq9", 17, True, "Intake (baseline)")]
    assert not points[0].is_response and not points[0].is_remission


def test_answers_follow_in_time_order_with_response_and_remission(patient):
    answer(patient, "a", [1] * 9)  # 9: 47 % below 17, no response
    answer(patient, "b", [1, 1, 1, 1, 1, 1, 1, 1, 0])  # 8: 53 %, response
    answer(patient, "c", [1, 1, 1, 1, 0, 0, 0, 0, 0], reason="month_1")  # 4: remission
    points = score_points(patient)
    assert [p.total for p in points] == [17, 9, 8, 4]
    assert [p.is_response for p in points] == [False, False, True, True]
    assert [p.is_remission for p in points] == [False, False, False, True]
    assert [str(p.source) for p in points][1:] == ["Before an infusion", "Before an infusion",
                                                   "1 month after the series"]
    assert points[0].date <= points[1].date


def test_a_zero_baseline_is_never_a_response(make_patient, example_document):
    intake = make_patient()
    document = dict(intake.document, phq9=[0] * 9)
    type(intake).objects.filter(pk=intake.pk).update(document=document)
    intake.refresh_from_db()
    answer(intake, "z", [0] * 9)
    points = score_points(intake)
    assert [(p.total, p.is_response, p.is_remission) for p in points] == [(0, False, True), (0, False, True)]


def test_the_thresholds_are_settings(patient, settings):
    settings.PROMS_RESPONSE_FRACTION = 0.4
    settings.PROMS_REMISSION_BELOW = {"phq9": 10, "gad7": 5, "pcl5": 33}
    answer(patient, "a", [1] * 9)  # 9 of 17: 47 % > 40 %, and below 10
    point = score_points(patient)[-1]
    assert point.is_response and point.is_remission


def test_points_are_dated_in_the_clinics_time_zone(patient):
    response = answer(patient, "a", [1] * 9)
    assert score_points(patient)[-1].date == timezone.localdate(response.answered_at)
    assert score_points(patient)[-1].at - response.answered_at == timedelta(0)


def test_score_points_costs_two_queries_for_5_or_50_answers(patient, django_assert_num_queries):
    # the answers, and the first submitted document version (the baseline)
    for number in range(5):
        answer(patient, f"a{number}", [1] * 9)
    with django_assert_num_queries(2):
        assert len(score_points(patient)) == 6
    for number in range(45):
        answer(patient, f"b{number}", [1] * 9)
    with django_assert_num_queries(2):
        assert len(score_points(patient)) == 51


def test_the_baseline_is_the_first_submitted_document_version(patient):
    """Review item 13: the document may change after a request for more information; the baseline is
    version 1 as submitted."""
    from screening.models import Intake
    from screening.review.models import IntakeDocumentVersion

    first = dict(patient.document)
    if not IntakeDocumentVersion.objects.filter(intake=patient, number=1).exists():
        IntakeDocumentVersion.objects.create(intake=patient, number=1, document=first, source="submitted")
    changed = dict(first, phq9=[0] * 9)
    IntakeDocumentVersion.objects.create(intake=patient, number=2, document=changed, source="patient answer")
    Intake.objects.filter(pk=patient.pk).update(document=changed)
    patient.refresh_from_db()
    base = [p for p in score_points(patient) if p.is_baseline and p.instrument == "phq9"]
    assert [p.total for p in base] == [sum(first["phq9"])] and sum(first["phq9"]) > 0
