"""Writes to the clinic's calendar settings: closures, absences and opening hours. Each a small
function with one transaction, raising ValidationError with a clear message, and each writes a
CalendarChange row (who, when, why, and what it was).

A closure over booked appointments does not cancel them (staff decide what to do with each): the
first attempt raises BookingsInClosure listing them, and staff confirm exactly that list.
Resources are locked (in id order, as the booking services lock them) while a closure is written,
so a booking made at the same moment either sees the closure or is seen by it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from .availability import Availability, when
from .models import Appointment, Booking, CalendarChange, Closure, OpeningHours, Resource


class BookingsInClosure(ValidationError):
    """Booked appointments lie inside the closure and staff have not accepted exactly these yet."""

    def __init__(self, appointments):
        super().__init__(_("Booked appointments lie inside this closure. Check the list and confirm."),
                         code="confirm_bookings")
        self.appointments = appointments
        self.ids = [a.pk for a in appointments]


def _booked(start, end, resource_ids=None):
    bookings = Booking.objects.filter(active=True, start__lt=end, end__gt=start,
                                      appointment__status=Appointment.Status.BOOKED)
    if resource_ids is not None:
        bookings = bookings.filter(resource_id__in=resource_ids)
    return bookings


def closure_affected(closure):
    """The booked appointments that hold a resource the closure blocks, during the closure."""
    return _appointments_in(closure.start, closure.end, closure.resource)


def _appointments_in(start, end, resource):
    bookings = _booked(start, end, None if resource is None else [resource.pk])
    return list(Appointment.objects.filter(pk__in=bookings.values("appointment_id"))
                .select_related("type", "intake").order_by("start", "pk"))


def closures_affected(closures):
    """{closure id: [appointments]} for a page of closures, in two queries whatever their number."""
    if not closures:
        return {}
    overlap = Q()
    for closure in closures:
        overlap |= Q(start__lt=closure.end, end__gt=closure.start)
    bookings = list(_booked(min(c.start for c in closures), max(c.end for c in closures)).filter(overlap)
                    .select_related("appointment__type", "appointment__intake").order_by("start"))
    found = {}
    for closure in closures:
        seen = {}
        for booking in bookings:
            if (booking.start < closure.end and closure.start < booking.end
                    and closure.resource_id in (None, booking.resource_id)):
                seen.setdefault(booking.appointment_id, booking.appointment)
        found[closure.pk] = list(seen.values())
    return found


def describe_closure(closure):
    scope = str(closure.resource) if closure.resource_id else _("The whole clinic")
    return f"{scope}: {when(closure.start)} – {when(closure.end)} ({closure.reason or '—'})"


def _check_closure(*, resource, start, end, reason, exclude=None):
    if end <= start:
        raise ValidationError(_("The end must be after the start."))
    if end <= timezone.now():
        raise ValidationError(_("This time is already over: a closure is for time still to come."))
    if not reason.strip():
        raise ValidationError(_("Give the reason shown on the calendar."))
    if resource is not None and not resource.active:
        raise ValidationError(_("%(resource)s is no longer in use.") % {"resource": resource})
    same_scope = Closure.objects.filter(start__lt=end, end__gt=start).select_related("resource")
    same_scope = same_scope.filter(resource__isnull=True) if resource is None else same_scope.filter(resource=resource)
    if exclude is not None:
        same_scope = same_scope.exclude(pk=exclude.pk)
    clash = same_scope.first()
    if clash:
        raise ValidationError(_("It overlaps another closure (%(closure)s): change that one instead.")
                              % {"closure": describe_closure(clash)})


def _lock(resource):
    rows = Resource.objects.select_for_update().order_by("pk")
    list(rows if resource is None else rows.filter(pk=resource.pk))


def _confirm(start, end, resource, confirmed):
    affected = _appointments_in(start, end, resource)
    if affected and {a.pk for a in affected} != set(confirmed or ()):
        raise BookingsInClosure(affected)
    return affected


def _record(subject, row_id, action, summary, actor, reason):
    CalendarChange.objects.create(subject=subject, object_id=row_id, action=action, summary=summary[:600],
                                  actor=actor, reason=reason)


def closure_add(*, resource, start, end, reason, actor, confirmed=()):
    """Block [start, end) for the whole clinic (resource None) or one chair or clinician."""
    with transaction.atomic():
        _lock(resource)  # first: two closures of the same resource added at once cannot both pass the check
        _check_closure(resource=resource, start=start, end=end, reason=reason)
        affected = _confirm(start, end, resource, confirmed)
        closure = Closure.objects.create(resource=resource, start=start, end=end, reason=reason.strip())
        summary = describe_closure(closure)
        if affected:
            summary += " · " + _("%(count)s booked appointments inside, not cancelled") % {"count": len(affected)}
        _record(CalendarChange.Subject.CLOSURE, closure.pk, CalendarChange.Action.ADDED, summary, actor,
                closure.reason)
    return closure


def _reload(rows, row):
    """The row again, locked; gone meanwhile (someone else removed it) is a clear error, not a crash."""
    found = rows.select_for_update(of=("self",)).filter(pk=row.pk).first()
    if found is None:
        raise ValidationError(_("Someone else has just removed this. Reload the page."))
    return found


def _not_over(closure):
    if closure.end <= timezone.now():
        raise ValidationError(_("This closure is over and stays as it was."))


def closure_change(*, closure, resource, start, end, reason, change_reason, actor, confirmed=()):
    if not change_reason.strip():
        raise ValidationError(_("Give a reason for the change."))
    with transaction.atomic():
        closure = _reload(Closure.objects.select_related("resource"), closure)
        _not_over(closure)
        _lock(resource if resource is not None and closure.resource_id is not None else None)
        _check_closure(resource=resource, start=start, end=end, reason=reason, exclude=closure)
        _confirm(start, end, resource, confirmed)
        before = describe_closure(closure)
        closure.resource, closure.start, closure.end, closure.reason = resource, start, end, reason.strip()
        closure.save()
        _record(CalendarChange.Subject.CLOSURE, closure.pk, CalendarChange.Action.CHANGED,
                f"{before} → {describe_closure(closure)}", actor, change_reason)
    return closure


def closure_remove(*, closure, reason, actor):
    if not reason.strip():
        raise ValidationError(_("Give a reason for removing it."))
    with transaction.atomic():
        closure = _reload(Closure.objects.select_related("resource"), closure)
        _not_over(closure)
        summary, pk = describe_closure(closure), closure.pk
        closure.delete()
        _record(CalendarChange.Subject.CLOSURE, pk, CalendarChange.Action.REMOVED, summary, actor, reason)


# --- opening hours -------------------------------------------------------------------------------

def describe_hours(weekday, opens, closes):
    return f"{OpeningHours.Weekday(weekday).label} {time_format(opens, 'H:i')}–{time_format(closes, 'H:i')}"


def _check_hours(*, weekday, opens, closes, reason, exclude=None):
    if weekday not in OpeningHours.Weekday.values:
        raise ValidationError(_("Choose a weekday."))
    if closes <= opens:
        raise ValidationError(_("Closing time must be after opening time."))
    if not reason.strip():
        raise ValidationError(_("Give a reason for the change."))
    rows = OpeningHours.objects.select_for_update().filter(weekday=weekday, opens__lt=closes, closes__gt=opens)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    clash = rows.first()
    if clash:
        raise ValidationError(_("It overlaps the opening hours %(hours)s: change those instead.")
                              % {"hours": describe_hours(clash.weekday, clash.opens, clash.closes)})


def upcoming_outside_hours():
    """Booked appointments still to come that now fall outside the opening hours (they are kept:
    staff move them)."""
    now = timezone.now()
    upcoming = list(Appointment.objects.filter(status=Appointment.Status.BOOKED, start__gt=now, type__at_clinic=True)
                    .select_related("type").order_by("start", "pk"))
    if not upcoming:
        return []
    availability = Availability(start=now, end=upcoming[-1].end, resources=[])
    return [a for a in upcoming if not availability.is_open(a.start, a.end)]


def opening_hours_add(*, weekday, opens, closes, reason, actor):
    with transaction.atomic():
        _check_hours(weekday=weekday, opens=opens, closes=closes, reason=reason)
        row = OpeningHours.objects.create(weekday=weekday, opens=opens, closes=closes)
        _record(CalendarChange.Subject.OPENING_HOURS, row.pk, CalendarChange.Action.ADDED,
                describe_hours(weekday, opens, closes), actor, reason)
    return row


def opening_hours_change(*, row, weekday, opens, closes, reason, actor):
    """Change one row; returns the upcoming booked appointments now outside the opening hours."""
    with transaction.atomic():
        row = _reload(OpeningHours.objects, row)
        _check_hours(weekday=weekday, opens=opens, closes=closes, reason=reason, exclude=row)
        before = describe_hours(row.weekday, row.opens, row.closes)
        row.weekday, row.opens, row.closes = weekday, opens, closes
        row.save()
        _record(CalendarChange.Subject.OPENING_HOURS, row.pk, CalendarChange.Action.CHANGED,
                f"{before} → {describe_hours(weekday, opens, closes)}", actor, reason)
    return upcoming_outside_hours()


def opening_hours_remove(*, row, reason, actor):
    """Remove one row (that part of the day is closed from now on); returns the upcoming booked
    appointments now outside the opening hours."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for removing it."))
    with transaction.atomic():
        row = _reload(OpeningHours.objects, row)
        summary, pk = describe_hours(row.weekday, row.opens, row.closes), row.pk
        row.delete()
        _record(CalendarChange.Subject.OPENING_HOURS, pk, CalendarChange.Action.REMOVED, summary, actor, reason)
    return upcoming_outside_hours()
