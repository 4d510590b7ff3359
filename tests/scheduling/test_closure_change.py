"""Changing or removing a closure needs a reason and writes history; a closure that is over stays as
it was; moving a closure over bookings asks again."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clinic.scheduling.models import CalendarChange, Closure
from clinic.scheduling.services import appointment_book
from clinic.scheduling.services_calendar import BookingsInClosure, closure_add, closure_change, closure_remove
from clinic.scheduling.types import appointment_type

from .conftest import MONDAY, WEDNESDAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def closure(clinic, staff):
    return closure_add(resource=None, start=at(MONDAY, 8), end=at(MONDAY, 12), reason="Kurs", actor=staff)


def test_a_change_is_recorded_with_before_after_and_reason(closure, clinic, staff):
    closure_change(closure=closure, resource=clinic["chair1"], start=at(MONDAY, 9), end=at(MONDAY, 13),
                   reason="Service", change_reason="Only the chair", actor=staff)
    closure.refresh_from_db()
    assert (closure.resource, closure.reason) == (clinic["chair1"], "Service")
    change = CalendarChange.objects.filter(action="changed").get()
    assert change.reason == "Only the chair" and "→" in change.summary and "Stol 1" in change.summary


def test_moving_a_closure_over_a_booking_asks_first(closure, clinic, approved, staff):
    booked = appointment_book(intake=approved, appointment_type=appointment_type("consultation"),
                              start=at(WEDNESDAY, 9), clinician=clinic["clinician"], actor=staff)
    with pytest.raises(BookingsInClosure) as pending:
        closure_change(closure=closure, resource=None, start=at(WEDNESDAY, 8), end=at(WEDNESDAY, 12), reason="Kurs",
                       change_reason="Moved", actor=staff)
    assert pending.value.appointments == [booked]


def test_a_change_or_removal_without_a_reason_is_refused(closure, staff):
    with pytest.raises(ValidationError, match="reason for the change"):
        closure_change(closure=closure, resource=None, start=closure.start, end=closure.end, reason="Kurs",
                       change_reason=" ", actor=staff)
    with pytest.raises(ValidationError, match="reason for removing"):
        closure_remove(closure=closure, reason="", actor=staff)


def test_removing_frees_the_time_and_keeps_a_history_row(closure, staff):
    pk = closure.pk
    closure_remove(closure=closure, reason="Course cancelled", actor=staff)
    assert not Closure.objects.exists()
    change = CalendarChange.objects.filter(action="removed").get()
    assert (change.object_id, change.reason) == (pk, "Course cancelled") and "Kurs" in change.summary


def test_a_closure_that_is_over_stays_as_it_was(clinic, staff):
    now = timezone.now()
    past = Closure.objects.create(start=now - timedelta(days=2), end=now - timedelta(days=1), reason="Kurs")
    with pytest.raises(ValidationError, match="over and stays"):
        closure_remove(closure=past, reason="Tidy up", actor=staff)
