"""Screening rules: versioned rulesets and the `screen` function (plain Python, no Django)."""

import json

from screening.document import FORMATS, IntakeError, IntakeInvalid, check_intake

from .engine import LEVELS, DoseTable, Rule, Ruleset, evaluate, explain
from .ruleset_2026_1 import RULESET_2026_1
from .ruleset_2026_2 import RULESET_2026_2

RULESETS = {ruleset.version: ruleset for ruleset in (RULESET_2026_1, RULESET_2026_2)}
CURRENT_VERSION = RULESET_2026_2.version

__all__ = ["LEVELS", "RULESETS", "CURRENT_VERSION", "DoseTable", "Rule", "Ruleset", "check_readable", "evaluate",
           "explain", "get_ruleset", "screen", "result_json"]


def get_ruleset(version=None):
    try:
        return RULESETS[version or CURRENT_VERSION]
    except KeyError:
        raise KeyError(f"unknown ruleset {version!r}; known: {', '.join(RULESETS)}") from None


def check_readable(doc, ruleset):
    """Validate `doc` against its own format and check that `ruleset` reads that format; raises
    IntakeInvalid naming the bad path. A known format the ruleset does not read is the one problem
    named (at `format`), before any other: a ruleset never gives a silent result for it."""
    named = doc.get("format") if type(doc) is dict else None
    if named in FORMATS and named not in ruleset.formats:
        reads = " and ".join(f'"{version}"' for version in ruleset.formats)
        raise IntakeInvalid([IntakeError("format", f'ruleset {ruleset.version} reads {reads} only, not "{named}"')])
    return check_intake(doc)


def screen(doc, version=None):
    """Validate `doc` for the ruleset (raises IntakeInvalid naming the bad path) and evaluate it."""
    ruleset = get_ruleset(version)
    check_readable(doc, ruleset)
    return evaluate(doc, ruleset)


def result_json(result, indent=2):
    """The canonical text of a result: same result, same bytes."""
    if indent is None:
        return json.dumps(result, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return json.dumps(result, ensure_ascii=False, indent=indent, allow_nan=False)
