"""The calendar grid puts each appointment in its resource's column at the rows of its time, shades
closures and the hours the clinic is closed, and sets overlapping appointments side by side."""

from datetime import time

import pytest

from clinic.scheduling.calendar_grid import calendar_grid, week_days
from clinic.scheduling.models import Closure, OpeningHours
from clinic.scheduling.services import appointment_book
from clinic.scheduling.types import appointment_type

from .conftest import MONDAY, WEDNESDAY, at, with_proceed

pytestmark = pytest.mark.django_db


def column(grid, resource, day=MONDAY):
    return next(c for c in grid["columns"] if c.resource == resource and c.day == day)


def test_an_appointment_sits_in_its_resources_column_at_the_rows_of_its_time(clinic, approved, staff):
    consultation = appointment_book(intake=approved, appointment_type=appointment_type("consultation"),
                                    start=at(MONDAY, 9, 30), clinician=clinic["clinician"], actor=staff)
    grid = calendar_grid(days=[MONDAY], resources=[clinic["chair1"], clinic["clinician"]])
    assert grid["hour_marks"][0] == {"row": 1, "label": "08:00"} and grid["rows"] == 32  # 08–16 in 15 minutes
    (block,) = column(grid, clinic["clinician"]).appointments
    assert block.appointment == consultation
    assert (block.row, block.span) == (7, 4)  # 09:30 is the 7th quarter after 08:00; one hour is 4 rows
    assert "cal-r-7 cal-s-4" in block.css and "cal-type-consultation" in block.css and "cal-status-booked" in block.css
    assert column(grid, clinic["chair1"]).appointments == []


def test_a_closure_is_shaded_over_its_hours_and_closed_hours_are_grey(clinic):
    Closure.objects.create(resource=clinic["chair2"], start=at(MONDAY, 12), end=at(MONDAY, 14), reason="Service")
    Closure.objects.create(start=at(WEDNESDAY, 0), end=at(WEDNESDAY, 23), reason="Kurs")
    OpeningHours.objects.filter(weekday=0).update(closes=time(15))
    grid = calendar_grid(days=week_days(MONDAY), resources=[clinic["chair2"]])
    (closure,) = column(grid, clinic["chair2"]).closures
    assert (closure.row, closure.span, closure.closure.reason) == (17, 8, "Service")
    assert [(b.row, b.span) for b in column(grid, clinic["chair2"]).off_hours] == [(29, 4)]  # 15–16 on Monday
    wednesday = column(grid, clinic["chair2"], WEDNESDAY)
    assert [(b.row, b.span) for b in wednesday.closures] == [(1, 32)]  # a whole-day closure fills the day
    saturday = column(grid, clinic["chair2"], week_days(MONDAY)[5])
    assert saturday.hours == [] and [(b.row, b.span) for b in saturday.off_hours] == [(1, 32)]


def test_infusions_a_clinician_supervises_at_once_stand_side_by_side(clinic, approved, staff, clinician_user):
    from .conftest import approved_intake

    other = with_proceed(approved_intake(name="Ola"), clinician_user, day=MONDAY)
    with_proceed(approved, clinician_user, day=MONDAY)
    for intake, chair in ((approved, clinic["chair1"]), (other, clinic["chair2"])):
        appointment_book(intake=intake, appointment_type=appointment_type("infusion"), start=at(WEDNESDAY, 10),
                         chair=chair, clinician=clinic["clinician"], actor=staff)
    grid = calendar_grid(days=[WEDNESDAY], resources=[clinic["clinician"]])
    own = column(grid, clinic["clinician"], WEDNESDAY)
    assert own.lanes == 2 and sorted(b.lane for b in own.appointments) == [1, 2]


def test_an_appointment_outside_the_opening_hours_widens_the_rows_shown(clinic, approved, staff):
    from clinic.scheduling.models import Appointment, Booking

    appointment = appointment_book(intake=approved, appointment_type=appointment_type("consultation"),
                                   start=at(MONDAY, 14), clinician=clinic["clinician"], actor=staff)
    Appointment.objects.filter(pk=appointment.pk).update(start=at(MONDAY, 18), end=at(MONDAY, 19))
    Booking.objects.filter(appointment=appointment).update(start=at(MONDAY, 18), end=at(MONDAY, 19))
    grid = calendar_grid(days=[MONDAY], resources=[clinic["clinician"]])
    (block,) = column(grid, clinic["clinician"]).appointments
    assert grid["rows"] == 44 and (block.row, block.span) == (41, 4)  # 08:00–19:00


def test_a_day_with_nothing_open_or_booked_shows_the_usual_working_hours(clinic):
    grid = calendar_grid(days=[week_days(MONDAY)[6]], resources=[clinic["chair1"]])
    assert grid["rows"] == 32 and grid["hour_marks"][0]["label"] == "08:00"
