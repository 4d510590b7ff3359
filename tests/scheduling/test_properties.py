"""Whatever staff do, the scheduling rules hold. Hypothesis books, moves and cancels random
sequences of series and single appointments (consultations, infusions, evaluations) for three
patients, on days around both daylight-saving changes of 2030 (31 March and 27 October), with the
clinic also open at weekends. After every step:

- no two active infusions of a patient are less than the minimum gap apart in elapsed time;
- no 7 consecutive days hold more than the weekly maximum of a patient's infusions, counted both
  in elapsed time and by local date;
- every active infusion of a series ends before that series' active evaluation;
- no exclusive resource is double-booked, and every booking row matches its appointment;
- the reminder job (run at random moments, with the SMTP server up or down) never queues, sends or
  retries a reminder for an appointment that is not booked at the start the reminder gives.

A ValidationError is a refused operation, which is fine; any other exception is a failure. Each
example runs in its own transaction, rolled back at the end, with its own clinic and patients.
"""

from datetime import date, time, timedelta, timezone

import pytest
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone as django_timezone
from hypothesis import HealthCheck, event, example, given, note, settings
from hypothesis import strategies as st

from clinic.mail.models import OutgoingEmail
from clinic.scheduling import conf
from clinic.scheduling.availability import local
from clinic.scheduling.models import Appointment, AppointmentType, Booking, InfusionSeries, OpeningHours, Resource
from clinic.scheduling.reminders import reminders_run
from clinic.scheduling.services import appointment_book, appointment_cancel, appointment_reschedule, series_book
from clinic.scheduling.types import appointment_type

from .conftest import DEFAULT_CODES, approved_intake, at, with_proceed

SPRING = [date(2030, 3, 25) + timedelta(days=n) for n in range(14)]  # clocks forward on Sunday 31 March
AUTUMN = [date(2030, 10, 21) + timedelta(days=n) for n in range(14)]  # clocks back on Sunday 27 October
PATIENTS = 3
CODES = (AppointmentType.CONSULTATION, AppointmentType.INFUSION, AppointmentType.EVALUATION)
ACTIVE = (Appointment.Status.BOOKED, Appointment.Status.ATTENDED)


class Rollback(Exception):
    """Ends an example's transaction: every example starts from an empty clinic."""


days = st.sampled_from(SPRING + AUTUMN)
hours = st.integers(min_value=8, max_value=15)
minutes = st.sampled_from([0, 30])
patients = st.integers(min_value=0, max_value=PATIENTS - 1)
chairs = st.integers(min_value=0, max_value=1)
picks = st.integers(min_value=0, max_value=1000)  # which booked appointment, modulo how many there are

operations = st.one_of(
    st.tuples(st.just("book"), patients, st.sampled_from(CODES), days, hours, minutes, chairs),
    st.tuples(st.just("series"), patients, days, st.integers(min_value=9, max_value=12), minutes, chairs,
              # each further infusion: days after the one before, and its hour (none: the same hour), so
              # that 48 clock hours or 7 calendar days across a change are tried often
              st.lists(st.tuples(st.sampled_from([1, 2, 2, 3, 4, 5, 7]), st.none() | hours), max_size=3),
              # the evaluation: days after the last infusion and its hour (none: the same hour), or none
              st.none() | st.tuples(st.integers(min_value=0, max_value=8), st.none() | hours)),
    # a move: days from the appointment's current day (as staff mostly move by a day or two), new time
    st.tuples(st.just("move"), picks, st.integers(min_value=-4, max_value=4), hours, minutes, st.none() | chairs),
    st.tuples(st.just("cancel"), picks),
    # the reminder job at that moment, with the SMTP server up or down
    st.tuples(st.just("cron"), days, hours, st.booleans()),
)
SMTP = {"down": False}


def smtp(send):
    def maybe_send(self, fail_silently=False):
        if SMTP["down"]:
            raise ConnectionRefusedError("smtp down")
        return send(self, fail_silently=fail_silently)

    return maybe_send


def make_clinic(clinician_user):
    OpeningHours.objects.bulk_create(OpeningHours(weekday=d, opens=time(8), closes=time(16)) for d in range(5))
    OpeningHours.objects.bulk_create(OpeningHours(weekday=d, opens=time(9), closes=time(14)) for d in (5, 6))
    for code in DEFAULT_CODES:
        appointment_type(code)
    return {
        "chairs": [Resource.objects.create(name=f"Stol {n}", kind=Resource.Kind.CHAIR) for n in (1, 2)],
        "clinician": Resource.objects.create(name="Dr. Kari", kind=Resource.Kind.CLINICIAN, user=clinician_user),
        "intakes": [with_proceed(approved_intake(), clinician_user) for _ in range(PATIENTS)],
    }


def run(operation, clinic, staff):
    kind, *args = operation
    if kind == "book":
        patient, code, day, hour, minute, chair = args
        appointment_book(intake=clinic["intakes"][patient], appointment_type=appointment_type(code),
                         start=at(day, hour, minute), chair=clinic["chairs"][chair], clinician=clinic["clinician"],
                         actor=staff)
    elif kind == "series":
        patient, day, hour, minute, chair, further, evaluation = args
        slots = [(at(day, hour, minute), clinic["chairs"][chair])]
        for after, next_hour in further:
            day += timedelta(days=after)
            slots.append((at(day, hour if next_hour is None else next_hour, minute), clinic["chairs"][chair]))
        evaluation_start = None
        if evaluation is not None:
            after, evaluation_hour = evaluation
            evaluation_start = at(day + timedelta(days=after), hour if evaluation_hour is None else evaluation_hour)
        series_book(intake=clinic["intakes"][patient], slots=slots, clinician=clinic["clinician"], actor=staff,
                    evaluation_start=evaluation_start)
    elif kind == "cron":
        day, hour, smtp_down = args
        SMTP["down"] = smtp_down
        try:
            reminders_run(now=at(day, hour))
        finally:
            SMTP["down"] = False
    else:
        booked = list(Appointment.objects.filter(status=Appointment.Status.BOOKED).order_by("pk"))
        if not booked:
            return
        appointment = booked[args[0] % len(booked)]
        if kind == "move":
            _pick, days_later, hour, minute, chair = args
            day = local(appointment.start).date() + timedelta(days=days_later)
            appointment_reschedule(appointment=appointment, start=at(day, hour, minute), actor=staff, reason="moved",
                                   chair=None if chair is None else clinic["chairs"][chair])
        else:
            appointment_cancel(appointment=appointment, actor=staff, reason="cancelled")


def utc(value):
    return value.astimezone(timezone.utc)


def assert_reminders_fit(since):
    """Every reminder queued or delivered since `since` is for an appointment booked at its start."""
    touched = OutgoingEmail.objects.filter(kind="scheduling.reminder").exclude(status=OutgoingEmail.Status.DROPPED)
    for reminder in touched.filter(created_at__gte=since) | touched.filter(sent_at__gte=since):
        appointment = Appointment.objects.get(pk=reminder.appointment_id)
        assert (appointment.status, appointment.start) == (Appointment.Status.BOOKED, reminder.appointment_start), (
            reminder.pk, reminder.status, appointment.status, appointment.start, reminder.appointment_start)


def assert_rules_hold(intakes):
    gap, per_week, week = timedelta(hours=conf.series_min_gap_hours()), conf.series_per_week(), timedelta(days=7)
    for intake in intakes:
        starts = sorted(utc(start) for start in Appointment.objects.filter(
            intake=intake, type__code=AppointmentType.INFUSION, status__in=ACTIVE).values_list("start", flat=True))
        for earlier, later in zip(starts, starts[1:]):
            assert later - earlier >= gap, (earlier, later)
        for first in starts:
            assert sum(first <= other < first + week for other in starts) <= per_week, (first, starts)
            first_day = local(first).date()
            assert sum(first_day <= local(other).date() < first_day + week for other in starts) <= per_week, (
                first, starts)
    for series in InfusionSeries.objects.all():
        active = list(series.appointments.filter(status__in=ACTIVE).select_related("type"))
        evaluations = [a for a in active if a.type.code == AppointmentType.EVALUATION]
        for infusion in (a for a in active if a.type.code == AppointmentType.INFUSION):
            assert all(infusion.end <= evaluation.start for evaluation in evaluations), (infusion, evaluations)
    latest_end = {}
    for booking in Booking.objects.filter(active=True, exclusive=True).order_by("resource_id", "start"):
        assert booking.start >= latest_end.get(booking.resource_id, booking.start), booking.pk
        latest_end[booking.resource_id] = max(booking.end, latest_end.get(booking.resource_id, booking.end))
    for booking in Booking.objects.select_related("appointment"):
        assert (booking.start, booking.end) == (booking.appointment.start, booking.appointment.end)
        assert booking.active == (booking.appointment.status in ACTIVE)


@pytest.mark.django_db
@settings(max_examples=50, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(operations, min_size=1, max_size=25))
# The known edges, always tried: 48 clock hours and 7 calendar days across the spring change (47
# and 167 elapsed hours), 47 elapsed hours across the autumn change, an infusion moved 47 hours
# from another across the spring change, an infusion moved past the series' evaluation.
@example(steps=[("series", 0, date(2030, 3, 30), 9, 0, 0, [(2, None)], None)])
@example(steps=[("series", 0, date(2030, 3, 25), 9, 0, 0, [(2, None), (5, None)], None)])
@example(steps=[("book", 0, AppointmentType.INFUSION, date(2030, 3, 30), 9, 0, 0),
                ("book", 0, AppointmentType.INFUSION, date(2030, 4, 1), 9, 0, 1)])
@example(steps=[("series", 1, date(2030, 10, 26), 10, 0, 0, [(2, 8)], None)])
@example(steps=[("series", 2, date(2030, 3, 25), 9, 0, 0, [(2, None), (7, 10)], (7, None)),
                ("move", 2, 8, 9, 0, None)])
@example(steps=[("book", 0, AppointmentType.INFUSION, date(2030, 3, 30), 9, 0, 0),
                ("book", 0, AppointmentType.INFUSION, date(2030, 4, 2), 9, 0, 0),
                ("move", 1, -1, 9, 0, None)])
@example(steps=[("book", 0, AppointmentType.INFUSION, date(2030, 4, 2), 9, 0, 0),
                ("cron", date(2030, 3, 31), 10, True),
                ("move", 0, 1, 10, 0, None),
                ("cron", date(2030, 3, 31), 12, False)])
@example(steps=[("book", 1, AppointmentType.EVALUATION, date(2030, 10, 29), 9, 0, 0),
                ("cron", date(2030, 10, 27), 10, True),
                ("cancel", 0),
                ("cron", date(2030, 10, 27), 11, False)])
def test_no_sequence_of_bookings_moves_and_cancellations_breaks_the_rules(staff, clinician_user, steps, monkeypatch):
    monkeypatch.setattr(EmailMessage, "send", smtp(EmailMessage.send))
    try:
        with transaction.atomic():
            clinic = make_clinic(clinician_user)
            for operation in steps:
                since = django_timezone.now()
                try:
                    run(operation, clinic, staff)
                    note(f"done: {operation}")
                    event(f"{operation[0]}: done")  # shown with --hypothesis-show-statistics
                except ValidationError as error:
                    note(f"refused: {operation}: {' '.join(error.messages)}")
                    event(f"{operation[0]}: refused")
                assert_rules_hold(clinic["intakes"])
                assert_reminders_fit(since)
            raise Rollback
    except Rollback:
        pass
