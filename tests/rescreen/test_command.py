"""`manage.py rescreen`: the printed tables, the CSV file, the progress lines, and its errors."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from screening.models import ScreeningResult
from screening.review.models import RescreenReport

from .conftest import NEW_CODE, RETIRED_CODE, TEST_VERSION

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("rescreen", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_the_transition_table_flags_and_lists(test_ruleset, pipeline):
    results = ScreeningResult.objects.count()
    out, err = run("--ruleset", TEST_VERSION, "--dry-run")
    assert ScreeningResult.objects.count() == results
    assert f"Re-screening under {TEST_VERSION}: dry run, no screening result was stored." in out
    assert "Intakes screened: 9; result differs: 8; outcome changes: 5." in out
    assert "Skipped: 2 without a screening result, 1 that the ruleset cannot read." in out
    assert f"Cannot read: {pipeline['unreadable'].reference}" in out
    lines = [line.split() for line in out.splitlines()]
    assert ["meets_criteria", "contraindicated", "5"] in lines
    assert ["contraindicated", "contraindicated", "1"] in lines
    assert [NEW_CODE, "7"] in lines and [RETIRED_CODE, "1"] in lines
    assert "Intakes whose outcome changes, most severe first: 5" in out
    booked = pipeline["booked"].reference
    assert [booked, "approved", "yes", "meets_criteria", "contraindicated", NEW_CODE, "–"] in lines
    assert "Approved or booked patients who gain an urgent or absolute flag: 2" in out
    assert [pipeline["approved"].reference, "no", "meets_criteria", "contraindicated", NEW_CODE] in lines
    # Not on a terminal: plain progress lines every 10 %.
    assert f"Screening under {TEST_VERSION}: 100 % (12 / 12)" in err
    assert err.count(" % (") == 10
    report = RescreenReport.objects.get()
    assert (report.mode, report.source, report.created_by) == ("dry_run", "command line", None)


def test_csv_lists_the_intakes_whose_outcome_changes(test_ruleset, pipeline, tmp_path):
    path = tmp_path / "changed.csv"
    run("--ruleset", TEST_VERSION, "--dry-run", "--csv", str(path))
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[0] == ["reference", "status", "booked", "outcome before", "outcome after", "flags added",
                       "flags removed"]
    assert len(rows) == 6
    assert [pipeline["booked"].reference, "approved", "yes", "meets_criteria", "contraindicated", NEW_CODE, ""] in rows
    assert [pipeline["in_review"].reference, "in_review", "no", "meets_criteria", "contraindicated", NEW_CODE,
            ""] in rows
    assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])


def test_apply_says_how_many_results_it_stored_and_the_second_run_none(test_ruleset, pipeline):
    out, _err = run("--ruleset", TEST_VERSION, "--apply")
    assert f"Re-screening under {TEST_VERSION}: applied. 8 new screening results stored." in out
    out, _err = run("--ruleset", TEST_VERSION, "--apply")
    assert "applied. 0 new screening results stored." in out
    assert "Intakes screened: 9; result differs: 0; outcome changes: 0." in out
    assert list(RescreenReport.objects.values_list("mode", flat=True)) == ["apply", "apply"]


def test_show_limits_the_printed_list_and_points_to_the_csv(test_ruleset, pipeline):
    out, _err = run("--ruleset", TEST_VERSION, "--dry-run", "--show", "2")
    assert "… and 3 more (all of them with --csv FILE)." in out


def test_exactly_one_of_dry_run_and_apply_is_required():
    with pytest.raises(CommandError, match="one of the arguments --dry-run --apply is required"):
        run("--ruleset", "2026.1")
    with pytest.raises(CommandError, match="not allowed with argument"):
        run("--ruleset", "2026.1", "--dry-run", "--apply")
    assert not RescreenReport.objects.exists()


def test_an_unknown_ruleset_is_an_error():
    with pytest.raises(CommandError, match="unknown ruleset '1999.9'; known: 2026.1, 2026.2"):
        run("--ruleset", "1999.9", "--dry-run")
    assert not RescreenReport.objects.exists()


def test_on_a_terminal_the_progress_is_a_bar(test_ruleset, pipeline, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    err = Terminal()
    call_command("rescreen", "--ruleset", TEST_VERSION, "--dry-run", stdout=io.StringIO(), stderr=err)
    assert "12/12" in err.getvalue() and " % (" not in err.getvalue()
