"""Answers for the intake's web steps (as the form posts them) and the document they must produce."""

BASE_ANSWERS = {
    "about": {"date_of_birth": "02.04.1985", "sex_at_birth": "female", "weight_kg": "70", "height_cm": "170"},
    "reason": {"primary": "depression", "secondary": ["anxiety"], "episode_months": "18"},
    "phq9": {f"item_{i}": v for i, v in enumerate([2, 3, 2, 2, 1, 2, 2, 1, 0], start=1)},
    "gad7": {f"item_{i}": v for i, v in enumerate([2, 2, 1, 2, 1, 1, 1], start=1)},
    "suicide": {"wish_dead": "yes", "active_thoughts": "no", "behavior": "never"},
    "medications": {
        "has_any": "yes",
        "rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "20",
        "rows-0-drug": "Zoloft", "rows-0-max_daily_dose_mg": "150", "rows-0-weeks_at_dose": "8",
        "rows-0-current_episode": "yes", "rows-0-outcome": "no_effect",
        "rows-1-drug": "venlafaksin", "rows-1-dose_unknown": "on", "rows-1-weeks_unknown": "on",
        "rows-1-current_episode": "unsure", "rows-1-outcome": "partial",
    },
    "therapies": {
        "has_any": "yes",
        "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "20",
        "rows-0-kind": "cbt", "rows-0-sessions": "12", "rows-0-outcome": "partial",
        "ect": "never", "rtms": "never", "esketamine_or_ketamine": "never",
    },
    "history": {"psychosis": "never", "psychotic_disorder": "no", "bipolar": "no", "mania_now": "no",
                "dissociative_disorder": "no"},
    "health": {
        "hypertension": "no", "systolic": "128", "diastolic": "82", "measured_on": "01.10.2026",
        "heart_disease": "no", "liver_disease": "no", "aneurysm_or_brain_bleed": "no",
        "raised_intracranial_pressure": "no", "stroke": "no", "hyperthyroidism_untreated": "no",
        "glaucoma": "no", "epilepsy": "no", "sleep_apnea": "no", "ketamine_reaction": "no", "other": "",
    },
    "pregnancy": {"pregnant": "no", "breastfeeding": "no", "planning_pregnancy": "no"},
    "substances": {"auditc_1": "1", "auditc_2": "1", "auditc_3": "0", "drug_use": "never",
                   "substance_use_disorder": "never", "dissociative_misuse": "no"},
    "current-medicines": {
        "has_any": "yes",
        "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "20",
        "rows-0-drug": "Sertralin",
    },
    "practical": {"transport_home": "yes", "can_fast": "yes", "ongoing_follow_up": "yes", "referral": "none"},
    "review": {},
}

# What BASE_ANSWERS must become (submitted_at is added at submission).
BASE_DOCUMENT = {
    "format": "intake/2",
    "locale": "nb",
    "patient": {"date_of_birth": "1985-04-02", "sex_at_birth": "female", "weight_kg": 70.0, "height_cm": 170},
    "indication": {"primary": "depression", "secondary": ["anxiety"], "episode_months": 18},
    "phq9": [2, 3, 2, 2, 1, 2, 2, 1, 0],
    "gad7": [2, 2, 1, 2, 1, 1, 1],
    "pcl5": None,
    "suicide_screen": {"wish_dead": True, "active_thoughts": False, "behavior": "never",
                       "method": None, "intent": None, "plan": None},
    "treatments": {
        "medications": [
            {"drug": "sertraline", "max_daily_dose_mg": 150, "weeks_at_dose": 8, "current_episode": True,
             "outcome": "no_effect"},
            {"drug": "venlafaxine", "max_daily_dose_mg": None, "weeks_at_dose": None, "current_episode": None,
             "outcome": "partial"},
        ],
        "psychotherapies": [{"kind": "cbt", "sessions": 12, "outcome": "partial"}],
        "ect": "never", "rtms": "never", "esketamine_or_ketamine": "never",
    },
    "psychiatric": {"psychosis": "never", "psychotic_disorder": False, "bipolar": "no", "mania_now": False,
                    "dissociative_disorder": False, "mdq_positive": None},
    "medical": {
        "hypertension": "no", "last_bp": {"systolic": 128, "diastolic": 82, "measured_on": "2026-10-01"},
        "heart_disease": "no", "aneurysm_or_brain_bleed": False, "raised_intracranial_pressure": False,
        "stroke": False, "hyperthyroidism_untreated": False, "glaucoma": False, "epilepsy": False,
        "sleep_apnea": False, "ketamine_reaction": False, "liver_disease": "no", "other": "",
    },
    "reproductive": {"pregnant": "no", "breastfeeding": False, "planning_pregnancy": False},
    "substances": {"auditc": [1, 1, 0], "drug_use": "never", "substance_use_disorder": "never",
                   "dissociative_misuse": False},
    "current_medications": ["sertraline"],
    "practical": {"transport_home": True, "can_fast": True, "ongoing_follow_up": True, "referral": "none"},
}

# The questions that intake/2 added, as the form posts them: a draft saved before they existed lacks them.
NEW_IN_INTAKE_2 = {"history": ("psychotic_disorder",), "practical": ("ongoing_follow_up",)}


def step_post(step, answers):
    """The POST body the wizard expects for `step`."""
    data = {"intake-current_step": step}
    for key, value in answers.items():
        data[f"{step}-{key}"] = value
    return data
