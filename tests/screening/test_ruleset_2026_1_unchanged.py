"""Ruleset 2026.1 stays exactly as it was: its results must not change by one byte.

golden/ holds every valid example and 600 generated intake/1 documents (every rule raised), with
the results that `manage.py screen` printed for them before ruleset 2026.2 was added."""

import json
import subprocess
import sys
from pathlib import Path

from screening.rules import result_json

from .conftest import screen

GOLDEN = Path(__file__).resolve().parent / "golden"
DOCUMENTS = GOLDEN / "documents-intake-1.jsonl"
RESULTS = GOLDEN / "results-2026.1.jsonl"


def test_every_golden_document_gives_the_same_bytes_under_2026_1():
    documents = DOCUMENTS.read_text(encoding="utf-8").splitlines()
    results = RESULTS.read_text(encoding="utf-8").splitlines()
    assert len(documents) == len(results) > 600
    for document, expected in zip(documents, results):
        assert result_json(screen(json.loads(document), "2026.1"), indent=None) == expected


def test_the_command_prints_the_same_bytes_under_2026_1():
    done = subprocess.run(
        [sys.executable, "manage.py", "screen", "--ruleset", "2026.1", "--jsonl", str(DOCUMENTS)],
        capture_output=True, text=True, timeout=120,
        env={"DJANGO_SETTINGS_MODULE": "clinic.test_settings", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == RESULTS.read_text(encoding="utf-8")
