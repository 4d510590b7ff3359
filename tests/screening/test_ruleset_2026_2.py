"""Ruleset 2026.2 (ruleset-2026.2.md): the new flags at and just outside their conditions, the
retired flags, intake/1 documents under 2026.2, and the formats each ruleset reads."""

import pytest

from screening.document import IntakeInvalid
from screening.rules import get_ruleset

from .conftest import ABSENT, codes, course, flag, make_doc, screen, tr_doc, trial

NEW_QUESTIONS = ("psychiatric.psychotic_disorder", "practical.ongoing_follow_up")


def doc2(changes=None, /, **keyword_changes):
    """base-meets.json as an intake/2 document (both new questions answered, nothing raised), changed."""
    base = {"format": "intake/2", "psychiatric.psychotic_disorder": False, "practical.ongoing_follow_up": True}
    return make_doc({**base, **(changes or {})}, **keyword_changes)


def screen2(doc):
    return screen(doc, "2026.2")


def raised(doc):
    return codes(screen2(doc))


# --- the base documents -------------------------------------------------------------------------

def test_the_base_intake_2_document_raises_nothing_under_2026_2():
    result = screen2(doc2())
    assert (result["ruleset"], result["outcome"], result["flags"]) == ("2026.2", "meets_criteria", [])


def test_the_base_intake_1_document_under_2026_2_raises_only_info_not_asked_with_exact_evidence():
    result = screen2(make_doc())
    assert result["outcome"] == "meets_criteria"
    assert result["flags"] == [{"code": "INFO-NOT-ASKED", "level": "info",
                                "evidence": {"psychiatric.psychotic_disorder": None,
                                             "practical.ongoing_follow_up": None}}]


def test_2026_1_gives_the_same_result_for_the_base_intake_1_document_except_the_version():
    assert screen(make_doc(), "2026.1")["flags"] == []


# --- formats ------------------------------------------------------------------------------------

def test_2026_1_refuses_an_intake_2_document_naming_only_format():
    with pytest.raises(IntakeInvalid) as refused:
        screen(doc2({"patient.weight_kg": 1}), "2026.1")  # another fault too: format comes first, alone
    assert [e.path for e in refused.value.errors] == ["format"]
    assert "2026.1" in refused.value.message and "intake/2" in refused.value.message


@pytest.mark.parametrize("path", NEW_QUESTIONS)
@pytest.mark.parametrize("value", [None, True, False])
def test_the_new_questions_are_unknown_keys_in_an_intake_1_document_even_as_null(path, value):
    with pytest.raises(IntakeInvalid) as refused:
        screen2(make_doc({path: value}))
    assert refused.value.path == path


def test_serious_heart_disease_is_invalid_in_an_intake_1_document():
    with pytest.raises(IntakeInvalid) as refused:
        screen2(make_doc({"medical.heart_disease": "serious"}))
    assert refused.value.path == "medical.heart_disease"


@pytest.mark.parametrize("path, value", [
    ("psychiatric.psychotic_disorder", "no"), ("psychiatric.psychotic_disorder", 0),
    ("practical.ongoing_follow_up", "yes"), ("medical.heart_disease", "Serious"),
    ("practical.ongoing_follow_upp", True),
])
def test_intake_2_answers_of_the_wrong_type_or_unknown_keys_are_invalid(path, value):
    with pytest.raises(IntakeInvalid) as refused:
        screen2(doc2({path: value}))
    assert refused.value.path == path


@pytest.mark.parametrize("fmt", ["intake/1", "intake/2"])
@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_a_drug_name_empty_after_trimming_is_invalid_in_both_formats(fmt, name):
    doc = doc2({"current_medications": [name]}) if fmt == "intake/2" else make_doc({"current_medications": [name]})
    with pytest.raises(IntakeInvalid) as refused:
        screen2(doc)
    assert refused.value.path == "current_medications[0]"


# --- new absolute flags -------------------------------------------------------------------------

def test_serious_heart_disease_is_absolute():
    result = screen2(doc2({"medical.heart_disease": "serious"}))
    assert flag(result, "ABS-CARDIAC-SERIOUS")["evidence"] == {"medical.heart_disease": "serious"}
    assert result["outcome"] == "contraindicated"
    assert "REL-CARDIAC" not in codes(result) and "ABS-CARDIAC-UNSTABLE" not in codes(result)


@pytest.mark.parametrize("answer, expected", [("stable", ["REL-CARDIAC"]), ("unstable", ["ABS-CARDIAC-UNSTABLE"]),
                                              ("no", [])])
def test_the_other_heart_answers_keep_their_2026_1_flags(answer, expected):
    assert raised(doc2({"medical.heart_disease": answer})) == expected


def test_a_diagnosed_psychotic_disorder_is_absolute():
    result = screen2(doc2({"psychiatric.psychotic_disorder": True}))
    assert flag(result, "ABS-PSYCHOTIC-DISORDER")["evidence"] == {"psychiatric.psychotic_disorder": True}
    assert result["outcome"] == "contraindicated"


@pytest.mark.parametrize("psychosis, other", [("current", "ABS-PSYCHOSIS-CURRENT"), ("past", "REL-PSYCHOSIS-PAST")])
def test_a_psychotic_disorder_is_raised_side_by_side_with_the_psychosis_flags(psychosis, other):
    found = raised(doc2({"psychiatric.psychotic_disorder": True, "psychiatric.psychosis": psychosis}))
    assert "ABS-PSYCHOTIC-DISORDER" in found and other in found


def test_no_psychotic_disorder_raises_nothing_and_an_unanswered_one_is_missing():
    assert raised(doc2({"psychiatric.psychotic_disorder": False})) == []
    result = screen2(doc2({"psychiatric.psychotic_disorder": None}))
    assert codes(result) == ["REL-MISSING"]
    assert flag(result, "REL-MISSING")["evidence"] == {"psychiatric.psychotic_disorder": None}


@pytest.mark.parametrize("fmt", ["intake/1", "intake/2"])
def test_untreated_hyperthyroidism_is_absolute_in_both_formats_and_rel_thyroid_is_retired(fmt):
    changes = {"medical.hyperthyroidism_untreated": True}
    found = raised(doc2(changes) if fmt == "intake/2" else make_doc(changes))
    assert "ABS-THYROID-UNTREATED" in found and "REL-THYROID" not in found
    assert screen2(doc2({"medical.hyperthyroidism_untreated": False}))["flags"] == []


def test_2026_1_still_raises_rel_thyroid_and_rel_med_xanthine():
    found = codes(screen(make_doc({"medical.hyperthyroidism_untreated": True,
                                   "current_medications": ["theophylline"]}), "2026.1"))
    assert "REL-THYROID" in found and "REL-MED-XANTHINE" in found
    assert "ABS-THYROID-UNTREATED" not in found and "ABS-MED-XANTHINE" not in found


@pytest.mark.parametrize("fmt", ["intake/1", "intake/2"])
def test_a_current_xanthine_is_absolute_with_each_entry_as_written(fmt):
    changes = {"current_medications": ["sertraline", " Theo-Dur ", "AMINOFYLLIN"]}
    result = screen2(doc2(changes) if fmt == "intake/2" else make_doc(changes))
    assert flag(result, "ABS-MED-XANTHINE")["evidence"] == {"current_medications[1]": " Theo-Dur ",
                                                             "current_medications[2]": "AMINOFYLLIN"}
    assert "REL-MED-XANTHINE" not in codes(result)
    assert result["outcome"] == "contraindicated"


def test_a_xanthine_only_in_an_earlier_trial_is_not_a_current_medication():
    found = raised(doc2({"treatments.medications[2]": trial("theophylline", 300, outcome="stopped_side_effects")}))
    assert "ABS-MED-XANTHINE" not in found


# --- unknown trial drugs ------------------------------------------------------------------------

@pytest.mark.parametrize("outcome", ["no_effect", "partial", "remission", "stopped_side_effects", "ongoing"])
def test_a_trial_with_an_unknown_drug_is_relative_whatever_its_outcome(outcome):
    unknown = trial("Xyzzytin", 50, outcome=outcome)
    result = screen2(doc2({"treatments.medications[2]": unknown}))
    assert flag(result, "REL-TRIAL-UNKNOWN")["evidence"] == {"treatments.medications[2]": unknown}


@pytest.mark.parametrize("primary", ["depression", "anxiety", "ptsd", "other"])
def test_a_trial_with_an_unknown_drug_is_flagged_whatever_the_indication(primary):
    unknown = trial("Ukjentol", None, weeks=None, current_episode=None)
    found = raised(doc2({"indication.primary": primary, "treatments.medications": [unknown]}))
    assert "REL-TRIAL-UNKNOWN" in found


def test_only_the_unknown_trials_are_evidence_each_whole_as_written():
    first, third = trial("mystery", 10), trial("  enigma  ", 20, outcome="partial")
    doc = doc2({"treatments.medications": [first, trial("Zoloft", 100), third]})
    assert flag(screen2(doc), "REL-TRIAL-UNKNOWN")["evidence"] == {"treatments.medications[0]": first,
                                                                   "treatments.medications[2]": third}


@pytest.mark.parametrize("drug", ["Sobril", "oxazepam", " SERTRALIN ", "zoloft", "Lamictal", "theo-dur"])
def test_a_drug_in_the_table_is_known_even_without_a_minimum_dose(drug):
    assert "REL-TRIAL-UNKNOWN" not in raised(doc2({"treatments.medications[2]": trial(drug, 10)}))


def test_unknown_trial_drugs_under_2026_1_raise_nothing_new():
    assert "REL-TRIAL-UNKNOWN" not in codes(screen(make_doc({"treatments.medications[2]": trial("mystery", 10)}),
                                                   "2026.1"))


# --- new information flags ----------------------------------------------------------------------

def depression_met_by(*medications, psychotherapies=(), **changes):
    doc = tr_doc("depression", medications=medications, psychotherapies=psychotherapies, **changes)
    doc.update({"format": "intake/2"})
    doc["psychiatric"]["psychotic_disorder"] = False
    doc["practical"]["ongoing_follow_up"] = True
    return doc


def test_depression_met_with_one_antidepressant_is_info_tr_single_ad():
    doc = depression_met_by(trial("sertraline", 100), psychotherapies=[course("cbt", 12)])
    result = screen2(doc)
    assert result["treatment_resistance"]["met"] is True
    assert result["treatment_resistance"]["antidepressant_trials"] == 1
    single = flag(result, "INFO-TR-SINGLE-AD")
    assert single["evidence"]["indication.primary"] == "depression"
    assert "treatments.medications[0]" in single["evidence"]
    assert result["outcome"] != "criteria_not_met"


def test_depression_met_with_two_antidepressants_is_not_info_tr_single_ad():
    doc = depression_met_by(trial("sertraline", 100), trial("venlafaxine", 150))
    assert "INFO-TR-SINGLE-AD" not in raised(doc)


def test_one_drug_tried_twice_counts_once_for_info_tr_single_ad():
    doc = depression_met_by(trial("sertraline", 100), trial("Zoloft", 150), psychotherapies=[course()])
    assert "INFO-TR-SINGLE-AD" in raised(doc)


def test_info_tr_single_ad_needs_treatment_resistance_met():
    doc = depression_met_by(trial("sertraline", 100))
    found = raised(doc)
    assert "CRIT-TR-NOT-MET" in found and "INFO-TR-SINGLE-AD" not in found


def test_info_tr_single_ad_is_for_depression_only():
    doc = tr_doc("anxiety", medications=[trial("sertraline", 100)], psychotherapies=[course()])
    assert "INFO-TR-SINGLE-AD" not in codes(screen2(doc))


@pytest.mark.parametrize("answer, expected", [(False, ["INFO-NO-FOLLOW-UP"]), (True, [])])
def test_no_ongoing_follow_up_is_information(answer, expected):
    result = screen2(doc2({"practical.ongoing_follow_up": answer}))
    assert codes(result) == expected
    if expected:
        assert flag(result, "INFO-NO-FOLLOW-UP")["evidence"] == {"practical.ongoing_follow_up": False}
        assert result["outcome"] == "meets_criteria"


def test_an_unanswered_follow_up_question_is_missing_not_info_no_follow_up():
    assert raised(doc2({"practical.ongoing_follow_up": None})) == ["REL-MISSING"]
    absent = doc2()
    del absent["practical"]["ongoing_follow_up"]
    assert raised(absent) == ["REL-MISSING"]


def anxiety_doc(phq9_total, secondary=(), fmt="intake/2"):
    items = [3] * (phq9_total // 3) + [phq9_total % 3] + [0] * 9
    changes = {"indication.primary": "anxiety", "indication.secondary": list(secondary), "phq9": items[:9]}
    return doc2(changes) if fmt == "intake/2" else make_doc(changes)


@pytest.mark.parametrize("fmt", ["intake/1", "intake/2"])
def test_anxiety_without_depression_and_phq9_below_10_is_info_anxiety_only(fmt):
    result = screen2(anxiety_doc(9, fmt=fmt))
    assert flag(result, "INFO-ANXIETY-ONLY")["evidence"] == {"indication.primary": "anxiety", "score.phq9": 9}


def test_info_anxiety_only_is_not_raised_at_phq9_10():
    assert "INFO-ANXIETY-ONLY" not in raised(anxiety_doc(10))


def test_info_anxiety_only_is_not_raised_when_depression_is_secondary():
    assert "INFO-ANXIETY-ONLY" not in raised(anxiety_doc(4, secondary=["depression"]))
    assert "INFO-ANXIETY-ONLY" in raised(anxiety_doc(4, secondary=["ptsd"]))


def test_info_anxiety_only_is_not_raised_when_its_input_is_null():
    no_secondary, no_phq9 = anxiety_doc(4), anxiety_doc(4)
    no_secondary["indication"]["secondary"] = None
    no_phq9["phq9"] = None
    assert "INFO-ANXIETY-ONLY" not in raised(no_secondary)
    assert "INFO-ANXIETY-ONLY" not in raised(no_phq9)


def test_info_anxiety_only_is_not_raised_for_primary_depression():
    assert "INFO-ANXIETY-ONLY" not in raised(doc2({"phq9": [1, 1, 1, 1, 1, 1, 1, 1, 0]}))


def test_info_not_asked_is_never_raised_for_intake_2():
    assert "INFO-NOT-ASKED" not in raised(doc2({"psychiatric.psychotic_disorder": None,
                                                "practical.ongoing_follow_up": None}))


# --- REL-MISSING per format ---------------------------------------------------------------------

def test_rel_missing_uses_the_intake_1_list_for_an_intake_1_document():
    result = screen2(make_doc({"medical.stroke": None}))
    assert flag(result, "REL-MISSING")["evidence"] == {"medical.stroke": None}


def test_rel_missing_lists_the_new_questions_of_an_intake_2_document_with_absent_sections():
    result = screen2(doc2({"psychiatric": ABSENT, "practical": None}))
    evidence = flag(result, "REL-MISSING")["evidence"]
    assert "psychiatric.psychotic_disorder" in evidence and "practical.ongoing_follow_up" in evidence
    assert "psychiatric.psychosis" in evidence and "practical.referral" in evidence
    assert set(evidence.values()) == {None}


def test_a_minimal_intake_2_document_reports_every_path_asked_of_everyone():
    result = screen2({"format": "intake/2", "submitted_at": "2026-11-20T10:15:00+01:00"})
    missing = flag(result, "REL-MISSING")["evidence"]
    want = get_ruleset("2026.2").asked_paths["intake/2"]
    assert set(want["always"]) | set(want["not_male"]) == set(missing)


# --- the catalogue ------------------------------------------------------------------------------

LEVELS_2026_2 = {
    "ABS-CARDIAC-SERIOUS": "absolute", "ABS-PSYCHOTIC-DISORDER": "absolute", "ABS-THYROID-UNTREATED": "absolute",
    "ABS-MED-XANTHINE": "absolute", "REL-TRIAL-UNKNOWN": "relative", "INFO-TR-SINGLE-AD": "info",
    "INFO-NO-FOLLOW-UP": "info", "INFO-ANXIETY-ONLY": "info", "INFO-NOT-ASKED": "info",
}


def test_2026_2_is_2026_1_without_the_retired_codes_plus_the_new_ones_at_their_levels():
    old = {rule.code: rule.level for rule in get_ruleset("2026.1").rules}
    new = {rule.code: rule.level for rule in get_ruleset("2026.2").rules}
    retired = {"REL-THYROID", "REL-MED-XANTHINE"}
    assert new == {**{code: level for code, level in old.items() if code not in retired}, **LEVELS_2026_2}


def test_only_the_new_settings_are_added_and_the_old_ones_keep_their_values():
    old, new = get_ruleset("2026.1").settings, get_ruleset("2026.2").settings
    assert {key: new[key] for key in old} == old
    assert set(new) - set(old) == {"tr_single_ad_below", "anxiety_only_phq9_below"}
    assert (new["tr_single_ad_below"], new["anxiety_only_phq9_below"]) == (2, 10)
