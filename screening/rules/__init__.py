"""Screening rules: versioned rulesets and the `screen` function (plain Python, no Django)."""

import json

from screening.document import check_intake

from .engine import LEVELS, DoseTable, Rule, Ruleset, evaluate
from .ruleset_2026_1 import RULESET_2026_1

RULESETS = {RULESET_2026_1.version: RULESET_2026_1}
CURRENT_VERSION = RULESET_2026_1.version

__all__ = ["LEVELS", "RULESETS", "CURRENT_VERSION", "DoseTable", "Rule", "Ruleset", "evaluate", "get_ruleset",
           "screen", "result_json"]


def get_ruleset(version=None):
    try:
        return RULESETS[version or CURRENT_VERSION]
    except KeyError:
        raise KeyError(f"unknown ruleset {version!r}; known: {', '.join(RULESETS)}") from None


def screen(doc, version=None):
    """Validate `doc` as intake/1 (raises IntakeInvalid naming the bad path) and evaluate it."""
    check_intake(doc)
    return evaluate(doc, get_ruleset(version))


def result_json(result, indent=2):
    """The canonical text of a result: same result, same bytes."""
    if indent is None:
        return json.dumps(result, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return json.dumps(result, ensure_ascii=False, indent=indent, allow_nan=False)
