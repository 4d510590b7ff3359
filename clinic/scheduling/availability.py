"""Is a slot free? Opening hours, closures and absences, and other bookings of the same resources.

`Availability` loads what it needs for a period once, then answers in memory: the planner asks it
about hundreds of candidate slots, and the booking services ask it again under lock before writing.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.formats import day_time

from .models import Booking, Closure, OpeningHours


def local(value):
    return timezone.localtime(value)


def aware(day, time):
    """A date and a local wall-clock time in the clinic's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time))


def when(value):
    """A short, readable local time for messages: 'tir 12.05.2026 09:00' / 'Tue 12 May 2026 09:00'."""
    return day_time(local(value), "D")


class Availability:
    def __init__(self, *, start, end, resources, intake=None, exclude_appointments=()):
        self.hours = defaultdict(list)
        for row in OpeningHours.objects.all():
            self.hours[row.weekday].append((row.opens, row.closes))
        resource_ids = [r.pk for r in resources]
        self.closures = list(
            Closure.objects.filter(start__lt=end, end__gt=start)
            .filter(Q(resource__isnull=True) | Q(resource_id__in=resource_ids))
            .select_related("resource")
        )
        self.busy = defaultdict(list)
        bookings = Booking.objects.filter(active=True, exclusive=True, resource_id__in=resource_ids,
                                          start__lt=end, end__gt=start)
        bookings = bookings.exclude(appointment_id__in=[a.pk for a in exclude_appointments])
        for booking in bookings:
            self.busy[booking.resource_id].append((booking.start, booking.end))
        # The patient cannot be in two places at once either.
        self.patient_busy = []
        if intake is not None:
            from .models import Appointment

            own = Appointment.objects.filter(intake=intake, status__in=[Appointment.Status.BOOKED, Appointment.Status.ATTENDED],
                                             type__at_clinic=True, start__lt=end, end__gt=start)
            own = own.exclude(pk__in=[a.pk for a in exclude_appointments])
            self.patient_busy = list(own.values_list("start", "end"))

    def opening_hours(self, day):
        return sorted(self.hours.get(day.weekday(), []))

    def is_open(self, start, end):
        start_local, end_local = local(start), local(end)
        if start_local.date() != end_local.date():
            return False
        return any(opens <= start_local.time() and end_local.time() <= closes
                   for opens, closes in self.hours.get(start_local.weekday(), []))

    def problems(self, start, end, holds):
        """What stops booking [start, end) for `holds` ((resource, exclusive) pairs); [] when free."""
        found = []
        if not self.is_open(start, end):
            found.append(_("outside the clinic's opening hours"))
        resource_ids = {resource.pk for resource, _exclusive in holds}
        for closure in self.closures:
            if closure.start < end and start < closure.end:
                if closure.resource_id is None:
                    found.append(_("the clinic is closed (%(reason)s)") % {"reason": closure.reason or "—"})
                elif closure.resource_id in resource_ids:
                    found.append(_("%(resource)s is not available (%(reason)s)")
                                 % {"resource": closure.resource, "reason": closure.reason or "—"})
        for resource, exclusive in holds:
            if exclusive and any(s < end and start < e for s, e in self.busy[resource.pk]):
                found.append(_("%(resource)s is already booked at that time") % {"resource": resource})
        if any(s < end and start < e for s, e in self.patient_busy):
            found.append(_("the patient already has an appointment at that time"))
        return found

    def hold(self, start, end, holds):
        """Count a slot as taken from now on (the series books several slots in one go)."""
        for resource, exclusive in holds:
            if exclusive:
                self.busy[resource.pk].append((start, end))
        self.patient_busy.append((start, end))


def day_bounds(day):
    return aware(day, datetime.min.time()), aware(day + timedelta(days=1), datetime.min.time())
