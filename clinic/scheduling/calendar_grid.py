"""The calendar grid: appointments, closures and opening hours of some days and resources, laid out
in rows of 15 minutes for a CSS grid (the page sets positions through classes, never inline styles:
the Content Security Policy allows no inline style).

One column per (day, resource): the week view of one resource has a column per day, the day view a
column per resource. Three queries whatever the number of appointments: opening hours, bookings
(with their appointment, type and patient), closures.

Shown per appointment: time, type, the patient's name and the status — never clinical content.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.formats import day_month_time

from .availability import day_bounds, local
from .models import Appointment, Booking, Closure, OpeningHours

SLOT_MINUTES = 15
MAX_ROWS = 24 * 60 // SLOT_MINUTES  # static/css/calendar.css has a class for each row 1..96
MAX_LANES = 6  # side-by-side appointments in one column (a clinician supervising several infusions)
DEFAULT_HOURS = (8 * 60, 16 * 60)  # shown when nothing is open or booked on any of the days
TYPE_CLASSES = {"consultation", "infusion", "evaluation", "follow_up_call"}


@dataclass
class Block:
    kind: str  # "appointment", "closure" or "off" (outside opening hours)
    row: int  # first row, 1-based
    span: int  # number of rows
    start: datetime | None = None
    end: datetime | None = None
    lane: int = 1
    appointment: Appointment | None = None
    closure: Closure | None = None

    @property
    def period(self):
        """'09:00–10:00', or with dates when the block runs past its day (a closure of several days)."""
        start, end = local(self.start), local(self.end)
        if start.date() == end.date():
            return f"{start:%H:%M}–{end:%H:%M}"
        return f"{day_month_time(start)}–{day_month_time(end)}"

    @property
    def css(self):
        classes = [f"cal-r-{self.row}", f"cal-s-{self.span}"]
        if self.kind == "appointment":
            code = self.appointment.type.code
            classes += [f"cal-l-{self.lane}", f"cal-type-{code if code in TYPE_CLASSES else 'other'}",
                        f"cal-status-{self.appointment.status}"]
        return " ".join(classes)


@dataclass
class Column:
    day: date
    resource: object
    hours: list
    today: bool
    blocks: list = field(default_factory=list)
    lanes: int = 1

    @property
    def appointments(self):
        return [b for b in self.blocks if b.kind == "appointment"]

    @property
    def closures(self):
        return [b for b in self.blocks if b.kind == "closure"]

    @property
    def off_hours(self):
        return [b for b in self.blocks if b.kind == "off"]


def _minutes(moment, day):
    """Minutes from midnight of `day` (local wall clock), clipped to the day."""
    moment = local(moment)
    if moment.date() < day:
        return 0
    if moment.date() > day:
        return 24 * 60
    return moment.hour * 60 + moment.minute


def _time_minutes(value):
    return value.hour * 60 + value.minute


def calendar_grid(*, days, resources):
    """Columns for every day in `days` × every resource in `resources` (days outer in a week view
    of one resource, resources outer in a day view of several), with the rows they share."""
    resources = list(resources)
    start, end = day_bounds(days[0])[0], day_bounds(days[-1])[1]
    hours = defaultdict(list)
    for row in OpeningHours.objects.all():
        hours[row.weekday].append((row.opens, row.closes))
    bookings = list(
        Booking.objects.filter(resource_id__in=[r.pk for r in resources], start__lt=end, end__gt=start)
        .exclude(appointment__status=Appointment.Status.CANCELLED)
        .select_related("appointment__type", "appointment__intake").order_by("start", "appointment_id")
    )
    closures = list(
        Closure.objects.filter(Q(resource__isnull=True) | Q(resource_id__in=[r.pk for r in resources]),
                               start__lt=end, end__gt=start).select_related("resource").order_by("start", "pk")
    )
    first, last = _row_range(days, hours, bookings)
    rows = (last - first) // SLOT_MINUTES
    today = timezone.localdate()
    by_day = len(days) > 1
    columns = []
    pairs = [(d, r) for r in resources for d in days] if by_day else [(d, r) for d in days for r in resources]
    for day, resource in pairs:
        column = Column(day=day, resource=resource, hours=sorted(hours.get(day.weekday(), [])), today=day == today)
        bounds = day_bounds(day)
        column.blocks += _off_hours(column.hours, first, last)
        for closure in closures:
            if closure.start < bounds[1] and closure.end > bounds[0] and closure.resource_id in (None, resource.pk):
                block = _block("closure", closure.start, closure.end, day, first, last)
                if block:
                    block.closure = closure
                    column.blocks.append(block)
        placed = []
        for booking in bookings:
            if booking.resource_id == resource.pk and booking.start < bounds[1] and booking.end > bounds[0]:
                block = _block("appointment", booking.start, booking.end, day, first, last)
                if block:
                    block.appointment = booking.appointment
                    placed.append(block)
        column.lanes = _assign_lanes(placed)
        column.blocks += placed
        columns.append(column)
    hour_marks = [{"row": (minute - first) // SLOT_MINUTES + 1, "label": f"{minute // 60:02d}:00"}
                  for minute in range(first, last, 60)]
    return {"columns": columns, "rows": rows, "hour_marks": hour_marks,
            "first": time(first // 60), "last": time(last // 60) if last < 24 * 60 else time(23, 59)}


def _row_range(days, hours, bookings):
    """The span of the day shown: from the earliest opening to the latest closing on these days,
    widened to any appointment outside them; whole hours."""
    edges = []
    for day in days:
        for opens, closes in hours.get(day.weekday(), []):
            edges += [_time_minutes(opens), _time_minutes(closes)]
    shown = set(days)
    for booking in bookings:
        for day in shown & {local(booking.start).date(), local(booking.end).date()}:
            edges += [_minutes(booking.start, day), _minutes(booking.end, day)]
    if not edges:
        return DEFAULT_HOURS
    first = min(edges) // 60 * 60
    last = min(-(-max(edges) // 60) * 60, 24 * 60)
    return first, max(last, first + 60)


def _block(kind, start, end, day, first, last):
    begin = max(_minutes(start, day), first)
    finish = min(_minutes(end, day), last)
    if finish <= begin:
        return None
    row = (begin - first) // SLOT_MINUTES + 1
    span = max(1, -(-(finish - first) // SLOT_MINUTES) - row + 1)
    return Block(kind=kind, row=row, span=span, start=start, end=end)


def _off_hours(opening, first, last):
    """Blocks for the parts of the shown span when the clinic is not open that day."""
    blocks, moment = [], first
    for opens, closes in opening:
        opens, closes = _time_minutes(opens), _time_minutes(closes)
        if opens > moment:
            blocks.append(_off(moment, min(opens, last), first))
        moment = max(moment, closes)
    if moment < last:
        blocks.append(_off(moment, last, first))
    return [b for b in blocks if b.span > 0]


def _off(begin, finish, first):
    row = (begin - first) // SLOT_MINUTES + 1
    return Block(kind="off", row=row, span=max(0, (finish - begin) // SLOT_MINUTES))


def _assign_lanes(blocks):
    """Put overlapping appointments side by side: each in the first lane free at its start."""
    lane_ends = []
    for block in sorted(blocks, key=lambda b: (b.row, -b.span)):
        for number, lane_end in enumerate(lane_ends):
            if lane_end <= block.row:
                lane_ends[number] = block.row + block.span
                block.lane = number + 1
                break
        else:
            lane_ends.append(block.row + block.span)
            block.lane = min(len(lane_ends), MAX_LANES)
    return min(max(len(lane_ends), 1), MAX_LANES)


def week_days(day):
    """Monday to Sunday of the week of `day`."""
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=n) for n in range(7)]


def closure_label(closure):
    if closure.resource_id is None:
        return _("Clinic closed: %(reason)s") % {"reason": closure.reason or "—"}
    return _("Absent: %(reason)s") % {"reason": closure.reason or "—"}
