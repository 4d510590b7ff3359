"""Demo data for scheduling, called from `manage.py seed_demo`: the clinic's set-up, and appointments for the
generated intakes (`--intakes N`). Safe to run twice."""

import uuid
from collections import defaultdict
from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from screening.models import Intake, IntakeStatusChange
from screening.seeding import times_as_given
from screening.services import intake_set_status

from .availability import aware, local
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
        extra["changes"][1]["reason"] = "Decision recorded after the consultation."
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
