"""No double-booking, ever. Against PostgreSQL (how CI runs) 20 threads book the same chair at the same
time: exactly one succeeds and the others get a clear error; the database constraint also rejects an
overlap written past the service. On SQLite the same 20 attempts run one after another."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from clinic.scheduling.models import Appointment, AppointmentType, Booking
from clinic.scheduling.services import appointment_book
from clinic.scheduling.types import appointment_type

from .conftest import WEDNESDAY, approved_intake, at, with_proceed

ATTEMPTS = 20


def _book(intake, clinic, staff):
    return appointment_book(intake=intake, appointment_type=appointment_type(AppointmentType.INFUSION),
                            start=at(WEDNESDAY, 10), chair=clinic["chair1"], clinician=clinic["clinician"],
                            actor=staff)


@pytest.mark.django_db(transaction=True)
def test_twenty_bookings_of_the_same_chair_and_time_give_exactly_one(clinic, staff, clinician_user):
    intakes = [with_proceed(approved_intake(), clinician_user) for _ in range(ATTEMPTS)]
    results, errors = [], []

    def attempt(intake, barrier):
        translation.activate("en")  # each thread has its own active language
        try:
            if barrier is not None:
                barrier.wait(timeout=30)
            results.append(_book(intake, clinic, staff))
        except ValidationError as error:
            errors.append(" ".join(error.messages))
        finally:
            if barrier is not None:
                connection.close()

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(ATTEMPTS)
        threads = [threading.Thread(target=attempt, args=(intake, barrier)) for intake in intakes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    else:
        for intake in intakes:
            attempt(intake, None)

    assert len(results) == 1
    assert len(errors) == ATTEMPTS - 1
    assert all("Stol 1" in e and "already booked" in e for e in errors), errors
    assert Booking.objects.filter(resource=clinic["chair1"], active=True).count() == 1
    assert Appointment.objects.filter(type__code="infusion").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_itself_rejects_an_overlap_written_past_the_service(clinic, staff, ready_for_series):
    first = _book(ready_for_series, clinic, staff)
    second = Appointment.objects.create(intake=ready_for_series, type=first.type, start=first.start, end=first.end)
    overlapping = Booking(appointment=second, resource=clinic["chair1"], start=at(WEDNESDAY, 11),
                          end=at(WEDNESDAY, 13))
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError), transaction.atomic():
            overlapping.save()
        # A cancelled (inactive) booking does not hold the slot.
        overlapping.active = False
        overlapping.save()
        assert Booking.objects.filter(resource=clinic["chair1"]).count() == 2
    else:
        # SQLite has no exclusion constraints: the service's check is the guard there.
        with pytest.raises(ValidationError, match="already booked"):
            _book(ready_for_series, clinic, staff)
