"""The free-time finder: the next free times for one patient and one appointment type.

It asks exactly what the booking services ask — the rules of the flow (`_check_flow`: approved for a
consultation; "proceed" and no re-screening hold for treatment), the order of treatment (not before
the consultation has ended), `Availability` (opening hours, closures and absences, other bookings of
the chairs and clinicians, the patient's own appointments) and, for infusions and boosters, the
spacing rules — so a time it offers books with `appointment_book` at that moment. It is one read: a
fixed number of queries for any number of days, chairs and clinicians, then everything in memory.

Per start time it offers one slot: the first free clinician (in name order, or the one chosen) and,
for treatment, the first free chair.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone as dt_timezone

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services
from .availability import Availability, aware, day_bounds, local, when
from .models import Appointment, AppointmentType, Resource
from .selectors import _candidate_times
from .spacing import spacing_problems

DAYS = 7  # one page: a week of days


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    chair: Resource | None
    clinician: Resource | None

    @property
    def value(self):
        """The start as an unambiguous UTC timestamp for a hidden form field (safe across DST)."""
        return self.start.astimezone(dt_timezone.utc).isoformat()

    @property
    def local_start(self):
        return local(self.start)


def parse_start(value):
    """The inverse of `Slot.value`: an aware datetime, or None for anything else."""
    try:
        start = datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
    # A year far off would overflow when the appointment's end is computed: not a time anyone books.
    return start if timezone.is_aware(start) and 1900 <= start.year <= 2999 else None


def active_resources(kind):
    return list(Resource.objects.filter(kind=kind, active=True).order_by("name", "pk"))


class Finder:
    """Free slots from `first_day` for `days` days.

    `clinician` limits the search to one clinician (else every active clinician is tried). `planned`
    are slots not booked yet (the rest of a series being planned, as (type, Slot) pairs): they hold
    their chair and the patient, and planned infusions count for the spacing rules. `not_before` and
    `ends_before` narrow the times further (an evaluation after the infusions, an infusion before
    the evaluation)."""

    def __init__(self, *, intake, appointment_type, first_day, days=DAYS, clinician=None, planned=(),
                 not_before=None, ends_before=None, now=None, chairs=None, clinicians=None):
        self.intake, self.type = intake, appointment_type
        self.days = [first_day + timedelta(days=n) for n in range(days)]
        self.now = now or timezone.now()
        self.duration = timedelta(minutes=appointment_type.duration_minutes)
        if appointment_type.needs_clinician:
            self.clinicians = [clinician] if clinician else (clinicians if clinicians is not None
                                                              else active_resources(Resource.Kind.CLINICIAN))
        else:
            self.clinicians = [None]
        if appointment_type.needs_chair:
            self.chairs = chairs if chairs is not None else active_resources(Resource.Kind.CHAIR)
        else:
            self.chairs = [None]
        self.problem = ""
        outcome = None
        try:
            outcome = services._check_flow(intake, appointment_type)
        except ValidationError as error:
            self.problem = " ".join(error.messages)
        self.spaced = appointment_type.code in AppointmentType.INFUSIONS
        infusions = []  # the patient's active infusions and boosters, (start, end)
        if self.spaced or appointment_type.code == AppointmentType.EVALUATION:
            infusions = list(Appointment.objects.filter(
                intake=intake, type__code__in=AppointmentType.INFUSIONS,
                status__in=[Appointment.Status.BOOKED, Appointment.Status.ATTENDED]).values_list("start", "end"))
        self.taken = [start for start, _end in infusions] if self.spaced else []
        limits = [not_before, outcome.appointment.end if outcome else None]
        if appointment_type.code == AppointmentType.EVALUATION:
            # An evaluation looks back on treatment: after the patient's infusions (stricter than the service).
            limits += [end for _start, end in infusions]
        self.not_before = max((limit for limit in limits if limit is not None), default=None)
        self.ends_before = ends_before
        window_start, window_end = day_bounds(self.days[0])[0], day_bounds(self.days[-1])[1]
        resources = [r for r in self.chairs + self.clinicians if r is not None]
        self.availability = Availability(start=window_start, end=window_end, resources=resources, intake=intake)
        for planned_type, slot in planned:
            self.availability.hold(slot.start, slot.end, _holds(planned_type, slot))
            if planned_type.code in AppointmentType.INFUSIONS:
                self.taken.append(slot.start)

    def time_problems(self, start):
        """What rules out `start` whatever the resources: the past, the order of treatment, spacing."""
        end = start + self.duration
        if self.problem:
            return [self.problem]
        found = []
        if start <= self.now:
            found.append(_("the time has passed"))
        if self.not_before is not None and start < self.not_before:
            found.append(_("too early: treatment comes after the consultation, the evaluation after the infusions"))
        if self.ends_before is not None and end > self.ends_before:
            found.append(_("too late: the infusions of a series come before its evaluation"))
        if self.spaced:
            found += spacing_problems([start], existing=self.taken)
        return found

    def slot_problems(self, slot):
        """Everything that stops `slot` being booked now; [] when it is free."""
        try:
            holds = _holds(self.type, slot)
        except ValidationError as error:
            return error.messages
        return self.time_problems(slot.start) + self.availability.problems(slot.start, slot.end, holds)

    def free_at(self, start):
        """The first free (chair, clinician) slot at `start`, or None."""
        end = start + self.duration
        for clinician in self.clinicians:
            for chair in self.chairs:
                slot = Slot(start=start, end=end, chair=chair, clinician=clinician)
                if not self.availability.problems(start, end, _holds(self.type, slot)):
                    return slot
        return None

    def day(self, day):
        """{"day", "open" (has opening hours), "slots"} for one day, in time order."""
        slots = []
        hours = self.availability.opening_hours(day)
        if not self.problem:
            for opens, closes in hours:
                for moment in _candidate_times(opens, closes, self.duration, opens):
                    start = aware(day, moment)
                    if self.time_problems(start):
                        continue
                    slot = self.free_at(start)
                    if slot is not None:
                        slots.append(slot)
        return {"day": day, "open": bool(hours), "slots": slots}

    def week(self):
        return [self.day(day) for day in self.days]


def _holds(appointment_type, slot):
    return services._holds(appointment_type, chair=slot.chair, clinician=slot.clinician)


def describe(slot):
    """'tir. 12.05.2026 09:00, Stol 1, Dr. Kari' for messages."""
    return ", ".join([when(slot.start)] + [str(r) for r in (slot.chair, slot.clinician) if r is not None])


HORIZON = timedelta(days=10 * 365)  # how far ahead the finder looks (and no date arithmetic overflows)


def first_day(value, *, today=None):
    """The first day a finder page shows: the chosen day, never before today nor past the horizon."""
    today = today or timezone.localdate()
    return min(max(value, today), today + HORIZON) if value else today


# --- a series being planned, carried from page to page in one hidden field ----------------------

def plan_value(infusions, evaluation):
    """'start@chair,start@chair|evaluation start' (UTC timestamps and chair ids; nothing about the patient)."""
    return ",".join(f"{s.value}@{s.chair.pk}" for s in infusions) + "|" + (evaluation.value if evaluation else "")


def parse_plan(value, *, clinician, infusion, evaluation):
    """The inverse of `plan_value`: (infusion slots, evaluation slot or None). ValidationError if the
    value was not made by `plan_value` or names a chair that is not active."""
    invalid = ValidationError(_("The planned times could not be read. Propose the times again."))
    items, _bar, evaluation_value = str(value).partition("|")
    pairs = [item.partition("@") for item in items.split(",") if item]
    if not pairs or len(pairs) > 12:
        raise invalid
    chairs = {str(c.pk): c for c in active_resources(Resource.Kind.CHAIR)}
    slots = []
    for start_value, _at, chair_id in pairs:
        start = parse_start(start_value)
        if start is None or chair_id not in chairs:
            raise invalid
        slots.append(Slot(start=start, end=start + timedelta(minutes=infusion.duration_minutes),
                          chair=chairs[chair_id], clinician=clinician))
    evaluation_slot = None
    if evaluation_value:
        start = parse_start(evaluation_value)
        if start is None:
            raise invalid
        evaluation_slot = Slot(start=start, end=start + timedelta(minutes=evaluation.duration_minutes), chair=None,
                               clinician=clinician)
    return sorted(slots, key=lambda s: s.start), evaluation_slot
