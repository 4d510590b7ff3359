"""A patient's scores as a FHIR R4 Bundle (type collection) for the clinic's record system.

Plain dictionaries in FHIR JSON (no FHIR library at run time; the tests validate the output with
`fhir.resources`' R4B models, which are R4-compatible for Bundle, QuestionnaireResponse and Observation).
Each answered instrument (the intake's baseline and every questionnaire answered by link) is one
QuestionnaireResponse with one item per question (linkId "1".."n", the answer as valueInteger), and its total
is one Observation with the LOINC code of the total, derived from that QuestionnaireResponse.
The patient is referred to by the clinic's reference code (an identifier), never by name.
No `questionnaire` canonical is given: the LOINC panel's Questionnaire uses the item LOINC codes as linkIds,
not "1".."n", so citing it would make the responses invalid against it (PANELS is kept for reference).
The extra safety question asked with a GAD-7 or PCL-5 is not part of the instrument and is not exported.

LOINC codes (https://loinc.org):
- PHQ-9 total score: 44261-6 "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]";
  the PHQ-9 panel 44249-1.
- GAD-7 total score: 70274-6 "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]";
  the GAD-7 panel 69737-5.
- PCL-5 total score: 101698-9 "PTSD PCL-5 score [PCL-5]" (LOINC 2.75, class SURVEY.MTLHLTH, example unit
  {score}; https://loinc.org/101698-9), a member of the panel 101697-1 "Post traumatic stress disorder
  checklist - civilian version DSM-5 [PCL-5]" (https://loinc.org/101697-1). UNCONFIRMED: "civilian version"
  is the name of the DSM-IV PCL-C, so the panel's display name (and whether 101698-9 is the PCL-5 total the
  clinic means) must be checked against the current LOINC release before the export is relied on.
The tests validate with fhir.resources' R4B models (R4B is R4-compatible for these three resources).
"""

import uuid

from clinic.links import site_url

from .forms import INSTRUMENTS
from .selectors import score_points

LOINC = "http://loinc.org"
TOTAL_CODES = {
    "phq9": ("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
    "gad7": ("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"),
    "pcl5": ("101698-9", "PTSD PCL-5 score [PCL-5]"),
}
PANELS = {"phq9": "44249-1", "gad7": "69737-5", "pcl5": "101697-1"}


def patient_identifier_system():
    return f"{site_url()}/fhir/sid/reference"


def _urn(*parts):
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '/'.join(str(p) for p in parts))}"


def scores_bundle(intake, *, now):
    subject = {"identifier": {"system": patient_identifier_system(), "value": intake.reference},
               "display": intake.reference}
    entries = []
    for point in score_points(intake):
        when = point.at.isoformat(timespec="seconds")
        key = (site_url(), intake.reference, point.instrument, when)
        response_url, observation_url = _urn(*key, "qr"), _urn(*key, "obs")
        questions = INSTRUMENTS[point.instrument]["items"]
        entries.append({"fullUrl": response_url, "resource": {
            "resourceType": "QuestionnaireResponse",
            "status": "completed",
            "subject": subject,
            "authored": when,
            "item": [{"linkId": str(number), "text": str(text), "answer": [{"valueInteger": value}]}
                     for number, (text, value) in enumerate(zip(questions, point.answers), start=1)],
        }})
        code, display = TOTAL_CODES[point.instrument]
        entries.append({"fullUrl": observation_url, "resource": {
            "resourceType": "Observation",
            "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                      "code": "survey", "display": "Survey"}]}],
            "code": {"coding": [{"system": LOINC, "code": code, "display": display}]},
            "subject": subject,
            "effectiveDateTime": when,
            "valueInteger": point.total,
            "derivedFrom": [{"reference": response_url}],
        }})
    return {"resourceType": "Bundle", "type": "collection", "timestamp": now.isoformat(timespec="seconds"),
            "entry": entries}
