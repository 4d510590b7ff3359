"""At most 2 infusions in any 7 consecutive days (not per calendar week), for all of a patient's
infusions, in a series or booked singly: in the planner, in series and single booking, and when
moving one."""

from datetime import date, timedelta, timezone

import pytest
from django.core.exceptions import ValidationError

from clinic.scheduling.models import AppointmentType
from clinic.scheduling.selectors import series_proposal
from clinic.scheduling.services import appointment_book, appointment_reschedule, series_book
from clinic.scheduling.types import appointment_type

from .conftest import at

pytestmark = pytest.mark.django_db
MONDAY, WEDNESDAY, FRIDAY = date(2030, 3, 11), date(2030, 3, 13), date(2030, 3, 15)
NEXT_MONDAY, NEXT_WEDNESDAY, NEXT_THURSDAY = date(2030, 3, 18), date(2030, 3, 20), date(2030, 3, 21)


def book_series(intake, clinic, staff, *days):
    return series_book(intake=intake, slots=[(at(day, 9), clinic["chair1"]) for day in days],
                       clinician=clinic["clinician"], actor=staff)


def book_single(intake, clinic, staff, start):
    return appointment_book(intake=intake, appointment_type=appointment_type(AppointmentType.INFUSION), start=start,
                            chair=clinic["chair2"], clinician=clinic["clinician"], actor=staff)


def test_monday_wednesday_and_friday_of_one_week_are_refused(clinic, ready_for_series, staff):
    with pytest.raises(ValidationError, match="at most 2 infusions in any 7 days.*Nothing was booked"):
        book_series(ready_for_series, clinic, staff, MONDAY, WEDNESDAY, FRIDAY)
    assert not ready_for_series.appointments.filter(type__code="infusion").exists()


def test_the_planner_from_a_wednesday_never_proposes_three_in_any_7_days(clinic, ready_for_series):
    proposal = series_proposal(first_day=WEDNESDAY, clinician=clinic["clinician"], intake=ready_for_series)
    starts = [p["start"] for p in proposal["infusions"]]
    assert len(starts) == 6
    for first, third in zip(starts, starts[2:]):
        assert third.astimezone(timezone.utc) - first.astimezone(timezone.utc) >= timedelta(days=7)
        assert (third.astimezone().date() - first.astimezone().date()).days >= 7


def test_the_planner_counts_the_patients_other_infusions(clinic, ready_for_series, staff):
    book_single(ready_for_series, clinic, staff, at(NEXT_MONDAY, 9))
    proposal = series_proposal(first_day=MONDAY, clinician=clinic["clinician"], intake=ready_for_series)
    starts = sorted(s.astimezone(timezone.utc) for s in [p["start"] for p in proposal["infusions"]] + [at(NEXT_MONDAY, 9)])
    assert len(starts) == 7
    for first, third in zip(starts, starts[2:]):
        assert third - first >= timedelta(days=7)


def test_a_single_infusion_that_would_make_three_in_7_days_is_refused(clinic, ready_for_series, staff):
    book_series(ready_for_series, clinic, staff, MONDAY, WEDNESDAY)
    with pytest.raises(ValidationError, match="at most 2 infusions in any 7 days"):
        book_single(ready_for_series, clinic, staff, at(FRIDAY, 9))
    assert book_single(ready_for_series, clinic, staff, at(NEXT_MONDAY, 9)).start == at(NEXT_MONDAY, 9)


def test_a_single_infusion_too_close_to_another_is_refused(clinic, ready_for_series, staff):
    book_series(ready_for_series, clinic, staff, MONDAY)
    with pytest.raises(ValidationError, match="at least 48 hours apart"):
        book_single(ready_for_series, clinic, staff, at(MONDAY + timedelta(days=1), 9))


def test_a_series_counts_the_patients_single_infusions(clinic, ready_for_series, staff):
    book_single(ready_for_series, clinic, staff, at(FRIDAY, 9))
    with pytest.raises(ValidationError, match="at most 2 infusions in any 7 days"):
        book_series(ready_for_series, clinic, staff, MONDAY, WEDNESDAY)


def test_moving_an_infusion_so_that_three_fall_in_7_days_is_refused(clinic, ready_for_series, staff):
    series = book_series(ready_for_series, clinic, staff, MONDAY, WEDNESDAY, NEXT_MONDAY, NEXT_WEDNESDAY)
    third = series.appointments.get(series_number=3)
    with pytest.raises(ValidationError, match="at most 2 infusions in any 7 days"):
        appointment_reschedule(appointment=third, start=at(FRIDAY, 9), actor=staff, reason="earlier")
    third.refresh_from_db()
    assert third.start == at(NEXT_MONDAY, 9)


def test_moving_an_infusion_within_the_rules_is_accepted(clinic, ready_for_series, staff):
    series = book_series(ready_for_series, clinic, staff, MONDAY, WEDNESDAY, NEXT_MONDAY, NEXT_WEDNESDAY)
    fourth = series.appointments.get(series_number=4)
    appointment_reschedule(appointment=fourth, start=at(NEXT_THURSDAY, 9), actor=staff, reason="later")
    fourth.refresh_from_db()
    assert fourth.start == at(NEXT_THURSDAY, 9)
