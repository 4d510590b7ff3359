"""Varied answers for the intake's web steps, as a browser posts them (plain Python, no Django).

`patient_answers(rng)` gives {step: {field: value}} for every step the wizard may ask (it asks only some:
PCL-5 after PTSD, the suicide follow-ups after "yes" to active thoughts, pregnancy unless male). Every
answer is valid and never meets the crisis rule (intent, plan or suicidal behaviour in the past 3 months):
a patient who meets it is shown crisis help instead of the end of the questionnaire.
"""

from screening.rules.dose_table import DOSE_TABLE_2026_1

DRUG_NAMES = [name for _cls, generic, _min, aliases in DOSE_TABLE_2026_1 for name in (generic, *aliases)]
OUTCOMES = ("no_effect", "partial", "remission", "stopped_side_effects", "ongoing")
THERAPY_KINDS = ("cbt", "tf_cbt", "emdr", "cpt", "pe", "mct", "act", "psychodynamic", "ipt", "other")
EARLIER = ("never", "never", "never", "no_effect", "partial", "remission")
OTHER_DRUGS = ("Paracet", "Ibux", "Melatonin")


def _alcohol(rng):
    """AUDIT-C as a browser posts it: someone who never drinks is not asked questions 2 and 3."""
    often = rng.randint(0, 4)
    if often == 0:
        return {"auditc_1": "0"}
    return {"auditc_1": str(often), "auditc_2": str(rng.randint(0, 3)), "auditc_3": str(rng.randint(0, 2))}


def _rows(rows):
    fields = {"rows-TOTAL_FORMS": str(len(rows)), "rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0",
              "rows-MAX_NUM_FORMS": "20"}
    for i, row in enumerate(rows):
        fields.update({f"rows-{i}-{key}": value for key, value in row.items()})
    return {"has_any": "yes" if rows else "no", **fields}


def _medication(rng):
    row = {"drug": rng.choice(DRUG_NAMES), "current_episode": rng.choice(("yes", "yes", "no", "unsure")),
           "outcome": rng.choice(OUTCOMES)}
    if rng.random() < 0.05:
        row.update(drug="Ukjent medisin", other="on")
    if rng.random() < 0.15:
        row["dose_unknown"] = "on"
    else:
        row["max_daily_dose_mg"] = rng.choice(("10", "20", "50", "75", "100", "150", "225", "37,5"))
    if rng.random() < 0.15:
        row["weeks_unknown"] = "on"
    else:
        row["weeks_at_dose"] = rng.choice(("2", "4", "6", "8", "12", "26"))
    return row


def _therapy(rng):
    row = {"kind": rng.choice(THERAPY_KINDS), "outcome": rng.choice(OUTCOMES)}
    if rng.random() < 0.2:
        row["sessions_unknown"] = "on"
    else:
        row["sessions"] = str(rng.choice((4, 8, 12, 20, 40)))
    return row


def _current_medicine(rng):
    if rng.random() < 0.2:
        return {"drug": rng.choice(OTHER_DRUGS), "other": "on"}
    return {"drug": rng.choice(DRUG_NAMES)}


def _scale(rng, items, top):
    return {f"item_{i}": str(rng.randint(0, top)) for i in range(1, items + 1)}


def patient_answers(rng):
    """One patient's answers to every step (a `random.Random` decides them)."""
    sex = rng.choices(("female", "male", "other"), (5, 4, 1))[0]
    primary = rng.choices(("depression", "ptsd", "anxiety", "other"), (6, 2, 2, 1))[0]
    secondary = [v for v in ("depression", "ptsd", "anxiety") if v != primary and rng.random() < 0.25]
    active = rng.random() < 0.25
    health = {name: "yes" if rng.random() < 0.03 else "no"
              for name in ("aneurysm_or_brain_bleed", "raised_intracranial_pressure", "stroke",
                           "hyperthyroidism_untreated", "glaucoma", "epilepsy", "sleep_apnea", "ketamine_reaction")}
    if rng.random() < 0.6:
        health.update(systolic=str(rng.randint(100, 185)), diastolic=str(rng.randint(60, 105)),
                      measured_on=rng.choice(("", "01.10.2026", "2026-09-15")))
    return {
        "about": {"date_of_birth": f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1950, 2006)}",
                  "sex_at_birth": sex, "weight_kg": rng.choice(("52", "64,5", "70", "83", "98.5", "121")),
                  "height_cm": str(rng.randint(152, 198))},
        "reason": {"primary": primary, "secondary": secondary, "episode_months": str(rng.randint(0, 120))},
        "phq9": _scale(rng, 9, 3),
        "gad7": _scale(rng, 7, 3),
        "pcl5": _scale(rng, 20, 4),
        "suicide": {"wish_dead": rng.choice(("yes", "no")), "active_thoughts": "yes" if active else "no",
                    "behavior": rng.choices(("never", "over_3_months_ago"), (10, 1))[0]},
        "suicide-more": {"method": rng.choice(("yes", "no")), "intent": "no", "plan": "no"},
        "medications": _rows([_medication(rng) for _ in range(rng.choice((0, 1, 2, 2, 3, 4)))]),
        "therapies": {**_rows([_therapy(rng) for _ in range(rng.choice((0, 1, 1, 2)))]),
                      "ect": rng.choice(EARLIER), "rtms": rng.choice(EARLIER),
                      "esketamine_or_ketamine": rng.choice(EARLIER)},
        "history": {"psychosis": rng.choices(("never", "past"), (20, 1))[0],
                    "psychotic_disorder": "no", "bipolar": rng.choices(("no", "bipolar_2", "unsure"), (20, 1, 2))[0],
                    "mania_now": "no", "dissociative_disorder": "no"},
        "health": {"hypertension": rng.choices(("no", "treated_controlled", "unsure"), (20, 3, 2))[0],
                   "heart_disease": rng.choices(("no", "stable"), (20, 1))[0],
                   "liver_disease": rng.choices(("no", "mild"), (20, 1))[0],
                   "other": rng.choice(("", "", "", "Migrene", "Astma, bruker inhalator ved behov.")), **health},
        "pregnancy": {"pregnant": "no", "breastfeeding": rng.choice(("no", "no", "yes")), "planning_pregnancy": "no"},
        "substances": {**_alcohol(rng),
                       "drug_use": rng.choices(("never", "past", "past_year"), (20, 4, 1))[0],
                       "substance_use_disorder": rng.choices(("never", "remission_over_1y"), (20, 2))[0],
                       "dissociative_misuse": "no"},
        "current-medicines": _rows([_current_medicine(rng) for _ in range(rng.choice((0, 1, 1, 2, 3)))]),
        "practical": {"transport_home": rng.choices(("yes", "no"), (9, 1))[0], "can_fast": "yes",
                      "ongoing_follow_up": rng.choice(("yes", "no")), "referral": rng.choice(("none", "gp", "specialist"))},
        "review": {},
    }


def step_post(step, answers):
    """The form fields a browser posts for `step`: the wizard's step, the answers, the Next button."""
    data = {"intake-current_step": step, "wizard_next": "1"}
    for key, value in answers.items():
        data[f"{step}-{key}"] = value
    return data
