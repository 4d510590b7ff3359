"""The queue's columns on the intake (outcome, indication, escalated) always say what the rows they
stand for say: the latest screening result, the document's indication, and a re-screening that waits
for a clinician (an escalation no decision has followed, or an alert not yet reviewed)."""

import importlib

import pytest
from django.apps import apps
from django.db.models import Exists, OuterRef

from screening.models import Intake
from screening.review.models import Decision, RescreenAlert, RescreenEscalation
from screening.review.rescreen import rescreen_alert_review, rescreen_apply
from screening.review.services import review_claim, review_decide

pytestmark = pytest.mark.django_db


def from_the_rows(intake):
    """(outcome, indication, escalated) read from the results, the document and the re-screening rows."""
    latest = intake.latest_result
    decided_since = Decision.objects.filter(intake=intake, created_at__gte=OuterRef("created_at"))
    escalated = (RescreenEscalation.objects.filter(intake=intake).filter(~Exists(decided_since)).exists()
                 or RescreenAlert.objects.filter(intake=intake, reviewed_at__isnull=True).exists())
    indication = ((intake.document or {}).get("indication") or {}).get("primary") if latest else None
    return (latest.outcome if latest else "", indication or "", escalated)


def columns(intake):
    intake.refresh_from_db()
    return (intake.outcome, intake.indication, intake.escalated)


def assert_columns_match_the_rows(pipeline):
    for key, intake in pipeline.items():
        if isinstance(intake, Intake) and key != "unreadable":
            assert columns(intake) == from_the_rows(intake), key


def test_every_screening_sets_outcome_and_indication(pipeline):
    assert_columns_match_the_rows(pipeline)
    assert columns(pipeline["urgent"])[0] == "urgent"
    assert columns(pipeline["info_requested"])[1] == "ptsd"
    assert columns(pipeline["draft"]) == ("", "", False)


def test_rescreening_marks_escalated_and_alerted_cases(test_ruleset, pipeline):
    rescreen_apply(ruleset_version=test_ruleset)
    assert_columns_match_the_rows(pipeline)
    assert columns(pipeline["in_review"]) == ("contraindicated", "depression", True)
    assert columns(pipeline["booked"])[2] is True  # approved, gained an absolute flag: an alert
    assert columns(pipeline["unchanged"])[2] is False
    assert columns(pipeline["declined"])[2] is False  # a decided case gets neither


def test_a_decision_clears_the_escalation_and_a_review_clears_the_alert(test_ruleset, pipeline, clinician):
    rescreen_apply(ruleset_version=test_ruleset)
    review_decide(intake=pipeline["in_review"], clinician=clinician, kind="request_info", patient_message="Mer?")
    submitted = pipeline["submitted"]
    review_claim(intake=submitted, clinician=clinician)
    assert columns(submitted)[2] is True  # claiming is not deciding
    alert = RescreenAlert.objects.get(intake=pipeline["booked"])
    rescreen_alert_review(alert=alert, clinician=clinician, reason="Sett", password_confirmed=True)
    assert columns(pipeline["in_review"])[2] is False
    assert columns(pipeline["booked"])[2] is False
    assert_columns_match_the_rows(pipeline)


def test_the_migration_fills_the_columns_of_intakes_stored_before_them(test_ruleset, pipeline):
    rescreen_apply(ruleset_version=test_ruleset)
    expected = {key: columns(intake) for key, intake in pipeline.items() if isinstance(intake, Intake)}
    Intake.objects.update(outcome="", indication="", escalated=False)
    migration = importlib.import_module("screening.migrations.0003_queue_columns")
    migration.fill_queue_columns(apps, None)
    got = {key: columns(intake) for key, intake in pipeline.items() if isinstance(intake, Intake)}
    del expected["unreadable"], got["unreadable"]  # its document was replaced after screening
    assert got == expected
