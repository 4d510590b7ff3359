"""AUDIT-C: someone who never drinks is not asked questions 2 and 3; they count 0 (Bush 1998)."""

import re

from django.urls import reverse

from screening.document import validate_intake
from screening.models import Intake
from screening.patient.single_questions import QUESTIONS

from .answers import BASE_ANSWERS, step_post
from .helpers import post_step, start, walk

NEVER = {**BASE_ANSWERS["substances"], "auditc_1": "0"}
NEVER_ONLY = {key: value for key, value in NEVER.items() if key not in ("auditc_2", "auditc_3")}


def test_a_patient_who_never_drinks_can_leave_questions_2_and_3_empty_and_the_document_gets_zeros(client, db):
    draft = start(client)
    response, _seen = walk(client, answers={"substances": NEVER_ONLY})
    assert response.headers["Location"] == reverse("intake:submitted")
    document = Intake.objects.get(pk=draft.intake_id).document
    assert document["substances"]["auditc"] == [0, 0, 0]
    assert validate_intake(document) == []


def test_never_with_the_zero_scoring_answers_is_accepted_as_zeros(client, db):
    start(client)
    walk(client, until="substances")
    response = post_step(client, "substances", {**NEVER, "auditc_2": "0", "auditc_3": "0"})
    assert response.status_code == 302


def test_questions_2_and_3_are_still_required_of_someone_who_drinks(client, db):
    start(client)
    walk(client, until="substances")
    answers = {key: value for key, value in NEVER_ONLY.items()}
    response = post_step(client, "substances", {**answers, "auditc_1": "1"})
    assert response.status_code == 200
    targets = [target for _label, _message, target in response.context["errors"]]
    assert targets == ["id_substances-auditc_2_0", "id_substances-auditc_3_0"]


def test_a_drinking_answer_after_never_is_kept_and_the_patient_is_asked_to_check_question_1(client, db):
    start(client)
    walk(client, until="substances")
    response = client.post("/en/intake/step/substances/", step_post("substances", {**NEVER, "auditc_2": "2"}))
    assert response.status_code == 200
    (error,) = response.context["errors"]
    assert error[2] == "id_substances-auditc_1_0"
    assert "You answered “Never”, but your answers to the questions below say" in error[1]
    html = response.content.decode()
    assert re.search(r'name="substances-auditc_2" value="2"[^>]*checked', html)  # nothing typed is dropped
    assert 'name="substances-auditc_1" value="0"' in html


def test_without_javascript_questions_2_and_3_say_when_to_skip_them_and_carry_the_hiding_rule(client, db):
    start(client)
    walk(client, until="substances")
    html = client.get("/en/intake/step/substances/").content.decode()
    assert html.count("Skip this question if you answered “Never” to the first question.") == 2
    assert html.count('data-hide-if="substances-auditc_1=0"') == 2 * 5  # on every option of questions 2 and 3


def test_the_review_page_says_questions_2_and_3_were_not_asked_instead_of_1_or_2_drinks(client, db):
    start(client)
    walk(client, answers={"substances": NEVER_ONLY}, until="review")
    html = client.get("/en/intake/step/review/").content.decode()
    assert html.count("Not asked, because you never drink alcohol") == 2
    substances = html[html.index('id="group-substances"'):html.index('id="group-current-medicines"')]
    assert "1 or 2" not in substances


def test_the_same_question_asked_on_its_own_after_submission_follows_the_same_rule():
    question = QUESTIONS["substances.auditc"]
    form = question.form({"substances-auditc-auditc_1": "0"})
    assert form.is_valid(), form.errors
    assert question.value(form) == [0, 0, 0]
    form = question.form({"substances-auditc-auditc_1": "0", "substances-auditc-auditc_3": "1"})
    assert not form.is_valid()
    assert list(form.errors) == ["auditc_1"]
    form = question.form({"substances-auditc-auditc_1": "2"})
    assert set(form.errors) == {"auditc_2", "auditc_3"}
