"""A pipeline of intakes in every state, and a small test-only ruleset that really changes outcomes:
2026.1's rules plus an absolute flag on an answer most test intakes have (referral by the GP), minus
INFO-MED-LAMOTRIGINE. So the tests do not depend on 2026.2's exact content."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import translation

from clinic.accounts.roles import CLINICIAN, MEDICAL_LEAD, STAFF
from clinic.scheduling.models import Appointment, ConsultationOutcome
from clinic.scheduling.types import appointment_type
from screening.models import Intake
from screening.review.services import review_claim, review_decide
from screening.rules import RULESETS
from screening.rules.dose_table import DOSE_TABLE_2026_1
from screening.rules.engine import AnswerIn, DoseTable, Rule, Ruleset
from screening.rules.ruleset_2026_1 import ASKED_PATHS, RULES, SETTINGS
from screening.services import intake_import
from tests.conftest import EXAMPLES_DIR, log_in
from tests.factories import IntakeFactory, UserFactory
from tests.scheduling.conftest import MONDAY, WEDNESDAY, at, make_clinic

TEST_VERSION = "test.rescreen"
NEW_CODE = "ABS-TEST-GP-REFERRAL"
RETIRED_CODE = "INFO-MED-LAMOTRIGINE"
ON_DUTY = "vakt@clinic.example"

TEST_RULESET = Ruleset(
    version=TEST_VERSION,
    settings=dict(SETTINGS),
    dose_table=DoseTable(DOSE_TABLE_2026_1),
    rules=tuple(rule for rule in RULES if rule.code != RETIRED_CODE) + (
        Rule(NEW_CODE, "absolute", (AnswerIn("practical.referral", ("gp",)),),
             {"nb": "Testregel: henvist av fastlegen.", "en": "Test rule: referred by the GP."},
             {"nb": "Test", "en": "Test"}),
    ),
    asked_paths={"intake/1": ASKED_PATHS},
)


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English; URLs are reversed the same way in every test."""
    with translation.override("en"):
        yield


@pytest.fixture
def test_ruleset(monkeypatch):
    monkeypatch.setitem(RULESETS, TEST_VERSION, TEST_RULESET)
    return TEST_VERSION


@pytest.fixture
def on_duty(settings):
    settings.ON_DUTY_CLINICIAN_EMAILS = [ON_DUTY]
    return ON_DUTY


def document(example, referral="gp"):
    doc = json.loads((EXAMPLES_DIR / f"{example}.json").read_text(encoding="utf-8"))
    doc["practical"]["referral"] = referral
    return doc


def submitted(example="base-meets", referral="gp", name="Kari Nordmann", days_ago=1):
    """An intake imported and screened under 2026.1, waiting since `days_ago` days."""
    from django.utils import timezone

    intake, _result = intake_import(document=document(example, referral), name=name, email="kari@example.com",
                                    ruleset_version="2026.1")
    Intake.objects.filter(pk=intake.pk).update(submitted_at=timezone.now() - timedelta(days=days_ago))
    intake.refresh_from_db()
    return intake


@pytest.fixture
def clinician(db):
    return UserFactory(email="lege@clinic.example", name="Dr Lege", roles=[CLINICIAN])


@pytest.fixture
def medical_lead(db):
    return UserFactory(email="fagansvarlig@clinic.example", name="Dr Leder", roles=[MEDICAL_LEAD, CLINICIAN])


@pytest.fixture
def staff(db):
    return UserFactory(email="booking@clinic.example", name="Sam Staff", roles=[STAFF])


def client_for(user):
    return log_in(Client(), user)


@pytest.fixture
def clinic(db, clinician):
    return make_clinic(clinician)


def approve(intake, clinician):
    review_claim(intake=intake, clinician=clinician)
    review_decide(intake=intake, clinician=clinician, kind="approve", reason="Ok")
    intake.refresh_from_db()
    return intake


def proceed(intake, clinician):
    """A consultation (Monday 4 March 2030) that ended with 'proceed to infusions'."""
    consultation = Appointment.objects.create(
        intake=intake, type=appointment_type("consultation"), start=at(MONDAY, 8), end=at(MONDAY, 9),
        status=Appointment.Status.ATTENDED)
    ConsultationOutcome.objects.create(appointment=consultation, proceed=True, note="ok", actor=clinician)
    return intake


def book_infusion(intake, clinic, staff, day=WEDNESDAY, hour=10):
    from clinic.scheduling.services import appointment_book

    return appointment_book(intake=intake, appointment_type=appointment_type("infusion"), start=at(day, hour),
                            chair=clinic["chair1"], clinician=clinic["clinician"], actor=staff)


@pytest.fixture
def pipeline(db, clinic, clinician, staff):
    """Intakes in every state, all screened under 2026.1 (whose rules 2026.2 starts from)."""
    p = {}
    p["draft"] = IntakeFactory(status="draft", name="Utkast")
    p["urgent_draft"] = IntakeFactory(status="draft", urgent=True, name="Haster Utkast")
    p["submitted"] = submitted(name="Sendt Inn", days_ago=1)
    p["in_review"] = submitted(name="Under Vurdering", days_ago=2)
    review_claim(intake=p["in_review"], clinician=clinician)
    p["info_requested"] = submitted("ptsd-meets", name="Mer Info", days_ago=3)
    review_claim(intake=p["info_requested"], clinician=clinician)
    review_decide(intake=p["info_requested"], clinician=clinician, kind="request_info", patient_message="Mer?")
    p["approved"] = approve(submitted(name="Godkjent Uten Time", days_ago=10), clinician)
    p["booked"] = approve(submitted(name="Godkjent Med Time", days_ago=11), clinician)
    proceed(p["booked"], clinician)
    p["infusion"] = book_infusion(p["booked"], clinic, staff)
    p["declined"] = submitted("bp-181-80", name="Avslått", days_ago=12)
    review_claim(intake=p["declined"], clinician=clinician)
    review_decide(intake=p["declined"], clinician=clinician, kind="decline", reason="BT", patient_message="Nei")
    p["unchanged"] = submitted(referral="specialist", name="Uendret", days_ago=4)
    p["flag_removed"] = submitted("meds-sobril-lamictal", referral="specialist", name="Lamotrigin", days_ago=5)
    p["urgent"] = submitted("urgent-intent", name="Haster", days_ago=6)
    p["unreadable"] = submitted(name="Uleselig", days_ago=7)
    Intake.objects.filter(pk=p["unreadable"].pk).update(document={"format": "intake/9"})
    for key, value in p.items():
        if isinstance(value, Intake):
            value.refresh_from_db()
    return p
