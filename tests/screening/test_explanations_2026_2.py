"""The explanations of ruleset 2026.2 (shown to clinicians on the case page and the PDF): both
languages, true in every case where the flag fires, in the wording ruleset-2026.2.md asks for."""

import re

import pytest

from screening.rules import explain, get_ruleset
from screening.samples import generate_documents

from .conftest import course, flag, make_doc, screen, tr_doc, trial

RULESET = get_ruleset("2026.2")


def texts(language):
    """Every fixed explanation of 2026.2 in `language` (the few computed ones are tested below)."""
    return {rule.code: rule.explanation[language] for rule in RULESET.rules
            if not callable(rule.explanation[language])}


def explained(result, code, language):
    return explain(RULESET.rule(code), flag(result, code), result, language)


def test_every_flag_raised_on_many_documents_has_an_explanation_in_both_languages():
    seen = set()
    for doc in generate_documents(400):
        result = screen(doc, "2026.2")
        for item in result["flags"]:
            for language in ("nb", "en"):
                words = explain(RULESET.rule(item["code"]), item, result, language)
                assert isinstance(words, str) and len(words) >= 15, (item["code"], language)
            seen.add(item["code"])
    assert len(seen) > 30


def test_every_rule_has_a_source_in_both_languages():
    for rule in RULESET.rules:
        assert rule.source["nb"] and rule.source["en"], rule.code
    assert "Klinikkens artikler" in RULESET.rule("ABS-PREGNANT").source["nb"]
    assert "Clinic articles" in RULESET.rule("ABS-PREGNANT").source["en"]


def test_blood_pressure_is_well_controlled_never_just_controlled():
    for code in ("ABS-HTN-UNCONTROLLED", "REL-HTN"):
        assert "velregulert" in RULESET.rule(code).explanation["nb"]
        assert "well controlled" in RULESET.rule(code).explanation["en"]
    for code, text in texts("nb").items():
        assert not re.search(r"\b(u?kontrollert)\b", text, re.IGNORECASE), code


def test_thresholds_read_as_they_are_applied():
    assert "AUDIT-C 8 eller mer" in RULESET.rule("REL-ALCOHOL").explanation["nb"]
    assert "AUDIT-C 8 or more" in RULESET.rule("REL-ALCOHOL").explanation["en"]
    assert "systolisk over 180 eller diastolisk over 100" in RULESET.rule("ABS-HTN-UNCONTROLLED").explanation["nb"]
    assert "systolic above 180 or diastolic above 100" in RULESET.rule("ABS-HTN-UNCONTROLLED").explanation["en"]
    assert "systolisk 140 eller mer eller diastolisk 90 eller mer" in RULESET.rule("REL-HTN").explanation["nb"]
    assert "systolic 140 or more or diastolic 90 or more" in RULESET.rule("REL-HTN").explanation["en"]


def test_pregnancy_flags_speak_of_the_patient_not_she():
    for code in ("ABS-PREGNANT", "ABS-BREASTFEEDING", "REL-PREGNANCY-UNSURE"):
        assert "Pasienten" in RULESET.rule(code).explanation["nb"]
        assert "The patient" in RULESET.rule(code).explanation["en"]
    for language, words in (("nb", r"\b(hun|henne|hennes)\b"), ("en", r"\b(she|her|hers)\b")):
        for code, text in texts(language).items():
            assert not re.search(words, text, re.IGNORECASE), code


def test_drug_wording_is_hedged_and_gives_reasons():
    en = texts("en")
    assert "may raise blood pressure" in en["REL-MED-STIMULANT"]
    assert "may weaken the effect" in en["REL-MED-NALTREXONE"]
    assert "seizure threshold" in en["ABS-MED-XANTHINE"] and "Check with the prescriber" in en["ABS-MED-XANTHINE"]
    assert "sedation" in en["REL-MED-OPIOID"] and "Check the dose" in en["REL-MED-OPIOID"]


def test_the_urgent_flag_asks_for_contact_today_and_claims_no_crisis_page():
    for language, today in (("nb", "i dag"), ("en", "today")):
        text = RULESET.rule("URG-SUICIDE-HIGH").explanation[language]
        assert today in text
        assert "krise" not in text.lower() and "crisis" not in text.lower()


def test_the_norwegian_wording_the_doc_names():
    nb = texts("nb")
    assert "i mindre enn 1 år" in nb["REL-SUD-HISTORY"]
    assert "ikke foreskrevne rusmidler" in nb["REL-SUD-HISTORY"]
    assert nb["ABS-KETAMINE-REACTION"].startswith("Tidligere allergi eller alvorlig reaksjon på ketamin/esketamin")


# --- explanations computed from the result ------------------------------------------------------

def test_tr_not_met_names_too_few_trials():
    result = screen(tr_doc("depression", medications=[trial("sertraline", 100)]), "2026.2")
    nb, en = explained(result, "CRIT-TR-NOT-MET", "nb"), explained(result, "CRIT-TR-NOT-MET", "en")
    assert "too few adequate failed treatment trials" in en and "1 counted, at least 2 needed" in en
    assert "no antidepressant" not in en and "trauma-focused" not in en
    assert "for få adekvate" in nb and "1 talt, minst 2 kreves" in nb


def test_tr_not_met_names_a_missing_antidepressant_for_depression():
    result = screen(tr_doc("depression", psychotherapies=[course(), course("ipt")]), "2026.2")
    en = explained(result, "CRIT-TR-NOT-MET", "en")
    assert "no antidepressant among the counted trials" in en and "too few" not in en
    assert "ingen antidepressiva" in explained(result, "CRIT-TR-NOT-MET", "nb")


def test_tr_not_met_names_a_missing_trauma_focused_course_for_ptsd():
    result = screen(tr_doc("ptsd", medications=[trial("sertraline", 100), trial("paroxetine", 40)]), "2026.2")
    en = explained(result, "CRIT-TR-NOT-MET", "en")
    assert "no trauma-focused therapy" in en and "too few" not in en and "antidepressant" not in en


def test_tr_not_met_names_every_reason_that_applies():
    result = screen(tr_doc("ptsd", medications=[trial("sertraline", 100)]), "2026.2")
    en = explained(result, "CRIT-TR-NOT-MET", "en")
    assert "too few" in en and "no trauma-focused therapy" in en


def test_tr_not_met_is_silent_on_a_trauma_focused_course_that_was_counted():
    result = screen(tr_doc("ptsd", psychotherapies=[course("emdr")]), "2026.2")
    en = explained(result, "CRIT-TR-NOT-MET", "en")
    assert "too few" in en and "trauma-focused" not in en


@pytest.mark.parametrize("changes, named, not_named", [
    ({"suicide_screen.wish_dead": True}, "wished to be dead", "thoughts of ending"),
    ({"suicide_screen.active_thoughts": True}, "thoughts of ending their life", "wished to be dead"),
    ({"phq9[8]": 2}, "PHQ-9 item 9", "wished to be dead"),
])
def test_suicidal_ideation_names_the_answers_that_raised_it_and_claims_no_low_risk(changes, named, not_named):
    result = screen(make_doc(changes), "2026.2")
    en = explained(result, "INFO-SUICIDAL-IDEATION", "en")
    assert named in en and not_named not in en
    assert "without signs" not in en and "Assess suicide risk" in en
    assert "Vurder selvmordsrisikoen" in explained(result, "INFO-SUICIDAL-IDEATION", "nb")
