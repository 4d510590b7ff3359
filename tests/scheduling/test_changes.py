from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from clinic.scheduling.models import Appointment, AppointmentChange, Booking, FollowUpTask
from clinic.scheduling.selectors import series_proposal
from clinic.scheduling.services import (
    appointment_cancel,
    appointment_record_attendance,
    appointment_reschedule,
    series_book,
)

from .conftest import at

pytestmark = pytest.mark.django_db
SERIES_MONDAY = date(2030, 3, 11)


@pytest.fixture
def series(clinic, ready_for_series, staff):
    proposal = series_proposal(first_day=SERIES_MONDAY, clinician=clinic["clinician"])
    return series_book(intake=ready_for_series, slots=[(p["start"], p["chair"]) for p in proposal["infusions"]],
                       clinician=clinic["clinician"], actor=staff)


def snapshot(series, skip):
    return [(a.pk, a.start, a.status, a.sequence) for a in series.appointments.exclude(pk=skip.pk).order_by("pk")]


def test_moving_one_infusion_leaves_the_others(series, staff, clinic):
    # The last one: the others are exactly 48 hours and 7 days apart, so they cannot move even an hour.
    last = series.appointments.get(series_number=6)
    others = snapshot(series, last)
    new_start = last.start + timedelta(hours=1)
    appointment_reschedule(appointment=last, start=new_start, chair=clinic["chair2"], actor=staff,
                           reason="Patient asked for a later time")
    last.refresh_from_db()
    assert last.start == new_start and last.sequence == 1
    assert list(last.resources.order_by("name").values_list("name", flat=True)) == ["Dr. Kari", "Stol 2"]
    assert snapshot(series, last) == others
    change = last.changes.get(action=AppointmentChange.Action.RESCHEDULED)
    assert (change.actor, change.reason, change.to_start) == (staff, "Patient asked for a later time", new_start)
    assert last.follow_up.due_date == new_start.astimezone().date() + timedelta(days=1)


def test_moving_into_a_taken_slot_or_closer_than_48_hours_is_refused(series, staff):
    second, third = series.appointments.get(series_number=2), series.appointments.get(series_number=3)
    with pytest.raises(ValidationError, match="48 hours"):
        appointment_reschedule(appointment=third, start=second.start + timedelta(hours=24), actor=staff, reason="x")
    with pytest.raises(ValidationError, match="reason"):
        appointment_reschedule(appointment=third, start=third.start + timedelta(hours=2), actor=staff, reason=" ")
    third.refresh_from_db()
    assert third.sequence == 0


def test_cancelling_one_frees_its_slot_and_leaves_the_others(series, staff, clinic):
    fourth = series.appointments.get(series_number=4)
    others = snapshot(series, fourth)
    mail.outbox.clear()
    appointment_cancel(appointment=fourth, actor=staff, reason="Patient is ill")
    fourth.refresh_from_db()
    assert fourth.status == Appointment.Status.CANCELLED
    assert not Booking.objects.filter(appointment=fourth, active=True).exists()
    assert fourth.follow_up.status == FollowUpTask.Status.CANCELLED
    assert snapshot(series, fourth) == others
    assert "METHOD:CANCEL" in mail.outbox[0].attachments[0][1]
    # The freed chair can be booked again by someone else.
    assert fourth.changes.filter(action="cancelled", actor=staff, reason="Patient is ill").exists()
    with pytest.raises(ValidationError, match="booked appointment"):
        appointment_cancel(appointment=fourth, actor=staff, reason="again")


def test_attendance_and_no_show_are_recorded_from_the_day_on(series, staff):
    first = series.appointments.get(series_number=1)
    with pytest.raises(ValidationError, match="day of the appointment"):
        appointment_record_attendance(appointment=first, attended=True, actor=staff)
    past = Appointment.objects.create(intake=first.intake, type=first.type, start=at(date(2020, 1, 6), 9),
                                      end=at(date(2020, 1, 6), 11))
    Booking.objects.create(appointment=past, resource=first.resources.first(), start=past.start, end=past.end)
    appointment_record_attendance(appointment=past, attended=False, actor=staff, reason="Did not come")
    past.refresh_from_db()
    assert past.status == Appointment.Status.NO_SHOW
    assert not past.bookings.filter(active=True).exists()
    assert past.changes.get().action == "no_show"


def test_history_rows_are_never_edited(series, staff):
    change = AppointmentChange.objects.first()
    change.reason = "rewritten"
    with pytest.raises(ValidationError):
        change.save()
