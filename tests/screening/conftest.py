"""Helpers for the screening tests: the example documents and small document builders.

Everything here is plain Python: the rule engine, the instruments and the validator import
nothing from Django, so these tests need neither settings nor a database.

`make_doc` starts from `shared/examples/base-meets.json` (a valid document that meets the
criteria and raises no flag) and applies changes given as dotted paths, the way the spec and the
validator name them:

    make_doc({"medical.last_bp.systolic": 181, "phq9[8]": 1})
    make_doc({"reproductive": ABSENT})            # delete a key or a whole section
    make_doc(current_medications=["Sobril"])      # keyword form; "__" stands for "."
"""

import copy
import json
import re
from functools import lru_cache

import pytest

from screening.document import validate_intake
from screening.rules import screen as screen_with_ruleset

from tests.conftest import EXAMPLES_DIR as EXAMPLES  # the in-repo copy of shared/examples

ABSENT = object()  # as a value in make_doc/set_path: remove the key


def screen(doc, version="2026.1"):
    """Validate and screen `doc`. The tests of clinical-rules.md pin ruleset 2026.1, which stays in the
    product unchanged; ruleset 2026.2 has its own tests (test_ruleset_2026_2*.py)."""
    return screen_with_ruleset(doc, version)

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@lru_cache(maxsize=None)
def example_text(name):
    """The text of a file in shared/examples/."""
    return (EXAMPLES / name).read_text(encoding="utf-8")


def load_example(name):
    """A fresh copy of an example document (or expected result), e.g. `load_example("base-meets.json")`."""
    return json.loads(example_text(name))


def base_doc():
    """A fresh deep copy of base-meets.json."""
    return load_example("base-meets.json")


def _steps(path):
    steps = []
    for key, index in _TOKEN.findall(path):
        steps.append(int(index) if index else key)
    assert steps, f"not a path: {path!r}"
    return steps


def set_path(doc, path, value):
    """Set (or with ABSENT, delete) the value at a dotted path such as `treatments.medications[0].drug`.
    Missing or null objects on the way are created."""
    *parents, last = _steps(path)
    node = doc
    for step, following in zip(parents, [*parents[1:], last]):
        child = node[step] if isinstance(step, int) else node.get(step)
        if child is None:
            child = [] if isinstance(following, int) else {}
            node[step] = child
        node = child
    if value is ABSENT:
        del node[last]
    else:
        node[last] = value
    return doc


def make_doc(changes=None, /, **keyword_changes):
    """base-meets.json, deep-copied, with each `path: value` applied in order."""
    doc = base_doc()
    all_changes = dict(changes or {})
    all_changes.update({key.replace("__", "."): value for key, value in keyword_changes.items()})
    for path, value in all_changes.items():
        set_path(doc, path, copy.deepcopy(value) if value is not ABSENT else value)
    return doc


def screen_doc(changes=None, /, **keyword_changes):
    """Screen make_doc(changes): the result dict."""
    return screen(make_doc(changes, **keyword_changes))


def codes(result):
    """The flag codes of a result, in the result's order."""
    return [flag["code"] for flag in result["flags"]]


def flag(result, code):
    """The flag with this code (fails the test when it was not raised)."""
    for item in result["flags"]:
        if item["code"] == code:
            return item
    raise AssertionError(f"{code} was not raised; flags: {codes(result)}")


def error_paths(doc):
    """The paths the validator names for `doc`, in its order."""
    return [error.path for error in validate_intake(doc)]


# --- treatment trials -------------------------------------------------------------------------

def trial(drug, dose, weeks=8, current_episode=True, outcome="no_effect"):
    """A `treatments.medications[]` entry."""
    return {
        "drug": drug,
        "max_daily_dose_mg": dose,
        "weeks_at_dose": weeks,
        "current_episode": current_episode,
        "outcome": outcome,
    }


def course(kind="cbt", sessions=12, outcome="partial"):
    """A `treatments.psychotherapies[]` entry."""
    return {"kind": kind, "sessions": sessions, "outcome": outcome}


SEVERE_ENOUGH = {
    # Instrument answers at or above each indication's severity threshold, item 9 of PHQ-9 at 0.
    "depression": {"phq9": [2, 3, 2, 2, 1, 2, 2, 3, 0]},
    "anxiety": {"gad7": [2, 2, 2, 2, 2, 2, 2]},
    "ptsd": {"pcl5": [2] * 20},
    "other": {},
}


def tr_doc(primary, medications=(), psychotherapies=(), ect="never", rtms="never", **changes):
    """A document whose primary indication is `primary`, severe enough for it, with exactly these
    treatment trials (and the current medications emptied, so only the trials matter)."""
    doc_changes = {
        "indication.primary": primary,
        **SEVERE_ENOUGH[primary],
        "treatments.medications": list(medications),
        "treatments.psychotherapies": list(psychotherapies),
        "treatments.ect": ect,
        "treatments.rtms": rtms,
        "current_medications": [],
    }
    doc_changes.update({key.replace("__", "."): value for key, value in changes.items()})
    return make_doc(doc_changes)


@pytest.fixture
def base():
    """A fresh copy of base-meets.json."""
    return base_doc()
