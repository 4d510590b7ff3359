"""Demo data for scheduling, called from `manage.py seed_demo`: the clinic's set-up, the demo story (a
consultation that has just taken place today, a series in progress, a missed consultation), and appointments
for the generated intakes (`--intakes N`). Safe to run twice."""

import uuid
from collections import defaultdict
from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from clinic.demo_time import as_of
from clinic.reasons import reason_fields, system_reason
from screening.models import Intake, IntakeStatusChange
from screening.seeding import times_as_given
from screening.services import intake_set_status

from .availability import Availability, aware, day_bounds, local
from .models import (Appointment, AppointmentChange, AppointmentType, Booking, ConsultationOutcome, FollowUpTask,
                     InfusionSeries, OpeningHours, Resource)
from .spacing import spacing_problems
from .types import DEFAULTS, appointment_type

DEMO_CHAIRS = ("Stol 1", "Stol 2", "Stol 3")
DEMO_CLINICIAN_EMAIL = "clinician@demo.clinic"
APPROVED_DEMO_EXAMPLE = "base-meets.json"


def seed_scheduling(*, approved_reference, stdout):
    for code in (AppointmentType.CONSULTATION, AppointmentType.INFUSION, AppointmentType.EVALUATION,
                 AppointmentType.FOLLOW_UP_CALL):
        appointment_type(code)
    for name in DEMO_CHAIRS:
        Resource.objects.get_or_create(name=name, kind=Resource.Kind.CHAIR)
    clinician = get_user_model().objects.filter(email=DEMO_CLINICIAN_EMAIL).first()
    if clinician is not None:
        Resource.objects.get_or_create(user=clinician, defaults={"name": clinician.name or clinician.email,
                                                                 "kind": Resource.Kind.CLINICIAN})
    if not OpeningHours.objects.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(weekday=day, opens=time(8, 0), closes=time(16, 0)) for day in range(5))
    intake = Intake.objects.filter(reference=approved_reference).first()
    already = IntakeStatusChange.objects.filter(intake=intake, to_status=Intake.Status.APPROVED).exists()
    if intake is not None and intake.status == Intake.Status.SUBMITTED and not already:
        intake_set_status(intake=intake, status=Intake.Status.APPROVED,
                          reason="seed_demo: approved so staff can try booking")
    stdout.write(f"Scheduling: {len(DEMO_CHAIRS)} chairs, the demo clinician, opening hours Mon–Fri 08:00–16:00; "
                 f"{approved_reference} is approved for booking.")


# --- appointments of generated intakes (`seed_demo --intakes N`) ----------------------------------

CONSULTATION_SHARE = 0.05  # of the approved patients; the demo clinician's calendar limits it too
SERIES_SHARE = 0.7  # of the consultations that ended with "proceed to infusions"
CONSULTATION_DAYS = (0, 2, 3)  # Mon, Wed, Thu: consultations and evaluations, on the hour 08–15
INFUSION_DAYS = (1, 4)  # Tue and Fri: infusions at 08, 10, 12 and 14, one series per chair and hour
HORIZON = timedelta(days=42)  # nothing booked further ahead than this


def seed_appointments(approved, *, rng, clinician, now, stdout=None):
    """Consultations for some approved patients (`approved`: [(intake id, approval time)]) on the demo
    clinician's calendar, and an infusion series with its evaluation for most of those who proceed:
    the rows `appointment_book`, `series_book`, `consultation_record_outcome`, attendance and
    cancellations write, in bulk, in free slots only (other bookings stay as they are). Past
    appointments were attended (a few cancelled or missed), later ones are booked."""
    doctor = Resource.objects.filter(user=clinician, kind=Resource.Kind.CLINICIAN, active=True).first()
    chairs = list(Resource.objects.filter(kind=Resource.Kind.CHAIR, active=True).order_by("pk"))
    chosen = sorted((when, pk) for pk, when in approved if rng.random() < CONSULTATION_SHARE)
    if doctor is None or not chairs or not chosen:
        return 0
    plan = _Plan(rng=rng, now=now, doctor=doctor, chairs=chairs, clinician=clinician,
                 types={code: appointment_type(code) for code in DEFAULTS})
    plan.load_busy(since=chosen[0][0])
    for decided, intake_id in chosen:
        plan.consultation(intake_id, decided)
    with times_as_given(InfusionSeries, Appointment, AppointmentChange, ConsultationOutcome), transaction.atomic():
        InfusionSeries.objects.bulk_create(plan.series)
        Appointment.objects.bulk_create([a for a, _holds, _extra in plan.appointments])
        bookings, changes, outcomes, tasks = [], [], [], []
        for appointment, holds, extra in plan.appointments:
            active = appointment.status in (Appointment.Status.BOOKED, Appointment.Status.ATTENDED)
            bookings += [Booking(appointment=appointment, resource=resource, start=appointment.start,
                                 end=appointment.end, exclusive=exclusive, active=active) for resource, exclusive in holds]
            changes += [AppointmentChange(appointment=appointment, **change) for change in extra["changes"]]
            if "outcome" in extra:
                outcomes.append(ConsultationOutcome(appointment=appointment, **extra["outcome"]))
            if "follow_up" in extra:
                tasks.append(FollowUpTask(appointment=appointment, **extra["follow_up"]))
        Booking.objects.bulk_create(bookings)
        AppointmentChange.objects.bulk_create(changes)
        ConsultationOutcome.objects.bulk_create(outcomes)
        FollowUpTask.objects.bulk_create(tasks)
    if stdout is not None:
        stdout.write(f"Appointments: {plan.consultations} consultations, {len(plan.series)} infusion series "
                     f"({len(plan.appointments)} appointments) for generated patients.")
    return len(plan.appointments)


class _Plan:
    """The appointments to write, in free slots of the demo clinician's and the chairs' calendars."""

    def __init__(self, *, rng, now, doctor, chairs, clinician, types):
        self.rng, self.now, self.doctor, self.chairs, self.clinician, self.types = rng, now, doctor, chairs, clinician, types
        self.busy = defaultdict(list)  # (resource id, local date) -> [(start, end)] of active bookings
        self.appointments = []  # (Appointment, holds, {"changes": [...], "outcome": {...}, "follow_up": {...}})
        self.series = []
        self.consultations = 0

    def load_busy(self, *, since):
        rows = Booking.objects.filter(resource__in=[self.doctor, *self.chairs], active=True, end__gt=since)
        for resource_id, start, end in rows.values_list("resource_id", "start", "end"):
            self._hold(resource_id, start, end)

    def _hold(self, resource_id, start, end):
        self.busy[resource_id, local(start).date()].append((start, end))

    def _free(self, resource, start, end):
        return not any(s < end and start < e for s, e in self.busy[resource.pk, local(start).date()])

    def _slot(self, after, days, hours, minutes, resource):
        """The first free start on `days` at `hours` after `after`, within the horizon (or None)."""
        day = local(after).date()
        while True:
            if day.weekday() in days:
                for hour in hours:
                    start = aware(day, time(hour, 0))
                    if start > after and self._free(resource, start, start + timedelta(minutes=minutes)):
                        return start
            day += timedelta(days=1)
            if aware(day, time(0, 0)) > self.now + HORIZON:
                return None

    def _add(self, type_code, *, intake_id, start, holds, booked_at, series=None, number=None):
        kind = self.types[type_code]
        end = start + timedelta(minutes=kind.duration_minutes)
        uid = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        appointment = Appointment(intake_id=intake_id, type=kind, start=start, end=end, series=series,
                                  series_number=number, uid=uid, created_at=booked_at)
        names = ", ".join(str(resource) for resource, _exclusive in holds)
        extra = {"changes": [dict(action=AppointmentChange.Action.BOOKED, to_start=start, resources=names,
                                  actor=self.clinician, created_at=booked_at)]}
        for resource, exclusive in holds:
            if exclusive:
                self._hold(resource.pk, start, end)
        self.appointments.append((appointment, holds, extra))
        if end <= self.now:
            appointment.status = Appointment.Status.ATTENDED
            extra["changes"].append(dict(action=AppointmentChange.Action.ATTENDED, from_start=start,
                                         actor=self.clinician, created_at=end))
        return appointment, extra

    def consultation(self, intake_id, decided):
        start = self._slot(decided + timedelta(days=2), CONSULTATION_DAYS, range(8, 16), 60, self.doctor)
        if start is None:
            return
        self.consultations += 1
        booked_at = min(decided + timedelta(hours=self.rng.uniform(1, 24)), self.now)
        appointment, extra = self._add(AppointmentType.CONSULTATION, intake_id=intake_id, start=start,
                                       holds=[(self.doctor, True)], booked_at=booked_at)
        if appointment.status != Appointment.Status.ATTENDED:
            return
        draw = self.rng.random()
        if draw < 0.12:  # cancelled by staff, or the patient did not come: the slot is free again
            missed = draw < 0.06
            appointment.status = Appointment.Status.NO_SHOW if missed else Appointment.Status.CANCELLED
            appointment.sequence = 0 if missed else 1
            when = appointment.end if missed else max(booked_at, start - timedelta(days=3))
            extra["changes"][1:] = [dict(action=AppointmentChange.Action.NO_SHOW if missed else
                                         AppointmentChange.Action.CANCELLED, from_start=start, actor=self.clinician,
                                         reason="" if missed else "The patient called to cancel.", created_at=when)]
            self.busy[self.doctor.pk, local(start).date()].remove((start, appointment.end))
            return
        proceed = self.rng.random() < 0.75
        extra["changes"][1].update(reason_fields(system_reason("consultation_decided")))
        extra["outcome"] = dict(proceed=proceed, actor=self.clinician, created_at=appointment.end,
                                note="Good candidate; plan six infusions." if proceed else
                                "Not now: other treatment first, as agreed with the patient.")
        if proceed and self.rng.random() < SERIES_SHARE:
            self.infusion_series(intake_id, appointment.end)

    def infusion_series(self, intake_id, after):
        day = local(after).date() + timedelta(days=2)
        while day.weekday() != INFUSION_DAYS[0]:
            day += timedelta(days=1)
        infusion = self.types[AppointmentType.INFUSION]
        length = timedelta(minutes=infusion.duration_minutes)
        for week in range(8):
            first = day + timedelta(weeks=week)
            days = [first + timedelta(days=offset + 7 * w) for w in range(3) for offset in (0, INFUSION_DAYS[1] - INFUSION_DAYS[0])]
            for hour in (8, 10, 12, 14):
                starts = [aware(d, time(hour, 0)) for d in days]
                if starts[-1] > self.now + HORIZON or spacing_problems(starts):
                    continue
                for chair in self.chairs:
                    if all(self._free(chair, s, s + length) for s in starts):
                        return self._book_series(intake_id, after, chair, starts)
        return None

    def _book_series(self, intake_id, after, chair, starts):
        booked_at = min(after + timedelta(hours=self.rng.uniform(1, 24)), self.now)
        series = InfusionSeries(intake_id=intake_id, planned_count=len(starts), created_by=self.clinician,
                                created_at=booked_at)
        self.series.append(series)
        for number, start in enumerate(starts, start=1):
            _appointment, extra = self._add(AppointmentType.INFUSION, intake_id=intake_id, start=start, series=series,
                                            number=number, holds=[(chair, True), (self.doctor, False)],
                                            booked_at=booked_at)
            called = start + timedelta(days=1)
            extra["follow_up"] = (dict(due_date=local(called).date(), status=FollowUpTask.Status.DONE,
                                       done_by=self.clinician, done_at=called) if called <= self.now
                                  else dict(due_date=local(called).date()))
        evaluation = self._slot(starts[-1] + timedelta(days=2), CONSULTATION_DAYS, range(8, 16), 60, self.doctor)
        if evaluation is not None:
            self._add(AppointmentType.EVALUATION, intake_id=intake_id, start=evaluation, series=series,
                      holds=[(self.doctor, True)], booked_at=booked_at)
        return series


# --- the demo story (`seed_demo`): what a new user walks through ------------------------------------
#
# Written through the real services, run "as of" the moment each thing happened (clinic/demo_time.py):
# the services refuse the past, as they must, so the demo turns the clock back instead of writing rows
# around them. Only when the clinic is closed today (a weekend) or has not opened yet is today's
# consultation written outside the opening hours, by `_book_outside_opening_hours` (demo only).

STORY_STAFF_EMAIL = "staff@demo.clinic"
# (story key, name, example document): one patient each, created once (names unlike the examples').
SERIES_PATIENT = ("story:series", "Astrid Solberg", "ptsd-meets.json")
NO_SHOW_PATIENT = ("story:no-show", "Per Haugen", "base-meets.json")
# Today's consultation: one patient per day the demo is run (the key carries the date), so a run on
# another day again leaves a consultation that has just taken place today; an earlier day's one stays
# as it was (undecided, it is work for the desk).
TODAY_NAMES = ("Silje Moen", "Anders Bakke", "Hanne Lie", "Thomas Strand", "Marte Eide", "Kristian Holm", "Eva Lund")
TODAY_EXAMPLE = "base-meets.json"


class Story:
    """What the story made, for the command's "what to try first"."""

    def __init__(self):
        self.today = None  # today's consultation (Appointment) or None
        self.series = None  # the series in progress (InfusionSeries) or None
        self.no_show = None  # the missed consultation (Appointment) or None
        self.follow_up = None  # the open follow-up call (FollowUpTask) or None
        self.completed_course = None  # a completed treatment course (InfusionSeries) or None
        self.profiles = {}  # intake id -> how the patient's questionnaire answers improve (clinic/proms/demo.py)
        self.notes = []  # what could not be made, in plain words


def opening_days(before, *, count, limit=60):
    """The last `count` days with opening hours strictly before `before`, newest first."""
    weekdays = set(OpeningHours.objects.values_list("weekday", flat=True))
    days, day = [], before
    for _step in range(limit):
        day -= timedelta(days=1)
        if day.weekday() in weekdays:
            days.append(day)
            if len(days) == count:
                break
    return days


def seed_story(*, examples, reference_for, now, stdout=None):
    """The scheduling side of the demo story for the demo clinician (decides) and staff user (books):
    a series in progress, a missed consultation, and a consultation that has just taken place today.
    `examples` maps example file names to their documents (intake/2); `reference_for(key)` gives a
    stable reference. Safe to run twice."""
    from screening.review.demo import approved_patient, story_contact

    User = get_user_model()
    clinician = User.objects.filter(email=DEMO_CLINICIAN_EMAIL).first()
    staff = User.objects.filter(email=STORY_STAFF_EMAIL).first()
    doctor = Resource.objects.filter(user=clinician, kind=Resource.Kind.CLINICIAN, active=True).first()
    story = Story()
    if clinician is None or staff is None or doctor is None:
        story.notes.append("the demo clinician or staff user is missing: no appointments in the story")
        return story
    today = local(now).date()

    def patient(key, name, example, submitted):
        return approved_patient(reference=reference_for(key), name=name, document=examples[example],
                                clinician=clinician, submitted=submitted, **story_contact(key, "+47 911"))

    intake, created = patient(*SERIES_PATIENT, submitted=now - timedelta(days=24))
    if created:
        _series_in_progress(story, intake, doctor=doctor, clinician=clinician, staff=staff, now=now)
    story.series = intake.infusion_series.order_by("-created_at").first()
    story.follow_up = (FollowUpTask.objects.filter(appointment__intake=intake, status=FollowUpTask.Status.OPEN,
                                                   due_date__lte=today).order_by("-due_date").first())

    intake, created = patient(*NO_SHOW_PATIENT, submitted=now - timedelta(days=12))
    if created:
        _missed_consultation(story, intake, doctor=doctor, staff=staff, now=now)
    story.no_show = intake.appointments.filter(status=Appointment.Status.NO_SHOW).first()

    name = TODAY_NAMES[today.toordinal() % len(TODAY_NAMES)]
    intake, created = patient(f"story:consultation:{today.isoformat()}", name, TODAY_EXAMPLE,
                              submitted=now - timedelta(days=9))
    if created:
        _consultation_today(story, intake, doctor=doctor, staff=staff, now=now)
    story.today = intake.appointments.filter(type__code=AppointmentType.CONSULTATION).first()
    return story


def _consultation(intake, *, day, hours, doctor, staff, booked, reason):
    """Book a consultation on `day` at the first of `hours` that is free, as staff did at `booked`."""
    from .services import appointment_book

    for hour, minute in hours:
        try:
            with as_of(booked):
                return appointment_book(intake=intake, appointment_type=appointment_type(AppointmentType.CONSULTATION),
                                        start=aware(day, time(hour, minute)), clinician=doctor, actor=staff,
                                        reason=reason)
        except ValidationError:
            continue
    return None


def _series_in_progress(story, intake, *, doctor, clinician, staff, now):
    """A consultation two weeks ago with "proceed", then a series from the planner, booked that day:
    the infusions that are over were attended (and their next-day calls made, except the latest one's),
    the others are booked, with the evaluation after them."""
    from .selectors import series_proposal
    from .services import appointment_record_attendance, consultation_record_outcome, follow_up_done, series_book

    today = local(now).date()
    days = opening_days(today - timedelta(days=13), count=1)
    consultation = days and _consultation(intake, day=days[0], hours=[(10, 0), (11, 0), (13, 0), (14, 0)],
                                          doctor=doctor, staff=staff, booked=now - timedelta(days=20),
                                          reason="seed_demo: the demo story")
    if not consultation:
        story.notes.append("no free consultation time two weeks ago: no series in progress")
        return
    with as_of(consultation.start + timedelta(minutes=50)):
        consultation_record_outcome(appointment=consultation, proceed=True, actor=clinician,
                                    note="God kandidat. Planlegg seks infusjoner, to i uken.")
    decided = consultation.start + timedelta(minutes=80)
    latest_open_day = (opening_days(today, count=1) or [None])[0]
    best = None
    with as_of(decided):
        for offset in range(2, 12):  # the planner's first day: choose one that leaves the series half done today
            proposal = series_proposal(first_day=local(consultation.start).date() + timedelta(days=offset),
                                       clinician=doctor, intake=intake)
            starts = [slot["start"] for slot in proposal["infusions"]]
            if proposal["missing"] or proposal["evaluation"] is None:
                continue
            past = [s for s in starts if s + timedelta(hours=3) <= now]
            future = [s for s in starts if s > now]
            if len(past) < 2 or len(future) < 2:
                continue
            if best is None or local(past[-1]).date() == latest_open_day:
                best = proposal
            if local(past[-1]).date() == latest_open_day:
                break
        if best is None:
            story.notes.append("the planner found no series half done today: no series in progress")
            return
        series = series_book(intake=intake, slots=[(slot["start"], slot["chair"]) for slot in best["infusions"]],
                             clinician=doctor, actor=staff, evaluation_start=best["evaluation"],
                             reason="seed_demo: the demo story")
    infusions = list(series.appointments.filter(type__code=AppointmentType.INFUSION).order_by("start"))
    over = [a for a in infusions if a.end <= now]
    for appointment in over:
        with as_of(appointment.end):
            appointment_record_attendance(appointment=appointment, attended=True, actor=staff)
    for appointment in over[:-1]:  # the latest infusion's call is still to be made
        task = appointment.follow_up
        with as_of(min(aware(task.due_date, time(10, 0)), now)):
            follow_up_done(task=task, actor=staff, outcome="well")


def _missed_consultation(story, intake, *, doctor, staff, now):
    """A consultation a few working days ago that the patient did not come to: to re-book."""
    from .services import appointment_record_attendance

    days = opening_days(local(now).date() - timedelta(days=2), count=1)
    consultation = days and _consultation(intake, day=days[0], hours=[(13, 0), (14, 0), (12, 0), (15, 0)],
                                          doctor=doctor, staff=staff, booked=now - timedelta(days=10),
                                          reason="seed_demo: the demo story")
    if not consultation:
        story.notes.append("no free consultation time a few days ago: no missed consultation")
        return
    with as_of(consultation.start + timedelta(minutes=20)):
        appointment_record_attendance(appointment=consultation, attended=False, actor=staff,
                                      reason="Møtte ikke, og svarte ikke på telefon.")


def _consultation_today(story, intake, *, doctor, staff, now):
    """A consultation that began earlier today (ended, if the day allows), booked three days ago, with no
    decision yet: the clinician can record "proceed" at once."""
    today = local(now).date()
    step = timedelta(minutes=30)
    starts = []
    for opens, closes in OpeningHours.objects.filter(weekday=today.weekday()).values_list("opens", "closes"):
        start = aware(today, opens)
        while start + timedelta(hours=1) <= aware(today, closes) and start <= now:
            starts.append(start)
            start += step
    # Ended and as late as possible first, then one still going on.
    starts.sort(key=lambda s: (s + timedelta(hours=1) <= now, s), reverse=True)
    for start in starts:
        local_start = local(start)
        appointment = _consultation(intake, day=today, hours=[(local_start.hour, local_start.minute)], doctor=doctor,
                                    staff=staff, booked=min(start, now) - timedelta(days=3),
                                    reason="seed_demo: the demo story")
        if appointment is not None:
            return appointment
    try:
        return _book_outside_opening_hours(intake, doctor=doctor, staff=staff, now=now)
    except ValidationError as exc:
        story.notes.append(f"no consultation today ({' '.join(exc.messages)})")
        return None


class _AnyHours(Availability):
    """Demo only: availability that ignores the opening hours (everything else still counts)."""

    def is_open(self, start, end):
        return True


def _book_outside_opening_hours(intake, *, doctor, staff, now):
    """Demo only, for a day the clinic is closed or before it opens: today's consultation at the last
    half hour before now (at least an hour before, when the day allows), written as the service writes it
    (same flow rules, same rows, resources checked) but outside the opening hours and without e-mail."""
    from .services import _check_flow, _create, _lock

    kind = appointment_type(AppointmentType.CONSULTATION)
    midnight = day_bounds(local(now).date())[0]
    start = local(now).replace(minute=local(now).minute // 30 * 30, second=0, microsecond=0) - timedelta(hours=1)
    start = max(start, midnight)
    end = start + timedelta(minutes=kind.duration_minutes)
    holds = [(doctor, kind.clinician_exclusive)]
    with transaction.atomic():
        _lock([doctor], intake)
        _check_flow(intake, kind)
        problems = _AnyHours(start=start, end=end, resources=[doctor], intake=intake).problems(start, end, holds)
        if problems:
            raise ValidationError("; ".join(problems))
        with as_of(min(start, now) - timedelta(days=3)):
            return _create(intake=intake, appointment_type=kind, start=start, holds=holds, actor=staff,
                           reason="seed_demo: the demo story (booked outside the opening hours: the clinic is "
                                  "closed today or not yet open)")
