"""The order of treatment holds when booking and when moving: the consultation, then every infusion
of a series, then the series' evaluation."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from clinic.scheduling.models import Appointment, ConsultationOutcome
from clinic.scheduling.selectors import series_proposal
from clinic.scheduling.services import appointment_cancel, appointment_reschedule, series_book

from .conftest import at

pytestmark = pytest.mark.django_db
SERIES_MONDAY = date(2030, 3, 11)


@pytest.fixture
def series(clinic, ready_for_series, staff):
    """Six infusions from Monday 11 March (the last on Wednesday 27 March), evaluation a week later."""
    proposal = series_proposal(first_day=SERIES_MONDAY, clinician=clinic["clinician"], intake=ready_for_series)
    return series_book(intake=ready_for_series, slots=[(p["start"], p["chair"]) for p in proposal["infusions"]],
                       clinician=clinic["clinician"], evaluation_start=proposal["evaluation"], actor=staff)


def test_moving_the_last_infusion_past_the_evaluation_is_refused(series, staff):
    sixth, evaluation = series.appointments.get(series_number=6), series.appointments.get(type__code="evaluation")
    with pytest.raises(ValidationError, match="must come before its evaluation"):
        appointment_reschedule(appointment=sixth, start=evaluation.start + timedelta(days=1), actor=staff,
                               reason="later")
    with pytest.raises(ValidationError, match="must come before its evaluation"):
        appointment_reschedule(appointment=sixth, start=evaluation.start - timedelta(hours=1), actor=staff,
                               reason="overlapping")
    sixth.refresh_from_db()
    assert sixth.start < evaluation.start and sixth.sequence == 0


def test_moving_the_evaluation_before_the_end_of_the_last_infusion_is_refused(series, staff):
    sixth, evaluation = series.appointments.get(series_number=6), series.appointments.get(type__code="evaluation")
    with pytest.raises(ValidationError, match="must come before its evaluation"):
        appointment_reschedule(appointment=evaluation, start=sixth.start - timedelta(days=1), actor=staff,
                               reason="earlier")
    with pytest.raises(ValidationError, match="must come before its evaluation"):
        appointment_reschedule(appointment=evaluation, start=sixth.end - timedelta(minutes=30), actor=staff,
                               reason="earlier")
    appointment_reschedule(appointment=evaluation, start=sixth.end, actor=staff, reason="right after")


def test_an_infusion_of_a_cancelled_evaluation_series_can_move_later(series, staff):
    evaluation = appointment_cancel(appointment=series.appointments.get(type__code="evaluation"), actor=staff,
                                    reason="not needed")
    sixth = series.appointments.get(series_number=6)
    appointment_reschedule(appointment=sixth, start=evaluation.start + timedelta(days=1), actor=staff, reason="later")


def test_moving_the_first_infusion_before_the_consultation_is_refused(series, staff):
    # A consultation that has begun but is recorded to end on Thursday 14 March (as if still running).
    consultation = ConsultationOutcome.objects.get().appointment
    Appointment.objects.filter(pk=consultation.pk).update(end=at(date(2030, 3, 14), 10))
    first = series.appointments.get(series_number=1)
    with pytest.raises(ValidationError, match="after the consultation"):
        appointment_reschedule(appointment=first, start=at(date(2030, 3, 8), 9), actor=staff, reason="earlier")


def test_a_series_is_booked_only_with_its_evaluation_after_the_last_infusion(clinic, ready_for_series, staff):
    slots = [(at(SERIES_MONDAY, 9), clinic["chair1"]), (at(SERIES_MONDAY + timedelta(days=2), 9), clinic["chair1"])]
    with pytest.raises(ValidationError, match="must come before its evaluation.*Nothing was booked"):
        series_book(intake=ready_for_series, slots=slots, clinician=clinic["clinician"], actor=staff,
                    evaluation_start=at(SERIES_MONDAY + timedelta(days=2), 10))
    assert not ready_for_series.appointments.filter(series__isnull=False).exists()
