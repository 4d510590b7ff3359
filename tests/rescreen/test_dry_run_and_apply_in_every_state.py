"""The issue's acceptance test: dry run and apply on intakes in every state (draft, submitted, in review,
information requested, approved, booked with future infusions, declined), checking the transition table,
the alerts, the blocked booking and that a second apply changes nothing."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from clinic.mail.models import OutgoingEmail
from clinic.scheduling.models import Appointment
from screening.models import IntakeStatusChange, ScreeningResult
from screening.review.models import RescreenAlert, RescreenEscalation, RescreenReport
from screening.review.rescreen import rescreen_apply, rescreen_impact, rescreen_report_save

from .conftest import NEW_CODE, ON_DUTY, RETIRED_CODE, TEST_VERSION, book_infusion

pytestmark = pytest.mark.django_db

MEETS, CONTRA = "meets_criteria", "contraindicated"


def snapshot():
    return (ScreeningResult.objects.count(), IntakeStatusChange.objects.count(), RescreenAlert.objects.count(),
            RescreenEscalation.objects.count(), OutgoingEmail.objects.filter(kind="rescreen_alert").count())


def test_dry_run_reports_every_state_and_writes_only_the_report(test_ruleset, pipeline):
    before = snapshot()
    impact = rescreen_impact(ruleset_version=test_ruleset)
    report = rescreen_report_save(impact=impact)
    assert snapshot() == before
    assert RescreenReport.objects.get() == report

    assert report.counts == {"skipped_no_result": 2, "screened": 9, "differs": 8, "outcome_changed": 5,
                             "skipped_unreadable": 1}
    assert report.unreadable == [pipeline["unreadable"].reference]
    assert report.transitions == [
        ["urgent", "urgent", 1],
        [CONTRA, CONTRA, 1],
        ["needs_review", "needs_review", 1],
        [MEETS, CONTRA, 5],
        [MEETS, MEETS, 1],
    ]
    assert report.flags_added == {NEW_CODE: 7}
    assert report.flags_removed == {RETIRED_CODE: 1}
    moved = ("submitted", "in_review", "info_requested", "approved", "booked")
    assert [row["reference"] for row in report.changed] == sorted(pipeline[k].reference for k in moved)
    assert {(row["before"], row["after"], row["added"][0]) for row in report.changed} == {(MEETS, CONTRA, NEW_CODE)}
    by_reference = {row["reference"]: row for row in report.changed}
    assert by_reference[pipeline["booked"].reference]["booked"] is True
    assert by_reference[pipeline["info_requested"].reference]["status"] == "info_requested"
    assert [(row["reference"], row["booked"], row["codes"]) for row in report.gained] == sorted([
        (pipeline["approved"].reference, False, [NEW_CODE]),
        (pipeline["booked"].reference, True, [NEW_CODE]),
    ])


def test_apply_stores_new_results_escalates_open_cases_alerts_approved_ones_and_blocks_booking(
        test_ruleset, pipeline, on_duty, clinic, staff, django_capture_on_commit_callbacks):
    results_before = ScreeningResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):  # the e-mails go out once each intake is committed
        impact = rescreen_apply(ruleset_version=test_ruleset)
    assert impact.counts["stored"] == 8
    assert ScreeningResult.objects.count() == results_before + 8
    for key in ("submitted", "in_review", "info_requested", "approved", "booked", "declined", "flag_removed", "urgent"):
        latest = pipeline[key].latest_result
        assert latest.ruleset == TEST_VERSION, key
        change = pipeline[key].status_changes.order_by("-created_at", "-pk").first()
        assert change.from_status == change.to_status == pipeline[key].status
        assert change.reason == f"Re-screened under {TEST_VERSION}: was {impact_before(key)}, now {latest.outcome}"
    for key in ("draft", "urgent_draft", "unchanged", "unreadable"):
        assert not pipeline[key].results.filter(ruleset=TEST_VERSION).exists(), key
    # The old results stay as they were.
    assert pipeline["submitted"].results.filter(ruleset="2026.1", outcome=MEETS).exists()

    escalated = RescreenEscalation.objects.values_list("intake__reference", "was", "now")
    assert sorted(escalated) == sorted((pipeline[k].reference, MEETS, CONTRA)
                                       for k in ("submitted", "in_review", "info_requested"))
    alerts = RescreenAlert.objects.order_by("intake__reference")
    assert [(a.intake_id, a.codes, a.reviewed_at) for a in alerts] == sorted(
        [(pipeline["approved"].pk, [NEW_CODE], None), (pipeline["booked"].pk, [NEW_CODE], None)],
        key=lambda row: next(p.reference for p in (pipeline["approved"], pipeline["booked"]) if p.pk == row[0]))

    sent = [m for m in mail.outbox if m.subject.startswith("Ny kartlegging må vurderes")]  # the clinic's language
    assert sorted(m.subject for m in sent) == sorted(f"Ny kartlegging må vurderes: {pipeline[k].reference}"
                                                     for k in ("approved", "booked"))
    for message in sent:
        assert message.to == [ON_DUTY]
        text = message.subject + message.body
        assert "/review/" in text
        for word in ("Godkjent", NEW_CODE, "ABS-", "contraindicated", "kari@example.com"):
            assert word not in text

    with pytest.raises(ValidationError) as error:
        book_infusion(pipeline["booked"], clinic, staff, day=pipeline["infusion"].start.date().replace(day=8))
    assert "A new flag from the re-screening must be reviewed by a clinician" in error.value.messages[0]
    assert Appointment.objects.filter(intake=pipeline["booked"], type__code="infusion").count() == 1

    # Idempotent: the second run stores nothing, alerts nobody again, and a dry run sees nothing left.
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        again = rescreen_apply(ruleset_version=test_ruleset)
    assert again.counts["stored"] == 0 and again.counts["differs"] == 0
    assert snapshot() == before
    assert len([m for m in mail.outbox if m.subject.startswith("Ny kartlegging må vurderes")]) == 2
    after = rescreen_impact(ruleset_version=test_ruleset)
    assert (after.counts["differs"], after.changed, after.gained) == (0, [], [])


def impact_before(key):
    return {"declined": CONTRA, "urgent": "urgent", "flag_removed": "needs_review"}.get(key, MEETS)
