import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from screening.models import Intake, IntakeStatusChange, ScreeningResult
from tests.conftest import EXAMPLES_DIR

BASE = EXAMPLES_DIR / "base-meets.json"


def run_screen(*args, stdin=None):
    """Run `manage.py screen` as a real process, to see its exit status and both streams."""
    return subprocess.run(
        [sys.executable, "manage.py", "screen", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "clinic.test_settings", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )


def one_line(name):
    return json.dumps(json.loads((EXAMPLES_DIR / name).read_text()))


def test_it_prints_the_result_and_exits_0():
    done = run_screen(BASE)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    expected = json.loads((EXAMPLES_DIR / "base-meets.expected.json").read_text())
    assert result["outcome"] == expected["outcome"]
    assert result["scores"] == expected["scores"]


def test_the_same_file_gives_the_same_bytes():
    assert run_screen(BASE).stdout == run_screen(BASE).stdout


@pytest.mark.parametrize(
    "name, path",
    [("invalid-phq9-8-items.json", "phq9"), ("invalid-unknown-key.json", "medical.hypertensionn")],
)
def test_an_invalid_document_exits_2_naming_the_path(name, path):
    done = run_screen(EXAMPLES_DIR / name)
    assert done.returncode == 2
    assert path in done.stderr
    assert done.stdout == ""


def test_a_file_that_is_not_json_exits_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    done = run_screen(bad)
    assert done.returncode == 2
    assert "not valid JSON" in done.stderr


def test_jsonl_keeps_going_after_an_invalid_line_in_the_middle():
    lines = "\n".join(
        [one_line("base-meets.json"), one_line("invalid-unknown-key.json"), one_line("urgent-intent.json")]
    )
    done = run_screen("--jsonl", "-", stdin=lines + "\n")
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == 3
    assert out[0]["outcome"] == "meets_criteria"
    assert out[1]["path"] == "medical.hypertensionn"
    assert "medical.hypertensionn" in out[1]["error"]
    assert out[2]["outcome"] == "urgent"


def test_jsonl_reports_a_line_that_is_not_json():
    done = run_screen("--jsonl", "-", stdin="[1, 2\n" + one_line("base-meets.json") + "\n")
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert out[0]["path"] == "$"
    assert out[1]["outcome"] == "meets_criteria"


@pytest.mark.django_db
@pytest.mark.parametrize("ruleset", ["2026.2", "2026.1"])
def test_store_saves_the_intake_and_its_result_under_the_chosen_ruleset(ruleset):
    stdout = io.StringIO()
    options = ["--ruleset", ruleset] if ruleset != "2026.2" else []  # 2026.2 is the default
    call_command("screen", str(EXAMPLES_DIR / "urgent-intent.json"), "--store", *options, stdout=stdout)
    intake = Intake.objects.get()
    assert intake.status == Intake.Status.SUBMITTED
    assert intake.urgent is True
    assert intake.document == json.loads((EXAMPLES_DIR / "urgent-intent.json").read_text())
    result = ScreeningResult.objects.get(intake=intake)
    assert result.outcome == "urgent"
    assert result.ruleset == ruleset == json.loads(stdout.getvalue())["ruleset"]
    assert result.result == json.loads(stdout.getvalue())
    changes = list(IntakeStatusChange.objects.filter(intake=intake).order_by("pk"))
    assert [(c.from_status, c.to_status) for c in changes] == [("draft", "submitted"), ("submitted", "submitted")]
    assert changes[1].reason.startswith("Marked urgent")


@pytest.mark.django_db
def test_store_saves_nothing_for_an_invalid_document():
    with pytest.raises(SystemExit) as exit_info:
        call_command("screen", str(EXAMPLES_DIR / "invalid-unknown-key.json"), "--store", stderr=io.StringIO())
    assert exit_info.value.code == 2
    assert Intake.objects.count() == 0


def test_screen_runs_on_a_fresh_checkout_with_no_environment():
    done = subprocess.run(
        [sys.executable, "manage.py", "screen", str(BASE)],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcome"] == "meets_criteria"


def intake_2(tmp_path, **changes):
    doc = json.loads((EXAMPLES_DIR / "base-meets.json").read_text())
    doc["format"] = "intake/2"
    doc["psychiatric"]["psychotic_disorder"] = False
    doc["practical"]["ongoing_follow_up"] = True
    for section, values in changes.items():
        doc[section].update(values)
    path = tmp_path / "intake-2.json"
    path.write_text(json.dumps(doc))
    return path


def test_ruleset_2026_1_refuses_an_intake_2_document_naming_format(tmp_path):
    done = run_screen("--ruleset", "2026.1", intake_2(tmp_path))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        'invalid intake document: format: ruleset 2026.1 reads "intake/1" only, not "intake/2"']


def test_ruleset_2026_1_refuses_an_intake_2_line_and_the_run_goes_on(tmp_path):
    lines = json.dumps(json.loads(intake_2(tmp_path).read_text())) + "\n" + one_line("base-meets.json") + "\n"
    done = run_screen("--ruleset", "2026.1", "--jsonl", "-", stdin=lines)
    first, second = [json.loads(line) for line in done.stdout.splitlines()]
    assert first["path"] == "format" and "2026.1" in first["error"]
    assert second["ruleset"] == "2026.1"


def test_the_default_ruleset_is_2026_2_and_reads_both_formats(tmp_path):
    assert json.loads(run_screen(intake_2(tmp_path)).stdout)["ruleset"] == "2026.2"
    assert json.loads(run_screen(BASE).stdout)["ruleset"] == "2026.2"


def test_an_unknown_ruleset_is_a_clear_error():
    done = run_screen("--ruleset", "2025.9", BASE)
    assert done.returncode != 0 and "2025.9" in done.stderr


# Lines no JSON parser should be trusted with: each is that line's error, and the next line is screened.
HOSTILE_LINES = {
    "deeply nested arrays": "[" * 100000 + "]" * 100000,
    "a 5000-digit integer": "1" * 5000,
    "a 2 MB line": json.dumps({"format": "intake/2", "padding": "x" * (2 * 1024 * 1024)}),
}


@pytest.mark.parametrize("line", HOSTILE_LINES.values(), ids=HOSTILE_LINES.keys())
def test_jsonl_reports_a_line_no_parser_survives_and_screens_the_next(line):
    done = run_screen("--jsonl", "-", stdin=line + "\n" + one_line("base-meets.json") + "\n")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    first, second = [json.loads(out) for out in done.stdout.splitlines()]
    assert first["path"] == "$" and first["error"]
    assert second["outcome"] == "meets_criteria"


def test_jsonl_reports_a_line_that_is_not_utf8_and_screens_the_next():
    stdin = b'{"format": "\xff\xfe"}\n' + one_line("base-meets.json").encode() + b"\n"
    done = subprocess.run(
        [sys.executable, "manage.py", "screen", "--jsonl", "-"], input=stdin, capture_output=True, timeout=60,
        env={"DJANGO_SETTINGS_MODULE": "clinic.test_settings", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr.decode()
    first, second = [json.loads(out) for out in done.stdout.decode().splitlines()]
    assert first["path"] == "$" and "UTF-8" in first["error"]
    assert second["outcome"] == "meets_criteria"


@pytest.mark.parametrize("text", ["[" * 100000, "1" * 5000, "x" * (2 * 1024 * 1024)],
                         ids=["nested", "huge integer", "2 MB"])
def test_a_single_document_no_parser_survives_exits_2_without_a_traceback(tmp_path, text):
    path = tmp_path / "hostile.json"
    path.write_text(text)
    done = run_screen(path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "invalid intake document: $:" in done.stderr


def test_a_single_document_that_is_not_utf8_exits_2_without_a_traceback(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"locale": "bokmål"}'.encode("latin-1"))
    done = run_screen(path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "UTF-8" in done.stderr
