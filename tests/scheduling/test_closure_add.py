"""Adding a closure or absence: clear refusals, a warning that lists the booked appointments inside
(never cancelled by it), a history row, and the time is no longer bookable."""

import pytest
from django.core.exceptions import ValidationError

from clinic.scheduling.models import Appointment, CalendarChange, Closure
from clinic.scheduling.services import appointment_book
from clinic.scheduling.services_calendar import BookingsInClosure, closure_add
from clinic.scheduling.types import appointment_type

from .conftest import MONDAY, WEDNESDAY, at

pytestmark = pytest.mark.django_db


def book(intake, clinic, staff, hour=9, day=MONDAY):
    return appointment_book(intake=intake, appointment_type=appointment_type("consultation"), start=at(day, hour),
                            clinician=clinic["clinician"], actor=staff)


def test_an_end_before_the_start_is_refused(clinic, staff):
    with pytest.raises(ValidationError, match="end must be after the start"):
        closure_add(resource=None, start=at(MONDAY, 12), end=at(MONDAY, 10), reason="Kurs", actor=staff)


def test_a_closure_already_over_is_refused(clinic, staff):
    from datetime import date

    with pytest.raises(ValidationError, match="already over"):
        closure_add(resource=None, start=at(date(2020, 1, 6), 8), end=at(date(2020, 1, 6), 16), reason="Kurs",
                    actor=staff)


def test_an_overlapping_closure_of_the_same_resource_is_refused_but_a_clinic_closure_over_it_is_not(clinic, staff):
    closure_add(resource=clinic["clinician"], start=at(MONDAY, 8), end=at(MONDAY, 16), reason="Ferie", actor=staff)
    with pytest.raises(ValidationError, match="overlaps another closure"):
        closure_add(resource=clinic["clinician"], start=at(MONDAY, 12), end=at(MONDAY, 18), reason="Kurs", actor=staff)
    closure_add(resource=None, start=at(MONDAY, 12), end=at(MONDAY, 18), reason="Strømbrudd", actor=staff)
    assert Closure.objects.count() == 2


def test_booked_appointments_inside_are_listed_and_kept_until_staff_confirm(clinic, approved, staff):
    inside = book(approved, clinic, staff, hour=10)
    with pytest.raises(BookingsInClosure) as pending:
        closure_add(resource=clinic["clinician"], start=at(MONDAY, 8), end=at(MONDAY, 12), reason="Kurs", actor=staff)
    assert pending.value.appointments == [inside] and Closure.objects.count() == 0
    closure = closure_add(resource=clinic["clinician"], start=at(MONDAY, 8), end=at(MONDAY, 12), reason="Kurs",
                          actor=staff, confirmed=pending.value.ids)
    inside.refresh_from_db()
    assert inside.status == Appointment.Status.BOOKED  # staff decide: it is not cancelled
    change = CalendarChange.objects.get()
    assert (change.subject, change.object_id, change.action, change.actor, change.reason) == (
        "closure", closure.pk, "added", staff, "Kurs")
    assert "1 booked appointments inside" in change.summary


def test_a_chair_closure_does_not_warn_about_the_clinicians_appointments(clinic, approved, staff):
    book(approved, clinic, staff, hour=10)
    closure_add(resource=clinic["chair1"], start=at(MONDAY, 8), end=at(MONDAY, 12), reason="Service", actor=staff)
    assert Closure.objects.count() == 1


def test_booking_into_a_closure_is_refused_with_its_reason(clinic, approved, staff):
    closure_add(resource=None, start=at(WEDNESDAY, 8), end=at(WEDNESDAY, 16), reason="Kurs", actor=staff)
    with pytest.raises(ValidationError, match=r"clinic is closed \(Kurs\)"):
        book(approved, clinic, staff, day=WEDNESDAY)
