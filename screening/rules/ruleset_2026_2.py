"""Ruleset 2026.2 as data (ruleset-2026.2.md): 2026.1 with the clinic's missing contraindications,
two label contraindications made absolute, unknown trial drugs flagged, three information flags,
and every explanation rewritten so that it is true whenever its flag fires.

Reads `intake/1` and `intake/2`. REL-MISSING uses the asked paths of the document's own format;
an `intake/1` document also gets INFO-NOT-ASKED for the questions its form did not have.
REL-THYROID and REL-MED-XANTHINE are retired (replaced by the absolute flags). Levels, outcomes,
derived values, the dose table and the result format are 2026.1's.
"""

from .dose_table import DOSE_TABLE_2026_1
from .engine import DoseTable, Ruleset
from .ruleset_2026_1 import (
    ASKED_PATHS as ASKED_PATHS_INTAKE_1,
    SETTINGS as SETTINGS_2026_1,
    _age_info,
    _age_under_minimum,
    _alcohol_info,
    _bmi_airway,
    _bp_above,
    _bp_unknown,
    _current_class,
    _intolerance,
    _lamotrigine,
    _missing,
    _no_psychotherapy,
    _phq9_item9,
    _score_at_least,
    _severity_below_threshold,
    _treatment_resistance_not_met,
    _unknown_current_medications,
    R,
    answer,
)
from .sources import APA, AUDIT, CLINIC, CSSRS, FORMAT, INSTRUMENTS, INTERACTIONS, LABEL, TRD, joined, source

VERSION = "2026.2"

SETTINGS = {
    **SETTINGS_2026_1,
    # INFO-TR-SINGLE-AD: depression with treatment resistance met by fewer antidepressants than this
    "tr_single_ad_below": 2,
    # INFO-ANXIETY-ONLY: primary anxiety without depression, PHQ-9 below this
    "anxiety_only_phq9_below": 10,
}

ASKED_PATHS_INTAKE_2 = {
    **ASKED_PATHS_INTAKE_1,
    "always": ASKED_PATHS_INTAKE_1["always"] + ("psychiatric.psychotic_disorder", "practical.ongoing_follow_up"),
}
NOT_ASKED_IN_INTAKE_1 = ("psychiatric.psychotic_disorder", "practical.ongoing_follow_up")

ARTICLE_002 = source("Klinikkens artikkel 002", "Clinic article 002")
ARTICLE_003 = source("Klinikkens artikkel 003", "Clinic article 003")
SWISS_LABEL = source("Sveitsisk preparatomtale for ketamin", "Swiss ketamine label")
KETANEST = source("Preparatomtale for Ketanest", "Ketanest product information")


# --- conditions new in 2026.2 -------------------------------------------------------------------

def _unknown_trial_drugs(facts, settings):
    """Every medication trial whose drug matches nothing in the dose table (the whole entry as written)."""
    evidence = {f"treatments.medications[{i}]": trial for i, trial, drug in facts.trials if drug is None}
    return evidence or None


def _single_antidepressant(facts, settings):
    block = facts.treatment_resistance
    if (facts.primary == "depression" and block is not None and block["met"]
            and block["antidepressant_trials"] < settings["tr_single_ad_below"]):
        return {"indication.primary": facts.primary, **facts.counted_trials}
    return None


def _anxiety_only(facts, settings):
    secondary = facts.indication.get("secondary")
    phq9 = facts.scores["phq9"]
    if (facts.primary == "anxiety" and secondary is not None and "depression" not in secondary
            and phq9 is not None and phq9 < settings["anxiety_only_phq9_below"]):
        return {"indication.primary": facts.primary, "score.phq9": phq9}
    return None


def _not_asked(facts, settings):
    if facts.doc.get("format") == "intake/1":
        return {path: None for path in NOT_ASKED_IN_INTAKE_1}
    return None


# --- explanations that depend on the result ---------------------------------------------------
# An explanation is a text per language, or a function (flag, result) -> text for the few flags
# whose true reason differs from case to case (engine.explain).

TRAUMA_FOCUSED = SETTINGS["trauma_focused_kinds"]

TR_REASONS = {
    "nb": {
        "intro": "Kriteriet for behandlingsresistens er ikke oppfylt: ",
        "too_few": "for få adekvate, mislykkede behandlingsforsøk for hovedindikasjonen ({counted} talt, minst {needed} kreves)",
        "no_antidepressant": "ingen antidepressiva blant de talte forsøkene (minst ett kreves ved depresjon)",
        "no_trauma_focused": "ingen traumefokusert terapi (TF-CBT, EMDR, CPT eller PE) blant de talte forsøkene (kreves ved PTSD)",
        "check": ". Se behandlingshistorikken: forsøk med ukjent legemiddel, dose, varighet eller episode er ikke talt med.",
    },
    "en": {
        "intro": "Treatment resistance is not met: ",
        "too_few": "too few adequate failed treatment trials for the primary indication ({counted} counted, at least {needed} needed)",
        "no_antidepressant": "no antidepressant among the counted trials (at least one is needed for depression)",
        "no_trauma_focused": "no trauma-focused therapy (TF-CBT, EMDR, CPT or PE) among the counted trials (needed for PTSD)",
        "check": ". See the treatment history: trials with an unknown drug, dose, duration or episode are not counted.",
    },
}


def _tr_not_met(language):
    words = TR_REASONS[language]

    def explain(flag, result):
        block = (result or {}).get("treatment_resistance") or {}
        indication = block.get("indication")
        counted, needed = block.get("adequate_failed_trials", 0), SETTINGS["tr_min_trials"]
        reasons = []
        if counted < needed:
            reasons.append(words["too_few"].format(counted=counted, needed=needed))
        if indication in SETTINGS["tr_needs_antidepressant"] and block.get("antidepressant_trials", 0) < 1:
            reasons.append(words["no_antidepressant"])
        if indication in SETTINGS["tr_needs_trauma_focused"] and not any(
                path.startswith("treatments.psychotherapies[") and value.get("kind") in TRAUMA_FOCUSED
                for path, value in flag["evidence"].items()):
            reasons.append(words["no_trauma_focused"])
        if not reasons:  # a result without its block (never from this ruleset): name every possibility
            reasons = [words["too_few"].format(counted="?", needed=needed), words["no_antidepressant"],
                       words["no_trauma_focused"]]
        return words["intro"] + "; ".join(reasons) + words["check"]

    return explain


IDEATION_WORDS = {
    "nb": {
        "suicide_screen.wish_dead": "dødsønske siste måned",
        "suicide_screen.active_thoughts": "tanker om å ta sitt eget liv siste måned",
        "phq9[8]": "PHQ-9 spørsmål 9 (tanker om at det er bedre å være død eller om å skade seg) besvart med {value}",
        "intro": "Selvmordstanker eller dødsønske: ",
        "check": ". Vurder selvmordsrisikoen i konsultasjonen, også svarene om metode, intensjon, plan og "
                 "tidligere selvmordsatferd (spørsmål som ikke er besvart, står under manglende informasjon).",
    },
    "en": {
        "suicide_screen.wish_dead": "wished to be dead in the past month",
        "suicide_screen.active_thoughts": "thoughts of ending their life in the past month",
        "phq9[8]": "PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered {value}",
        "intro": "Suicidal thoughts or a wish to be dead: ",
        "check": ". Assess suicide risk at the consultation, including the answers on method, intent, plan and "
                 "earlier suicidal behaviour (unanswered questions are listed under missing information).",
    },
}


def _ideation(language):
    words = IDEATION_WORDS[language]

    def explain(flag, result):
        raised = [words[path].format(value=value) for path, value in flag["evidence"].items() if path in words]
        return words["intro"] + "; ".join(raised) + words["check"]

    return explain


RULES = (
    # --- urgent -------------------------------------------------------------------------------
    R("URG-SUICIDE-HIGH", "urgent",
      (answer("suicide_screen.intent", True), answer("suicide_screen.plan", True),
       answer("suicide_screen.behavior", "within_3_months")),
      "Høy selvmordsrisiko: pasienten har svart ja på intensjon om å handle eller en plan den siste måneden, "
      "eller på selvmordsatferd de siste 3 månedene. Kontakt pasienten i dag.",
      "High suicide risk: the patient answered yes to an intention of acting or a plan in the past month, or "
      "to suicidal behaviour in the past 3 months. Contact the patient today.",
      CSSRS),
    # --- absolute -----------------------------------------------------------------------------
    R("ABS-AGE-UNDER-18", "absolute", _age_under_minimum,
      "Pasienten var under 18 år på datoen skjemaet ble sendt inn.",
      "The patient was under 18 on the date the questionnaire was submitted.",
      CLINIC),
    R("ABS-PSYCHOSIS-CURRENT", "absolute", answer("psychiatric.psychosis", "current"),
      "Pasienten har svart at hen har psykotiske symptomer nå (hallusinasjoner eller vrangforestillinger). "
      "Avklar diagnose og tilstand.",
      "The patient answered that they have psychotic symptoms now (hallucinations or delusions). "
      "Clarify the diagnosis and current state.",
      joined(CLINIC, APA)),
    R("ABS-PSYCHOTIC-DISORDER", "absolute", answer("psychiatric.psychotic_disorder", True),
      "Pasienten har fått diagnosen schizofreni, schizoaffektiv lidelse, vrangforestillingslidelse eller en "
      "annen psykoselidelse. Klinikken tilbyr ikke ketamin ved psykoselidelser.",
      "The patient has been diagnosed with schizophrenia, schizoaffective disorder, delusional disorder or "
      "another psychotic disorder. The clinic does not offer ketamine to people with a psychotic disorder.",
      joined(ARTICLE_002, APA)),
    R("ABS-MANIA-CURRENT", "absolute", answer("psychiatric.mania_now", True),
      "Pasienten har svart at hen har hatt (hypo)maniske symptomer de siste 2 ukene.",
      "The patient answered that they have had (hypo)manic symptoms in the past 2 weeks.",
      joined(CLINIC, APA)),
    R("ABS-HTN-UNCONTROLLED", "absolute",
      (answer("medical.hypertension", "treated_uncontrolled", "untreated"),
       _bp_above("bp_absolute_systolic_above", "bp_absolute_diastolic_above", strictly=True)),
      "Høyt blodtrykk som ikke er velregulert eller ikke behandles, eller siste blodtrykk med systolisk over "
      "180 eller diastolisk over 100 mmHg. Blodtrykket må være velregulert før behandling.",
      "High blood pressure that is not well controlled or not treated, or a last blood pressure with systolic "
      "above 180 or diastolic above 100 mmHg. Blood pressure must be well controlled before treatment.",
      joined(CLINIC, LABEL)),
    R("ABS-CARDIAC-UNSTABLE", "absolute", answer("medical.heart_disease", "unstable"),
      "Ustabil hjertesykdom: angina i hvile, hjerteinfarkt eller forverret hjertesvikt de siste 6 månedene, "
      "eller arytmi som ikke er under kontroll.",
      "Unstable heart disease: angina at rest, a heart attack or worsening heart failure in the past 6 months, "
      "or an arrhythmia that is not under control.",
      joined(CLINIC, LABEL)),
    R("ABS-CARDIAC-SERIOUS", "absolute", answer("medical.heart_disease", "serious"),
      "Alvorlig hjertesykdom: hjertesvikt, alvorlig klaffesykdom eller kardiomyopati, eller hjertesykdom som "
      "ikke behandles eller ikke følges opp av lege. Ketamin øker puls og blodtrykk.",
      "Serious heart disease: heart failure, serious valve disease or cardiomyopathy, or heart disease that is "
      "not treated or not followed up by a doctor. Ketamine raises heart rate and blood pressure.",
      joined(CLINIC, LABEL)),
    R("ABS-VASCULAR", "absolute", answer("medical.aneurysm_or_brain_bleed", True),
      "Pasienten har aneurisme (i aorta eller hjernen), AV-malformasjon eller har hatt hjerneblødning.",
      "The patient has an aneurysm (aortic or intracranial) or an arteriovenous malformation, or has had an "
      "intracerebral haemorrhage.",
      LABEL),
    R("ABS-RAISED-ICP", "absolute", answer("medical.raised_intracranial_pressure", True),
      "Pasienten har økt trykk i hodet (for eksempel hjernesvulst, hydrocephalus eller nylig alvorlig hodeskade).",
      "The patient has raised intracranial pressure (for example a brain tumour, hydrocephalus or a recent "
      "serious head injury).",
      LABEL),
    R("ABS-THYROID-UNTREATED", "absolute", answer("medical.hyperthyroidism_untreated", True),
      "Pasienten har ubehandlet hypertyreose (for høyt stoffskifte), som den sveitsiske preparatomtalen "
      "regner som kontraindikasjon. Hypertyreosen må behandles først.",
      "The patient has untreated hyperthyroidism, a contraindication in the Swiss label. The hyperthyroidism "
      "must be treated first.",
      SWISS_LABEL),
    R("ABS-PREGNANT", "absolute", answer("reproductive.pregnant", "yes"),
      "Pasienten er gravid.",
      "The patient is pregnant.",
      joined(CLINIC, LABEL)),
    R("ABS-BREASTFEEDING", "absolute", answer("reproductive.breastfeeding", True),
      "Pasienten ammer.",
      "The patient is breastfeeding.",
      joined(CLINIC, LABEL)),
    R("ABS-SUD-CURRENT", "absolute", answer("substances.substance_use_disorder", "current"),
      "Pasienten har en pågående ruslidelse (diagnostisert eller under behandling).",
      "The patient has a current substance use disorder (diagnosed or in treatment).",
      joined(CLINIC, APA)),
    R("ABS-KETAMINE-REACTION", "absolute", answer("medical.ketamine_reaction", True),
      "Tidligere allergi eller alvorlig reaksjon på ketamin/esketamin: pasienten har svart ja på dette.",
      "Earlier allergy or serious reaction to ketamine/esketamine: the patient answered yes to this.",
      LABEL),
    R("ABS-MED-XANTHINE", "absolute", _current_class("xanthine"),
      "Pasienten bruker teofyllin eller aminofyllin nå. Preparatomtalen (Ketanest) sier at kombinasjonen med "
      "ketamin er kontraindisert, fordi den kan senke krampeterskelen. Avklar med forskrivende lege om det "
      "finnes et alternativ.",
      "The patient currently takes theophylline or aminophylline. The Ketanest label contraindicates the "
      "combination with ketamine because it may lower the seizure threshold. Check with the prescriber whether "
      "there is an alternative.",
      joined(KETANEST, INTERACTIONS)),
    # --- criteria -----------------------------------------------------------------------------
    R("CRIT-INDICATION", "criteria", answer("indication.primary", "other"),
      "Hovedplagen er verken depresjon, PTSD eller angst, som er det klinikken behandler.",
      "The main condition is not depression, PTSD or anxiety, which are what the clinic treats.",
      CLINIC),
    R("CRIT-SEVERITY", "criteria", _severity_below_threshold,
      "Symptomskåren for hovedindikasjonen er under terskelen: PHQ-9 under 10 ved depresjon, GAD-7 under 10 "
      "ved angst, PCL-5 under 33 ved PTSD.",
      "The symptom score for the primary indication is below the threshold: PHQ-9 below 10 for depression, "
      "GAD-7 below 10 for anxiety, PCL-5 below 33 for PTSD.",
      INSTRUMENTS),
    R("CRIT-TR-NOT-MET", "criteria", _treatment_resistance_not_met, _tr_not_met("nb"), _tr_not_met("en"), TRD),
    # --- relative -----------------------------------------------------------------------------
    R("REL-SUICIDE-MODERATE", "relative",
      (answer("suicide_screen.method", True), answer("suicide_screen.behavior", "over_3_months_ago")),
      "Moderat selvmordsrisiko: pasienten har tenkt på en metode den siste måneden, eller har hatt "
      "selvmordsatferd for mer enn 3 måneder siden. Vurder risikoen i konsultasjonen.",
      "Moderate suicide risk: the patient has thought about a method in the past month, or had suicidal "
      "behaviour more than 3 months ago. Assess the risk at the consultation.",
      CSSRS, unless=("URG-SUICIDE-HIGH",)),
    R("REL-PSYCHOSIS-PAST", "relative", answer("psychiatric.psychosis", "past"),
      "Pasienten har hatt psykose tidligere. Avklar hva slags episode det var og risikoen for en ny.",
      "The patient has had psychosis before. Clarify what kind of episode it was and the risk of another.",
      APA),
    R("REL-BIPOLAR", "relative",
      (answer("psychiatric.bipolar", "bipolar_1", "bipolar_2", "unsure"), answer("psychiatric.mdq_positive", True)),
      "Bipolar lidelse, usikker bipolar status eller positiv MDQ-screening: vurder risikoen for manisk omslag.",
      "Bipolar disorder, uncertain bipolar status or a positive MDQ screen: weigh the risk of a manic switch.",
      APA),
    R("REL-DISSOCIATIVE", "relative", answer("psychiatric.dissociative_disorder", True),
      "Pasienten har en dissosiativ lidelse. Ketamin virker dissosiativt: vurder nøye.",
      "The patient has a dissociative disorder. Ketamine has dissociative effects: weigh this carefully.",
      APA),
    R("REL-HTN", "relative",
      (answer("medical.hypertension", "treated_controlled", "unsure"),
       _bp_above("bp_relative_systolic_from", "bp_relative_diastolic_from", strictly=False)),
      "Behandlet høyt blodtrykk, usikkert om pasienten har høyt blodtrykk, eller siste blodtrykk med systolisk "
      "140 eller mer eller diastolisk 90 eller mer. Blodtrykket må være velregulert før og under infusjonen.",
      "Treated high blood pressure, the patient is unsure about high blood pressure, or a last blood pressure "
      "with systolic 140 or more or diastolic 90 or more. Blood pressure must be well controlled before and "
      "during the infusion.",
      joined(APA, LABEL), unless=("ABS-HTN-UNCONTROLLED",)),
    R("REL-CARDIAC", "relative", answer("medical.heart_disease", "stable"),
      "Pasienten har oppgitt stabil hjertesykdom. Ketamin øker puls og blodtrykk: vurder hjertestatus før "
      "behandling.",
      "The patient reported stable heart disease. Ketamine raises heart rate and blood pressure: assess the "
      "heart before treatment.",
      joined(APA, LABEL)),
    R("REL-STROKE", "relative", answer("medical.stroke", True),
      "Pasienten har hatt hjerneslag.",
      "The patient has had a stroke.",
      LABEL),
    R("REL-LIVER", "relative", answer("medical.liver_disease", "mild", "severe"),
      "Pasienten har leversykdom. Ved alvorlig leversykdom, som cirrose, må dette vurderes nøye.",
      "The patient has liver disease. Severe liver disease, such as cirrhosis, must be weighed carefully.",
      LABEL),
    R("REL-GLAUCOMA", "relative", answer("medical.glaucoma", True),
      "Pasienten har glaukom (grønn stær). Ketamin kan øke trykket i øyet.",
      "The patient has glaucoma. Ketamine may raise the pressure in the eye.",
      LABEL),
    R("REL-EPILEPSY", "relative", answer("medical.epilepsy", True),
      "Pasienten har epilepsi.",
      "The patient has epilepsy.",
      LABEL),
    R("REL-AIRWAY", "relative", (answer("medical.sleep_apnea", True), _bmi_airway),
      "Pasienten har søvnapné eller KMI 35 eller mer: økt risiko for pustevansker under infusjonen.",
      "The patient has sleep apnoea or a BMI of 35 or more: a higher airway risk during the infusion.",
      LABEL),
    R("REL-PREGNANCY-UNSURE", "relative",
      (answer("reproductive.pregnant", "unsure"), answer("reproductive.planning_pregnancy", True)),
      "Pasienten er usikker på om hen er gravid, eller planlegger graviditet. Avklar graviditet før behandling.",
      "The patient is unsure whether they are pregnant, or is planning a pregnancy. Check for pregnancy before "
      "treatment.",
      joined(CLINIC, LABEL)),
    R("REL-SUD-HISTORY", "relative",
      (answer("substances.substance_use_disorder", "remission_under_1y"),
       answer("substances.drug_use", "past_year", "current")),
      "Ruslidelse i remisjon i mindre enn 1 år, eller bruk av ikke foreskrevne rusmidler eller medisiner det "
      "siste året eller nå.",
      "A substance use disorder in remission for less than 1 year, or use of non-prescribed drugs or "
      "medicines in the past year or now.",
      APA),
    R("REL-DISSOCIATIVE-MISUSE", "relative", answer("substances.dissociative_misuse", True),
      "Pasienten har brukt ketamin, PCP eller lignende utenfor helsetjenesten.",
      "The patient has used ketamine, PCP or similar outside medical care.",
      APA),
    R("REL-ALCOHOL", "relative", _score_at_least("auditc", "auditc_relative_from"),
      "AUDIT-C 8 eller mer: mulig skadelig alkoholbruk.",
      "AUDIT-C 8 or more: possibly harmful alcohol use.",
      AUDIT),
    R("REL-MED-MAOI", "relative", _current_class("maoi"),
      "Pasienten bruker en MAO-hemmer nå: kombinasjonen kan gi blodtrykksstigning.",
      "The patient currently takes an MAO inhibitor: the combination may raise blood pressure.",
      INTERACTIONS),
    R("REL-MED-BENZODIAZEPINE", "relative", _current_class("benzodiazepine"),
      "Pasienten bruker et benzodiazepin nå, som kan svekke effekten. Klinikeren planlegger en eventuell pause.",
      "The patient currently takes a benzodiazepine, which may weaken the effect. The clinician plans any pause.",
      INTERACTIONS),
    R("REL-MED-STIMULANT", "relative", _current_class("stimulant"),
      "Pasienten bruker et sentralstimulerende legemiddel nå, som kan øke blodtrykket.",
      "The patient currently takes a stimulant, which may raise blood pressure.",
      INTERACTIONS),
    R("REL-MED-OPIOID", "relative", _current_class("opioid"),
      "Pasienten bruker et opioid nå. Sammen med ketamin kan det gi mer sedasjon og hemmet pust. Avklar dose "
      "og hvorfor det brukes, og planlegg overvåkingen under infusjonen.",
      "The patient currently takes an opioid. Together with ketamine it may add to sedation and slowed "
      "breathing. Check the dose and why it is taken, and plan the monitoring during the infusion.",
      INTERACTIONS),
    R("REL-MED-NALTREXONE", "relative", _current_class("opioid_antagonist"),
      "Pasienten bruker naltrekson nå, som kan svekke effekten av ketamin.",
      "The patient currently takes naltrexone, which may weaken the effect of ketamine.",
      INTERACTIONS),
    R("REL-MED-UNKNOWN", "relative", _unknown_current_medications,
      "Pasienten bruker et legemiddel som ikke finnes i dosetabellen. Klinikeren må finne ut hva det er og "
      "vurdere samspillet med ketamin.",
      "The patient takes a medicine that is not in the dose table. The clinician must identify it and check "
      "its interactions with ketamine.",
      INTERACTIONS),
    R("REL-TRIAL-UNKNOWN", "relative", _unknown_trial_drugs,
      "Et tidligere behandlingsforsøk gjelder et legemiddel som ikke finnes i dosetabellen, så det er ikke talt "
      "med i vurderingen av behandlingsresistens. Finn ut hva legemidlet er: det kan endre vurderingen.",
      "A treatment trial names a medicine that is not in the dose table, so it was not counted towards "
      "treatment resistance. Identify the medicine: it may change the assessment.",
      TRD),
    R("REL-PRIOR-NONRESPONSE", "relative", answer("treatments.esketamine_or_ketamine", "no_effect"),
      "Tidligere behandling med ketamin eller esketamin hadde ingen effekt.",
      "Earlier ketamine or esketamine treatment had no effect.",
      APA),
    R("REL-MISSING", "relative", _missing,
      "Spørsmål som ble stilt, er ikke besvart. Det betyr manglende informasjon, ikke «nei»: innhent svarene.",
      "Questions that were asked are unanswered. That is missing information, not a 'no': get the answers.",
      FORMAT),
    # --- information --------------------------------------------------------------------------
    R("INFO-SUICIDAL-IDEATION", "info",
      (answer("suicide_screen.wish_dead", True), answer("suicide_screen.active_thoughts", True), _phq9_item9),
      _ideation("nb"), _ideation("en"), CSSRS, unless=("URG-SUICIDE-HIGH", "REL-SUICIDE-MODERATE")),
    R("INFO-ALCOHOL", "info", _alcohol_info,
      "AUDIT-C på eller over grensen for risikofylt alkoholbruk (4 for menn, 3 ellers), men under 8.",
      "AUDIT-C at or above the cut-off for hazardous drinking (4 for men, 3 otherwise), but below 8.",
      AUDIT),
    R("INFO-MED-LAMOTRIGINE", "info", _lamotrigine,
      "Pasienten bruker lamotrigin nå, som kan svekke effekten.",
      "The patient currently takes lamotrigine, which may weaken the effect.",
      INTERACTIONS),
    R("INFO-BP-UNKNOWN", "info", _bp_unknown,
      "Siste blodtrykk er ikke kjent: mål det ved konsultasjonen.",
      "The last blood pressure is not known: measure it at the consultation.",
      LABEL),
    R("INFO-AGE-70", "info", _age_info,
      "Pasienten er 70 år eller eldre.",
      "The patient is 70 or older.",
      APA),
    R("INFO-SUD-REMISSION", "info",
      (answer("substances.substance_use_disorder", "remission_over_1y"), answer("substances.drug_use", "past")),
      "Ruslidelse i remisjon i mer enn 1 år, eller tidligere bruk av ikke foreskrevne rusmidler eller medisiner.",
      "A substance use disorder in remission for more than 1 year, or earlier use of non-prescribed drugs or "
      "medicines.",
      APA),
    R("INFO-NO-PSYCHOTHERAPY", "info", _no_psychotherapy,
      "Depresjon, og pasienten har ikke oppgitt noe psykoterapiforløp.",
      "Depression, and the patient has listed no course of psychotherapy.",
      TRD),
    R("INFO-INTOLERANCE", "info", _intolerance,
      "Ett eller flere legemiddelforsøk ble avsluttet på grunn av bivirkninger.",
      "One or more medication trials were stopped because of side effects.",
      TRD),
    R("INFO-PRIOR-RESPONSE", "info", answer("treatments.esketamine_or_ketamine", "partial", "remission"),
      "Tidligere behandling med ketamin eller esketamin hadde noe eller god effekt.",
      "Earlier ketamine or esketamine treatment had some or a good effect.",
      APA),
    R("INFO-NO-TRANSPORT", "info", answer("practical.transport_home", False),
      "Pasienten har ikke oppgitt at hen kommer seg hjem etter infusjonen uten å kjøre selv. Avklar hjemreisen: "
      "pasienten kan ikke kjøre samme dag.",
      "The patient has not said they can get home after the infusion without driving. Agree on the journey "
      "home: the patient must not drive that day.",
      CLINIC),
    R("INFO-CANNOT-FAST", "info", answer("practical.can_fast", False),
      "Pasienten kan ikke møte fastende.",
      "The patient cannot come fasting.",
      CLINIC),
    R("INFO-TR-SINGLE-AD", "info", _single_antidepressant,
      "Behandlingsresistens er oppfylt, men færre enn to ulike antidepressiva er prøvd i adekvat dose og "
      "varighet. Klinikkens artikkel anbefaler gjerne to eller flere ulike typer antidepressiva først.",
      "Treatment resistance is met, but fewer than two different antidepressants were tried at an adequate dose "
      "and duration. The clinic's article prefers two or more different types of antidepressant first.",
      joined(ARTICLE_002, TRD)),
    R("INFO-NO-FOLLOW-UP", "info", answer("practical.ongoing_follow_up", False),
      "Pasienten følges ikke opp av psykolog, psykiater eller et psykisk helseteam (DPS) nå. Infusjonene virker "
      "best i et forløp der pasienten allerede har slik oppfølging: avklar oppfølgingen.",
      "The patient is not followed up by a psychologist, a psychiatrist or a mental-health team (DPS) now. The "
      "infusions work best within a course where the patient already has such follow-up: agree on follow-up.",
      ARTICLE_002),
    R("INFO-ANXIETY-ONLY", "info", _anxiety_only,
      "Angst er hovedplagen, depresjon er ikke oppgitt, og PHQ-9 er under 10. Dokumentasjonen for ketamin er "
      "sterkest når angst kommer sammen med depresjon.",
      "Anxiety is the main condition, depression is not listed, and PHQ-9 is below 10. The evidence for "
      "ketamine is strongest when anxiety comes with depression.",
      ARTICLE_003),
    R("INFO-NOT-ASKED", "info", _not_asked,
      "Denne versjonen av spørreskjemaet (intake/1) spurte ikke om diagnostisert psykoselidelse eller om "
      "pågående oppfølging, og hadde ikke svaralternativet «alvorlig» hjertesykdom. Spør pasienten om dette.",
      "This version of the questionnaire (intake/1) did not ask about a diagnosed psychotic disorder or "
      "ongoing follow-up, and did not offer 'serious' heart disease. Ask the patient about these.",
      FORMAT),
)

RULESET_2026_2 = Ruleset(
    version=VERSION,
    settings=SETTINGS,
    dose_table=DoseTable(DOSE_TABLE_2026_1),
    rules=RULES,
    asked_paths={"intake/1": ASKED_PATHS_INTAKE_1, "intake/2": ASKED_PATHS_INTAKE_2},
    formats=("intake/1", "intake/2"),
)
