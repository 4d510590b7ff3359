"""In the week the clocks go forward (Sunday 31 March 2030), the finder offers wall-clock times in
Oslo and keeps the 48-hour gap in elapsed time: Friday 09:00 to Sunday 09:00 is only 47 hours."""

from datetime import date, time, timedelta, timezone as dt_timezone

import pytest
from django.utils import timezone

from clinic.scheduling.finder import Finder
from clinic.scheduling.models import AppointmentType, OpeningHours
from clinic.scheduling.services import appointment_book
from clinic.scheduling.types import appointment_type

from .conftest import at

pytestmark = pytest.mark.django_db
FRIDAY, SUNDAY, MONDAY_AFTER = date(2030, 3, 29), date(2030, 3, 31), date(2030, 4, 1)


@pytest.fixture
def weekends(clinic):
    OpeningHours.objects.bulk_create(OpeningHours(weekday=d, opens=time(8), closes=time(16)) for d in (5, 6))


def test_the_first_infusion_offered_on_the_change_day_is_48_real_hours_later(weekends, clinic, ready_for_series,
                                                                             staff):
    infusion = appointment_type(AppointmentType.INFUSION)
    appointment_book(intake=ready_for_series, appointment_type=infusion, start=at(FRIDAY, 9),
                     chair=clinic["chair1"], clinician=clinic["clinician"], actor=staff)
    finder = Finder(intake=ready_for_series, appointment_type=infusion, first_day=FRIDAY - timedelta(days=4))
    week = {d["day"]: d["slots"] for d in finder.week()}
    assert set(week) == {FRIDAY - timedelta(days=4) + timedelta(days=n) for n in range(7)}
    sunday = week[SUNDAY]
    assert timezone.localtime(sunday[0].start).time() == time(10, 0)  # 09:00 would be 47 hours
    assert sunday[0].start.astimezone(dt_timezone.utc) - at(FRIDAY, 9).astimezone(dt_timezone.utc) == timedelta(hours=48)
    # Wall-clock times in Oslo: 08:00 on the Monday after is 06:00 UTC (summer time), and the value
    # posted back is that exact instant.
    after = Finder(intake=ready_for_series, appointment_type=appointment_type(AppointmentType.CONSULTATION),
                   first_day=MONDAY_AFTER).day(MONDAY_AFTER)["slots"][0]
    assert after.start.astimezone(dt_timezone.utc).hour == 6
    assert after.value == "2030-04-01T06:00:00+00:00"
    # Booking what the finder offers on the change day works.
    appointment_book(intake=ready_for_series, appointment_type=infusion, start=sunday[0].start,
                     chair=sunday[0].chair, clinician=sunday[0].clinician, actor=staff)
