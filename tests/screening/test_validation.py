"""The `intake/1` validator (intake-format.md): every invalid answer is named by its exact path.

Each test changes base-meets.json in one place and checks the list of paths the validator names.
"""

import json
import math

import pytest

from screening.document import IntakeError, IntakeInvalid, check_intake, parse_intake_json, validate_intake

from .conftest import ABSENT, base_doc, error_paths, make_doc, screen

SECTIONS = (
    "patient", "indication", "suicide_screen", "treatments", "psychiatric", "medical", "reproductive",
    "substances", "practical",
)
BOOLEAN_PATHS = (
    "suicide_screen.wish_dead", "suicide_screen.active_thoughts", "suicide_screen.method",
    "suicide_screen.intent", "suicide_screen.plan",
    "treatments.medications[0].current_episode",
    "psychiatric.mania_now", "psychiatric.dissociative_disorder", "psychiatric.mdq_positive",
    "medical.aneurysm_or_brain_bleed", "medical.raised_intracranial_pressure", "medical.stroke",
    "medical.hyperthyroidism_untreated", "medical.glaucoma", "medical.epilepsy", "medical.sleep_apnea",
    "medical.ketamine_reaction",
    "reproductive.breastfeeding", "reproductive.planning_pregnancy",
    "substances.dissociative_misuse",
    "practical.transport_home", "practical.can_fast",
)
MEDICATION_KEYS = ("drug", "max_daily_dose_mg", "weeks_at_dose", "current_episode", "outcome")


def invalid_at(changes, path):
    """The document with these changes is invalid, and the validator names exactly `path`."""
    assert error_paths(make_doc(changes)) == [path]


# --- valid documents ------------------------------------------------------------------------------

def test_base_document_is_valid(base):
    assert validate_intake(base) == []


def test_check_intake_returns_a_valid_document_unchanged(base):
    assert check_intake(base) is base
    assert base == base_doc()


def test_minimal_document_with_only_format_and_submitted_at_is_valid():
    assert validate_intake({"format": "intake/1", "submitted_at": "2026-11-20T10:15:00+01:00"}) == []


@pytest.mark.parametrize("section", SECTIONS)
def test_a_whole_section_may_be_null(section):
    assert error_paths(make_doc({section: None})) == []


@pytest.mark.parametrize("section", SECTIONS)
def test_a_whole_section_may_be_absent(section):
    assert error_paths(make_doc({section: ABSENT})) == []


@pytest.mark.parametrize("path", ["phq9", "gad7", "pcl5", "substances.auditc", "locale", "current_medications",
                                  "medical.last_bp", "medical.other", "indication.secondary"])
def test_an_unanswered_question_may_be_null(path):
    assert error_paths(make_doc({path: None})) == []


@pytest.mark.parametrize("path", ["indication.secondary", "treatments.medications", "treatments.psychotherapies",
                                  "current_medications"])
def test_a_list_may_be_empty(path):
    assert error_paths(make_doc({path: []})) == []


# --- the document itself --------------------------------------------------------------------------

@pytest.mark.parametrize("doc", [[], "intake/1", 1, None, True], ids=["list", "string", "number", "null", "bool"])
def test_a_document_that_is_not_an_object_is_invalid_at_the_root(doc):
    assert error_paths(doc) == ["$"]


def test_check_intake_raises_with_the_errors_and_the_first_path():
    doc = make_doc({"phq9": [1] * 8, "medical.hypertensionn": "no"})
    with pytest.raises(IntakeInvalid) as raised:
        check_intake(doc)
    assert raised.value.path == "phq9"
    assert [error.path for error in raised.value.errors] == ["phq9", "medical.hypertensionn"]
    assert all(isinstance(error, IntakeError) and error.message for error in raised.value.errors)


def test_screen_refuses_an_invalid_document():
    with pytest.raises(IntakeInvalid) as raised:
        screen(make_doc({"patient.weight_kg": 29.9}))
    assert raised.value.path == "patient.weight_kg"


@pytest.mark.parametrize("value", ["intake/3", "intake/1 ", "INTAKE/1", "intake/", 1, True, ["intake/1"]])
def test_format_other_than_intake_1_or_2_is_invalid(value):
    invalid_at({"format": value}, "format")


def test_an_unknown_format_is_the_only_problem_named(base):
    """The other answers cannot be read without knowing the format: `format` is the one path named."""
    doc = make_doc({"format": "intake/9", "patient.weight_kg": 1, "medical.hypertensionn": "no"})
    assert error_paths(doc) == ["format"]


def test_format_missing_is_invalid():
    invalid_at({"format": ABSENT}, "format")


def test_format_null_is_invalid():
    invalid_at({"format": None}, "format")


def test_submitted_at_missing_is_invalid():
    invalid_at({"submitted_at": ABSENT}, "submitted_at")


def test_submitted_at_null_is_invalid():
    invalid_at({"submitted_at": None}, "submitted_at")


# --- unknown keys at every depth ------------------------------------------------------------------

def test_unknown_top_level_key_is_invalid():
    invalid_at({"phq_9": [0] * 9}, "phq_9")


@pytest.mark.parametrize("section", SECTIONS)
def test_unknown_key_in_a_section_is_invalid(section):
    invalid_at({f"{section}.surprise": False}, f"{section}.surprise")


def test_misspelt_medical_key_is_invalid():
    invalid_at({"medical.hypertensionn": "no"}, "medical.hypertensionn")


def test_unknown_key_in_a_medication_entry_is_invalid():
    invalid_at({"treatments.medications[1].dose_mg": 100}, "treatments.medications[1].dose_mg")


def test_unknown_key_in_a_psychotherapy_entry_is_invalid():
    invalid_at({"treatments.psychotherapies[0].weeks": 12}, "treatments.psychotherapies[0].weeks")


def test_unknown_key_in_last_bp_is_invalid():
    invalid_at({"medical.last_bp.pulse": 70}, "medical.last_bp.pulse")


def test_unknown_key_with_null_value_is_still_invalid():
    invalid_at({"medical.hypertensionn": None}, "medical.hypertensionn")


# --- booleans -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [0, 1, "yes", "true", "false", "no", 1.0, [], {}])
@pytest.mark.parametrize("path", BOOLEAN_PATHS)
def test_a_boolean_answer_must_be_a_real_boolean(path, value):
    invalid_at({path: value}, path)


@pytest.mark.parametrize("path", BOOLEAN_PATHS)
def test_true_and_false_are_valid_booleans(path):
    assert error_paths(make_doc({path: True})) == []
    assert error_paths(make_doc({path: False})) == []


# --- instruments ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [2.0, True, False, "2", None, 4, -1, [2]], ids=repr)
def test_a_phq9_item_must_be_an_integer_from_0_to_3(value):
    invalid_at({"phq9[4]": value}, "phq9[4]")


@pytest.mark.parametrize(
    "path, bad_item",
    [
        ("gad7[6]", 4),
        ("gad7[0]", 1.0),
        ("pcl5[19]", 5),
        ("pcl5[0]", True),
        ("substances.auditc[2]", 5),
        ("substances.auditc[0]", -1),
    ],
)
def test_an_instrument_item_out_of_range_or_not_an_integer_is_named(path, bad_item):
    changes = {"pcl5": [2] * 20} if path.startswith("pcl5") else {}
    changes[path] = bad_item
    invalid_at(changes, path)


def test_every_bad_item_is_named():
    doc = make_doc({"phq9": [0, 4, 0, 0, 2.0, 0, 0, 0, True]})
    assert error_paths(doc) == ["phq9[1]", "phq9[4]", "phq9[8]"]


@pytest.mark.parametrize(
    "path, items",
    [
        ("phq9", [1] * 8),
        ("phq9", [1] * 10),
        ("phq9", []),
        ("gad7", [1] * 6),
        ("gad7", [1] * 8),
        ("pcl5", [1] * 19),
        ("pcl5", [1] * 21),
        ("substances.auditc", [1, 1]),
        ("substances.auditc", [1, 1, 1, 1]),
    ],
    ids=lambda v: v if isinstance(v, str) else f"{len(v)}-items",
)
def test_an_instrument_with_the_wrong_number_of_items_is_invalid(path, items):
    invalid_at({path: items}, path)


@pytest.mark.parametrize("value", [17, "17", {"0": 1}, True])
def test_an_instrument_that_is_not_a_list_is_invalid(value):
    invalid_at({"phq9": value}, "phq9")


@pytest.mark.parametrize(
    "path, items",
    [
        ("phq9", [3] * 9), ("phq9", [0] * 9),
        ("gad7", [3] * 7), ("gad7", [0] * 7),
        ("pcl5", [4] * 20), ("pcl5", [0] * 20),
        ("substances.auditc", [4] * 3), ("substances.auditc", [0] * 3),
    ],
    ids=lambda v: v if isinstance(v, str) else str(v[0]),
)
def test_instrument_items_at_their_limits_are_valid(path, items):
    assert error_paths(make_doc({path: items})) == []


# --- ranges and numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize("weight", [30, 30.0, 300, 300.0, 70.5])
def test_weight_within_30_to_300_inclusive_is_valid(weight):
    assert error_paths(make_doc({"patient.weight_kg": weight})) == []


@pytest.mark.parametrize("weight", [29.9, 300.1, 0, -70])
def test_weight_outside_30_to_300_is_invalid(weight):
    invalid_at({"patient.weight_kg": weight}, "patient.weight_kg")


@pytest.mark.parametrize("height", [120, 120.0, 230, 230.0, 172.5])
def test_height_within_120_to_230_inclusive_is_valid(height):
    assert error_paths(make_doc({"patient.height_cm": height})) == []


@pytest.mark.parametrize("height", [119.9, 230.1, 119, 231])
def test_height_outside_120_to_230_is_invalid(height):
    invalid_at({"patient.height_cm": height}, "patient.height_cm")


@pytest.mark.parametrize("path", ["patient.weight_kg", "patient.height_cm", "indication.episode_months",
                                  "treatments.medications[0].max_daily_dose_mg"])
@pytest.mark.parametrize("value", ["70", True, [70]], ids=repr)
def test_a_number_must_be_a_json_number(path, value):
    invalid_at({path: value}, path)


@pytest.mark.parametrize(
    "path",
    [
        "indication.episode_months",
        "treatments.medications[0].max_daily_dose_mg",
        "treatments.medications[0].weeks_at_dose",
        "treatments.psychotherapies[0].sessions",
        "medical.last_bp.systolic",
        "medical.last_bp.diastolic",
    ],
)
@pytest.mark.parametrize("value", [-1, -0.5])
def test_negative_numbers_are_invalid(path, value):
    invalid_at({path: value}, path)


@pytest.mark.parametrize(
    "path",
    [
        "indication.episode_months",
        "treatments.medications[0].max_daily_dose_mg",
        "treatments.medications[0].weeks_at_dose",
        "treatments.psychotherapies[0].sessions",
        "medical.last_bp.systolic",
        "medical.last_bp.diastolic",
    ],
)
def test_zero_is_a_valid_unbounded_number(path):
    assert error_paths(make_doc({path: 0})) == []


@pytest.mark.parametrize("path", ["medical.last_bp.systolic", "medical.last_bp.diastolic"])
def test_blood_pressure_must_be_an_integer(path):
    invalid_at({path: 128.5}, path)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf], ids=["nan", "inf", "-inf"])
@pytest.mark.parametrize(
    "path",
    [
        "patient.weight_kg",
        "patient.height_cm",
        "indication.episode_months",
        "treatments.medications[0].max_daily_dose_mg",
        "treatments.medications[0].weeks_at_dose",
        "treatments.psychotherapies[0].sessions",
        "medical.last_bp.systolic",
        "phq9[0]",
        "substances.auditc[1]",
    ],
)
def test_nan_and_infinity_in_a_document_are_invalid(path, value):
    invalid_at({path: value}, path)


def _base_text_with(old, new):
    text = json.dumps(base_doc())
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_parse_intake_json_rejects_nan_and_infinity_naming_the_path(constant):
    text = _base_text_with('"weight_kg": 70.0', f'"weight_kg": {constant}')
    with pytest.raises(IntakeInvalid) as raised:
        parse_intake_json(text)
    assert raised.value.path == "patient.weight_kg"


def test_parse_intake_json_rejects_nan_inside_a_list_naming_the_item():
    text = _base_text_with('"phq9": [2, 3, 2, 2, 1, 2, 2, 3, 0]', '"phq9": [2, 3, 2, 2, NaN, 2, 2, 3, 0]')
    with pytest.raises(IntakeInvalid) as raised:
        parse_intake_json(text)
    assert raised.value.path == "phq9[4]"


def test_a_number_too_large_for_a_float_is_invalid_at_its_path():
    text = _base_text_with('"max_daily_dose_mg": 20', '"max_daily_dose_mg": 1e999')
    with pytest.raises(IntakeInvalid) as raised:
        check_intake(parse_intake_json(text))
    assert raised.value.path == "treatments.medications[0].max_daily_dose_mg"


def test_parse_intake_json_returns_the_document(base):
    assert parse_intake_json(json.dumps(base)) == base


def test_parse_intake_json_rejects_text_that_is_not_json():
    with pytest.raises(IntakeInvalid) as raised:
        parse_intake_json('{"format": "intake/1",')
    assert raised.value.path == "$"


# --- duplicate keys -------------------------------------------------------------------------------

def test_duplicate_top_level_key_is_rejected():
    text = _base_text_with('"phq9": [2, 3, 2, 2, 1, 2, 2, 3, 0]',
                           '"phq9": [0, 0, 0, 0, 0, 0, 0, 0, 0], "phq9": [2, 3, 2, 2, 1, 2, 2, 3, 0]')
    with pytest.raises(IntakeInvalid) as raised:
        parse_intake_json(text)
    assert raised.value.path == "phq9"


def test_duplicate_key_in_a_section_is_rejected_naming_the_full_path():
    text = _base_text_with('"hypertension": "no"', '"hypertension": "untreated", "hypertension": "no"')
    with pytest.raises(IntakeInvalid) as raised:
        parse_intake_json(text)
    assert raised.value.path == "medical.hypertension"


def test_duplicate_key_in_a_medication_entry_is_rejected_naming_the_full_path():
    text = _base_text_with('"drug": "sertraline"', '"drug": "lithium", "drug": "sertraline"')
    with pytest.raises(IntakeInvalid) as raised:
        parse_intake_json(text)
    assert raised.value.path == "treatments.medications[1].drug"


# --- enumerations ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "path, value",
    [
        ("locale", "NB"),
        ("locale", "no"),
        ("patient.sex_at_birth", "Female"),
        ("patient.sex_at_birth", "f"),
        ("indication.primary", "Depression"),
        ("indication.primary", "bipolar"),
        ("indication.secondary[0]", "PTSD"),
        ("suicide_screen.behavior", "Never"),
        ("treatments.medications[0].outcome", "No_effect"),
        ("treatments.medications[0].outcome", "failed"),
        ("treatments.psychotherapies[0].kind", "CBT"),
        ("treatments.psychotherapies[0].outcome", "never"),
        ("treatments.ect", "Never"),
        ("treatments.rtms", "ongoing"),
        ("treatments.esketamine_or_ketamine", "yes"),
        ("psychiatric.psychosis", "Current"),
        ("psychiatric.bipolar", "yes"),
        ("medical.hypertension", "No"),
        ("medical.heart_disease", "none"),
        ("medical.liver_disease", "Mild"),
        ("reproductive.pregnant", "Yes"),
        ("reproductive.pregnant", True),
        ("substances.drug_use", "Never"),
        ("substances.substance_use_disorder", "remission"),
        ("practical.referral", "GP"),
    ],
)
def test_enumerations_are_case_sensitive_and_closed(path, value):
    changes = {"indication.secondary": ["anxiety"]} if path.startswith("indication.secondary") else {}
    changes[path] = value
    invalid_at(changes, path)


# --- indication.secondary -------------------------------------------------------------------------

def test_secondary_repeating_the_primary_is_invalid():
    invalid_at({"indication.secondary": ["anxiety", "depression"]}, "indication.secondary[1]")


def test_secondary_listing_a_value_twice_is_invalid():
    invalid_at({"indication.secondary": ["anxiety", "ptsd", "anxiety"], "pcl5": [2] * 20},
               "indication.secondary[2]")


def test_secondary_with_distinct_values_other_than_primary_is_valid():
    assert error_paths(make_doc({"indication.secondary": ["anxiety", "ptsd", "other"], "pcl5": [2] * 20})) == []


def test_secondary_may_be_given_without_a_primary():
    assert error_paths(make_doc({"indication.primary": None, "indication.secondary": ["depression"]})) == []


def test_secondary_must_be_a_list():
    invalid_at({"indication.secondary": "anxiety"}, "indication.secondary")


# --- last_bp --------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["systolic", "diastolic"])
def test_last_bp_missing_a_pressure_is_invalid(key):
    invalid_at({f"medical.last_bp.{key}": ABSENT}, f"medical.last_bp.{key}")


@pytest.mark.parametrize("key", ["systolic", "diastolic"])
def test_last_bp_with_a_null_pressure_is_invalid(key):
    invalid_at({f"medical.last_bp.{key}": None}, f"medical.last_bp.{key}")


def test_last_bp_measured_on_may_be_null():
    assert error_paths(make_doc({"medical.last_bp.measured_on": None})) == []


def test_last_bp_measured_on_may_be_absent():
    assert error_paths(make_doc({"medical.last_bp.measured_on": ABSENT})) == []


def test_last_bp_measured_on_must_be_a_real_date():
    invalid_at({"medical.last_bp.measured_on": "2026-13-01"}, "medical.last_bp.measured_on")


def test_last_bp_must_be_an_object():
    invalid_at({"medical.last_bp": "128/82"}, "medical.last_bp")


# --- dates and timestamps -------------------------------------------------------------------------

def test_date_of_birth_after_the_submission_date_is_invalid():
    invalid_at({"patient.date_of_birth": "2026-11-21"}, "patient.date_of_birth")


def test_date_of_birth_on_the_submission_date_is_valid():
    assert error_paths(make_doc({"patient.date_of_birth": "2026-11-20"})) == []


def test_date_of_birth_is_compared_with_the_date_written_in_submitted_at():
    # 2026-11-20T00:30+01:00 is 2026-11-19 in UTC, but the date written is the 20th.
    doc = make_doc({"submitted_at": "2026-11-20T00:30:00+01:00", "patient.date_of_birth": "2026-11-20"})
    assert error_paths(doc) == []


def test_date_of_birth_after_the_written_date_is_invalid_even_when_later_in_utc():
    # 2026-11-19T23:30-01:00 is 2026-11-20 in UTC, but the date written is the 19th.
    doc = make_doc({"submitted_at": "2026-11-19T23:30:00-01:00", "patient.date_of_birth": "2026-11-20"})
    assert error_paths(doc) == ["patient.date_of_birth"]


@pytest.mark.parametrize("value", ["2026-02-30", "2025-02-29", "1985-13-02", "1985-04-31", "1985-4-2",
                                   "02.04.1985", "1985-04-02T00:00:00", "19850402", "", 1985])
def test_bad_date_of_birth_is_invalid(value):
    invalid_at({"patient.date_of_birth": value}, "patient.date_of_birth")


def test_29_february_in_a_leap_year_is_a_valid_date_of_birth():
    assert error_paths(make_doc({"patient.date_of_birth": "2004-02-29"})) == []


@pytest.mark.parametrize("value", ["2026-11-20T10:15:00", "2026-11-20", "2026-02-30T10:15:00+01:00",
                                   "2026-11-20T25:00:00+01:00", "2026-11-20T10:15:00+01:60",
                                   "2026-11-20T10:15:00+24:00", "20.11.2026 10:15", "", 1790000000])
def test_bad_submitted_at_is_invalid(value):
    invalid_at({"submitted_at": value}, "submitted_at")


@pytest.mark.parametrize("value", ["2026-11-20T10:15:00Z", "2026-11-20T10:15:00+01:00", "2026-11-20T10:15:00-05:30",
                                   "2026-11-20T10:15:00.250+01:00"])
def test_submitted_at_with_a_utc_offset_is_valid(value):
    assert error_paths(make_doc({"submitted_at": value})) == []


# --- medication and psychotherapy entries ---------------------------------------------------------

@pytest.mark.parametrize("key", MEDICATION_KEYS)
def test_medication_entry_missing_one_of_its_five_keys_is_invalid(key):
    invalid_at({f"treatments.medications[0].{key}": ABSENT}, f"treatments.medications[0].{key}")


@pytest.mark.parametrize("key", ["drug", "outcome"])
def test_medication_entry_with_null_drug_or_outcome_is_invalid(key):
    invalid_at({f"treatments.medications[2].{key}": None}, f"treatments.medications[2].{key}")


@pytest.mark.parametrize("key", ["max_daily_dose_mg", "weeks_at_dose", "current_episode"])
def test_medication_entry_may_have_unknown_dose_weeks_or_episode(key):
    assert error_paths(make_doc({f"treatments.medications[0].{key}": None})) == []


@pytest.mark.parametrize("drug", ["", "   ", 5, True])
def test_medication_drug_must_be_a_non_empty_string(drug):
    invalid_at({"treatments.medications[0].drug": drug}, "treatments.medications[0].drug")


def test_medication_with_an_unknown_drug_name_is_valid():
    assert error_paths(make_doc({"treatments.medications[0].drug": "not-a-drug"})) == []


@pytest.mark.parametrize("entry", [None, "sertraline", ["sertraline"]], ids=repr)
def test_medication_entry_must_be_an_object(entry):
    invalid_at({"treatments.medications[1]": entry}, "treatments.medications[1]")


def test_psychotherapy_without_sessions_is_valid():
    assert error_paths(make_doc({"treatments.psychotherapies[0].sessions": ABSENT})) == []


def test_psychotherapy_with_null_sessions_is_valid():
    assert error_paths(make_doc({"treatments.psychotherapies[0].sessions": None})) == []


@pytest.mark.parametrize("key", ["kind", "outcome"])
def test_psychotherapy_missing_kind_or_outcome_is_invalid(key):
    invalid_at({f"treatments.psychotherapies[0].{key}": ABSENT}, f"treatments.psychotherapies[0].{key}")


@pytest.mark.parametrize("key", ["kind", "outcome"])
def test_psychotherapy_with_null_kind_or_outcome_is_invalid(key):
    invalid_at({f"treatments.psychotherapies[0].{key}": None}, f"treatments.psychotherapies[0].{key}")


# --- current medications and free text ------------------------------------------------------------

@pytest.mark.parametrize("name", ["", "  ", None, 5, False], ids=repr)
def test_current_medication_must_be_a_non_empty_string(name):
    invalid_at({"current_medications": ["sertraline", name]}, "current_medications[1]")


def test_current_medications_must_be_a_list():
    invalid_at({"current_medications": "sertraline"}, "current_medications")


def test_medical_other_must_be_text():
    invalid_at({"medical.other": False}, "medical.other")
