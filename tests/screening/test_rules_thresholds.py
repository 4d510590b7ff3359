"""Both sides of every threshold in clinical-rules.md, ruleset 2026.1.

Each test moves one answer across one threshold in base-meets.json (which raises no flag) or in a
document built with `tr_doc` (exactly the treatment trials given).
"""

import pytest

from .conftest import codes, course, flag, screen, screen_doc, tr_doc, trial

# The dose table of clinical-rules.md, drugs with a minimum adequate daily dose (mg).
MINIMUM_DOSES = {
    "ssri": {"citalopram": 20, "escitalopram": 10, "fluoxetine": 20, "fluvoxamine": 100, "paroxetine": 20,
             "sertraline": 50},
    "snri": {"venlafaxine": 75, "desvenlafaxine": 50, "duloxetine": 60, "milnacipran": 100},
    "tca": {"amitriptyline": 75, "clomipramine": 75, "nortriptyline": 75, "imipramine": 75, "doxepin": 75,
            "trimipramine": 75},
    "maoi": {"moclobemide": 300, "phenelzine": 45, "tranylcypromine": 30, "isocarboxazid": 30},
    "tetracyclic": {"mirtazapine": 30, "mianserin": 30},
    "ndri": {"bupropion": 150},
    "other_ad": {"agomelatine": 25, "vortioxetine": 10, "trazodone": 150, "reboxetine": 8},
    "augmentation": {"lithium": 600, "quetiapine": 150, "aripiprazole": 2},
    "anxiolytic": {"pregabalin": 150, "buspirone": 30},
}
DOSE_CASES = [
    (drug_class, drug, minimum)
    for drug_class, drugs in MINIMUM_DOSES.items()
    for drug, minimum in drugs.items()
]


def bp(systolic, diastolic):
    return {"medical.last_bp": {"systolic": systolic, "diastolic": diastolic, "measured_on": None}}


# --- blood pressure -------------------------------------------------------------------------------

def test_bp_180_over_100_is_not_absolute():
    assert "ABS-HTN-UNCONTROLLED" not in codes(screen_doc(bp(180, 100)))


def test_bp_180_over_100_is_relative():
    assert "REL-HTN" in codes(screen_doc(bp(180, 100)))


@pytest.mark.parametrize("systolic, diastolic", [(181, 100), (180, 101), (181, 80), (120, 101)])
def test_bp_above_180_over_100_is_absolute(systolic, diastolic):
    result = screen_doc(bp(systolic, diastolic))
    assert "ABS-HTN-UNCONTROLLED" in codes(result)
    assert result["outcome"] == "contraindicated"


@pytest.mark.parametrize("systolic, diastolic", [(181, 100), (180, 101)])
def test_rel_htn_is_suppressed_by_uncontrolled_bp(systolic, diastolic):
    assert "REL-HTN" not in codes(screen_doc(bp(systolic, diastolic)))


def test_bp_139_over_89_raises_nothing():
    assert codes(screen_doc(bp(139, 89))) == []


@pytest.mark.parametrize("systolic, diastolic", [(140, 89), (139, 90), (140, 90)])
def test_bp_from_140_or_90_is_relative(systolic, diastolic):
    result = screen_doc(bp(systolic, diastolic))
    assert codes(result) == ["REL-HTN"]
    assert result["outcome"] == "needs_review"


@pytest.mark.parametrize("hypertension", ["treated_uncontrolled", "untreated"])
def test_uncontrolled_or_untreated_hypertension_is_absolute(hypertension):
    assert codes(screen_doc({"medical.hypertension": hypertension})) == ["ABS-HTN-UNCONTROLLED"]


@pytest.mark.parametrize("hypertension", ["treated_controlled", "unsure"])
def test_controlled_or_unsure_hypertension_is_relative(hypertension):
    assert codes(screen_doc({"medical.hypertension": hypertension})) == ["REL-HTN"]


def test_rel_htn_is_suppressed_when_hypertension_is_untreated_even_with_a_relative_bp():
    result = screen_doc({"medical.hypertension": "untreated", **bp(150, 95)})
    assert codes(result) == ["ABS-HTN-UNCONTROLLED"]


def test_controlled_hypertension_with_a_bp_over_180_is_absolute_only():
    result = screen_doc({"medical.hypertension": "treated_controlled", **bp(185, 90)})
    assert codes(result) == ["ABS-HTN-UNCONTROLLED"]


# --- age ------------------------------------------------------------------------------------------

def test_18th_birthday_on_the_submission_date_is_not_under_18():
    assert "ABS-AGE-UNDER-18" not in codes(screen_doc({"patient.date_of_birth": "2008-11-20"}))


def test_18th_birthday_the_day_after_submission_is_under_18():
    result = screen_doc({"patient.date_of_birth": "2008-11-21"})
    assert codes(result) == ["ABS-AGE-UNDER-18"]
    assert result["outcome"] == "contraindicated"


def test_under_18_is_decided_on_the_date_written_in_submitted_at():
    # 18 on 20 November: submitted 00:30 on the 20th at +01:00 (still the 19th in UTC).
    result = screen_doc({"patient.date_of_birth": "2008-11-20", "submitted_at": "2026-11-20T00:30:00+01:00"})
    assert "ABS-AGE-UNDER-18" not in codes(result)


def test_under_18_for_a_negative_offset_the_evening_before_the_birthday():
    # Submitted 23:30 on the 19th at -01:00 (already the 20th in UTC): still 17.
    result = screen_doc({"patient.date_of_birth": "2008-11-20", "submitted_at": "2026-11-19T23:30:00-01:00"})
    assert "ABS-AGE-UNDER-18" in codes(result)


def test_age_69_is_not_flagged():
    assert codes(screen_doc({"patient.date_of_birth": "1956-11-21"})) == []


def test_age_70_is_information_for_the_clinician():
    result = screen_doc({"patient.date_of_birth": "1956-11-20"})
    assert codes(result) == ["INFO-AGE-70"]
    assert result["outcome"] == "meets_criteria"


# --- weeks at dose ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "primary, weeks, met",
    [
        ("depression", 3, False), ("depression", 4, True),
        ("anxiety", 5, False), ("anxiety", 6, True),
        ("ptsd", 5, False), ("ptsd", 6, True),
    ],
)
def test_weeks_at_dose_threshold(primary, weeks, met):
    # One adequate trauma-focused course plus one SSRI trial whose duration decides.
    doc = tr_doc(primary, [trial("escitalopram", 20, weeks=weeks)], [course("emdr")])
    result = screen(doc)
    assert result["treatment_resistance"]["adequate_failed_trials"] == (2 if met else 1)
    assert result["treatment_resistance"]["met"] is met
    assert ("CRIT-TR-NOT-MET" in codes(result)) is not met


def test_fractional_weeks_just_under_the_minimum_do_not_count():
    doc = tr_doc("depression", [trial("escitalopram", 20, weeks=3.9)], [course()])
    assert screen(doc)["treatment_resistance"]["met"] is False


# --- psychotherapy sessions -----------------------------------------------------------------------

@pytest.mark.parametrize("sessions, met", [(7, False), (8, True)])
def test_psychotherapy_sessions_threshold(sessions, met):
    doc = tr_doc("depression", [trial("escitalopram", 20)], [course("cbt", sessions=sessions)])
    result = screen(doc)
    assert result["treatment_resistance"]["met"] is met
    assert ("CRIT-TR-NOT-MET" in codes(result)) is not met


# --- minimum doses ----------------------------------------------------------------------------------

def _dose_doc(drug_class, drug, dose):
    # Anxiolytics count for anxiety only; every other class with a minimum counts for depression.
    primary = "anxiety" if drug_class == "anxiolytic" else "depression"
    return tr_doc(primary, [trial(drug, dose, weeks=8)], [course("cbt", sessions=12)])


@pytest.mark.parametrize("drug_class, drug, minimum", DOSE_CASES, ids=[case[1] for case in DOSE_CASES])
def test_one_mg_under_the_minimum_dose_does_not_count(drug_class, drug, minimum):
    result = screen(_dose_doc(drug_class, drug, minimum - 1))
    assert result["treatment_resistance"]["adequate_failed_trials"] == 1


@pytest.mark.parametrize("drug_class, drug, minimum", DOSE_CASES, ids=[case[1] for case in DOSE_CASES])
def test_the_minimum_dose_counts(drug_class, drug, minimum):
    result = screen(_dose_doc(drug_class, drug, minimum))
    assert result["treatment_resistance"]["adequate_failed_trials"] == 2


@pytest.mark.parametrize("drug_class, drug, minimum", DOSE_CASES, ids=[case[1] for case in DOSE_CASES])
def test_the_minimum_dose_meets_treatment_resistance_unless_augmentation(drug_class, drug, minimum):
    # Depression needs at least one antidepressant: an augmentation drug plus therapy is not enough.
    result = screen(_dose_doc(drug_class, drug, minimum))
    assert result["treatment_resistance"]["met"] is (drug_class != "augmentation")


def test_a_fraction_of_a_mg_under_the_minimum_does_not_count():
    result = screen(tr_doc("depression", [trial("sertraline", 49.5)], [course()]))
    assert result["treatment_resistance"]["adequate_failed_trials"] == 1


# --- severity -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "primary, instrument, items, raised",
    [
        ("depression", "phq9", [1, 1, 1, 1, 1, 1, 1, 2, 0], False),  # 9
        ("depression", "phq9", [1, 1, 1, 1, 1, 1, 2, 2, 0], True),   # 10
        ("anxiety", "gad7", [1, 1, 1, 1, 1, 2, 2], False),           # 9
        ("anxiety", "gad7", [1, 1, 1, 1, 2, 2, 2], True),            # 10
        ("ptsd", "pcl5", [2] * 16 + [0] * 4, False),                 # 32
        ("ptsd", "pcl5", [2] * 16 + [1, 0, 0, 0], True),             # 33
    ],
    ids=["phq9-9", "phq9-10", "gad7-9", "gad7-10", "pcl5-32", "pcl5-33"],
)
def test_severity_threshold(primary, instrument, items, raised):
    below = not raised
    doc = tr_doc(primary, [trial("sertraline", 100), trial("escitalopram", 20)], [course("emdr")],
                 **{instrument: items})
    result = screen(doc)
    assert ("CRIT-SEVERITY" in codes(result)) is below
    assert result["outcome"] == ("criteria_not_met" if below else "meets_criteria")


def test_severity_looks_only_at_the_primary_indications_instrument():
    # Depression primary: a GAD-7 of 0 does not matter.
    assert "CRIT-SEVERITY" not in codes(screen_doc({"gad7": [0] * 7}))


def test_severity_is_not_judged_when_the_primary_instrument_is_unanswered():
    result = screen_doc({"phq9": None})
    assert "CRIT-SEVERITY" not in codes(result)
    assert flag(result, "REL-MISSING")["evidence"] == {"phq9": None}


# --- AUDIT-C --------------------------------------------------------------------------------------

def test_auditc_7_is_information_not_relative():
    result = screen_doc({"substances.auditc": [3, 3, 1]})
    assert codes(result) == ["INFO-ALCOHOL"]


def test_auditc_8_is_relative_and_not_information():
    result = screen_doc({"substances.auditc": [4, 3, 1]})
    assert codes(result) == ["REL-ALCOHOL"]
    assert result["outcome"] == "needs_review"


@pytest.mark.parametrize(
    "sex, items, raised",
    [
        ("male", [1, 1, 1], False),    # 3
        ("male", [2, 1, 1], True),     # 4
        ("female", [1, 1, 0], False),  # 2
        ("female", [1, 1, 1], True),   # 3
        ("other", [1, 1, 0], False),   # 2
        ("other", [1, 1, 1], True),    # 3
    ],
)
def test_info_alcohol_threshold_by_sex(sex, items, raised):
    changes = {"patient.sex_at_birth": sex, "substances.auditc": items}
    if sex == "male":
        changes["reproductive"] = None  # not asked of men
    assert ("INFO-ALCOHOL" in codes(screen_doc(changes))) is raised


@pytest.mark.parametrize("items, raised", [([1, 1, 0], False), ([1, 1, 1], True)])
def test_info_alcohol_with_unanswered_sex_uses_the_threshold_of_3(items, raised):
    result = screen_doc({"patient.sex_at_birth": None, "substances.auditc": items})
    assert ("INFO-ALCOHOL" in codes(result)) is raised


# --- BMI ------------------------------------------------------------------------------------------

def test_bmi_34_9_is_not_an_airway_risk():
    result = screen_doc({"patient.weight_kg": 139.6, "patient.height_cm": 200})
    assert result["scores"]["bmi"] == 34.9
    assert codes(result) == []


def test_bmi_35_0_is_an_airway_risk():
    result = screen_doc({"patient.weight_kg": 140.0, "patient.height_cm": 200})
    assert codes(result) == ["REL-AIRWAY"]


def test_bmi_34_95_rounds_to_35_0_and_is_an_airway_risk():
    result = screen_doc({"patient.weight_kg": 139.8, "patient.height_cm": 200})
    assert result["scores"]["bmi"] == 35.0
    assert codes(result) == ["REL-AIRWAY"]


def test_bmi_34_9475_rounds_to_34_9_and_is_not_an_airway_risk():
    result = screen_doc({"patient.weight_kg": 139.79, "patient.height_cm": 200})
    assert "REL-AIRWAY" not in codes(result)


def test_bmi_36_raises_airway_risk_even_when_sleep_apnea_is_unanswered():
    result = screen_doc({"patient.weight_kg": 144.0, "patient.height_cm": 200, "medical.sleep_apnea": None})
    assert codes(result) == ["REL-AIRWAY", "REL-MISSING"]
    assert flag(result, "REL-MISSING")["evidence"] == {"medical.sleep_apnea": None}


def test_sleep_apnea_with_a_normal_bmi_is_an_airway_risk():
    assert codes(screen_doc({"medical.sleep_apnea": True})) == ["REL-AIRWAY"]
