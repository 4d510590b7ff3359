"""The demo's questionnaire answers: one before each attended infusion and evaluation that exists, falling
from the baseline, never a crisis answer; safe to run twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clinic.proms import measures
from clinic.proms.demo import answers_for, seed_scores
from clinic.proms.models import PromResponse
from clinic.proms.selectors import score_points
from clinic.scheduling.models import Appointment, AppointmentType, InfusionSeries

from .conftest import book

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("instrument, target", [("phq9", 0), ("phq9", 17), ("phq9", 30), ("gad7", 13), ("pcl5", 47)])
def test_answers_add_up_to_the_target_without_item_9(instrument, target):
    answers = answers_for(instrument, target)
    assert measures.valid_answers(instrument, answers)
    assert sum(answers) == min(target, 24 if instrument == "phq9" else target)
    assert not measures.self_harm_answered(instrument, answers)


def test_answers_before_attended_infusions_only_and_once(patient):
    series = InfusionSeries.objects.create(intake=patient, planned_count=6)
    start = timezone.now() - timedelta(days=10)
    for number in range(3):
        book(patient, AppointmentType.INFUSION, start + timedelta(days=2 * number), series=series, number=number + 1,
             status=Appointment.Status.ATTENDED)
    book(patient, AppointmentType.INFUSION, timezone.now() + timedelta(days=2), series=series, number=4)
    assert seed_scores() == 3
    assert seed_scores() == 0
    responses = list(PromResponse.objects.order_by("answered_at"))
    assert all(r.answered_at < r.invitation.appointment.start for r in responses)
    assert not any(r.crisis for r in responses)
    assert len(score_points(patient)) == 4


def test_nothing_to_do_without_attended_infusions(patient):
    assert seed_scores() == 0
