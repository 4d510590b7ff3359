"""The FHIR export: an R4 Bundle (collection) of QuestionnaireResponse and Observation resources with the
LOINC codes of the totals, validated with fhir.resources (R4B models); clinicians only."""

import json

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from clinic.audit.models import AccessLog
from clinic.proms import services

from .conftest import logged_in

pytestmark = pytest.mark.django_db


def answer(intake, slot, answers):
    invitation, _created = services.invitation_get_or_create(intake=intake, reason="before_infusion", slot=slot)
    return services.response_submit(invitation=invitation, answers=answers, safety=0)


def export(client, intake):
    return client.get(reverse("proms:fhir_export", args=[intake.reference]))


def test_the_bundle_validates_and_holds_one_response_and_one_total_per_answered_instrument(clinician, patient):
    answer(patient, "a", [1] * 9)
    answer(patient, "b", [0] * 9)
    response = export(logged_in(clinician), patient)
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
    data = json.loads(response.content)
    bundle = Bundle.model_validate(data)
    assert bundle.type == "collection"
    resources = [entry.resource for entry in bundle.entry]
    answers = [r for r in resources if isinstance(r, QuestionnaireResponse)]
    totals = [r for r in resources if isinstance(r, Observation)]
    assert len(answers) == len(totals) == 3  # the intake's baseline and two answers
    assert [len(r.item) for r in answers] == [9, 9, 9]
    assert [item.linkId for item in answers[1].item] == [str(n) for n in range(1, 10)]
    # linkIds "1".."n" are not the LOINC Questionnaire's: no questionnaire canonical is claimed (review item 12)
    assert all(answer.questionnaire is None for answer in answers)
    assert [item.answer[0].valueInteger for item in answers[1].item] == [1] * 9
    assert [(o.code.coding[0].system, o.code.coding[0].code, o.valueInteger) for o in totals] == [
        ("http://loinc.org", "44261-6", 17), ("http://loinc.org", "44261-6", 9), ("http://loinc.org", "44261-6", 0)]
    assert totals[1].derivedFrom[0].reference == data["entry"][2]["fullUrl"]


def test_the_patient_is_referred_to_by_reference_not_by_name(clinician, patient):
    answer(patient, "a", [1] * 9)
    text = export(logged_in(clinician), patient).content.decode()
    assert patient.reference in text
    assert patient.name not in text and patient.email not in text


@pytest.mark.parametrize("example, code, items", [("ptsd-meets", "101698-9", 20)])
def test_a_pcl5_total_has_its_loinc_code(clinician, make_patient, example, code, items):
    intake = make_patient(example, email="ptsd@example.com")
    answer(intake, "a", [2] * items)
    data = json.loads(export(logged_in(clinician), intake).content)
    Bundle.model_validate(data)
    observations = [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "Observation"]
    assert {o["code"]["coding"][0]["code"] for o in observations} == {code}
    assert observations[-1]["valueInteger"] == 40


def test_a_gad7_total_has_its_loinc_code(clinician, make_patient):
    intake = make_patient(email="gad@example.com")
    type(intake).objects.filter(pk=intake.pk).update(indication="anxiety")
    intake.refresh_from_db()
    answer(intake, "a", [1] * 7)
    data = json.loads(export(logged_in(clinician), intake).content)
    Bundle.model_validate(data)
    codes = [e["resource"]["code"]["coding"][0]["code"] for e in data["entry"]
             if e["resource"]["resourceType"] == "Observation"]
    assert codes == ["70274-6", "70274-6"]


def test_the_export_is_logged(clinician, patient):
    export(logged_in(clinician), patient)
    assert AccessLog.objects.filter(user=clinician, intake=patient, action=AccessLog.Action.EXPORT).exists()


def test_who_may_not_export(client, staff, patient):
    anonymous = export(client, patient)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert export(logged_in(staff), patient).status_code == 403


def test_an_unknown_or_draft_patient_is_404(clinician, make_patient):
    from tests.factories import IntakeFactory

    client = logged_in(clinician)
    assert client.get(reverse("proms:fhir_export", args=["XXXX-YYYY"])).status_code == 404
    assert export(client, IntakeFactory(status="draft")).status_code == 404
