"""Fixed actors and a small clinic: two chairs, one clinician, opening hours Mon–Fri 08:00–16:00.

Dates are in 2030 so they are always in the future; 31 March 2030 is a daylight-saving change in
Europe/Oslo (02:00 → 03:00), so a series starting Monday 25 March crosses it."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from clinic.accounts.roles import CLINICIAN, STAFF
from clinic.scheduling.models import AppointmentType, OpeningHours, Resource
from clinic.scheduling.services import consultation_record_outcome
from clinic.scheduling.types import appointment_type
from screening.models import Intake
from screening.services import intake_set_status
from tests.factories import IntakeFactory, UserFactory

MONDAY = date(2030, 3, 4)
WEDNESDAY = date(2030, 3, 6)
PRACTICAL = {"practical": {"transport_home": False, "can_fast": True, "referral": "gp"}, "locale": "nb"}


@pytest.fixture(autouse=True)
def english():
    """Service messages are matched in English here; e-mails still follow the patient's language."""
    from django.utils import translation

    with translation.override("en"):
        yield


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def staff(db):
    return UserFactory(roles=[STAFF], name="Sam Staff")


@pytest.fixture
def clinician_user(db):
    return UserFactory(roles=[CLINICIAN], name="Dr. Kari")


def make_clinic(clinician_user):
    """Opening hours Mon–Fri 08–16, two chairs and the clinician as a resource (named as the user)."""
    OpeningHours.objects.bulk_create(OpeningHours(weekday=d, opens=time(8), closes=time(16)) for d in range(5))
    for code in DEFAULT_CODES:
        appointment_type(code)
    return {
        "chair1": Resource.objects.create(name="Stol 1", kind=Resource.Kind.CHAIR),
        "chair2": Resource.objects.create(name="Stol 2", kind=Resource.Kind.CHAIR),
        "clinician": Resource.objects.create(name=clinician_user.name, kind=Resource.Kind.CLINICIAN,
                                             user=clinician_user),
    }


@pytest.fixture
def clinic(db, clinician_user):
    return make_clinic(clinician_user)


DEFAULT_CODES = (AppointmentType.CONSULTATION, AppointmentType.INFUSION, AppointmentType.EVALUATION,
                 AppointmentType.FOLLOW_UP_CALL)


def approved_intake(**kwargs):
    intake = IntakeFactory(document=dict(PRACTICAL), **kwargs)
    intake_set_status(intake=intake, status=Intake.Status.APPROVED, reason="test")
    return intake


@pytest.fixture
def approved(db):
    return approved_intake(name="Kari Nordmann", email="kari@example.com", phone="+47 911 22 333")


@pytest.fixture
def ready_for_series(clinic, approved, staff, clinician_user):
    """An approved intake whose consultation ended with 'proceed to infusions'."""
    from clinic.scheduling.services import appointment_book

    consultation = appointment_book(intake=approved, appointment_type=appointment_type(AppointmentType.CONSULTATION),
                                    start=at(MONDAY, 9), clinician=clinic["clinician"], actor=staff)
    happened(consultation)
    consultation_record_outcome(appointment=consultation, proceed=True, note="Good candidate.", actor=clinician_user)
    return approved


def with_proceed(intake, clinician_user, day=MONDAY):
    """Give an intake a past-the-fact consultation with 'proceed' directly (setup for many intakes)."""
    from clinic.scheduling.models import Appointment, ConsultationOutcome

    consultation = Appointment.objects.create(
        intake=intake, type=appointment_type(AppointmentType.CONSULTATION), start=at(day, 8), end=at(day, 9),
        status=Appointment.Status.ATTENDED)
    ConsultationOutcome.objects.create(appointment=consultation, proceed=True, note="ok", actor=clinician_user)
    return intake


def happened(appointment, days_ago=1):
    """Time passes: move a booked appointment (and its bookings) into the past, as if it took place."""
    from datetime import timedelta

    from clinic.scheduling.models import Appointment, Booking

    start = timezone.now().replace(microsecond=0) - timedelta(days=days_ago)
    end = start + (appointment.end - appointment.start)
    Appointment.objects.filter(pk=appointment.pk).update(start=start, end=end)
    Booking.objects.filter(appointment=appointment).update(start=start, end=end)
    appointment.refresh_from_db()
    return appointment
