"""Whatever staff and patients do, in any order, no resource is ever double-booked and every booking
row matches its appointment. A fixed-seed random walk over book / series / move / cancel / no-show."""

import random
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from clinic.scheduling.models import Appointment, AppointmentType, Booking
from clinic.scheduling.services import (
    appointment_book,
    appointment_cancel,
    appointment_record_attendance,
    appointment_reschedule,
    series_book,
)
from clinic.scheduling.types import appointment_type

from .conftest import approved_intake, at, with_proceed

FIRST_DAY = date(2030, 4, 1)  # a Monday


def overlapping_pairs():
    active = list(Booking.objects.filter(active=True, exclusive=True).order_by("resource_id", "start"))
    return [(a.pk, b.pk) for a, b in zip(active, active[1:]) if a.resource_id == b.resource_id and b.start < a.end]


def random_start(rng):
    day = FIRST_DAY + timedelta(days=rng.randrange(0, 12))
    return at(day, rng.randrange(7, 16), rng.choice([0, 30]))


@pytest.mark.django_db
def test_no_sequence_of_operations_double_books(clinic, staff, clinician_user):
    rng = random.Random(20261124)
    intakes = [with_proceed(approved_intake(), clinician_user, day=date(2030, 3, 4)) for _ in range(6)]
    chairs = [clinic["chair1"], clinic["chair2"]]
    types = [appointment_type(code) for code in (AppointmentType.CONSULTATION, AppointmentType.INFUSION,
                                                   AppointmentType.EVALUATION)]
    done = refused = 0
    for _step in range(250):
        booked = list(Appointment.objects.filter(status="booked").exclude(type__code="consultation",
                                                                            start__lt=at(FIRST_DAY, 0)))
        operation = rng.choice(["book", "book", "series", "move", "cancel", "no_show"])
        try:
            if operation == "book":
                appointment_book(intake=rng.choice(intakes), appointment_type=rng.choice(types),
                                 start=random_start(rng), chair=rng.choice(chairs), clinician=clinic["clinician"],
                                 actor=staff)
            elif operation == "series":
                first = random_start(rng)
                slots = [(first + timedelta(days=2 * n + rng.choice([0, 0, 1])), rng.choice(chairs)) for n in range(3)]
                series_book(intake=rng.choice(intakes), slots=slots, clinician=clinic["clinician"], actor=staff)
            elif operation == "move" and booked:
                appointment_reschedule(appointment=rng.choice(booked), start=random_start(rng),
                                       chair=rng.choice(chairs + [None]), actor=staff, reason="random walk")
            elif operation == "cancel" and booked:
                appointment_cancel(appointment=rng.choice(booked), actor=staff, reason="random walk",
                                   by_patient=rng.random() < 0.3)
            elif operation == "no_show" and booked:
                appointment_record_attendance(appointment=rng.choice(booked), attended=False, actor=staff)
            done += 1
        except ValidationError:
            refused += 1
        assert overlapping_pairs() == []
    # Every booking row matches its appointment; only booked/attended appointments hold their slot.
    for booking in Booking.objects.select_related("appointment"):
        appointment = booking.appointment
        assert (booking.start, booking.end) == (appointment.start, appointment.end)
        assert booking.active == (appointment.status in ("booked", "attended"))
    assert done > 50 and refused > 20  # the walk both booked a lot and hit conflicts
