from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import translation
from icalendar import Calendar

from clinic.scheduling.ical import appointments_ics
from clinic.scheduling.services import appointment_cancel, appointment_reschedule, series_book

from .conftest import at

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
BEFORE_DST = date(2030, 3, 25)  # Monday; clocks go forward on Sunday 31 March 2030
# All at 09:00. Not Monday 1 April: Monday 25 March 09:00 to then is only 167 hours, so it would be
# a third infusion within 7 days.
SERIES_DAYS = [BEFORE_DST + timedelta(days=n) for n in (0, 2, 8, 10, 15, 17)]


def events(text):
    return [c for c in Calendar.from_ical(text).walk("VEVENT")]


@pytest.fixture
def series(clinic, ready_for_series, staff):
    mail.outbox.clear()
    return series_book(intake=ready_for_series, slots=[(at(day, 9), clinic["chair1"]) for day in SERIES_DAYS],
                       clinician=clinic["clinician"], actor=staff)


def test_the_booking_file_parses_and_keeps_09_00_oslo_time_across_the_dst_change(series):
    text = mail.outbox[0].attachments[0][1]
    calendar = Calendar.from_ical(text)
    assert calendar["METHOD"] == "REQUEST"
    assert any(c.name == "VTIMEZONE" and str(c["TZID"]) == "Europe/Oslo" for c in calendar.walk())
    starts = [e.decoded("DTSTART") for e in events(text)]
    assert [s.date() for s in starts][:3] == [date(2030, 3, 25), date(2030, 3, 27), date(2030, 4, 2)]
    assert all(s.astimezone(OSLO).hour == 9 for s in starts)
    # Winter time (UTC+1) before the change, summer time (UTC+2) after it.
    assert starts[0].utcoffset().total_seconds() == 3600 and starts[2].utcoffset().total_seconds() == 7200
    assert starts[0].astimezone(ZoneInfo("UTC")).hour == 8 and starts[2].astimezone(ZoneInfo("UTC")).hour == 7
    assert "DTSTART;TZID=Europe/Oslo:20300402T090000" in text.replace("\r\n", "\n")


def test_the_uid_is_stable_and_a_change_raises_the_sequence(series, staff):
    third = series.appointments.get(series_number=3)
    uid = next(str(e["UID"]) for e in events(mail.outbox[0].attachments[0][1])
               if e.decoded("DTSTART") == third.start)
    mail.outbox.clear()
    appointment_reschedule(appointment=third, start=third.start.replace(hour=6), actor=staff, reason="earlier")
    (moved,) = events(mail.outbox[0].attachments[0][1])
    assert str(moved["UID"]) == uid
    assert int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART").astimezone(OSLO).hour == 8
    mail.outbox.clear()
    third.refresh_from_db()
    appointment_cancel(appointment=third, actor=staff, reason="ill")
    calendar = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    (cancelled,) = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["UID"]) == uid and int(cancelled["SEQUENCE"]) == 2


def test_the_file_says_nothing_about_health(series):
    with translation.override("nb"):
        text = appointments_ics(list(series.appointments.all())).lower()
    assert "infus" not in text and "ketamin" not in text
    assert text.count("summary:time på klinikken") == 6  # only "appointment at the clinic"
