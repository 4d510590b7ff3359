"""A patient approved after the intake (base-meets: depression, PHQ-9 17 at baseline), an infusion series,
and the fixed actors: clinician, staff, medical lead."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from clinic.accounts.roles import CLINICIAN, MEDICAL_LEAD, STAFF
from clinic.scheduling.models import Appointment, AppointmentType, InfusionSeries
from clinic.scheduling.types import appointment_type
from screening.models import Intake
from screening.samples import as_intake_2
from screening.services import intake_import, intake_set_status
from tests.conftest import log_in
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def logged_in(user):
    client = Client()
    log_in(client, user)
    return client


@pytest.fixture
def clinician(db):
    return UserFactory(roles=[CLINICIAN], name="Dr. Kari")


@pytest.fixture
def staff(db):
    return UserFactory(roles=[STAFF], name="Sam Staff")


@pytest.fixture
def medical_lead(db):
    return UserFactory(roles=[MEDICAL_LEAD, CLINICIAN], name="Dr. Lead")


@pytest.fixture
def make_patient(db, example_document):
    def make(example="base-meets", *, name="Astrid Solberg", email="astrid@example.com", approve=True,
             locale="en"):
        document = as_intake_2(example_document(example))
        document["locale"] = locale
        intake, _result = intake_import(document=document, name=name, email=email)
        if approve:
            intake_set_status(intake=intake, status=Intake.Status.APPROVED, reason="test")
        intake.refresh_from_db()
        return intake

    return make


@pytest.fixture
def patient(make_patient):
    return make_patient()


def book(intake, code, start, *, series=None, number=None, status=Appointment.Status.BOOKED):
    kind = appointment_type(code)
    return Appointment.objects.create(intake=intake, type=kind, start=start,
                                      end=start + timedelta(minutes=kind.duration_minutes), status=status,
                                      series=series, series_number=number)


@pytest.fixture
def infusion_tomorrow(patient):
    series = InfusionSeries.objects.create(intake=patient, planned_count=6)
    return book(patient, AppointmentType.INFUSION, timezone.now() + timedelta(hours=20), series=series, number=1)
