"""The shared example documents (`shared/examples/`) screen to their expected results.

As the examples' README says: outcome, crisis, scores, bands, treatment_resistance and each
flag's code and level must match; every flag's evidence is non-empty; REL-MISSING and
REL-MED-UNKNOWN evidence keys match exactly (for other flags the evidence in the example is one
good choice, not the only one). `invalid-*.json` must be rejected, naming the bad path.
"""

import pytest

from screening.document import IntakeInvalid, check_intake, parse_intake_json, validate_intake

from .conftest import EXAMPLES, example_text, load_example, screen

VALID_EXAMPLES = sorted(
    path.name[: -len(".expected.json")] for path in EXAMPLES.glob("*.expected.json")
)
INVALID_EXAMPLES = {
    "invalid-phq9-8-items.json": "phq9",
    "invalid-unknown-key.json": "medical.hypertensionn",
}
EXACT_EVIDENCE_CODES = ("REL-MISSING", "REL-MED-UNKNOWN")


def screened(name):
    return screen(parse_intake_json(example_text(f"{name}.json")))


def expected(name):
    return load_example(f"{name}.expected.json")


def test_the_known_examples_are_all_present():
    assert set(VALID_EXAMPLES) >= {
        "base-meets", "bp-181-80", "female-reproductive-missing", "indication-other",
        "meds-sobril-lamictal", "ptsd-meets", "tr-one-trial", "urgent-intent",
    }
    assert {path.name for path in EXAMPLES.glob("invalid-*.json")} == set(INVALID_EXAMPLES)


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_example_document_is_valid(name):
    assert validate_intake(load_example(f"{name}.json")) == []


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_example_ruleset_is_2026_1(name):
    assert screened(name)["ruleset"] == expected(name)["ruleset"] == "2026.1"


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_example_result_has_the_keys_of_the_expected_result_in_order(name):
    result, want = screened(name), expected(name)
    assert list(result) == list(want)
    assert list(result["scores"]) == list(want["scores"])
    assert list(result["bands"]) == list(want["bands"])


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_example_outcome_matches(name):
    assert screened(name)["outcome"] == expected(name)["outcome"]


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_example_crisis_matches(name):
    assert screened(name)["crisis"] is expected(name)["crisis"]


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_example_scores_match(name):
    assert screened(name)["scores"] == expected(name)["scores"]


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_example_bands_match(name):
    assert screened(name)["bands"] == expected(name)["bands"]


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_example_treatment_resistance_matches(name):
    assert screened(name)["treatment_resistance"] == expected(name)["treatment_resistance"]


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_example_flag_codes_and_levels_match_in_order(name):
    got = [(f["code"], f["level"]) for f in screened(name)["flags"]]
    want = [(f["code"], f["level"]) for f in expected(name)["flags"]]
    assert got == want


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_example_every_flag_has_evidence(name):
    for item in screened(name)["flags"]:
        assert isinstance(item["evidence"], dict) and item["evidence"], item["code"]


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_example_missing_and_unknown_drug_evidence_is_exact(name):
    want = {f["code"]: f["evidence"] for f in expected(name)["flags"] if f["code"] in EXACT_EVIDENCE_CODES}
    got = {f["code"]: f["evidence"] for f in screened(name)["flags"] if f["code"] in EXACT_EVIDENCE_CODES}
    assert got == want


def test_female_reproductive_missing_lists_the_three_reproductive_paths():
    evidence = {f["code"]: f["evidence"] for f in screened("female-reproductive-missing")["flags"]}
    assert evidence["REL-MISSING"] == {
        "reproductive.pregnant": None,
        "reproductive.breastfeeding": None,
        "reproductive.planning_pregnancy": None,
    }


@pytest.mark.parametrize("name, bad_path", sorted(INVALID_EXAMPLES.items()))
def test_invalid_example_is_rejected_naming_the_bad_path(name, bad_path):
    with pytest.raises(IntakeInvalid) as raised:
        check_intake(parse_intake_json(example_text(name)))
    assert raised.value.path == bad_path
    assert [error.path for error in raised.value.errors] == [bad_path]


@pytest.mark.parametrize("name, bad_path", sorted(INVALID_EXAMPLES.items()))
def test_invalid_example_is_refused_by_screen(name, bad_path):
    with pytest.raises(IntakeInvalid) as raised:
        screen(load_example(name))
    assert raised.value.path == bad_path
    assert bad_path in str(raised.value)
