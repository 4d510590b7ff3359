"""One word for each thing that both the patient and the clinic see (issue 14).

The intake's step titles, the patient's review page, the clinicians' case page, page of all answers,
queue filters, the case PDF and the patient's message page all name these things through the terms
here, so the patient's "Practical matters" is the clinician's "Practical matters", in both languages.

The choices (plain words a patient understands, accurate enough for a clinician):
- a part of the questionnaire is named the same on every page (SECTIONS);
- "medicines", never "medications" or "medication trials": MEDICINES_TRIED and MEDICINES_NOW;
- the indication is the patient's "condition": MAIN_CONDITION, OTHER_CONDITIONS, and its duration
  is the ILLNESS_PERIOD ("current period of illness", never "episode");
- an indication's name (INDICATIONS) is written with a capital letter wherever it is shown, as a
  label or a value ("Depression", "PTSD"); the screening instruments are named after what they
  measure ("Depression (PHQ-9)").
Dates are written by `clinic.formats` (one format per language).
"""

from django.utils.translation import gettext_lazy as _

PERSONAL = _("Personal details")
REASON = _("Reason for treatment")
PHQ9 = _("Depression (PHQ-9)")
GAD7 = _("Anxiety (GAD-7)")
PCL5 = _("PTSD (PCL-5)")
SUICIDE = _("Thoughts of death and suicide")
TREATMENT_HISTORY = _("Treatment history")
MEDICINES_TRIED = _("Medicines tried")
THERAPY = _("Therapy and other treatments")
MENTAL_HEALTH = _("Mental health history")
PHYSICAL_HEALTH = _("Physical health")
PREGNANCY = _("Pregnancy and breastfeeding")
SUBSTANCES = _("Alcohol and drugs")
MEDICINES_NOW = _("Medicines taken now")
PRACTICAL = _("Practical matters")

MEDICINE = _("Medicine")
THERAPY_COURSE = _("Talk therapy")
MAIN_CONDITION = _("Main condition")
OTHER_CONDITIONS = _("Other conditions")
ILLNESS_PERIOD = _("Current period of illness")

# The parts of the intake document, in the questionnaire's order, as every page names them.
SECTIONS = {
    "patient": PERSONAL,
    "indication": REASON,
    "phq9": PHQ9,
    "gad7": GAD7,
    "pcl5": PCL5,
    "suicide_screen": SUICIDE,
    "treatments": TREATMENT_HISTORY,
    "psychiatric": MENTAL_HEALTH,
    "medical": PHYSICAL_HEALTH,
    "reproductive": PREGNANCY,
    "substances": SUBSTANCES,
    "current_medications": MEDICINES_NOW,
    "practical": PRACTICAL,
}

INDICATIONS = {
    "depression": _("Depression"),
    "ptsd": _("PTSD"),
    "anxiety": _("Anxiety"),
    "other": _("Other"),
}
# Where the patient chooses, PTSD is spelt out once beside its name.
PTSD_SPELT_OUT = _("PTSD (post-traumatic stress disorder)")


def indication_name(value):
    """The name of an indication ("ptsd" -> "PTSD"); a value that is not one is shown as it is."""
    if value is None:
        return ""
    return str(INDICATIONS.get(value, value)) if isinstance(value, str) else str(value)


def indication_choices(*, spelt_out=False):
    """[(value, name)] of every indication, for a form or a filter."""
    return [(value, PTSD_SPELT_OUT if spelt_out and value == "ptsd" else name) for value, name in INDICATIONS.items()]
