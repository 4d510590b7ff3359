"""Every checker's `accepts` (the quick yes/no a valid document costs) agrees with its explaining
walk (the messages of an invalid one): for every document, `accepts` is true exactly when the walk
finds no problem. Documents are generated ones with one answer changed, removed or added, the
changed value taken from values that look alike to `==` and to hashing (`1`, `1.0`, `True`),
values just inside and outside every limit, and values of every other kind.
"""

import copy
import math
from decimal import Decimal

from hypothesis import event, given
from hypothesis import strategies as st

from screening.document import SCHEMAS, validate_intake
from screening.samples import generate_documents

DOCUMENTS = generate_documents(40, seed=11) + generate_documents(40, seed=12, format="intake/2")


class Text(str):
    """A string that is not of type str: no answer may be one."""


LOOKALIKES = [
    None, True, False, 0, 1, 2, 3, 4, 5, -1, 0.0, 1.0, -0.0, 3.5, 29.9, 30, 300, 300.5, 120, 230, 231,
    math.nan, math.inf, -math.inf, 10**30, Text("no"), Text("ssri"),
    "", " ", "no", "yes", "unsure", "never", "current", "depression", "ptsd", "other", "sertralin", "intake/1",
    "intake/2", "2026-02-29", "2026-02-28", "1990-13-01", "2026-11-20T10:15:00+01:00", "2026-11-20T25:15:00Z",
    [], [0], [None], 120.0, 3.0, ["depression"], ["depression", "depression"], [0, 1, 2, 3, 0, 1, 2, 3, 0], [True] * 9,
    [1.0] * 9, [0] * 7, [4] * 3, {}, {"kind": "cbt", "outcome": "partial"}, {"systolic": 120, "diastolic": 80},
    {"drug": "sertralin", "outcome": "no_effect", "max_daily_dose_mg": 50, "weeks_at_dose": 6, "current_episode": True},
]


def paths(value, path=()):
    """Every path into `value` (object keys and list indexes), the value itself first."""
    yield path
    if type(value) is dict:
        for key, item in value.items():
            yield from paths(item, (*path, key))
    elif type(value) is list:
        for i, item in enumerate(value):
            yield from paths(item, (*path, i))


@st.composite
def mutated_documents(draw):
    doc = copy.deepcopy(draw(st.sampled_from(DOCUMENTS)))
    for _ in range(draw(st.integers(1, 2))):
        path = draw(st.sampled_from(list(paths(doc))[1:]))
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        change = draw(st.sampled_from(("replace", "replace", "remove", "add")))
        if change == "remove" and type(parent) is dict:
            del parent[path[-1]]
        elif change == "add" and type(parent) is dict:
            key = draw(st.sampled_from(("hypertensionn", "extra", "format", "drug")))
            parent[key] = copy.deepcopy(draw(st.sampled_from(LOOKALIKES)))
        else:
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(LOOKALIKES)))
    return doc


def every_single_change(doc):
    """`doc` with one answer replaced by each of LOOKALIKES, or removed, or beside an unknown key."""
    for path in list(paths(doc))[1:]:
        for change in (*LOOKALIKES, "remove", "add"):
            changed = copy.deepcopy(doc)
            parent = changed
            for step in path[:-1]:
                parent = parent[step]
            if change == "remove":
                if type(parent) is list:
                    continue
                del parent[path[-1]]
            elif change == "add":
                target = parent[path[-1]]
                if type(target) is not dict:
                    continue
                target["extra"] = None
            else:
                parent[path[-1]] = copy.deepcopy(change)
            yield changed


def explained(schema, doc):
    errors = []
    schema(doc, "", errors)
    return errors


@given(mutated_documents())
def test_accepts_is_true_exactly_when_the_explaining_walk_finds_nothing(doc):
    for schema in SCHEMAS.values():
        accepted = schema.accepts(doc)
        assert accepted == (explained(schema, doc) == [])
        event("accepted" if accepted else "refused")


def test_accepts_agrees_with_the_explaining_walk_for_every_single_change_of_every_answer():
    with_everything = [doc for doc in DOCUMENTS if (doc.get("medical") or {}).get("last_bp")
                       and (doc.get("treatments") or {}).get("medications") and doc.get("current_medications")]
    for doc in with_everything[:2] + [DOCUMENTS[-1]]:
        for changed in every_single_change(doc):
            for schema in SCHEMAS.values():
                assert schema.accepts(changed) == (explained(schema, changed) == []), changed


def test_every_generated_document_is_accepted_by_its_own_format_only():
    for doc in DOCUMENTS:
        assert SCHEMAS[doc["format"]].accepts(doc)
        assert validate_intake(doc) == []
    intake_2 = [doc for doc in DOCUMENTS if doc["format"] == "intake/2"]
    assert not any(SCHEMAS["intake/1"].accepts(doc) for doc in intake_2)


def test_a_lookalike_of_true_or_of_an_answer_is_refused_by_accepts_and_named_by_validation():
    for path, value in [("medical", {"stroke": 1}), ("medical", {"stroke": 1.0}), ("medical", {"stroke": Decimal(1)}),
                        ("medical", {"heart_disease": Text("no")}), ("phq9", [1.0] * 9), ("phq9", [True] * 9),
                        ("patient", {"weight_kg": math.nan}), ("patient", {"weight_kg": True})]:
        doc = {**copy.deepcopy(DOCUMENTS[0]), path: value}
        assert not SCHEMAS[doc["format"]].accepts(doc)
        assert validate_intake(doc) != []


def test_a_value_json_cannot_hold_is_named_in_the_error_not_a_crash():
    from datetime import date

    for path, value in [("medical", {"heart_disease": Decimal(1)}), ("phq9", [Decimal(1)] * 9),
                        ("patient", {"date_of_birth": date(1990, 1, 1)}), ("format", Decimal(2)),
                        ("submitted_at", date(2026, 1, 1))]:
        doc = {**copy.deepcopy(DOCUMENTS[0]), path: value}
        errors = validate_intake(doc)
        assert errors and all(str(error) for error in errors), (path, errors)
