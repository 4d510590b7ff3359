"""Fixed actors (a nurse, a second nurse, a clinician, a staff member who books) and infusions of today.

The patients are screened example intakes: `base-meets` has no absolute flag, `bp-181-80` has the
absolute flag ABS-HTN-UNCONTROLLED (not overridden unless a test does it)."""

import json
from datetime import time, timedelta

import pytest
from django.utils import timezone, translation

from clinic.accounts.roles import CLINICIAN, NURSE, STAFF
from clinic.scheduling.availability import aware
from clinic.scheduling.models import Appointment, AppointmentType, ConsultationOutcome, InfusionSeries
from clinic.scheduling.types import appointment_type
from screening.models import Intake
from screening.samples import as_intake_2
from screening.services import intake_import, intake_set_status
from tests.conftest import EXAMPLES_DIR
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def nurse(db):
    return UserFactory(roles=[NURSE], name="Nina Nurse", email="nina@clinic.example")


@pytest.fixture
def nurse2(db):
    return UserFactory(roles=[NURSE], name="Nils Nurse", email="nils@clinic.example")


@pytest.fixture
def clinician(db):
    return UserFactory(roles=[CLINICIAN], name="Dr. Kari", email="kari.lege@clinic.example")


@pytest.fixture
def staff(db):
    return UserFactory(roles=[STAFF], name="Sam Staff", email="sam@clinic.example")


def patient(example="base-meets", name="Kari Nordmann", clinician=None):
    """An approved, screened intake whose consultation ended with "proceed"."""
    document = json.loads((EXAMPLES_DIR / f"{example}.json").read_text(encoding="utf-8"))
    intake, _result = intake_import(document=as_intake_2(document), name=name, email="kari@example.com")
    intake_set_status(intake=intake, status=Intake.Status.APPROVED, reason="test")
    clinician = clinician or UserFactory(roles=[CLINICIAN])
    start = timezone.now() - timedelta(days=20)
    consultation = Appointment.objects.create(intake=intake, type=appointment_type(AppointmentType.CONSULTATION),
                                              start=start, end=start + timedelta(hours=1),
                                              status=Appointment.Status.ATTENDED)
    ConsultationOutcome.objects.create(appointment=consultation, proceed=True, note="ok", actor=clinician)
    return intake


def infusion(intake, *, day=None, minute=5, series=None, number=None, code=AppointmentType.INFUSION, status="booked"):
    """An infusion appointment (written directly, as booked) on `day` (today) early in the day."""
    day = day or timezone.localdate()
    start = aware(day, time(0, minute))
    kind = appointment_type(code)
    return Appointment.objects.create(intake=intake, type=kind, start=start,
                                      end=start + timedelta(minutes=kind.duration_minutes), series=series,
                                      series_number=number, status=status)


def series_of(intake, count, *, first_day=None):
    """A series of `count` infusions on consecutive days ending today, and an evaluation today."""
    first_day = first_day or timezone.localdate() - timedelta(days=count - 1)
    series = InfusionSeries.objects.create(intake=intake, planned_count=count)
    appointments = [infusion(intake, day=first_day + timedelta(days=i), series=series, number=i + 1)
                    for i in range(count)]
    evaluation = infusion(intake, minute=1, series=series, code=AppointmentType.EVALUATION)
    return series, appointments, evaluation


@pytest.fixture
def intake(db, clinician):
    return patient(clinician=clinician)


@pytest.fixture
def today_infusion(intake):
    return infusion(intake)


def check_dose(appointment, checker, record=None):
    """`checker`, logged in as themselves, confirms the dose as shown now."""
    from clinic.treatment import services
    from clinic.treatment.models import InfusionRecord

    record = InfusionRecord.objects.get(appointment=appointment)
    return services.infusion_dose_check(appointment=appointment, actor=checker, seen_dose_at=record.dose_at,
                                        seen_total_mg=record.total_mg, seen_rate_mg_per_h=record.rate_mg_per_h)


def ready_to_start(appointment, nurse, nurse2, *, systolic=140, diastolic=85):
    """Dose recorded by `nurse`, checked by `nurse2`, one reading before."""
    from clinic.treatment import services

    record = services.infusion_dose_record(appointment=appointment, weight_kg="70", mg_per_kg="0.5", minutes=40,
                                           actor=nurse)
    check_dose(appointment, nurse2, record)
    services.infusion_vital_add(appointment=appointment, systolic=systolic, diastolic=diastolic, pulse=72, spo2=98,
                                actor=nurse)


def full_infusion(appointment, nurse, nurse2, *, high=False, side_effect=True):
    """Through the whole day, each step "as of" its minute after the appointment's start (a record is kept
    on its day only, and the discharge waits for the observation time): start, readings during (one high
    with a note), finish, transport, discharge."""
    from clinic.demo_time import as_of
    from clinic.treatment import services

    def at(minutes):
        return as_of(appointment.start + timedelta(minutes=minutes))

    with at(5):
        ready_to_start(appointment, nurse, nurse2)
    with at(10):
        services.infusion_start(appointment=appointment, actor=nurse)
    with at(25):
        services.infusion_vital_add(appointment=appointment, systolic=150, diastolic=90, pulse=80, spo2=97, actor=nurse)
    if high:
        with at(35):
            reading = services.infusion_vital_add(appointment=appointment, systolic=185, diastolic=100, actor=nurse)
            services.infusion_note_add(appointment=appointment, vital_id=reading.pk, text="Lege varslet.", actor=nurse)
    with at(50):
        if side_effect:
            services.infusion_side_effect_add(appointment=appointment, kind="nausea", severity="mild", actor=nurse)
        services.infusion_finish(appointment=appointment, actor=nurse)
    with at(85):
        services.infusion_vital_add(appointment=appointment, systolic=135, diastolic=82, spo2=98, actor=nurse)
        services.infusion_transport_confirm(appointment=appointment, transport="escort", note="Ektefelle", actor=nurse)
        services.infusion_discharge(appointment=appointment, actor=nurse)
    return appointment.infusion_record


@pytest.fixture
def pdf_html(monkeypatch):
    """WeasyPrint replaced by a stand-in that keeps the HTML it was given (in ["html"]) and returns no real PDF."""
    import weasyprint

    seen = {}

    class FakeHTML:
        def __init__(self, string, base_url):
            seen["html"] = string

        def write_pdf(self):
            return b"%PDF-fake"

    monkeypatch.setattr(weasyprint, "HTML", FakeHTML)
    return seen
