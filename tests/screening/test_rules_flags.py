"""Every rule of clinical-rules.md (ruleset 2026.1): what raises it, what suppresses it, the outcome,
REL-MISSING, treatment resistance, drug names and determinism."""

import copy

import pytest

from screening.rules import get_ruleset, result_json

from .conftest import ABSENT, base_doc, codes, course, flag, make_doc, screen, screen_doc, tr_doc, trial

LEVELS = ("urgent", "absolute", "criteria", "relative", "info")
OUTCOME_OF_LEVEL = {
    "urgent": "urgent",
    "absolute": "contraindicated",
    "criteria": "criteria_not_met",
    "relative": "needs_review",
    "info": "meets_criteria",
}

# Every code of clinical-rules.md with its level.
SPEC_LEVELS = {
    "URG-SUICIDE-HIGH": "urgent",
    **dict.fromkeys(
        ["ABS-AGE-UNDER-18", "ABS-PSYCHOSIS-CURRENT", "ABS-MANIA-CURRENT", "ABS-HTN-UNCONTROLLED",
         "ABS-CARDIAC-UNSTABLE", "ABS-VASCULAR", "ABS-RAISED-ICP", "ABS-PREGNANT", "ABS-BREASTFEEDING",
         "ABS-SUD-CURRENT", "ABS-KETAMINE-REACTION"], "absolute"),
    **dict.fromkeys(["CRIT-INDICATION", "CRIT-SEVERITY", "CRIT-TR-NOT-MET"], "criteria"),
    **dict.fromkeys(
        ["REL-SUICIDE-MODERATE", "REL-PSYCHOSIS-PAST", "REL-BIPOLAR", "REL-DISSOCIATIVE", "REL-HTN", "REL-CARDIAC",
         "REL-STROKE", "REL-LIVER", "REL-THYROID", "REL-GLAUCOMA", "REL-EPILEPSY", "REL-AIRWAY",
         "REL-PREGNANCY-UNSURE", "REL-SUD-HISTORY", "REL-DISSOCIATIVE-MISUSE", "REL-ALCOHOL", "REL-MED-MAOI",
         "REL-MED-BENZODIAZEPINE", "REL-MED-STIMULANT", "REL-MED-OPIOID", "REL-MED-NALTREXONE",
         "REL-MED-XANTHINE", "REL-MED-UNKNOWN", "REL-PRIOR-NONRESPONSE", "REL-MISSING"], "relative"),
    **dict.fromkeys(
        ["INFO-SUICIDAL-IDEATION", "INFO-ALCOHOL", "INFO-MED-LAMOTRIGINE", "INFO-BP-UNKNOWN", "INFO-AGE-70",
         "INFO-SUD-REMISSION", "INFO-NO-PSYCHOTHERAPY", "INFO-INTOLERANCE", "INFO-PRIOR-RESPONSE",
         "INFO-NO-TRANSPORT", "INFO-CANNOT-FAST"], "info"),
}

ACTIVE_THOUGHTS = {"suicide_screen.active_thoughts": True, "suicide_screen.method": False,
                   "suicide_screen.intent": False, "suicide_screen.plan": False}

# One document per way a rule can be raised: (code, changes to base-meets.json). Each of these
# raises exactly its own flag and nothing else.
SINGLE_FLAG_CASES = [
    ("URG-SUICIDE-HIGH", {**ACTIVE_THOUGHTS, "suicide_screen.intent": True}),
    ("URG-SUICIDE-HIGH", {**ACTIVE_THOUGHTS, "suicide_screen.plan": True}),
    ("URG-SUICIDE-HIGH", {"suicide_screen.behavior": "within_3_months"}),
    ("ABS-AGE-UNDER-18", {"patient.date_of_birth": "2010-01-01"}),
    ("ABS-PSYCHOSIS-CURRENT", {"psychiatric.psychosis": "current"}),
    ("ABS-MANIA-CURRENT", {"psychiatric.mania_now": True}),
    ("ABS-HTN-UNCONTROLLED", {"medical.hypertension": "untreated"}),
    ("ABS-HTN-UNCONTROLLED", {"medical.hypertension": "treated_uncontrolled"}),
    ("ABS-HTN-UNCONTROLLED", {"medical.last_bp.systolic": 181}),
    ("ABS-CARDIAC-UNSTABLE", {"medical.heart_disease": "unstable"}),
    ("ABS-VASCULAR", {"medical.aneurysm_or_brain_bleed": True}),
    ("ABS-RAISED-ICP", {"medical.raised_intracranial_pressure": True}),
    ("ABS-PREGNANT", {"reproductive.pregnant": "yes"}),
    ("ABS-BREASTFEEDING", {"reproductive.breastfeeding": True}),
    ("ABS-SUD-CURRENT", {"substances.substance_use_disorder": "current"}),
    ("ABS-KETAMINE-REACTION", {"medical.ketamine_reaction": True}),
    ("CRIT-INDICATION", {"indication.primary": "other"}),
    ("CRIT-SEVERITY", {"phq9": [1, 1, 1, 1, 1, 1, 1, 1, 0]}),
    ("CRIT-TR-NOT-MET", {"treatments.medications": []}),
    ("REL-SUICIDE-MODERATE", {**ACTIVE_THOUGHTS, "suicide_screen.method": True}),
    ("REL-SUICIDE-MODERATE", {"suicide_screen.behavior": "over_3_months_ago"}),
    ("REL-PSYCHOSIS-PAST", {"psychiatric.psychosis": "past"}),
    ("REL-BIPOLAR", {"psychiatric.bipolar": "bipolar_1"}),
    ("REL-BIPOLAR", {"psychiatric.bipolar": "bipolar_2"}),
    ("REL-BIPOLAR", {"psychiatric.bipolar": "unsure"}),
    ("REL-BIPOLAR", {"psychiatric.mdq_positive": True}),
    ("REL-DISSOCIATIVE", {"psychiatric.dissociative_disorder": True}),
    ("REL-HTN", {"medical.hypertension": "treated_controlled"}),
    ("REL-HTN", {"medical.hypertension": "unsure"}),
    ("REL-HTN", {"medical.last_bp.diastolic": 90}),
    ("REL-CARDIAC", {"medical.heart_disease": "stable"}),
    ("REL-STROKE", {"medical.stroke": True}),
    ("REL-LIVER", {"medical.liver_disease": "mild"}),
    ("REL-LIVER", {"medical.liver_disease": "severe"}),
    ("REL-THYROID", {"medical.hyperthyroidism_untreated": True}),
    ("REL-GLAUCOMA", {"medical.glaucoma": True}),
    ("REL-EPILEPSY", {"medical.epilepsy": True}),
    ("REL-AIRWAY", {"medical.sleep_apnea": True}),
    ("REL-AIRWAY", {"patient.weight_kg": 102.0}),  # BMI 35.3 at 170 cm
    ("REL-PREGNANCY-UNSURE", {"reproductive.pregnant": "unsure"}),
    ("REL-PREGNANCY-UNSURE", {"reproductive.planning_pregnancy": True}),
    ("REL-SUD-HISTORY", {"substances.substance_use_disorder": "remission_under_1y"}),
    ("REL-SUD-HISTORY", {"substances.drug_use": "past_year"}),
    ("REL-SUD-HISTORY", {"substances.drug_use": "current"}),
    ("REL-DISSOCIATIVE-MISUSE", {"substances.dissociative_misuse": True}),
    ("REL-ALCOHOL", {"substances.auditc": [4, 4, 0]}),
    ("REL-MED-MAOI", {"current_medications": ["Aurorix"]}),
    ("REL-MED-MAOI", {"current_medications": ["phenelzine"]}),
    ("REL-MED-BENZODIAZEPINE", {"current_medications": ["Rivotril"]}),
    ("REL-MED-BENZODIAZEPINE", {"current_medications": ["Sobril"]}),
    ("REL-MED-STIMULANT", {"current_medications": ["Ritalin"]}),
    ("REL-MED-STIMULANT", {"current_medications": ["modafinil"]}),
    ("REL-MED-OPIOID", {"current_medications": ["Nobligan"]}),
    ("REL-MED-OPIOID", {"current_medications": ["oksykodon"]}),
    ("REL-MED-NALTREXONE", {"current_medications": ["naltrekson"]}),
    ("REL-MED-XANTHINE", {"current_medications": ["Theo-Dur"]}),
    ("REL-MED-XANTHINE", {"current_medications": ["aminophylline"]}),
    ("REL-MED-UNKNOWN", {"current_medications": ["Paracet"]}),
    ("REL-PRIOR-NONRESPONSE", {"treatments.esketamine_or_ketamine": "no_effect"}),
    ("REL-MISSING", {"patient.weight_kg": None}),
    ("INFO-SUICIDAL-IDEATION", {"suicide_screen.wish_dead": True}),
    ("INFO-SUICIDAL-IDEATION", ACTIVE_THOUGHTS),
    ("INFO-SUICIDAL-IDEATION", {"phq9[8]": 1}),
    ("INFO-ALCOHOL", {"substances.auditc": [2, 1, 0]}),
    ("INFO-MED-LAMOTRIGINE", {"current_medications": ["  LAMICTAL "]}),
    ("INFO-MED-LAMOTRIGINE", {"current_medications": ["lamotrigin"]}),
    ("INFO-BP-UNKNOWN", {"medical.last_bp": None}),
    ("INFO-AGE-70", {"patient.date_of_birth": "1950-06-01"}),
    ("INFO-SUD-REMISSION", {"substances.substance_use_disorder": "remission_over_1y"}),
    ("INFO-SUD-REMISSION", {"substances.drug_use": "past"}),
    ("INFO-NO-PSYCHOTHERAPY", {"treatments.psychotherapies": []}),
    ("INFO-INTOLERANCE", {"treatments.medications[2].outcome": "stopped_side_effects"}),
    ("INFO-PRIOR-RESPONSE", {"treatments.esketamine_or_ketamine": "partial"}),
    ("INFO-PRIOR-RESPONSE", {"treatments.esketamine_or_ketamine": "remission"}),
    ("INFO-NO-TRANSPORT", {"practical.transport_home": False}),
    ("INFO-CANNOT-FAST", {"practical.can_fast": False}),
]
CASE_IDS = [f"{code}-{i}" for i, (code, _changes) in enumerate(SINGLE_FLAG_CASES)]


def all_crafted_results():
    """Every crafted document of this module, screened (used for the coverage and evidence checks)."""
    docs = [make_doc(changes) for _code, changes in SINGLE_FLAG_CASES]
    docs.append(everything_at_once())
    return [screen(doc) for doc in docs]


def everything_at_once():
    """A document raising a flag at every level, several per level."""
    return make_doc({
        **ACTIVE_THOUGHTS,
        "suicide_screen.intent": True,
        "suicide_screen.wish_dead": True,
        "psychiatric.mania_now": True,
        "medical.stroke": True,
        "medical.heart_disease": "unstable",
        "indication.primary": "other",
        "current_medications": ["Sobril", "Paracet", "Lamictal"],
        "substances.auditc": [1, 1, 1],
        "practical.can_fast": False,
        "patient.height_cm": None,
        "phq9[8]": 2,
    })


# --- the catalogue --------------------------------------------------------------------------------

def test_the_ruleset_has_exactly_the_codes_of_the_catalogue():
    assert {rule.code for rule in get_ruleset("2026.1").rules} == set(SPEC_LEVELS)


@pytest.mark.parametrize("code", sorted(SPEC_LEVELS))
def test_each_rule_has_the_level_of_the_catalogue(code):
    assert get_ruleset("2026.1").rule(code).level == SPEC_LEVELS[code]


def test_the_current_ruleset_is_2026_2_and_2026_1_stays():
    assert get_ruleset().version == "2026.2"
    assert get_ruleset("2026.2") is get_ruleset()
    assert get_ruleset("2026.1").version == "2026.1"


def test_an_unknown_ruleset_version_is_refused():
    with pytest.raises(KeyError):
        get_ruleset("1999.1")


def test_the_base_document_raises_no_flag(base):
    result = screen(base)
    assert result["flags"] == []
    assert result["outcome"] == "meets_criteria"


@pytest.mark.parametrize("code, changes", SINGLE_FLAG_CASES, ids=CASE_IDS)
def test_single_answer_raises_exactly_its_flag(code, changes):
    assert codes(screen_doc(changes)) == [code]


@pytest.mark.parametrize("code, changes", SINGLE_FLAG_CASES, ids=CASE_IDS)
def test_single_flag_has_the_catalogue_level(code, changes):
    assert flag(screen_doc(changes), code)["level"] == SPEC_LEVELS[code]


@pytest.mark.parametrize("code, changes", SINGLE_FLAG_CASES, ids=CASE_IDS)
def test_single_flag_decides_the_outcome_by_its_level(code, changes):
    assert screen_doc(changes)["outcome"] == OUTCOME_OF_LEVEL[SPEC_LEVELS[code]]


def test_every_flag_has_non_empty_evidence():
    for result in all_crafted_results():
        for item in result["flags"]:
            assert isinstance(item["evidence"], dict) and item["evidence"], item["code"]


def test_every_rule_code_is_raised_by_some_crafted_document():
    raised = set()
    for result in all_crafted_results():
        raised.update(codes(result))
    assert raised == {rule.code for rule in get_ruleset("2026.1").rules}


# --- suppressions and side-by-side flags ----------------------------------------------------------

def test_moderate_suicide_risk_is_not_raised_with_high_risk():
    result = screen_doc({**ACTIVE_THOUGHTS, "suicide_screen.method": True, "suicide_screen.intent": True})
    assert codes(result) == ["URG-SUICIDE-HIGH"]


def test_past_suicidal_behaviour_is_not_moderate_when_there_is_a_plan():
    result = screen_doc({**ACTIVE_THOUGHTS, "suicide_screen.plan": True,
                         "suicide_screen.behavior": "over_3_months_ago"})
    assert codes(result) == ["URG-SUICIDE-HIGH"]


def test_suicidal_ideation_is_not_raised_with_high_risk():
    result = screen_doc({**ACTIVE_THOUGHTS, "suicide_screen.wish_dead": True, "suicide_screen.intent": True,
                         "phq9[8]": 3})
    assert codes(result) == ["URG-SUICIDE-HIGH"]


def test_suicidal_ideation_is_not_raised_with_moderate_risk():
    result = screen_doc({**ACTIVE_THOUGHTS, "suicide_screen.wish_dead": True, "suicide_screen.method": True,
                         "phq9[8]": 2})
    assert codes(result) == ["REL-SUICIDE-MODERATE"]


@pytest.mark.parametrize("key", ["intent", "plan"])
def test_intent_or_plan_with_active_thoughts_false_is_still_urgent(key):
    result = screen_doc({f"suicide_screen.{key}": True})  # active_thoughts stays false
    assert codes(result) == ["URG-SUICIDE-HIGH"]
    assert result["crisis"] is True


def test_method_with_active_thoughts_false_is_still_moderate():
    assert codes(screen_doc({"suicide_screen.method": True})) == ["REL-SUICIDE-MODERATE"]


def test_intent_false_and_plan_false_with_active_thoughts_is_only_ideation():
    assert codes(screen_doc(ACTIVE_THOUGHTS)) == ["INFO-SUICIDAL-IDEATION"]


def test_pregnant_and_planning_pregnancy_raise_both_flags():
    result = screen_doc({"reproductive.pregnant": "yes", "reproductive.planning_pregnancy": True})
    assert codes(result) == ["ABS-PREGNANT", "REL-PREGNANCY-UNSURE"]


def test_unstable_heart_and_uncontrolled_bp_are_raised_side_by_side_with_relative_flags():
    result = screen_doc({"medical.heart_disease": "stable", "medical.hypertension": "untreated",
                         "medical.stroke": True})
    assert codes(result) == ["ABS-HTN-UNCONTROLLED", "REL-CARDIAC", "REL-STROKE"]


def test_substance_flags_of_different_answers_are_raised_side_by_side():
    result = screen_doc({"substances.substance_use_disorder": "remission_over_1y",
                         "substances.drug_use": "current"})
    assert codes(result) == ["REL-SUD-HISTORY", "INFO-SUD-REMISSION"]


def test_current_sud_is_absolute_and_past_year_drug_use_relative():
    result = screen_doc({"substances.substance_use_disorder": "current", "substances.drug_use": "past_year"})
    assert codes(result) == ["ABS-SUD-CURRENT", "REL-SUD-HISTORY"]


def test_severity_and_treatment_resistance_are_both_raised():
    result = screen_doc({"phq9": [0] * 9, "treatments.medications": []})
    assert codes(result) == ["CRIT-SEVERITY", "CRIT-TR-NOT-MET"]


# --- outcome and crisis ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "changes, outcome",
    [
        ({"suicide_screen.behavior": "within_3_months", "psychiatric.psychosis": "current"}, "urgent"),
        ({"psychiatric.mania_now": True, "indication.primary": "other"}, "contraindicated"),
        ({"indication.primary": "other", "medical.stroke": True}, "criteria_not_met"),
        ({"medical.stroke": True, "practical.transport_home": False}, "needs_review"),
        ({"practical.transport_home": False, "practical.can_fast": False}, "meets_criteria"),
        ({}, "meets_criteria"),
    ],
    ids=["urgent-over-absolute", "absolute-over-criteria", "criteria-over-relative", "relative-over-info",
         "info-only", "no-flags"],
)
def test_outcome_is_the_first_level_that_applies(changes, outcome):
    assert screen_doc(changes)["outcome"] == outcome


def test_urgent_wins_over_every_other_level():
    assert screen(everything_at_once())["outcome"] == "urgent"


@pytest.mark.parametrize(
    "changes",
    [
        {"suicide_screen.behavior": "within_3_months"},
        {"suicide_screen.intent": True, "psychiatric.mania_now": True},
        {"psychiatric.mania_now": True},
        {"indication.primary": "other"},
        {"medical.stroke": True},
        {"practical.can_fast": False},
        {},
    ],
)
def test_crisis_is_true_exactly_when_the_outcome_is_urgent(changes):
    result = screen_doc(changes)
    assert result["crisis"] is (result["outcome"] == "urgent")


def test_crisis_is_false_for_moderate_suicide_risk():
    assert screen_doc({"suicide_screen.behavior": "over_3_months_ago"})["crisis"] is False


# --- flag order -----------------------------------------------------------------------------------

def test_flags_are_sorted_by_level_then_code():
    flags = screen(everything_at_once())["flags"]
    keys = [(LEVELS.index(item["level"]), item["code"]) for item in flags]
    assert keys == sorted(keys)


def test_flags_of_the_crowded_document_in_their_exact_order():
    assert codes(screen(everything_at_once())) == [
        "URG-SUICIDE-HIGH",
        "ABS-CARDIAC-UNSTABLE", "ABS-MANIA-CURRENT",
        "CRIT-INDICATION",
        "REL-MED-BENZODIAZEPINE", "REL-MED-UNKNOWN", "REL-MISSING", "REL-STROKE",
        "INFO-ALCOHOL", "INFO-CANNOT-FAST", "INFO-MED-LAMOTRIGINE",
    ]


def many_relative_and_info_flags():
    return make_doc({
        "psychiatric.dissociative_disorder": True,
        "substances.dissociative_misuse": True,
        "medical.liver_disease": "mild",
        "medical.glaucoma": True,
        "medical.epilepsy": True,
        "medical.hyperthyroidism_untreated": True,
        "medical.last_bp": None,
        "reproductive.planning_pregnancy": True,
        "treatments.esketamine_or_ketamine": "no_effect",
        "treatments.medications[2].outcome": "stopped_side_effects",
        "patient.date_of_birth": "1950-01-01",
        "substances.drug_use": "past",
        "substances.auditc": [2, 1, 0],
        "practical.transport_home": False,
        "current_medications": ["Xanor", "Ritalin", "Nobligan", "naltrekson", "Theo-Dur", "Aurorix", "ukjent"],
        "psychiatric.psychosis": "past",
        "suicide_screen.wish_dead": True,
    })


def test_relative_and_info_flags_come_out_in_plain_character_order():
    assert codes(screen(many_relative_and_info_flags())) == [
        "REL-DISSOCIATIVE", "REL-DISSOCIATIVE-MISUSE", "REL-EPILEPSY", "REL-GLAUCOMA", "REL-LIVER",
        "REL-MED-BENZODIAZEPINE", "REL-MED-MAOI", "REL-MED-NALTREXONE", "REL-MED-OPIOID", "REL-MED-STIMULANT",
        "REL-MED-UNKNOWN", "REL-MED-XANTHINE", "REL-PREGNANCY-UNSURE", "REL-PRIOR-NONRESPONSE",
        "REL-PSYCHOSIS-PAST", "REL-THYROID",
        "INFO-AGE-70", "INFO-ALCOHOL", "INFO-BP-UNKNOWN", "INFO-INTOLERANCE", "INFO-NO-TRANSPORT",
        "INFO-SUD-REMISSION", "INFO-SUICIDAL-IDEATION",
    ]


def test_flags_of_every_crafted_document_are_sorted_by_level_then_code():
    for result in [*all_crafted_results(), screen(many_relative_and_info_flags())]:
        keys = [(LEVELS.index(item["level"]), item["code"]) for item in result["flags"]]
        assert keys == sorted(keys)


def test_each_flag_has_code_level_and_evidence_only():
    for item in screen(many_relative_and_info_flags())["flags"]:
        assert list(item) == ["code", "level", "evidence"]


def test_a_code_appears_at_most_once_even_when_several_clauses_are_true():
    result = screen_doc({"psychiatric.bipolar": "bipolar_1", "psychiatric.mdq_positive": True,
                         "current_medications": ["Sobril", "Rivotril", "diazepam"]})
    assert codes(result) == ["REL-BIPOLAR", "REL-MED-BENZODIAZEPINE"]


def test_evidence_lists_every_current_medication_of_the_class():
    result = screen_doc({"current_medications": ["Sobril", "sertraline", "Rivotril"]})
    assert flag(result, "REL-MED-BENZODIAZEPINE")["evidence"] == {
        "current_medications[0]": "Sobril",
        "current_medications[2]": "Rivotril",
    }


# --- REL-MISSING ----------------------------------------------------------------------------------

ALWAYS_ASKED = {
    "patient": ["patient.date_of_birth", "patient.sex_at_birth", "patient.weight_kg", "patient.height_cm"],
    "indication": ["indication.primary", "indication.secondary", "indication.episode_months"],
    "phq9": ["phq9"],
    "gad7": ["gad7"],
    "suicide_screen": ["suicide_screen.wish_dead", "suicide_screen.active_thoughts", "suicide_screen.behavior"],
    "treatments": ["treatments.medications", "treatments.psychotherapies", "treatments.ect", "treatments.rtms",
                   "treatments.esketamine_or_ketamine"],
    "psychiatric": ["psychiatric.psychosis", "psychiatric.bipolar", "psychiatric.mania_now",
                    "psychiatric.dissociative_disorder"],
    "medical": ["medical.hypertension", "medical.heart_disease", "medical.aneurysm_or_brain_bleed",
                "medical.raised_intracranial_pressure", "medical.stroke", "medical.liver_disease",
                "medical.hyperthyroidism_untreated", "medical.glaucoma", "medical.epilepsy", "medical.sleep_apnea",
                "medical.ketamine_reaction"],
    "substances": ["substances.auditc", "substances.drug_use", "substances.substance_use_disorder",
                   "substances.dissociative_misuse"],
    "current_medications": ["current_medications"],
    "practical": ["practical.transport_home", "practical.can_fast", "practical.referral"],
}
ALWAYS_ASKED_PATHS = [path for paths in ALWAYS_ASKED.values() for path in paths]
REPRODUCTIVE_PATHS = ["reproductive.pregnant", "reproductive.breastfeeding", "reproductive.planning_pregnancy"]
SUICIDE_FOLLOW_UP_PATHS = ["suicide_screen.method", "suicide_screen.intent", "suicide_screen.plan"]


def missing(result):
    """The REL-MISSING evidence, or {} when it was not raised."""
    for item in result["flags"]:
        if item["code"] == "REL-MISSING":
            return item["evidence"]
    return {}


def nulls(paths):
    return dict.fromkeys(paths)


@pytest.mark.parametrize("path", ALWAYS_ASKED_PATHS)
def test_an_always_asked_question_left_null_is_missing(path):
    assert missing(screen_doc({path: None})) == {path: None}


@pytest.mark.parametrize("path", ALWAYS_ASKED_PATHS)
def test_an_always_asked_question_left_absent_is_missing(path):
    assert missing(screen_doc({path: ABSENT})) == {path: None}


@pytest.mark.parametrize("section, paths", sorted(ALWAYS_ASKED.items()))
def test_an_absent_section_reports_every_asked_path_in_it(section, paths):
    assert missing(screen_doc({section: ABSENT})) == nulls(paths)


@pytest.mark.parametrize("section, paths", sorted(ALWAYS_ASKED.items()))
def test_a_null_section_reports_every_asked_path_in_it(section, paths):
    assert missing(screen_doc({section: None})) == nulls(paths)


def test_a_document_with_only_format_and_timestamp_reports_every_path_asked_of_everyone():
    result = screen({"format": "intake/1", "submitted_at": "2026-11-20T10:15:00+01:00"})
    # Unanswered sex counts as not male: the reproductive questions are asked too.
    assert missing(result) == nulls(ALWAYS_ASKED_PATHS + REPRODUCTIVE_PATHS)


def test_missing_evidence_values_are_null():
    assert set(missing(screen_doc({"medical": ABSENT})).values()) == {None}


@pytest.mark.parametrize("changes", [{"indication.primary": "ptsd", "indication.episode_months": 12},
                                     {"indication.secondary": ["ptsd"]}],
                         ids=["ptsd-primary", "ptsd-secondary"])
def test_pcl5_is_missing_when_ptsd_is_primary_or_secondary(changes):
    assert missing(screen_doc({**changes, "pcl5": None})) == {"pcl5": None}


@pytest.mark.parametrize("changes", [{}, {"indication.secondary": ["anxiety"]},
                                     {"indication.primary": "anxiety"}, {"indication.secondary": None}],
                         ids=["depression", "anxiety-secondary", "anxiety-primary", "secondary-null"])
def test_pcl5_is_not_missing_without_ptsd(changes):
    assert "pcl5" not in missing(screen_doc({**changes, "pcl5": None}))


def test_suicide_follow_up_questions_are_missing_when_active_thoughts_is_true():
    result = screen_doc({"suicide_screen.active_thoughts": True})  # method/intent/plan stay null
    assert missing(result) == nulls(SUICIDE_FOLLOW_UP_PATHS)


def test_suicide_follow_up_questions_are_not_asked_when_active_thoughts_is_false():
    assert missing(screen_doc({"suicide_screen.method": ABSENT, "suicide_screen.intent": ABSENT,
                               "suicide_screen.plan": ABSENT})) == {}


def test_suicide_follow_up_questions_are_not_asked_when_active_thoughts_is_unanswered():
    assert missing(screen_doc({"suicide_screen.active_thoughts": None})) == {"suicide_screen.active_thoughts": None}


@pytest.mark.parametrize("sex", ["female", "other"])
def test_reproductive_questions_are_missing_unless_male(sex):
    assert missing(screen_doc({"patient.sex_at_birth": sex, "reproductive": None})) == nulls(REPRODUCTIVE_PATHS)


def test_reproductive_questions_are_not_asked_of_men():
    assert missing(screen_doc({"patient.sex_at_birth": "male", "reproductive": ABSENT})) == {}


def test_reproductive_questions_are_asked_when_sex_is_unanswered():
    result = screen_doc({"patient.sex_at_birth": None, "reproductive": None})
    assert missing(result) == nulls(["patient.sex_at_birth", *REPRODUCTIVE_PATHS])


@pytest.mark.parametrize("path", REPRODUCTIVE_PATHS)
def test_one_reproductive_question_left_null_is_missing(path):
    assert missing(screen_doc({path: None})) == {path: None}


@pytest.mark.parametrize(
    "changes",
    [
        {"locale": ABSENT}, {"locale": None},
        {"medical.last_bp": ABSENT},
        {"medical.other": ABSENT}, {"medical.other": None},
        {"psychiatric.mdq_positive": ABSENT}, {"psychiatric.mdq_positive": None},
        {"treatments.medications[0].max_daily_dose_mg": None},
        {"treatments.medications[0].weeks_at_dose": None},
        {"treatments.medications[0].current_episode": None},
        {"treatments.psychotherapies[0].sessions": ABSENT},
    ],
    ids=["locale-absent", "locale-null", "last_bp-absent", "other-absent", "other-null", "mdq-absent",
         "mdq-null", "dose-null", "weeks-null", "episode-null", "sessions-absent"],
)
def test_optional_questions_and_keys_inside_list_entries_are_never_missing(changes):
    assert missing(screen_doc(changes)) == {}


@pytest.mark.parametrize("path", ["indication.secondary", "treatments.medications", "treatments.psychotherapies",
                                  "current_medications"])
def test_an_empty_list_is_an_answer_not_missing(path):
    assert missing(screen_doc({path: []})) == {}


def test_missing_lists_every_gap_across_sections():
    result = screen_doc({"phq9": None, "medical.stroke": ABSENT, "practical": None})
    assert missing(result) == nulls(["phq9", "medical.stroke", "practical.transport_home", "practical.can_fast",
                                     "practical.referral"])


def test_reproductive_answers_given_by_a_man_are_still_used():
    result = screen_doc({"patient.sex_at_birth": "male", "reproductive.pregnant": "yes"})
    assert codes(result) == ["ABS-PREGNANT"]


def test_reproductive_answers_left_null_by_a_man_are_not_missing():
    result = screen_doc({"patient.sex_at_birth": "male", "reproductive.pregnant": None,
                         "reproductive.breastfeeding": None})
    assert missing(result) == {}


# --- INFO-BP-UNKNOWN ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "changes",
    [{"medical.last_bp": None}, {"medical.last_bp": ABSENT}, {"medical": ABSENT}, {"medical": None}],
    ids=["last_bp-null", "last_bp-absent", "medical-absent", "medical-null"],
)
def test_unknown_blood_pressure_is_information(changes):
    assert "INFO-BP-UNKNOWN" in codes(screen_doc(changes))


def test_a_known_blood_pressure_is_not_unknown():
    assert "INFO-BP-UNKNOWN" not in codes(screen_doc({"medical.last_bp.measured_on": None}))


# --- treatment resistance -------------------------------------------------------------------------

def tr(doc):
    return screen(doc)["treatment_resistance"]


def test_several_trials_of_one_drug_under_different_names_count_once():
    doc = tr_doc("depression", [trial("Zoloft", 100), trial("sertralin", 150, outcome="partial"),
                                trial("sertraline", 200)])
    assert tr(doc) == {"indication": "depression", "adequate_failed_trials": 1, "antidepressant_trials": 1,
                       "met": False}


def test_several_trials_of_one_drug_do_not_meet_treatment_resistance():
    doc = tr_doc("depression", [trial("Zoloft", 100), trial("sertralin", 150)])
    assert "CRIT-TR-NOT-MET" in codes(screen(doc))


def test_a_drug_counts_when_any_of_its_trials_is_an_adequate_failure():
    doc = tr_doc("depression", [trial("sertraline", 25), trial("Zoloft", 100, weeks=2), trial("SERTRALIN", 100)],
                 [course()])
    assert tr(doc)["adequate_failed_trials"] == 2


def test_two_different_drugs_count_twice():
    doc = tr_doc("depression", [trial("Cipralex", 20), trial("Zoloft", 100)])
    assert tr(doc) == {"indication": "depression", "adequate_failed_trials": 2, "antidepressant_trials": 2,
                       "met": True}


@pytest.mark.parametrize("current_episode", [False, None])
def test_depression_counts_only_trials_in_the_current_episode(current_episode):
    doc = tr_doc("depression", [trial("escitalopram", 20, current_episode=current_episode)], [course()])
    result = screen(doc)
    assert result["treatment_resistance"]["adequate_failed_trials"] == 1
    assert "CRIT-TR-NOT-MET" in codes(result)


@pytest.mark.parametrize("primary", ["anxiety", "ptsd"])
def test_current_episode_does_not_matter_for_anxiety_or_ptsd(primary):
    doc = tr_doc(primary, [trial("escitalopram", 20, current_episode=False),
                           trial("sertraline", 100, current_episode=None)], [course("emdr")])
    assert tr(doc)["adequate_failed_trials"] == 3


@pytest.mark.parametrize("key", ["max_daily_dose_mg", "weeks_at_dose"])
def test_a_trial_with_unknown_dose_or_duration_never_counts(key):
    unknown = trial("escitalopram", 20)
    unknown[key] = None
    result = screen(tr_doc("depression", [unknown], [course()]))
    assert result["treatment_resistance"]["adequate_failed_trials"] == 1
    assert "CRIT-TR-NOT-MET" in codes(result)


@pytest.mark.parametrize("outcome", ["stopped_side_effects", "remission", "ongoing"])
def test_a_trial_that_did_not_fail_never_counts(outcome):
    doc = tr_doc("depression", [trial("escitalopram", 20, outcome=outcome)], [course()])
    assert tr(doc)["adequate_failed_trials"] == 1


@pytest.mark.parametrize("outcome", ["no_effect", "partial"])
def test_a_trial_with_no_or_partial_effect_counts(outcome):
    doc = tr_doc("depression", [trial("escitalopram", 20, outcome=outcome)], [course()])
    assert tr(doc)["adequate_failed_trials"] == 2


@pytest.mark.parametrize("outcome", ["stopped_side_effects", "remission", "ongoing"])
def test_a_psychotherapy_that_did_not_fail_never_counts(outcome):
    doc = tr_doc("depression", [trial("escitalopram", 20)], [course(outcome=outcome)])
    assert tr(doc)["adequate_failed_trials"] == 1


def test_a_psychotherapy_without_sessions_never_counts():
    doc = tr_doc("depression", [trial("escitalopram", 20)], [{"kind": "cbt", "outcome": "no_effect"}])
    assert tr(doc)["adequate_failed_trials"] == 1


def test_each_psychotherapy_course_counts_on_its_own():
    doc = tr_doc("depression", [trial("escitalopram", 20)], [course("cbt"), course("cbt"), course("ipt")])
    assert tr(doc)["adequate_failed_trials"] == 4


def test_augmentation_only_depression_is_not_met_without_an_antidepressant():
    doc = tr_doc("depression", [trial("lithium", 900), trial("quetiapine", 300)])
    result = screen(doc)
    assert result["treatment_resistance"] == {"indication": "depression", "adequate_failed_trials": 2,
                                              "antidepressant_trials": 0, "met": False}
    assert "CRIT-TR-NOT-MET" in codes(result)


def test_augmentation_and_therapy_without_an_antidepressant_is_not_met():
    doc = tr_doc("depression", [trial("aripiprazole", 5)], [course(), course("ipt")])
    assert tr(doc)["met"] is False


def test_augmentation_with_one_antidepressant_is_met():
    doc = tr_doc("depression", [trial("lithium", 900), trial("venlafaxine", 150)])
    assert tr(doc) == {"indication": "depression", "adequate_failed_trials": 2, "antidepressant_trials": 1,
                       "met": True}


@pytest.mark.parametrize("device", ["ect", "rtms"])
@pytest.mark.parametrize("outcome", ["no_effect", "partial"])
def test_failed_ect_or_rtms_counts_for_depression(device, outcome):
    doc = tr_doc("depression", [trial("escitalopram", 20)], **{f"treatments__{device}": outcome})
    assert tr(doc)["adequate_failed_trials"] == 2
    assert tr(doc)["met"] is True


@pytest.mark.parametrize("outcome", ["never", "remission"])
def test_ect_that_never_happened_or_worked_does_not_count(outcome):
    doc = tr_doc("depression", [trial("escitalopram", 20)], ect=outcome)
    assert tr(doc)["adequate_failed_trials"] == 1


def test_ect_and_rtms_count_one_each():
    doc = tr_doc("depression", [], ect="no_effect", rtms="partial")
    assert tr(doc) == {"indication": "depression", "adequate_failed_trials": 2, "antidepressant_trials": 0,
                       "met": False}


@pytest.mark.parametrize("primary", ["anxiety", "ptsd"])
def test_ect_and_rtms_count_for_depression_only(primary):
    doc = tr_doc(primary, [trial("escitalopram", 20)], [course("emdr")], ect="no_effect", rtms="partial")
    assert tr(doc)["adequate_failed_trials"] == 2


def test_ptsd_with_cbt_and_two_ssris_is_not_met_without_trauma_focused_therapy():
    doc = tr_doc("ptsd", [trial("escitalopram", 20), trial("sertraline", 100)], [course("cbt")])
    result = screen(doc)
    assert result["treatment_resistance"] == {"indication": "ptsd", "adequate_failed_trials": 3,
                                              "antidepressant_trials": 2, "met": False}
    assert "CRIT-TR-NOT-MET" in codes(result)


@pytest.mark.parametrize("kind", ["tf_cbt", "emdr", "cpt", "pe"])
def test_ptsd_with_a_trauma_focused_course_and_one_ssri_is_met(kind):
    doc = tr_doc("ptsd", [trial("escitalopram", 20)], [course(kind)])
    result = screen(doc)
    assert result["treatment_resistance"] == {"indication": "ptsd", "adequate_failed_trials": 2,
                                              "antidepressant_trials": 1, "met": True}
    assert codes(result) == []


def test_ptsd_with_two_trauma_focused_courses_is_met():
    assert tr(tr_doc("ptsd", [], [course("emdr"), course("pe")]))["met"] is True


def test_ptsd_trauma_focused_course_with_too_few_sessions_does_not_count():
    doc = tr_doc("ptsd", [trial("escitalopram", 20), trial("sertraline", 100)], [course("emdr", sessions=7)])
    assert tr(doc)["met"] is False


@pytest.mark.parametrize("drug, dose", [("venlafaxine", 150), ("duloxetine", 60)])
def test_ptsd_counts_snris(drug, dose):
    assert tr(tr_doc("ptsd", [trial(drug, dose)], [course("emdr")]))["met"] is True


@pytest.mark.parametrize("drug, dose", [("amitriptyline", 100), ("mirtazapine", 30), ("pregabalin", 300),
                                        ("quetiapine", 300), ("bupropion", 300)])
def test_ptsd_does_not_count_other_classes(drug, dose):
    assert tr(tr_doc("ptsd", [trial(drug, dose)], [course("emdr")]))["adequate_failed_trials"] == 1


def test_anxiety_counts_pregabalin_and_psychotherapy():
    doc = tr_doc("anxiety", [trial("pregabalin", 300)], [course("cbt")])
    result = screen(doc)
    assert result["treatment_resistance"] == {"indication": "anxiety", "adequate_failed_trials": 2,
                                              "antidepressant_trials": 0, "met": True}
    assert codes(result) == []


def test_anxiety_counts_two_anxiolytics():
    assert tr(tr_doc("anxiety", [trial("Lyrica", 300), trial("buspiron", 30)]))["met"] is True


@pytest.mark.parametrize("drug, dose", [("venlafaxine", 150), ("clomipramine", 100), ("vortioxetine", 10),
                                        ("escitalopram", 20)])
def test_anxiety_counts_ssri_snri_tca_and_other_antidepressants(drug, dose):
    assert tr(tr_doc("anxiety", [trial(drug, dose)], [course()]))["adequate_failed_trials"] == 2


@pytest.mark.parametrize("drug, dose", [("moclobemide", 600), ("mirtazapine", 45), ("bupropion", 300),
                                        ("quetiapine", 300), ("diazepam", 20)])
def test_anxiety_does_not_count_other_classes(drug, dose):
    assert tr(tr_doc("anxiety", [trial(drug, dose)], [course()]))["adequate_failed_trials"] == 1


@pytest.mark.parametrize("drug, dose", [("pregabalin", 300), ("buspirone", 60), ("diazepam", 20),
                                        ("zopiclone", 7.5), ("lamotrigine", 200)])
def test_depression_does_not_count_anxiolytics_or_drugs_without_a_minimum(drug, dose):
    assert tr(tr_doc("depression", [trial(drug, dose)], [course()]))["adequate_failed_trials"] == 1


def test_an_unknown_drug_in_a_trial_never_counts():
    result = screen(tr_doc("depression", [trial("Paracet", 1000)], [course()]))
    assert result["treatment_resistance"]["adequate_failed_trials"] == 1
    assert "REL-MED-UNKNOWN" not in codes(result)  # only current medications are identified


def test_antidepressant_trials_count_the_antidepressant_classes_only():
    doc = tr_doc("depression", [trial("escitalopram", 20), trial("Efexor", 150), trial("lithium", 900),
                                trial("Remeron", 30), trial("Aurorix", 300)], [course()], ect="partial")
    assert tr(doc) == {"indication": "depression", "adequate_failed_trials": 7, "antidepressant_trials": 4,
                       "met": True}


def test_antidepressant_trials_for_anxiety():
    doc = tr_doc("anxiety", [trial("pregabalin", 300), trial("escitalopram", 20)])
    assert tr(doc)["antidepressant_trials"] == 1


def test_treatment_resistance_is_null_for_primary_other():
    assert screen_doc({"indication.primary": "other"})["treatment_resistance"] is None


def test_treatment_resistance_is_null_when_primary_is_unanswered():
    result = screen_doc({"indication.primary": None})
    assert result["treatment_resistance"] is None
    assert "CRIT-TR-NOT-MET" not in codes(result)


def test_treatment_resistance_is_null_when_indication_is_absent():
    assert screen_doc({"indication": ABSENT})["treatment_resistance"] is None


@pytest.mark.parametrize("changes", [{"treatments.psychotherapies": None},
                                     {"treatments.psychotherapies": ABSENT}], ids=["null", "absent"])
def test_unanswered_psychotherapies_count_no_trials_and_tr_can_fail(changes):
    doc = tr_doc("depression", [trial("escitalopram", 20)], **{k.replace(".", "__"): v for k, v in changes.items()})
    result = screen(doc)
    assert result["treatment_resistance"]["met"] is False
    assert codes(result) == ["CRIT-TR-NOT-MET", "REL-MISSING"]
    assert missing(result) == {"treatments.psychotherapies": None}


def test_unanswered_medications_count_no_trials_and_met_is_a_boolean():
    result = screen_doc({"treatments.medications": None})
    assert result["treatment_resistance"] == {"indication": "depression", "adequate_failed_trials": 1,
                                              "antidepressant_trials": 0, "met": False}
    assert codes(result) == ["CRIT-TR-NOT-MET", "REL-MISSING"]


def test_absent_treatments_section_counts_no_trials():
    result = screen_doc({"treatments": ABSENT})
    assert result["treatment_resistance"] == {"indication": "depression", "adequate_failed_trials": 0,
                                              "antidepressant_trials": 0, "met": False}
    assert "CRIT-TR-NOT-MET" in codes(result)


def test_crit_tr_not_met_evidence_names_the_indication():
    result = screen(tr_doc("anxiety", [trial("pregabalin", 300)]))
    assert flag(result, "CRIT-TR-NOT-MET")["evidence"]["indication.primary"] == "anxiety"


# --- INFO-NO-PSYCHOTHERAPY ------------------------------------------------------------------------

def test_no_psychotherapy_is_information_for_depression_with_an_empty_list():
    result = screen_doc({"treatments.psychotherapies": []})
    assert flag(result, "INFO-NO-PSYCHOTHERAPY")["evidence"] == {"treatments.psychotherapies": []}


def test_no_psychotherapy_is_not_raised_when_the_list_is_unanswered():
    assert "INFO-NO-PSYCHOTHERAPY" not in codes(screen_doc({"treatments.psychotherapies": None}))


@pytest.mark.parametrize("primary", ["anxiety", "ptsd", "other"])
def test_no_psychotherapy_is_only_for_depression(primary):
    doc = tr_doc(primary, [trial("escitalopram", 20), trial("sertraline", 100)], [])
    assert "INFO-NO-PSYCHOTHERAPY" not in codes(screen(doc))


def test_a_psychotherapy_course_that_did_not_count_is_still_a_course_listed():
    result = screen_doc({"treatments.psychotherapies": [course(sessions=2, outcome="remission")]})
    assert "INFO-NO-PSYCHOTHERAPY" not in codes(result)


# --- INFO-INTOLERANCE -----------------------------------------------------------------------------

def test_intolerance_lists_the_trials_stopped_for_side_effects():
    doc = make_doc({"treatments.medications[2].outcome": "stopped_side_effects"})
    assert flag(screen(doc), "INFO-INTOLERANCE")["evidence"] == {
        "treatments.medications[2]": doc["treatments"]["medications"][2],
    }


# --- drug names -----------------------------------------------------------------------------------

# The dose table of clinical-rules.md: class, generic name, minimum daily dose (None: no minimum), aliases.
SPEC_DOSE_TABLE = [
    ("ssri", "citalopram", 20, ["Cipramil"]),
    ("ssri", "escitalopram", 10, ["Cipralex"]),
    ("ssri", "fluoxetine", 20, ["fluoksetin", "Fontex"]),
    ("ssri", "fluvoxamine", 100, ["fluvoksamin", "Fevarin"]),
    ("ssri", "paroxetine", 20, ["paroksetin", "Seroxat"]),
    ("ssri", "sertraline", 50, ["sertralin", "Zoloft"]),
    ("snri", "venlafaxine", 75, ["venlafaksin", "Efexor"]),
    ("snri", "desvenlafaxine", 50, ["desvenlafaksin"]),
    ("snri", "duloxetine", 60, ["duloksetin", "Cymbalta"]),
    ("snri", "milnacipran", 100, []),
    ("tca", "amitriptyline", 75, ["amitriptylin", "Sarotex"]),
    ("tca", "clomipramine", 75, ["klomipramin", "Anafranil"]),
    ("tca", "nortriptyline", 75, ["nortriptylin", "Noritren"]),
    ("tca", "imipramine", 75, ["imipramin"]),
    ("tca", "doxepin", 75, []),
    ("tca", "trimipramine", 75, ["trimipramin", "Surmontil"]),
    ("maoi", "moclobemide", 300, ["moklobemid", "Aurorix"]),
    ("maoi", "phenelzine", 45, ["fenelzin", "Nardil"]),
    ("maoi", "tranylcypromine", 30, ["tranylcypromin"]),
    ("maoi", "isocarboxazid", 30, ["isokarboksazid"]),
    ("tetracyclic", "mirtazapine", 30, ["mirtazapin", "Remeron"]),
    ("tetracyclic", "mianserin", 30, []),
    ("ndri", "bupropion", 150, ["Wellbutrin", "Voxra"]),
    ("other_ad", "agomelatine", 25, ["agomelatin", "Valdoxan"]),
    ("other_ad", "vortioxetine", 10, ["vortioksetin", "Brintellix"]),
    ("other_ad", "trazodone", 150, ["trazodon"]),
    ("other_ad", "reboxetine", 8, ["reboksetin", "Edronax"]),
    ("augmentation", "lithium", 600, ["litium", "Lithionit"]),
    ("augmentation", "quetiapine", 150, ["kvetiapin", "Seroquel"]),
    ("augmentation", "aripiprazole", 2, ["aripiprazol", "Abilify"]),
    ("anxiolytic", "pregabalin", 150, ["Lyrica"]),
    ("anxiolytic", "buspirone", 30, ["buspiron"]),
    ("benzodiazepine", "diazepam", None, ["Valium", "Stesolid"]),
    ("benzodiazepine", "oxazepam", None, ["oksazepam", "Sobril"]),
    ("benzodiazepine", "alprazolam", None, ["Xanor"]),
    ("benzodiazepine", "clonazepam", None, ["klonazepam", "Rivotril"]),
    ("benzodiazepine", "lorazepam", None, []),
    ("benzodiazepine", "nitrazepam", None, ["Mogadon"]),
    ("hypnotic", "zopiclone", None, ["zopiklon", "Imovane"]),
    ("hypnotic", "zolpidem", None, ["Stilnoct"]),
    ("stimulant", "methylphenidate", None, ["metylfenidat", "Ritalin", "Concerta"]),
    ("stimulant", "lisdexamfetamine", None, ["lisdeksamfetamin", "Elvanse"]),
    ("stimulant", "dexamfetamine", None, ["deksamfetamin"]),
    ("stimulant", "amfetamine", None, ["amfetamin"]),
    ("stimulant", "modafinil", None, []),
    ("mood_stabilizer", "lamotrigine", None, ["lamotrigin", "Lamictal"]),
    ("mood_stabilizer", "valproate", None, ["valproat", "Orfiril"]),
    ("opioid", "tramadol", None, ["Nobligan"]),
    ("opioid", "codeine", None, ["kodein"]),
    ("opioid", "oxycodone", None, ["oksykodon", "OxyContin"]),
    ("opioid", "morphine", None, ["morfin"]),
    ("opioid", "buprenorphine", None, ["buprenorfin", "Subutex"]),
    ("opioid", "methadone", None, ["metadon"]),
    ("opioid", "tapentadol", None, ["Palexia"]),
    ("opioid_antagonist", "naltrexone", None, ["naltrekson"]),
    ("xanthine", "theophylline", None, ["teofyllin", "Theo-Dur"]),
    ("xanthine", "aminophylline", None, ["aminofyllin"]),
]
SPEC_NAMES = [
    (name, drug_class, generic, minimum)
    for drug_class, generic, minimum, aliases in SPEC_DOSE_TABLE
    for name in [generic, *aliases]
]


def test_the_dose_table_has_exactly_the_drugs_of_the_catalogue():
    table = get_ruleset().dose_table
    assert sorted((d.drug_class, d.generic, d.min_daily_dose_mg) for d in table.drugs) == sorted(
        (drug_class, generic, minimum) for drug_class, generic, minimum, _aliases in SPEC_DOSE_TABLE
    )


@pytest.mark.parametrize("name, drug_class, generic, minimum", SPEC_NAMES, ids=[n[0] for n in SPEC_NAMES])
def test_every_name_in_the_dose_table_resolves_ignoring_case_and_spaces(name, drug_class, generic, minimum):
    for written in (name, name.upper(), name.lower(), f"  {name} "):
        drug = get_ruleset().dose_table.lookup(written)
        assert drug is not None, written
        assert (drug.generic, drug.drug_class, drug.min_daily_dose_mg) == (generic, drug_class, minimum)



CURRENT_MEDICATION_CODE = {
    "maoi": "REL-MED-MAOI",
    "benzodiazepine": "REL-MED-BENZODIAZEPINE",
    "stimulant": "REL-MED-STIMULANT",
    "opioid": "REL-MED-OPIOID",
    "opioid_antagonist": "REL-MED-NALTREXONE",
    "xanthine": "REL-MED-XANTHINE",
}


@pytest.mark.parametrize("name, drug_class, generic, minimum", SPEC_NAMES, ids=[n[0] for n in SPEC_NAMES])
def test_every_name_as_a_current_medication_raises_exactly_its_class_flag(name, drug_class, generic, minimum):
    if generic == "lamotrigine":
        expected = ["INFO-MED-LAMOTRIGINE"]
    elif drug_class in CURRENT_MEDICATION_CODE:
        expected = [CURRENT_MEDICATION_CODE[drug_class]]
    else:
        expected = []
    assert codes(screen_doc({"current_medications": [f" {name.upper()}  "]})) == expected


@pytest.mark.parametrize(
    "name, code",
    [
        ("  LAMICTAL ", "INFO-MED-LAMOTRIGINE"),
        ("Lamictal", "INFO-MED-LAMOTRIGINE"),
        ("Sobril", "REL-MED-BENZODIAZEPINE"),
        ("oksazepam", "REL-MED-BENZODIAZEPINE"),
        ("Rivotril", "REL-MED-BENZODIAZEPINE"),
        ("klonazepam", "REL-MED-BENZODIAZEPINE"),
        ("XANOR", "REL-MED-BENZODIAZEPINE"),
        ("Ritalin", "REL-MED-STIMULANT"),
        ("Concerta", "REL-MED-STIMULANT"),
        ("Elvanse", "REL-MED-STIMULANT"),
        ("Nobligan", "REL-MED-OPIOID"),
        ("Subutex", "REL-MED-OPIOID"),
        ("metadon", "REL-MED-OPIOID"),
        ("naltrekson", "REL-MED-NALTREXONE"),
        ("Naltrexone", "REL-MED-NALTREXONE"),
        ("Theo-Dur", "REL-MED-XANTHINE"),
        ("teofyllin", "REL-MED-XANTHINE"),
        ("Aurorix", "REL-MED-MAOI"),
        ("Nardil", "REL-MED-MAOI"),
        ("isokarboksazid", "REL-MED-MAOI"),
    ],
)
def test_brand_and_norwegian_names_of_current_medications_are_resolved(name, code):
    result = screen_doc({"current_medications": [name]})
    assert codes(result) == [code]
    assert flag(result, code)["evidence"] == {"current_medications[0]": name}


@pytest.mark.parametrize("name", ["Imovane", "zolpidem", "Orfiril", "Cipralex", "  zoloft", "Lithionit"])
def test_known_current_medications_without_a_rule_raise_nothing(name):
    assert codes(screen_doc({"current_medications": [name]})) == []


def test_unknown_current_medications_are_listed_exactly_as_written():
    result = screen_doc({"current_medications": ["sertraline", "Paracet", " ibux ", "Sobril", "sertralinn"]})
    assert flag(result, "REL-MED-UNKNOWN")["evidence"] == {
        "current_medications[1]": "Paracet",
        "current_medications[2]": " ibux ",
        "current_medications[4]": "sertralinn",
    }


@pytest.mark.parametrize(
    "first, second",
    [
        (("  cipralex ", 10), ("EFEXOR", 75)),
        (("Seroxat", 20), ("venlafaksin", 75)),
        (("fluoksetin", 20), ("Cymbalta", 60)),
        (("Sarotex", 75), ("Brintellix", 10)),
        (("Voxra", 150), ("mirtazapin", 30)),
    ],
)
def test_brand_and_norwegian_names_in_trials_are_resolved(first, second):
    doc = tr_doc("depression", [trial(*first), trial(*second)])
    assert tr(doc) == {"indication": "depression", "adequate_failed_trials": 2, "antidepressant_trials": 2,
                       "met": True}


def test_a_brand_trial_below_its_generic_minimum_does_not_count():
    # Cymbalta is duloxetine: minimum 60 mg.
    assert tr(tr_doc("depression", [trial("Cymbalta", 59)], [course()]))["adequate_failed_trials"] == 1


def test_the_ptsd_example_resolves_seroxat():
    doc = tr_doc("ptsd", [trial("Seroxat", 40)], [course("emdr", sessions=10)])
    assert tr(doc)["met"] is True


# --- determinism ----------------------------------------------------------------------------------

@pytest.mark.parametrize("doc_factory", [base_doc, everything_at_once], ids=["base", "crowded"])
def test_screening_the_same_document_twice_gives_equal_results(doc_factory):
    doc = doc_factory()
    assert screen(doc) == screen(doc)


@pytest.mark.parametrize("doc_factory", [base_doc, everything_at_once], ids=["base", "crowded"])
def test_screening_the_same_document_twice_gives_equal_json_bytes(doc_factory):
    doc = doc_factory()
    first = result_json(screen(doc)).encode("utf-8")
    second = result_json(screen(copy.deepcopy(doc))).encode("utf-8")
    assert first == second
    assert result_json(screen(doc), indent=None) == result_json(screen(doc), indent=None)


def test_screening_does_not_change_the_document():
    doc = everything_at_once()
    before = copy.deepcopy(doc)
    screen(doc)
    assert doc == before
