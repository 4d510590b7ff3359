"""Readable words for the intake document: labels of answers, values, bands and trial reasons.

The case summary, the page with every answer and the PDF show answers through these, so a
clinician reads "last blood pressure 181/80, measured 01.10.2026", not `medical.last_bp`. The names of
the questionnaire's parts, the medicines and the conditions are the patient's own (screening/glossary.py).
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from clinic.formats import day
from screening import glossary


SECTIONS = glossary.SECTIONS  # the parts of the questionnaire, named as on the patient's pages

LABELS = {
    "format": gettext_lazy("questionnaire version"),
    "patient.date_of_birth": gettext_lazy("date of birth"),
    "patient.sex_at_birth": gettext_lazy("sex at birth"),
    "patient.weight_kg": gettext_lazy("weight (kg)"),
    "patient.height_cm": gettext_lazy("height (cm)"),
    "indication.primary": glossary.MAIN_CONDITION,
    "indication.secondary": glossary.OTHER_CONDITIONS,
    "indication.episode_months": gettext_lazy("current period of illness (months)"),
    "phq9": gettext_lazy("PHQ-9 answers"),
    "gad7": gettext_lazy("GAD-7 answers"),
    "pcl5": gettext_lazy("PCL-5 answers"),
    "suicide_screen.wish_dead": gettext_lazy("wished to be dead (past month)"),
    "suicide_screen.active_thoughts": gettext_lazy("thoughts of ending their life (past month)"),
    "suicide_screen.method": gettext_lazy("thought about a method"),
    "suicide_screen.intent": gettext_lazy("some intention of acting on it"),
    "suicide_screen.plan": gettext_lazy("worked out a plan and intends to carry it out"),
    "suicide_screen.behavior": gettext_lazy("suicidal behaviour"),
    "treatments.medications": glossary.MEDICINES_TRIED,
    "treatments.psychotherapies": glossary.THERAPY_COURSE,
    "treatments.ect": gettext_lazy("ECT"),
    "treatments.rtms": gettext_lazy("rTMS"),
    "treatments.esketamine_or_ketamine": gettext_lazy("earlier ketamine or esketamine"),
    "psychiatric.psychosis": gettext_lazy("psychosis"),
    "psychiatric.psychotic_disorder": gettext_lazy("diagnosed psychotic disorder"),
    "psychiatric.bipolar": gettext_lazy("bipolar disorder"),
    "psychiatric.mania_now": gettext_lazy("(hypo)manic symptoms in the past 2 weeks"),
    "psychiatric.dissociative_disorder": gettext_lazy("dissociative disorder"),
    "psychiatric.mdq_positive": gettext_lazy("MDQ screen positive"),
    "medical.hypertension": gettext_lazy("high blood pressure"),
    "medical.last_bp": gettext_lazy("last blood pressure"),
    "medical.heart_disease": gettext_lazy("heart disease"),
    "medical.aneurysm_or_brain_bleed": gettext_lazy("aneurysm or brain bleed"),
    "medical.raised_intracranial_pressure": gettext_lazy("raised intracranial pressure"),
    "medical.stroke": gettext_lazy("stroke"),
    "medical.liver_disease": gettext_lazy("liver disease"),
    "medical.hyperthyroidism_untreated": gettext_lazy("untreated hyperthyroidism"),
    "medical.glaucoma": gettext_lazy("glaucoma"),
    "medical.epilepsy": gettext_lazy("epilepsy"),
    "medical.sleep_apnea": gettext_lazy("sleep apnoea"),
    "medical.ketamine_reaction": gettext_lazy("earlier reaction to ketamine"),
    "medical.other": gettext_lazy("other physical illness (patient's words)"),
    "reproductive.pregnant": gettext_lazy("pregnant"),
    "reproductive.breastfeeding": gettext_lazy("breastfeeding"),
    "reproductive.planning_pregnancy": gettext_lazy("planning pregnancy"),
    "substances.auditc": gettext_lazy("AUDIT-C answers"),
    "substances.drug_use": gettext_lazy("use of non-prescribed drugs"),
    "substances.substance_use_disorder": gettext_lazy("substance use disorder"),
    "substances.dissociative_misuse": gettext_lazy("used ketamine, PCP or similar outside medical care"),
    "current_medications": glossary.MEDICINES_NOW,
    "medication_trial": gettext_lazy("a medicine tried, to add or correct"),
    "practical.transport_home": gettext_lazy("can get home without driving"),
    "practical.ongoing_follow_up": gettext_lazy("followed up now by a psychologist, psychiatrist or DPS"),
    "practical.can_fast": gettext_lazy("can come fasting"),
    "practical.referral": gettext_lazy("referral"),
    "score.age": gettext_lazy("age"),
    "score.bmi": gettext_lazy("BMI"),
    "score.phq9": gettext_lazy("PHQ-9 score"),
    "score.gad7": gettext_lazy("GAD-7 score"),
    "score.pcl5": gettext_lazy("PCL-5 score"),
    "score.auditc": gettext_lazy("AUDIT-C score"),
}

VALUES = {
    "female": gettext_lazy("female"), "male": gettext_lazy("male"), "other": gettext_lazy("other"),
    "depression": glossary.INDICATIONS["depression"], "ptsd": glossary.INDICATIONS["ptsd"],
    "anxiety": glossary.INDICATIONS["anxiety"],
    "never": gettext_lazy("never"), "past": gettext_lazy("in the past"), "current": gettext_lazy("current"),
    "within_3_months": gettext_lazy("within the past 3 months"), "over_3_months_ago": gettext_lazy("more than 3 months ago"),
    "no_effect": gettext_lazy("no effect"), "partial": gettext_lazy("partial effect"), "remission": gettext_lazy("remission"),
    "stopped_side_effects": gettext_lazy("stopped for side effects"), "ongoing": gettext_lazy("ongoing"),
    "no": gettext_lazy("no"), "yes": gettext_lazy("yes"), "unsure": gettext_lazy("unsure"),
    "bipolar_1": gettext_lazy("bipolar I"), "bipolar_2": gettext_lazy("bipolar II"),
    "treated_controlled": gettext_lazy("treated, well controlled"),
    "treated_uncontrolled": gettext_lazy("treated, not well controlled"),
    "untreated": gettext_lazy("untreated"), "stable": gettext_lazy("stable"), "serious": gettext_lazy("serious"),
    "unstable": gettext_lazy("unstable"),
    "mild": gettext_lazy("mild"), "severe": gettext_lazy("severe"), "past_year": gettext_lazy("in the past year"),
    "remission_over_1y": gettext_lazy("in remission for over a year"), "remission_under_1y": gettext_lazy("in remission for under a year"),
    "none": gettext_lazy("none"), "gp": gettext_lazy("from a GP"), "specialist": gettext_lazy("from a specialist"),
    "cbt": gettext_lazy("CBT"), "tf_cbt": gettext_lazy("trauma-focused CBT"), "emdr": gettext_lazy("EMDR"), "cpt": gettext_lazy("CPT"),
    "pe": gettext_lazy("prolonged exposure"), "mct": gettext_lazy("metacognitive therapy"), "act": gettext_lazy("ACT"),
    "psychodynamic": gettext_lazy("psychodynamic therapy"), "ipt": gettext_lazy("interpersonal therapy"),
}

BANDS = {
    "minimal": gettext_lazy("minimal"), "mild": gettext_lazy("mild"), "moderate": gettext_lazy("moderate"),
    "moderately_severe": gettext_lazy("moderately severe"), "severe": gettext_lazy("severe"),
    "below_threshold": gettext_lazy("below threshold"), "probable_ptsd": gettext_lazy("probable PTSD"),
}

LEVELS = {
    "urgent": gettext_lazy("Urgent"), "absolute": gettext_lazy("Absolute contraindication"), "criteria": gettext_lazy("Criteria not met"),
    "relative": gettext_lazy("Relative contraindication / needs review"), "info": gettext_lazy("For information"),
}

TRIAL_REASONS = {
    "counted": gettext_lazy("counted: adequate dose and duration, no sufficient effect"),
    "counted_course": gettext_lazy("counted: enough sessions, no sufficient effect"),
    "unknown_drug": gettext_lazy("not counted: drug not in the dose table"),
    "no_minimum_dose": gettext_lazy("not counted: no minimum dose defined for this drug"),
    "class_not_counted": gettext_lazy("not counted: drug class does not count for this indication"),
    "dose_unknown": gettext_lazy("not counted: dose unknown"),
    "dose_below_minimum": gettext_lazy("not counted: dose below the %(minimum)s mg minimum"),
    "duration_unknown": gettext_lazy("not counted: duration unknown"),
    "too_short": gettext_lazy("not counted: under %(weeks)s weeks"),
    "episode_unknown": gettext_lazy("not counted: not known whether it was the current period of illness"),
    "earlier_episode": gettext_lazy("not counted: an earlier period of illness"),
    "not_failed": gettext_lazy("not counted: it worked or is ongoing"),
    "stopped_side_effects": gettext_lazy("not counted: stopped for side effects"),
    "sessions_unknown": gettext_lazy("not counted: number of sessions unknown"),
    "too_few_sessions": gettext_lazy("not counted: fewer than %(sessions)s sessions"),
}

_INDEXED = re.compile(r"^(?P<base>[a-z_.0-9]+)\[(?P<index>\d+)\]$")


def value_words(value):
    if value is None:
        return _("not answered")
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, str):
        return str(VALUES.get(value, value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        if not value:
            return _("none")
        if all(isinstance(item, str) for item in value):
            return ", ".join(value_words(item) for item in value)
        if all(isinstance(item, int) for item in value):
            return " ".join(str(item) for item in value)
        return "; ".join(value_words(item) for item in value)
    if isinstance(value, dict):
        if "systolic" in value:
            return blood_pressure_words(value)
        if "drug" in value:
            return medication_words(value)
        if "kind" in value:
            return psychotherapy_words(value)
        return ", ".join(f"{k}: {value_words(v)}" for k, v in value.items())
    return str(value)


def blood_pressure_words(bp):
    text = f"{bp.get('systolic')}/{bp.get('diastolic')}"
    if bp.get("measured_on"):
        text = _("%(bp)s, measured %(date)s") % {"bp": text, "date": day(bp["measured_on"])}
    return text


def medication_words(trial, drug=None):
    """A medication trial in words; `drug` is the drug's name in words (default: as in the document)."""
    return ", ".join([trial.get("drug", "") if drug is None else drug, medication_details(trial)])


def medication_details(trial):
    """Dose, weeks, episode and outcome of a medication trial (the treatment table names the drug beside them)."""
    dose = trial.get("max_daily_dose_mg")
    weeks = trial.get("weeks_at_dose")
    episode = trial.get("current_episode")
    return ", ".join([
        _("%(dose)s mg/day") % {"dose": value_words(dose)} if dose is not None else _("dose unknown"),
        _("%(weeks)s weeks") % {"weeks": value_words(weeks)} if weeks is not None else _("duration unknown"),
        (_("current period of illness") if episode is True else _("an earlier period of illness") if episode is False
         else _("period of illness unknown")),
        _("outcome: %(outcome)s") % {"outcome": value_words(trial.get("outcome"))},
    ])


def psychotherapy_words(course):
    return ", ".join([value_words(course.get("kind")), psychotherapy_details(course)])


def psychotherapy_details(course):
    sessions = course.get("sessions")
    return ", ".join([
        _("%(sessions)s sessions") % {"sessions": sessions} if sessions is not None else _("sessions unknown"),
        _("outcome: %(outcome)s") % {"outcome": value_words(course.get("outcome"))},
    ])


def path_label(path):
    """`medical.last_bp` -> 'last blood pressure'; `treatments.medications[0]` -> 'Medicines tried, no. 1'."""
    if path in LABELS:
        return str(LABELS[path])
    match = _INDEXED.match(path)
    if match:
        base, index = match["base"], int(match["index"])
        if base in ("phq9", "gad7", "pcl5", "substances.auditc"):
            name = {"phq9": "PHQ-9", "gad7": "GAD-7", "pcl5": "PCL-5", "substances.auditc": "AUDIT-C"}[base]
            return _("%(instrument)s item %(number)s") % {"instrument": name, "number": index + 1}
        return _("%(list)s, no. %(number)s") % {"list": path_label(base), "number": index + 1}
    return path


def drug_words(words, generic):
    """A drug as the patient wrote it with the dose table's generic name: 'sertralin (sertraline)';
    just the name when the words are the generic name; a drug not in the table says so."""
    if generic is None:
        return _("%(words)s (not in the dose table)") % {"words": words}
    if words.strip().lower() == generic.lower():
        return generic
    return f"{words} ({generic})"


DRUG_LISTS = ("treatments.medications", "current_medications")
AUDITC = "substances.auditc"
INDICATION_PATHS = ("indication.primary", "indication.secondary")
DATE_PATHS = ("patient.date_of_birth",)


def auditc_words(value):
    """AUDIT-C answers as numbers; after "never" to item 1, items 2 and 3 are not asked and count 0
    (Bush 1998), so [0, 0, 0] says so rather than reading as "1 or 2 drinks, never 6 or more"."""
    words = value_words(value)
    if value == [0, 0, 0]:
        return _("%(answers)s (never drinks alcohol: items 2 and 3 not asked, counted 0)") % {"answers": words}
    return words


def answer_words(path, value, drugs=None):
    """The answer at `path` in words; with `drugs` ({path: DrugName}, selectors.drug_names) a drug
    name reads as the patient wrote it beside the generic name. A value that is not the document's
    entry at that path is shown as it is."""
    drugs = drugs or {}
    if path == AUDITC:
        return auditc_words(value)
    if path in INDICATION_PATHS and value:
        return ", ".join(glossary.indication_name(v) for v in value) if isinstance(value, list) else (
            glossary.indication_name(value))
    if path in DATE_PATHS and isinstance(value, str):
        return day(value)
    if path in DRUG_LISTS and isinstance(value, list) and value:
        separator = ", " if all(isinstance(item, str) for item in value) else "; "
        return separator.join(answer_words(f"{path}[{i}]", item, drugs) for i, item in enumerate(value))
    name = drugs.get(path)
    if name is not None:
        if value == name.written:
            return drug_words(name.words, name.generic)
        if isinstance(value, dict) and value.get("drug") == name.written:
            return medication_words(value, drug_words(name.words, name.generic))
    return value_words(value)


def evidence_words(path, value, drugs=None):
    """One piece of a flag's evidence in words: 'last blood pressure 181/80, measured 01.10.2026'."""
    return f"{path_label(path)}: {answer_words(path, value, drugs)}"


def result_changes(before, after):
    """What changed from screening result `before` to `after`: [{"words": ..., "codes": [flag codes]}]."""
    if before is None:
        return [{"words": _("first screening"), "codes": []}]
    changes = []
    if before.outcome != after.outcome:
        changes.append({"words": _("outcome: %(before)s → %(after)s") % {
            "before": before.get_outcome_display(), "after": after.get_outcome_display()}, "codes": []})
    old = {flag["code"] for flag in before.flags}
    new = {flag["code"] for flag in after.flags}
    added = [flag["code"] for flag in after.flags if flag["code"] not in old]
    removed = [flag["code"] for flag in before.flags if flag["code"] not in new]
    if added:
        changes.append({"words": ngettext("new flag:", "new flags:", len(added)), "codes": added})
    if removed:
        changes.append({"words": ngettext("flag no longer raised:", "flags no longer raised:", len(removed)),
                        "codes": removed})
    return changes or [{"words": _("no change in outcome or flags"), "codes": []}]
