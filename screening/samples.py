"""Generated intake documents for benchmarks and property tests (plain Python, no Django).

`generate_documents(n, seed)` gives valid, varied `intake/1` (or `intake/2`) documents: every enumeration value,
both sides of every threshold, brand and Norwegian drug names, unknown drugs, missing answers and
absent sections, so that every rule of the catalogue fires somewhere in a few hundred documents.
"""

import random

from screening.rules.dose_table import DOSE_TABLE_2026_1

_DRUG_NAMES = [name for _cls, generic, _min, aliases in DOSE_TABLE_2026_1 for name in (generic, *aliases)]
_TRIAL_DRUGS = [(generic, minimum) for _cls, generic, minimum, _aliases in DOSE_TABLE_2026_1]
_OUTCOMES = ("no_effect", "partial", "remission", "stopped_side_effects", "ongoing")
_KINDS = ("cbt", "tf_cbt", "emdr", "cpt", "pe", "mct", "act", "psychodynamic", "ipt", "other")
_DEVICE = ("never", "never", "never", "no_effect", "partial", "remission")


def _maybe(rng, value, missing=0.03):
    """Most answers are given; a few are left unanswered (null), as an imported document may have."""
    return None if rng.random() < missing else value


def _pick(rng, values, weights=None):
    return rng.choices(values, weights)[0] if weights else rng.choice(values)


def _medication(rng):
    generic, minimum = _pick(rng, _TRIAL_DRUGS)
    name = generic
    if rng.random() < 0.2:
        name = _pick(rng, _DRUG_NAMES)
    if rng.random() < 0.03:
        name = "ukjent-medisin"
    base = minimum if minimum is not None else 10
    return {
        "drug": name if rng.random() > 0.1 else f"  {name.upper()} ",
        "max_daily_dose_mg": _maybe(rng, _pick(rng, (base - 1, base, base * 2)), 0.08),
        "weeks_at_dose": _maybe(rng, _pick(rng, (2, 3, 4, 5, 6, 8, 12)), 0.08),
        "current_episode": _pick(rng, (True, True, True, False, None)),
        "outcome": _pick(rng, _OUTCOMES),
    }


def _psychotherapy(rng):
    entry = {"kind": _pick(rng, _KINDS), "outcome": _pick(rng, _OUTCOMES)}
    if rng.random() < 0.9:
        entry["sessions"] = _maybe(rng, _pick(rng, (4, 7, 8, 12, 20)), 0.1)
    return entry


def generate_document(rng):
    sex = _pick(rng, ("female", "male", "other"), (5, 4, 1))
    primary = _pick(rng, ("depression", "ptsd", "anxiety", "other"), (6, 2, 2, 1))
    secondary = [v for v in ("depression", "ptsd", "anxiety") if v != primary and rng.random() < 0.2]
    active = rng.random() < 0.25
    year = _pick(rng, (1950, 1955, 1956, 1970, 1985, 1999, 2008, 2009))
    has_ptsd = primary == "ptsd" or "ptsd" in secondary
    doc = {
        "format": "intake/1",
        "submitted_at": _pick(rng, ("2026-11-20T10:15:00+01:00", "2026-11-20T00:30:00+01:00", "2026-06-01T23:59:00Z")),
        "locale": _pick(rng, ("nb", "en")),
        "patient": {
            "date_of_birth": _maybe(rng, f"{year}-{_pick(rng, ('02-28', '02-29' if year % 4 == 0 else '03-01', '11-20', '11-21', '06-01'))}"),
            "sex_at_birth": _maybe(rng, sex),
            "weight_kg": _maybe(rng, _pick(rng, (55.0, 70.0, 139.6, 139.8, 140.0, 160))),
            "height_cm": _maybe(rng, _pick(rng, (160, 170, 200))),
        },
        "indication": {"primary": _maybe(rng, primary), "secondary": _maybe(rng, secondary), "episode_months": _maybe(rng, rng.randint(1, 120))},
        "phq9": _maybe(rng, [rng.randint(0, 3) for _ in range(9)], 0.05),
        "gad7": _maybe(rng, [rng.randint(0, 3) for _ in range(7)], 0.05),
        "pcl5": _maybe(rng, [rng.randint(0, 4) for _ in range(20)], 0.1) if has_ptsd or rng.random() < 0.05 else None,
        "suicide_screen": {
            "wish_dead": _maybe(rng, rng.random() < 0.4),
            "active_thoughts": _maybe(rng, active),
            "method": _maybe(rng, rng.random() < 0.3) if active else None,
            "intent": _maybe(rng, rng.random() < 0.1) if active else None,
            "plan": _maybe(rng, rng.random() < 0.05) if active else None,
            "behavior": _maybe(rng, _pick(rng, ("never", "over_3_months_ago", "within_3_months"), (20, 2, 1))),
        },
        "treatments": {
            "medications": _maybe(rng, [_medication(rng) for _ in range(rng.randint(0, 5))]),
            "psychotherapies": _maybe(rng, [_psychotherapy(rng) for _ in range(rng.randint(0, 3))]),
            "ect": _maybe(rng, _pick(rng, _DEVICE)),
            "rtms": _maybe(rng, _pick(rng, _DEVICE)),
            "esketamine_or_ketamine": _maybe(rng, _pick(rng, _DEVICE)),
        },
        "psychiatric": {
            "psychosis": _maybe(rng, _pick(rng, ("never", "past", "current"), (30, 2, 1))),
            "bipolar": _maybe(rng, _pick(rng, ("no", "bipolar_1", "bipolar_2", "unsure"), (20, 1, 1, 2))),
            "mania_now": _maybe(rng, rng.random() < 0.04),
            "dissociative_disorder": _maybe(rng, rng.random() < 0.05),
            "mdq_positive": _pick(rng, (None, None, False, True)),
        },
        "medical": {
            "hypertension": _maybe(rng, _pick(rng, ("no", "treated_controlled", "treated_uncontrolled", "untreated", "unsure"), (20, 3, 1, 1, 2))),
            "last_bp": _pick(rng, (None, {"systolic": _pick(rng, (118, 139, 140, 180, 181)), "diastolic": _pick(rng, (75, 89, 90, 100, 101)), "measured_on": _pick(rng, (None, "2026-10-01"))})),
            "heart_disease": _maybe(rng, _pick(rng, ("no", "stable", "unstable"), (30, 2, 1))),
            "aneurysm_or_brain_bleed": _maybe(rng, rng.random() < 0.03),
            "raised_intracranial_pressure": _maybe(rng, rng.random() < 0.03),
            "stroke": _maybe(rng, rng.random() < 0.03),
            "liver_disease": _maybe(rng, _pick(rng, ("no", "mild", "severe"), (30, 2, 1))),
            "hyperthyroidism_untreated": _maybe(rng, rng.random() < 0.03),
            "glaucoma": _maybe(rng, rng.random() < 0.03),
            "epilepsy": _maybe(rng, rng.random() < 0.03),
            "sleep_apnea": _maybe(rng, rng.random() < 0.05),
            "ketamine_reaction": _maybe(rng, rng.random() < 0.02),
            "other": _pick(rng, ("", "", "Migrene", None)),
        },
        "reproductive": None if sex == "male" and rng.random() < 0.9 else {
            "pregnant": _maybe(rng, _pick(rng, ("no", "yes", "unsure"), (20, 1, 1))),
            "breastfeeding": _maybe(rng, rng.random() < 0.05),
            "planning_pregnancy": _maybe(rng, rng.random() < 0.05),
        },
        "substances": {
            "auditc": _maybe(rng, [rng.randint(0, 4) for _ in range(3)]),
            "drug_use": _maybe(rng, _pick(rng, ("never", "past", "past_year", "current"), (20, 3, 2, 1))),
            "substance_use_disorder": _maybe(rng, _pick(rng, ("never", "remission_over_1y", "remission_under_1y", "current"), (20, 2, 1, 1))),
            "dissociative_misuse": _maybe(rng, rng.random() < 0.04),
        },
        "current_medications": _maybe(rng, [_pick(rng, _DRUG_NAMES + ["Paracet"]) for _ in range(rng.randint(0, 3))]),
        "practical": {
            "transport_home": _maybe(rng, rng.random() < 0.9),
            "can_fast": _maybe(rng, rng.random() < 0.95),
            "referral": _maybe(rng, _pick(rng, ("none", "gp", "specialist"))),
        },
    }
    # Now and then a whole section is left out or empty, as an imported document may do.
    if rng.random() < 0.03:
        doc.pop(_pick(rng, ("patient", "medical", "substances", "practical", "treatments")))
    if rng.random() < 0.02:
        doc["psychiatric"] = {}
    return doc


def as_intake_2(document, psychotic_disorder=False, ongoing_follow_up=True):
    """An `intake/1` example as today's web form writes it: `intake/2` with the two new questions
    answered (a new dict; demo data and tests)."""
    document = {**document, "format": "intake/2"}
    document["psychiatric"] = {**(document.get("psychiatric") or {}), "psychotic_disorder": psychotic_disorder}
    document["practical"] = {**(document.get("practical") or {}), "ongoing_follow_up": ongoing_follow_up}
    return document


def _random_intake_2(doc, rng):
    """The same answers as an `intake/2` document, with the new questions answered (or not) and now
    and then "serious" heart disease."""
    doc["format"] = "intake/2"
    if isinstance(doc.get("psychiatric"), dict):
        doc["psychiatric"]["psychotic_disorder"] = _maybe(rng, rng.random() < 0.04)
    if isinstance(doc.get("practical"), dict):
        doc["practical"]["ongoing_follow_up"] = _maybe(rng, rng.random() < 0.7)
    if isinstance(doc.get("medical"), dict) and rng.random() < 0.03:
        doc["medical"]["heart_disease"] = "serious"
    return doc


def generate_document_2(rng):
    """One varied `intake/2` document (the answers of `generate_document`, the new questions added)."""
    return _random_intake_2(generate_document(rng), rng)


_SSRI = (("escitalopram", 10), ("sertraline", 50), ("fluoxetine", 20), ("venlafaxine", 75), ("mirtazapine", 30))


def generate_candidate_document(rng):
    """A varied `intake/2` document of a likely candidate: no urgent or absolute answers, most with an
    adequate course of treatment behind them, so most meet the criteria or need a clinician's review
    (a few answers are left out or point to a caution). The answers of `generate_document` underneath."""
    doc = generate_document_2(rng)
    primary = _pick(rng, ("depression", "ptsd", "anxiety", "other"), (70, 15, 12, 3))
    sex = _pick(rng, ("female", "male", "other"), (6, 4, 0.3))
    doc["patient"] = {
        "date_of_birth": f"{rng.randint(1950, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "sex_at_birth": sex, "weight_kg": float(rng.randint(50, 95)), "height_cm": rng.randint(160, 195),
    }
    doc["indication"] = {"primary": primary, "secondary": [], "episode_months": rng.randint(6, 120)}
    doc["phq9"] = [rng.choice((1, 2, 2, 3)) for _ in range(9)]
    doc["gad7"] = [rng.choice((1, 2, 2, 3)) for _ in range(7)]
    doc["pcl5"] = [rng.choice((2, 2, 3, 4)) for _ in range(20)] if primary == "ptsd" else None
    doc["suicide_screen"] = {"wish_dead": rng.random() < 0.3, "active_thoughts": False, "method": None, "intent": None,
                             "plan": None, "behavior": _pick(rng, ("never", "over_3_months_ago"), (30, 1))}
    trials = [{"drug": drug, "max_daily_dose_mg": minimum * rng.choice((1, 1, 2)), "weeks_at_dose": rng.randint(6, 16),
               "current_episode": True, "outcome": _pick(rng, ("no_effect", "partial"))}
              for drug, minimum in rng.sample(_SSRI, rng.choice((1, 2, 2, 3)))]
    therapies = [{"kind": rng.choice(("cbt", "tf_cbt", "emdr", "act")), "sessions": rng.randint(8, 24),
                  "outcome": _pick(rng, ("no_effect", "partial"))} for _ in range(rng.randint(0, 2))]
    doc["treatments"] = {"medications": trials, "psychotherapies": therapies, "ect": _pick(rng, _DEVICE), "rtms": "never",
                         "esketamine_or_ketamine": _pick(rng, ("never", "never", "never", "partial"))}
    doc["psychiatric"] = {"psychosis": "never", "bipolar": _pick(rng, ("no", "unsure"), (30, 1)), "mania_now": False,
                          "dissociative_disorder": False, "mdq_positive": _pick(rng, (None, False)),
                          "psychotic_disorder": False}
    doc["medical"] = {
        "hypertension": _pick(rng, ("no", "treated_controlled"), (8, 1)),
        "last_bp": _pick(rng, (None, {"systolic": rng.randint(105, 138), "diastolic": rng.randint(65, 88),
                                      "measured_on": "2026-10-01"}), (1, 5)),
        "heart_disease": _pick(rng, ("no", "stable"), (30, 1)), "aneurysm_or_brain_bleed": False,
        "raised_intracranial_pressure": False, "stroke": False, "liver_disease": "no",
        "hyperthyroidism_untreated": False, "glaucoma": False, "epilepsy": False, "sleep_apnea": rng.random() < 0.04,
        "ketamine_reaction": False, "other": _pick(rng, ("", "", "Migrene")),
    }
    doc["reproductive"] = None if sex == "male" else {"pregnant": "no", "breastfeeding": False,
                                                      "planning_pregnancy": rng.random() < 0.03}
    doc["substances"] = {"auditc": [rng.randint(0, 2) for _ in range(3)], "drug_use": _pick(rng, ("never", "past"), (6, 1)),
                         "substance_use_disorder": "never", "dissociative_misuse": False}
    doc["current_medications"] = rng.sample(("sertraline", "escitalopram", "vortioxetine", "lamotrigine"), rng.randint(0, 2))
    if rng.random() < 0.06:
        doc["current_medications"].append(rng.choice(("Sobril", "Paracet")))
    doc["practical"] = {"transport_home": rng.random() < 0.97, "can_fast": True,
                        "referral": _pick(rng, ("gp", "specialist", "none")),
                        "ongoing_follow_up": _maybe(rng, rng.random() < 0.8)}
    return doc


def generate_documents(n, seed=2026, format="intake/1"):
    """`n` documents; `format="intake/2"` gives the same answers (same seed) as intake/2 documents."""
    rng = random.Random(seed)
    documents = [generate_document(rng) for _ in range(n)]
    if format == "intake/2":
        extra = random.Random(seed + 1)  # its own generator: the intake/1 answers stay the same
        documents = [_random_intake_2(doc, extra) for doc in documents]
    return documents
