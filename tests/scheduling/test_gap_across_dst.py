"""The 48-hour gap between infusions is elapsed time, in booking and in the planner, also when the
clocks change (Europe/Oslo: forward on 31 March 2030, back on 27 October 2030)."""

from datetime import date, time, timedelta, timezone

import pytest
from django.core.exceptions import ValidationError

from clinic.scheduling.models import OpeningHours
from clinic.scheduling.selectors import series_proposal
from clinic.scheduling.services import series_book

from .conftest import at

pytestmark = pytest.mark.django_db
SPRING_SATURDAY, SPRING_MONDAY = date(2030, 3, 30), date(2030, 4, 1)
AUTUMN_SATURDAY, AUTUMN_MONDAY = date(2030, 10, 26), date(2030, 10, 28)


@pytest.fixture
def weekends(clinic):
    OpeningHours.objects.bulk_create(OpeningHours(weekday=d, opens=time(8), closes=time(16)) for d in (5, 6))


def book(intake, clinic, staff, *starts):
    return series_book(intake=intake, slots=[(start, clinic["chair1"]) for start in starts],
                       clinician=clinic["clinician"], actor=staff)


def elapsed(earlier, later):
    return later.astimezone(timezone.utc) - earlier.astimezone(timezone.utc)


def test_saturday_and_monday_at_09_00_across_the_spring_change_are_47_hours_and_refused(
        weekends, clinic, ready_for_series, staff):
    with pytest.raises(ValidationError, match="at least 48 hours apart.*Nothing was booked"):
        book(ready_for_series, clinic, staff, at(SPRING_SATURDAY, 9), at(SPRING_MONDAY, 9))
    assert not ready_for_series.appointments.filter(type__code="infusion").exists()


def test_exactly_48_elapsed_hours_across_the_spring_change_is_accepted(weekends, clinic, ready_for_series, staff):
    series = book(ready_for_series, clinic, staff, at(SPRING_SATURDAY, 9), at(SPRING_MONDAY, 10))
    assert series.appointments.count() == 2


def test_48_clock_hours_across_the_autumn_change_are_49_elapsed_hours_and_accepted(
        weekends, clinic, ready_for_series, staff):
    series = book(ready_for_series, clinic, staff, at(AUTUMN_SATURDAY, 9), at(AUTUMN_MONDAY, 9))
    assert series.appointments.count() == 2


def test_47_clock_hours_across_the_autumn_change_are_48_elapsed_hours_and_accepted(
        weekends, clinic, ready_for_series, staff):
    series = book(ready_for_series, clinic, staff, at(AUTUMN_SATURDAY, 9), at(AUTUMN_MONDAY, 8))
    assert series.appointments.count() == 2


def test_47_elapsed_hours_across_the_autumn_change_are_refused(weekends, clinic, ready_for_series, staff):
    with pytest.raises(ValidationError, match="at least 48 hours apart"):
        book(ready_for_series, clinic, staff, at(AUTUMN_SATURDAY, 10), at(AUTUMN_MONDAY, 8))


@pytest.mark.parametrize("first_day", [date(2030, 3, 29), date(2030, 10, 25)], ids=["spring", "autumn"])
def test_the_planner_never_proposes_infusions_less_than_48_elapsed_hours_apart(
        weekends, clinic, ready_for_series, first_day):
    proposal = series_proposal(first_day=first_day, clinician=clinic["clinician"], intake=ready_for_series)
    starts = [p["start"] for p in proposal["infusions"]]
    assert len(starts) == 6
    assert all(elapsed(a, b) >= timedelta(hours=48) for a, b in zip(starts, starts[1:]))
