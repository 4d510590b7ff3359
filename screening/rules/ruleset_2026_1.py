"""Ruleset 2026.1 as data: settings, the dose table and one entry per rule (clinical-rules.md).

A rule is raised when any of its clauses is true. A clause is either data, `answer(path, *values)`
(the answer is one of the values), or a small function `(facts, settings) -> evidence or None`.
Evidence maps the document paths (and `score.*` values) that made the clauses true to their
values; each clause is tested on its own, and a clause whose input is null is false.
A changed threshold or rule is a new ruleset version, never an edit of this one.
"""

from .dose_table import DOSE_TABLE_2026_1
from .engine import AnswerIn, DoseTable, Rule, Ruleset, missing_paths
from .sources import APA, AUDIT, CLINIC, CSSRS, FORMAT, INSTRUMENTS, INTERACTIONS, LABEL, TRD, joined

VERSION = "2026.1"

SETTINGS = {
    "min_age": 18,
    "info_age": 70,
    "bp_absolute_systolic_above": 180,
    "bp_absolute_diastolic_above": 100,
    "bp_relative_systolic_from": 140,
    "bp_relative_diastolic_from": 90,
    "bmi_airway_from": 35,
    "auditc_relative_from": 8,
    "auditc_info_from": {"male": 4, "otherwise": 3},
    # Severity: the primary indication's instrument must reach this score.
    "severity": {"depression": ("phq9", 10), "anxiety": ("gad7", 10), "ptsd": ("pcl5", 33)},
    # Treatment resistance
    "tr_classes": {
        "depression": frozenset(("ssri", "snri", "tca", "maoi", "tetracyclic", "ndri", "other_ad", "augmentation")),
        "anxiety": frozenset(("ssri", "snri", "tca", "other_ad", "anxiolytic")),
        "ptsd": frozenset(("ssri", "snri")),
    },
    "antidepressant_classes": frozenset(("ssri", "snri", "tca", "maoi", "tetracyclic", "ndri", "other_ad")),
    "tr_min_weeks": {"depression": 4, "anxiety": 6, "ptsd": 6},
    "tr_min_sessions": 8,
    "tr_min_trials": 2,
    "tr_current_episode_only": frozenset(("depression",)),
    "tr_devices": {"depression": ("ect", "rtms")},
    "tr_needs_antidepressant": frozenset(("depression",)),
    "tr_needs_trauma_focused": frozenset(("ptsd",)),
    "trauma_focused_kinds": frozenset(("tf_cbt", "emdr", "cpt", "pe")),
}

ASKED_PATHS = {
    "always": (
        "patient.date_of_birth", "patient.sex_at_birth", "patient.weight_kg", "patient.height_cm",
        "indication.primary", "indication.secondary", "indication.episode_months",
        "phq9", "gad7",
        "suicide_screen.wish_dead", "suicide_screen.active_thoughts", "suicide_screen.behavior",
        "treatments.medications", "treatments.psychotherapies", "treatments.ect", "treatments.rtms",
        "treatments.esketamine_or_ketamine",
        "psychiatric.psychosis", "psychiatric.bipolar", "psychiatric.mania_now", "psychiatric.dissociative_disorder",
        "medical.hypertension", "medical.heart_disease", "medical.aneurysm_or_brain_bleed",
        "medical.raised_intracranial_pressure", "medical.stroke", "medical.liver_disease",
        "medical.hyperthyroidism_untreated", "medical.glaucoma", "medical.epilepsy", "medical.sleep_apnea",
        "medical.ketamine_reaction",
        "substances.auditc", "substances.drug_use", "substances.substance_use_disorder",
        "substances.dissociative_misuse",
        "current_medications",
        "practical.transport_home", "practical.can_fast", "practical.referral",
    ),
    "ptsd": ("pcl5",),
    "active_thoughts": ("suicide_screen.method", "suicide_screen.intent", "suicide_screen.plan"),
    "not_male": ("reproductive.pregnant", "reproductive.breastfeeding", "reproductive.planning_pregnancy"),
}

# --- small helpers for conditions -------------------------------------------------------------

def _score_at_least(score, setting):
    def condition(facts, settings):
        value = facts.scores[score]
        if value is not None and value >= settings[setting]:
            return {f"score.{score}": value}
        return None

    return condition


def _current_class(drug_class):
    def condition(facts, settings):
        return facts.current_by_class.get(drug_class)

    return condition


# --- conditions with more than one input ------------------------------------------------------

def _age_under_minimum(facts, settings):
    age = facts.scores["age"]
    if age is not None and age < settings["min_age"]:
        return {"score.age": age, "patient.date_of_birth": facts.patient["date_of_birth"]}
    return None


def _age_info(facts, settings):
    age = facts.scores["age"]
    if age is not None and age >= settings["info_age"]:
        return {"score.age": age, "patient.date_of_birth": facts.patient["date_of_birth"]}
    return None


def _bp_above(systolic_key, diastolic_key, strictly):
    def condition(facts, settings):
        bp = facts.medical.get("last_bp")
        if bp is None:
            return None
        systolic, diastolic = bp.get("systolic"), bp.get("diastolic")
        s_limit, d_limit = settings[systolic_key], settings[diastolic_key]
        if strictly:
            high = (systolic is not None and systolic > s_limit) or (diastolic is not None and diastolic > d_limit)
        else:
            high = (systolic is not None and systolic >= s_limit) or (diastolic is not None and diastolic >= d_limit)
        return {"medical.last_bp": bp} if high else None

    return condition


def _severity_below_threshold(facts, settings):
    rule = settings["severity"].get(facts.primary)
    if rule is None:
        return None
    score, threshold = rule
    value = facts.scores[score]
    if value is not None and value < threshold:
        return {"indication.primary": facts.primary, f"score.{score}": value}
    return None


def _treatment_resistance_not_met(facts, settings):
    block = facts.treatment_resistance
    if block is None or block["met"]:
        return None
    return {"indication.primary": facts.primary, **facts.counted_trials}


def _bmi_airway(facts, settings):
    bmi = facts.scores["bmi"]
    if bmi is not None and bmi >= settings["bmi_airway_from"]:
        return {"score.bmi": bmi}
    return None


def _alcohol_info(facts, settings):
    score = facts.scores["auditc"]
    if score is None or score >= settings["auditc_relative_from"]:
        return None
    limits = settings["auditc_info_from"]
    limit = limits["male"] if facts.patient.get("sex_at_birth") == "male" else limits["otherwise"]
    if score >= limit:
        evidence = {"score.auditc": score}
        if facts.patient.get("sex_at_birth") is not None:
            evidence["patient.sex_at_birth"] = facts.patient["sex_at_birth"]
        return evidence
    return None


def _unknown_current_medications(facts, settings):
    evidence = {f"current_medications[{i}]": name for i, name, drug in facts.current_medications if drug is None}
    return evidence or None


def _lamotrigine(facts, settings):
    evidence = {
        f"current_medications[{i}]": name
        for i, name, drug in facts.current_medications
        if drug is not None and drug.generic == "lamotrigine"
    }
    return evidence or None


def _phq9_item9(facts, settings):
    phq9 = facts.doc.get("phq9")
    if phq9 is not None and phq9[8] >= 1:
        return {"phq9[8]": phq9[8]}
    return None


def _bp_unknown(facts, settings):
    if facts.medical.get("last_bp") is None:
        return {"medical.last_bp": None}
    return None


def _no_psychotherapy(facts, settings):
    courses = facts.treatments.get("psychotherapies")
    if facts.primary == "depression" and courses is not None and len(courses) == 0:
        return {"treatments.psychotherapies": courses}
    return None


def _intolerance(facts, settings):
    evidence = {
        f"treatments.medications[{i}]": trial
        for i, trial in enumerate(facts.treatments.get("medications") or ())
        if trial.get("outcome") == "stopped_side_effects"
    }
    return evidence or None


def _missing(facts, settings):
    return {path: None for path in missing_paths(facts, facts.ruleset)} or None


def answer(path, *values):
    """Clause: the answer at `path` is one of `values`."""
    return AnswerIn(path, values)


def R(code, level, clauses, nb, en, source, unless=()):
    """One rule: it is raised when any of its clauses is true (a single clause may be given bare)."""
    clauses = clauses if isinstance(clauses, tuple) else (clauses,)
    return Rule(code, level, clauses, {"nb": nb, "en": en}, source, tuple(unless))


RULES = (
    # --- urgent -------------------------------------------------------------------------------
    R("URG-SUICIDE-HIGH", "urgent",
      (answer("suicide_screen.intent", True), answer("suicide_screen.plan", True),
              answer("suicide_screen.behavior", "within_3_months")),
      "Høy selvmordsrisiko: intensjon eller plan siste måned, eller selvmordsatferd siste 3 måneder. "
      "Pasienten har fått kriseinformasjon; vurder kontakt i dag.",
      "High suicide risk: intent or plan in the past month, or suicidal behaviour in the past 3 months. "
      "The patient was shown crisis information; consider contact today.",
      CSSRS),
    # --- absolute -----------------------------------------------------------------------------
    R("ABS-AGE-UNDER-18", "absolute", _age_under_minimum,
      "Pasienten er under 18 år på innsendingsdatoen.",
      "The patient is under 18 on the date of submission.",
      CLINIC),
    R("ABS-PSYCHOSIS-CURRENT", "absolute", answer("psychiatric.psychosis", "current"),
      "Pågående psykose (hallusinasjoner, vrangforestillinger eller schizofrenispekterlidelse).",
      "Current psychosis (hallucinations, delusions or schizophrenia-spectrum disorder).",
      joined(CLINIC, APA)),
    R("ABS-MANIA-CURRENT", "absolute", answer("psychiatric.mania_now", True),
      "(Hypo)maniske symptomer de siste 2 ukene.",
      "(Hypo)manic symptoms in the past 2 weeks.",
      joined(CLINIC, APA)),
    R("ABS-HTN-UNCONTROLLED", "absolute",
      (answer("medical.hypertension", "treated_uncontrolled", "untreated"),
              _bp_above("bp_absolute_systolic_above", "bp_absolute_diastolic_above", strictly=True)),
      "Ukontrollert eller ubehandlet høyt blodtrykk, eller siste blodtrykk over 180/100 mmHg.",
      "Uncontrolled or untreated hypertension, or last blood pressure above 180/100 mmHg.",
      joined(CLINIC, LABEL)),
    R("ABS-CARDIAC-UNSTABLE", "absolute", answer("medical.heart_disease", "unstable"),
      "Ustabil hjertesykdom (hvileangina, hjerteinfarkt eller forverret hjertesvikt siste 6 måneder, "
      "ukontrollert arytmi).",
      "Unstable heart disease (angina at rest, myocardial infarction or worsening heart failure in the "
      "past 6 months, uncontrolled arrhythmia).",
      joined(CLINIC, LABEL)),
    R("ABS-VASCULAR", "absolute", answer("medical.aneurysm_or_brain_bleed", True),
      "Aneurisme (aorta/intrakranielt), AV-malformasjon eller intracerebral blødning.",
      "Aneurysm (aortic/intracranial), arteriovenous malformation or intracerebral haemorrhage.",
      LABEL),
    R("ABS-RAISED-ICP", "absolute", answer("medical.raised_intracranial_pressure", True),
      "Økt intrakranielt trykk (hjernesvulst, hydrocephalus, nylig alvorlig hodeskade).",
      "Raised intracranial pressure (brain tumour, hydrocephalus, recent serious head injury).",
      LABEL),
    R("ABS-PREGNANT", "absolute", answer("reproductive.pregnant", "yes"),
      "Pasienten er gravid.",
      "The patient is pregnant.",
      joined(CLINIC, LABEL)),
    R("ABS-BREASTFEEDING", "absolute", answer("reproductive.breastfeeding", True),
      "Pasienten ammer.",
      "The patient is breastfeeding.",
      joined(CLINIC, LABEL)),
    R("ABS-SUD-CURRENT", "absolute", answer("substances.substance_use_disorder", "current"),
      "Pågående ruslidelse (diagnostisert eller under behandling).",
      "Current substance use disorder (diagnosed or in treatment).",
      joined(CLINIC, APA)),
    R("ABS-KETAMINE-REACTION", "absolute", answer("medical.ketamine_reaction", True),
      "Allergi eller alvorlig reaksjon på ketamin/esketamin tidligere.",
      "Allergy or serious earlier reaction to ketamine/esketamine.",
      LABEL),
    # --- criteria -----------------------------------------------------------------------------
    R("CRIT-INDICATION", "criteria", answer("indication.primary", "other"),
      "Hovedplagen er ikke depresjon, PTSD eller angst, som klinikken behandler.",
      "The main condition is not depression, PTSD or anxiety, which the clinic treats.",
      CLINIC),
    R("CRIT-SEVERITY", "criteria", _severity_below_threshold,
      "Symptomskåren for hovedindikasjonen er under terskelen (PHQ-9 < 10, GAD-7 < 10 eller PCL-5 < 33).",
      "The symptom score for the primary indication is below threshold (PHQ-9 < 10, GAD-7 < 10 or PCL-5 < 33).",
      INSTRUMENTS),
    R("CRIT-TR-NOT-MET", "criteria", _treatment_resistance_not_met,
      "Kriteriet for behandlingsresistens er ikke oppfylt: for få adekvate, mislykkede behandlingsforsøk "
      "for hovedindikasjonen.",
      "Treatment resistance is not met: too few adequate failed treatment trials for the primary indication.",
      TRD),
    # --- relative -----------------------------------------------------------------------------
    R("REL-SUICIDE-MODERATE", "relative",
      (answer("suicide_screen.method", True), answer("suicide_screen.behavior", "over_3_months_ago")),
      "Moderat selvmordsrisiko: har tenkt på metode, eller selvmordsatferd for mer enn 3 måneder siden.",
      "Moderate suicide risk: has thought about a method, or suicidal behaviour more than 3 months ago.",
      CSSRS, unless=("URG-SUICIDE-HIGH",)),
    R("REL-PSYCHOSIS-PAST", "relative", answer("psychiatric.psychosis", "past"),
      "Tidligere psykose.",
      "Past psychosis.",
      APA),
    R("REL-BIPOLAR", "relative",
      (answer("psychiatric.bipolar", "bipolar_1", "bipolar_2", "unsure"),
              answer("psychiatric.mdq_positive", True)),
      "Bipolar lidelse, usikker bipolar status eller positiv MDQ-screening: vurder risiko for manisk omslag.",
      "Bipolar disorder, uncertain bipolar status or a positive MDQ screen: weigh the risk of a manic switch.",
      APA),
    R("REL-DISSOCIATIVE", "relative", answer("psychiatric.dissociative_disorder", True),
      "Dissosiativ lidelse.",
      "Dissociative disorder.",
      APA),
    R("REL-HTN", "relative",
      (answer("medical.hypertension", "treated_controlled", "unsure"),
              _bp_above("bp_relative_systolic_from", "bp_relative_diastolic_from", strictly=False)),
      "Behandlet eller usikkert høyt blodtrykk, eller siste blodtrykk 140/90 mmHg eller høyere: "
      "blodtrykket må være kontrollert før og under infusjon.",
      "Treated or uncertain hypertension, or last blood pressure 140/90 mmHg or higher: blood pressure "
      "must be controlled before and during infusion.",
      joined(APA, LABEL), unless=("ABS-HTN-UNCONTROLLED",)),
    R("REL-CARDIAC", "relative", answer("medical.heart_disease", "stable"),
      "Stabil hjertesykdom.",
      "Stable heart disease.",
      joined(APA, LABEL)),
    R("REL-STROKE", "relative", answer("medical.stroke", True),
      "Tidligere hjerneslag.",
      "Previous stroke.",
      LABEL),
    R("REL-LIVER", "relative", answer("medical.liver_disease", "mild", "severe"),
      "Leversykdom (ved alvorlig leversykdom som cirrose: vurder nøye).",
      "Liver disease (if severe, such as cirrhosis: weigh carefully).",
      LABEL),
    R("REL-THYROID", "relative", answer("medical.hyperthyroidism_untreated", True),
      "Ubehandlet hypertyreose.",
      "Untreated hyperthyroidism.",
      LABEL),
    R("REL-GLAUCOMA", "relative", answer("medical.glaucoma", True),
      "Glaukom (grønn stær).",
      "Glaucoma.",
      LABEL),
    R("REL-EPILEPSY", "relative", answer("medical.epilepsy", True),
      "Epilepsi.",
      "Epilepsy.",
      LABEL),
    R("REL-AIRWAY", "relative", (answer("medical.sleep_apnea", True), _bmi_airway),
      "Søvnapné eller KMI 35 eller høyere: økt luftveisrisiko under infusjon.",
      "Sleep apnoea or BMI 35 or higher: increased airway risk during infusion.",
      LABEL),
    R("REL-PREGNANCY-UNSURE", "relative",
      (answer("reproductive.pregnant", "unsure"), answer("reproductive.planning_pregnancy", True)),
      "Usikker på om hun er gravid, eller planlegger graviditet.",
      "Unsure whether pregnant, or planning a pregnancy.",
      joined(CLINIC, LABEL)),
    R("REL-SUD-HISTORY", "relative",
      (answer("substances.substance_use_disorder", "remission_under_1y"),
              answer("substances.drug_use", "past_year", "current")),
      "Ruslidelse i remisjon under 1 år, eller bruk av illegale rusmidler siste år eller nå.",
      "Substance use disorder in remission for under 1 year, or non-prescribed drug use in the past year or now.",
      APA),
    R("REL-DISSOCIATIVE-MISUSE", "relative", answer("substances.dissociative_misuse", True),
      "Har brukt ketamin, PCP eller lignende utenfor helsetjenesten.",
      "Has used ketamine, PCP or similar outside medical care.",
      APA),
    R("REL-ALCOHOL", "relative", _score_at_least("auditc", "auditc_relative_from"),
      "AUDIT-C 8 eller høyere: mulig skadelig alkoholbruk.",
      "AUDIT-C 8 or higher: possible harmful alcohol use.",
      AUDIT),
    R("REL-MED-MAOI", "relative", _current_class("maoi"),
      "Bruker en MAO-hemmer nå: risiko for blodtrykksstigning.",
      "Currently takes an MAO inhibitor: risk of blood pressure rise.",
      INTERACTIONS),
    R("REL-MED-BENZODIAZEPINE", "relative", _current_class("benzodiazepine"),
      "Bruker et benzodiazepin nå: kan svekke effekten. Klinikeren planlegger eventuell pause.",
      "Currently takes a benzodiazepine: may blunt the effect. The clinician plans any pause.",
      INTERACTIONS),
    R("REL-MED-STIMULANT", "relative", _current_class("stimulant"),
      "Bruker et sentralstimulerende legemiddel nå: øker blodtrykket.",
      "Currently takes a stimulant: raises blood pressure.",
      INTERACTIONS),
    R("REL-MED-OPIOID", "relative", _current_class("opioid"),
      "Bruker et opioid nå.",
      "Currently takes an opioid.",
      INTERACTIONS),
    R("REL-MED-NALTREXONE", "relative", _current_class("opioid_antagonist"),
      "Bruker naltrekson nå: kan blokkere effekten.",
      "Currently takes naltrexone: may block the effect.",
      INTERACTIONS),
    R("REL-MED-XANTHINE", "relative", _current_class("xanthine"),
      "Bruker teofyllin/aminofyllin nå: kombinasjonen er kontraindisert i preparatomtalen.",
      "Currently takes theophylline/aminophylline: the label says the combination is contraindicated.",
      INTERACTIONS),
    R("REL-MED-UNKNOWN", "relative", _unknown_current_medications,
      "Et legemiddel som brukes nå finnes ikke i dosetabellen: klinikeren må identifisere det.",
      "A current medication is not in the dose table: the clinician must identify it.",
      INTERACTIONS),
    R("REL-PRIOR-NONRESPONSE", "relative", answer("treatments.esketamine_or_ketamine", "no_effect"),
      "Tidligere behandling med ketamin/esketamin hadde ingen effekt.",
      "Earlier ketamine/esketamine treatment had no effect.",
      APA),
    R("REL-MISSING", "relative", _missing,
      "Spørsmål som ble stilt er ikke besvart: mangler informasjon, ikke et «nei».",
      "Questions that were asked are unanswered: missing information, not a 'no'.",
      FORMAT),
    # --- information --------------------------------------------------------------------------
    R("INFO-SUICIDAL-IDEATION", "info",
      (answer("suicide_screen.wish_dead", True), answer("suicide_screen.active_thoughts", True), _phq9_item9),
      "Dødsønske eller selvmordstanker uten tegn til høy eller moderat risiko: følg opp i konsultasjonen.",
      "Wish to be dead or suicidal thoughts without signs of high or moderate risk: follow up at consultation.",
      CSSRS, unless=("URG-SUICIDE-HIGH", "REL-SUICIDE-MODERATE")),
    R("INFO-ALCOHOL", "info", _alcohol_info,
      "AUDIT-C over grensen for risikofylt alkoholbruk (4 for menn, 3 ellers), men under 8.",
      "AUDIT-C above the hazardous-drinking cut-off (4 for men, 3 otherwise), but below 8.",
      AUDIT),
    R("INFO-MED-LAMOTRIGINE", "info", _lamotrigine,
      "Bruker lamotrigin nå: kan svekke effekten.",
      "Currently takes lamotrigine: may weaken the effect.",
      INTERACTIONS),
    R("INFO-BP-UNKNOWN", "info", _bp_unknown,
      "Siste blodtrykk er ikke kjent: mål ved konsultasjonen.",
      "Last blood pressure is not known: measure at the consultation.",
      LABEL),
    R("INFO-AGE-70", "info", _age_info,
      "Pasienten er 70 år eller eldre.",
      "The patient is 70 or older.",
      APA),
    R("INFO-SUD-REMISSION", "info",
      (answer("substances.substance_use_disorder", "remission_over_1y"),
              answer("substances.drug_use", "past")),
      "Ruslidelse i remisjon over 1 år, eller tidligere bruk av illegale rusmidler.",
      "Substance use disorder in remission for over 1 year, or past non-prescribed drug use.",
      APA),
    R("INFO-NO-PSYCHOTHERAPY", "info", _no_psychotherapy,
      "Depresjon uten noe psykoterapiforløp oppgitt.",
      "Depression with no psychotherapy course listed.",
      TRD),
    R("INFO-INTOLERANCE", "info", _intolerance,
      "Ett eller flere legemiddelforsøk ble avsluttet på grunn av bivirkninger.",
      "One or more medication trials were stopped for side effects.",
      TRD),
    R("INFO-PRIOR-RESPONSE", "info", answer("treatments.esketamine_or_ketamine", "partial", "remission"),
      "Tidligere behandling med ketamin/esketamin hadde effekt.",
      "Earlier ketamine/esketamine treatment had an effect.",
      APA),
    R("INFO-NO-TRANSPORT", "info", answer("practical.transport_home", False),
      "Har ingen som kan ta pasienten hjem etter infusjon.",
      "Has nobody to take them home after an infusion.",
      CLINIC),
    R("INFO-CANNOT-FAST", "info", answer("practical.can_fast", False),
      "Kan ikke møte fastende.",
      "Cannot come fasting.",
      CLINIC),
)

RULESET_2026_1 = Ruleset(
    version=VERSION,
    settings=SETTINGS,
    dose_table=DoseTable(DOSE_TABLE_2026_1),
    rules=RULES,
    asked_paths={"intake/1": ASKED_PATHS},
    formats=("intake/1",),
)
