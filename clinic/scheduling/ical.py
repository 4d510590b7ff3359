"""iCalendar files for the patient's calendar: one VEVENT per appointment with a stable UID.

Times are written in Europe/Oslo with a VTIMEZONE, so calendars show the right local time on
both sides of a daylight-saving change. A change raises SEQUENCE; a cancellation is METHOD:CANCEL.
No health details: the summary says only "Appointment at the clinic".
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from datetime import date
from email.utils import parseaddr

from icalendar import Calendar, Event, vCalAddress, vText

from . import conf

MIMETYPE = "text/calendar"


def event_uid(appointment):
    host = conf.site_url().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "clinic.example"
    return f"{appointment.uid}@{host}"


def appointments_ics(appointments, *, cancel=False):
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//The clinic//Scheduling//NB")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    organizer_name, organizer_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    for appointment in appointments:
        event = Event()
        organizer = vCalAddress(f"mailto:{organizer_address}")
        organizer.params["cn"] = vText(organizer_name or _("The clinic"))
        event.add("uid", event_uid(appointment))
        event.add("dtstamp", timezone.now())
        event.add("dtstart", appointment.start.astimezone(zone))
        event.add("dtend", appointment.end.astimezone(zone))
        event.add("sequence", appointment.sequence)
        event.add("summary", _("Appointment at the clinic"))
        event.add("organizer", organizer)
        event.add("status", "CANCELLED" if cancel else "CONFIRMED")
        calendar.add_component(event)
    # A VTIMEZONE covering the appointments' years (and one either side) keeps the file small.
    years = [a.start.year for a in appointments] or [timezone.now().year]
    calendar.add_missing_timezones(first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1))
    return calendar.to_ical().decode("utf-8")
