"""Apply stores one new result per intake whose result differs, however often it runs and wherever a
previous run stopped; a ruleset that differs only in its version number stores nothing."""

import dataclasses

import pytest

from screening.models import IntakeStatusChange, ScreeningResult
from screening.review.models import RescreenAlert, RescreenEscalation
from screening.review.rescreen import rescreen_apply, rescreen_impact, rescreen_intake
from screening.rules import RULESETS, get_ruleset

from .conftest import TEST_VERSION, approve, submitted

pytestmark = pytest.mark.django_db


def rows():
    return (ScreeningResult.objects.count(), IntakeStatusChange.objects.count(), RescreenEscalation.objects.count(),
            RescreenAlert.objects.count())


def test_an_interrupted_run_finishes_the_rest_and_a_third_run_changes_nothing(test_ruleset, clinician):
    intakes = [submitted(name=f"Pasient {n}") for n in range(4)] + [approve(submitted(name="Godkjent"), clinician)]
    # The first run stopped after two intakes.
    for intake in intakes[:2]:
        assert rescreen_intake(intake_id=intake.pk, ruleset_version=TEST_VERSION) is not None
    assert rescreen_intake(intake_id=intakes[0].pk, ruleset_version=TEST_VERSION) is None
    assert rescreen_apply(ruleset_version=test_ruleset).counts["stored"] == 3
    for intake in intakes:
        assert intake.results.filter(ruleset=TEST_VERSION).count() == 1
        assert intake.status_changes.filter(reason__startswith="Re-screened under").count() == 1
    assert RescreenEscalation.objects.count() == 4 and RescreenAlert.objects.count() == 1
    before = rows()
    assert rescreen_apply(ruleset_version=test_ruleset).counts["stored"] == 0
    assert rows() == before


def test_a_ruleset_that_differs_only_in_its_version_stores_nothing(monkeypatch):
    same = dataclasses.replace(get_ruleset("2026.1"), version="test.same")
    monkeypatch.setitem(RULESETS, "test.same", same)
    for n in range(3):
        submitted(name=f"Pasient {n}")
    before = rows()
    impact = rescreen_impact(ruleset_version="test.same")
    assert (impact.counts["screened"], impact.counts["differs"]) == (3, 0)
    assert impact.transition_rows() == [["meets_criteria", "meets_criteria", 3]]
    assert rescreen_apply(ruleset_version="test.same").counts["stored"] == 0
    assert rows() == before
