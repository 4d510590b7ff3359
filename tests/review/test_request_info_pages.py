"""Structured requests for more information (pages): the clinician picks questions on the case page,
the patient answers them behind the signed link with the intake's own widgets, the case page shows the
changes. Who may do what: clinicians only; the patient's page needs the link and nothing else."""

import copy
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from screening.models import Intake
from screening.review.models import IntakeDocumentVersion
from screening.review.services import review_claim
from screening.services import intake_import
from tests.intake.answers import BASE_DOCUMENT

from .conftest import verified_client

pytestmark = pytest.mark.django_db

INTAKE_2 = {**BASE_DOCUMENT, "submitted_at": "2026-11-20T10:15:00+01:00"}


def import_intake(**changes):
    document = copy.deepcopy(INTAKE_2)
    document.update(changes)
    intake, _result = intake_import(document=document, name="Kari Nordmann", email="kari@example.com")
    return intake


def request_questions(as_clinician, clinician, intake, questions, message=""):
    review_claim(intake=intake, clinician=clinician)
    response = as_clinician.post(reverse("review:decide", args=[intake.reference]), {
        "kind": "request_info", "patient_message": message, "questions": questions})
    assert response.status_code == 302, response.content.decode()[:3000]
    return re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)


def is_checked(html, name):
    return re.search(rf'<input[^>]*name="{name}"[^>]*checked', html) is not None


BP_AND_FOLLOW_UP = ["medical.last_bp", "practical.ongoing_follow_up"]
ANSWERS = {"medical-last_bp-systolic": "150", "medical-last_bp-diastolic": "95",
           "medical-last_bp-measured_on": "25.11.2026", "practical-ongoing_follow_up-ongoing_follow_up": "no"}


def test_the_case_page_offers_the_questions_and_the_decision_stores_them(as_clinician, clinician):
    intake = import_intake()
    review_claim(intake=intake, clinician=clinician)
    html = as_clinician.get(reverse("review:case", args=[intake.reference])).content.decode()
    for key in ("psychiatric.psychotic_disorder", "practical.ongoing_follow_up", "medical.heart_disease",
                "medical.last_bp", "current_medications", "medication_trial"):
        assert f'name="questions" value="{key}"' in html
    request_questions(as_clinician, clinician, intake, BP_AND_FOLLOW_UP)
    assert intake.decisions.get().questions == BP_AND_FOLLOW_UP
    case = as_clinician.get(reverse("review:case", args=[intake.reference])).content.decode()
    assert 'data-testid="questions-asked"' in case and "siste blodtrykk" in case


def test_a_question_not_offered_is_refused_with_the_form_kept(as_clinician, clinician):
    intake = import_intake()
    review_claim(intake=intake, clinician=clinician)
    response = as_clinician.post(reverse("review:decide", args=[intake.reference]), {
        "kind": "request_info", "patient_message": "Hei", "questions": ["patient.weight_kg"]})
    assert response.status_code == 400
    assert "Hei</textarea>" in response.content.decode()
    assert Intake.objects.get(pk=intake.pk).status == "in_review"


def test_the_patient_answers_with_the_intake_widgets_and_validation_and_loses_nothing_on_an_error(
        as_clinician, clinician, client):
    intake = import_intake()
    path = request_questions(as_clinician, clinician, intake, BP_AND_FOLLOW_UP)
    page = client.get(path)
    html = page.content.decode()
    assert page["Cache-Control"] == "no-store"
    assert "Siste blodtrykk, øvre tall (systolisk)" in html  # the intake's own wording
    assert 'name="practical-ongoing_follow_up-ongoing_follow_up" value="yes"' in html
    assert 'name="medical-last_bp-bp_unknown"' in html
    assert " checked" not in html  # no pre-selected answer
    assert "113" in html

    typed = client.post(path, {"medical-last_bp-systolic": "150", "text": "Målt i går"})
    html = typed.content.decode()
    assert typed.status_code == 400
    assert "Svar på dette spørsmålet." in html  # the field error, in the patient's language
    assert 'id="error-summary"' in html and 'href="#id_practical-ongoing_follow_up-ongoing_follow_up_0"' in html
    assert 'href="#id_medical-last_bp-diastolic"' in html  # both numbers of the blood pressure, as in the intake
    assert 'value="150"' in html and "Målt i går" in html  # nothing typed is lost
    assert not IntakeDocumentVersion.objects.exists()

    sent = client.post(path, {**ANSWERS, "text": "Målt i går"})
    assert sent.status_code == 200 and "Takk" in sent.content.decode()
    intake.refresh_from_db()
    assert intake.status == "resubmitted"
    assert intake.document["medical"]["last_bp"] == {"systolic": 150, "diastolic": 95, "measured_on": "2026-11-25"}
    assert intake.document["practical"]["ongoing_follow_up"] is False

    again = client.post(path, ANSWERS)
    assert again.status_code == 400 and IntakeDocumentVersion.objects.count() == 2
    assert 'name="text"' not in client.get(path).content.decode()  # the link answers once


def test_the_case_page_shows_what_the_patient_changed_and_the_new_screening(as_clinician, clinician, client):
    intake = import_intake()
    path = request_questions(as_clinician, clinician, intake, BP_AND_FOLLOW_UP)
    client.post(path, {**ANSWERS, "text": "Målt hos fastlegen"})
    with translation.override("en"):
        case_url = reverse("review:case", args=[intake.reference])
        answers_url = reverse("review:answers", args=[intake.reference])
    html = as_clinician.get(case_url).content.decode()
    changes = re.search(r'data-testid="answer-changes">(.*?)</ul>', html, re.S).group(1)
    assert "last blood pressure: 128/82, measured 1 Oct 2026 → <strong>150/95, measured 25 Nov 2026</strong>" in changes
    assert "followed up now by a psychologist, psychiatrist or DPS: yes → <strong>no</strong>" in changes
    assert changes.count("<li") == 2
    assert "Målt hos fastlegen" in html
    assert intake.results.count() == 2 and html.count("· screened ·") == 2  # screened again, both in the history
    assert "answers version 2 · patient answer to request" in html

    original = as_clinician.get(answers_url + "?version=1").content.decode()
    assert "128/82" in original and "150/95" not in original
    latest = as_clinician.get(answers_url).content.decode()
    assert "150/95" in latest and 'data-testid="versions"' in latest


def test_an_english_patient_gets_the_link_and_the_errors_in_english(as_clinician, clinician, client):
    intake = import_intake(locale="en")
    path = request_questions(as_clinician, clinician, intake, ["medical.last_bp", "medical.heart_disease"])
    assert path.startswith("/en/review/message/")
    html = client.get(path).content.decode()
    assert "Yes, serious: heart failure" in html
    response = client.post(path, {"medical-last_bp-diastolic": "90", "medical-heart_disease-heart_disease": "stable"})
    html = response.content.decode()
    assert "Write both numbers of the blood pressure, or leave both empty." in html
    assert is_checked(html, "medical-heart_disease-heart_disease")
    response = client.post(path, {"medical-heart_disease-heart_disease": "stable"})
    assert "Write your latest blood pressure, or tick “I don&#x27;t know my latest blood pressure”." in (
        response.content.decode())
    response = client.post(path, {"medical-heart_disease-heart_disease": "stable", "medical-last_bp-bp_unknown": "on"})
    assert response.status_code == 200
    intake.refresh_from_db()
    assert intake.document["medical"]["last_bp"] is None and intake.document["medical"]["heart_disease"] == "stable"


def test_add_another_row_without_javascript_keeps_what_was_typed(as_clinician, clinician, client):
    intake = import_intake()
    path = request_questions(as_clinician, clinician, intake, ["current_medications"])
    data = {"current_medications-has_any": "yes", "current_medications-rows-TOTAL_FORMS": "1",
            "current_medications-rows-INITIAL_FORMS": "0", "current_medications-rows-0-drug": "Zoloft"}
    html = client.post(path, {**data, "wizard_add_row": "current_medications-rows"}).content.decode()
    assert 'name="current_medications-rows-1-drug"' in html and 'value="Zoloft"' in html
    assert '<datalist id="drug-names">' in html
    assert not IntakeDocumentVersion.objects.exists()
    data.update({"current_medications-rows-TOTAL_FORMS": "2", "current_medications-rows-1-drug": "Elvanse"})
    assert client.post(path, data).status_code == 200
    intake.refresh_from_db()
    assert intake.document["current_medications"] == ["sertraline", "lisdexamfetamine"]


def test_an_answer_that_makes_the_screening_urgent_shows_crisis_help(as_clinician, clinician, client):
    screen = {**INTAKE_2["suicide_screen"], "active_thoughts": True, "method": False, "intent": None, "plan": False}
    intake = import_intake(suicide_screen=screen)
    path = request_questions(as_clinician, clinician, intake, ["suicide_screen.intent"])
    response = client.post(path, {"suicide_screen-intent-intent": "yes"})
    html = response.content.decode()
    assert 'href="tel:113"' in html and "116 123" in html
    intake.refresh_from_db()
    assert intake.urgent is True and intake.latest_result.crisis is True


def test_only_clinicians_decide_and_anonymous_users_are_sent_to_login(client, staff_user, make_intake):
    intake = make_intake()
    url = reverse("review:decide", args=[intake.reference])
    data = {"kind": "request_info", "questions": ["medical.last_bp"]}
    assert verified_client(staff_user).post(url, data).status_code == 403
    anonymous = client.post(url, data)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.headers["Location"]
    assert client.get(reverse("review:case", args=[intake.reference])).status_code == 302
    assert Intake.objects.get(pk=intake.pk).decisions.count() == 0


def test_only_the_link_opens_the_patients_page(client, as_clinician, clinician):
    intake = import_intake()
    path = request_questions(as_clinician, clinician, intake, ["medical.last_bp"])
    token = path.rstrip("/").split("/")[-1]
    for wrong in (token[:-2] + "xx", token.replace(":", "x", 1), "1"):
        response = Client().post(reverse("review:patient_message", args=[wrong]), ANSWERS)
        assert response.status_code == 404
        assert intake.name not in response.content.decode()
    assert not IntakeDocumentVersion.objects.exists()


def test_odd_posts_to_the_patients_page_get_a_clear_answer_never_a_server_error(as_clinician, clinician, client):
    intake = import_intake()
    path = request_questions(as_clinician, clinician, intake, ["current_medications", "medication_trial"])
    odd = [
        {"current_medications-has_any": "yes", "current_medications-rows-TOTAL_FORMS": "abc"},
        {"current_medications-has_any": "maybe", "wizard_add_row": "current_medications-rows"},
        {"wizard_add_row": "nonsense-rows", "nonsense-rows-TOTAL_FORMS": "3"},
        # "²".isdigit() is true, but int("²") fails.
        {"wizard_add_row": "current_medications-rows", "current_medications-rows-TOTAL_FORMS": "²"},
        {"medication_trial-drug": "x" * 500, "medication_trial-max_daily_dose_mg": "NaN",
         "medication_trial-weeks_at_dose": "-1", "medication_trial-outcome": "cured"},
        {"text": "y" * 6000},
    ]
    for data in odd:
        response = client.post(path, data)
        assert response.status_code in (200, 400), data
    assert not IntakeDocumentVersion.objects.exists()
    assert Intake.objects.get(pk=intake.pk).status == "info_requested"
