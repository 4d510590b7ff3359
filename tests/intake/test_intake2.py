"""The web intake writes `intake/2`: the new questions, "serious" heart disease, the new transport
wording, and a draft saved before the change that continues with the new questions unanswered."""

import copy
import re

import pytest
from django.urls import reverse

from screening.document import validate_intake
from screening.models import Intake, ScreeningResult
from screening.rules import screen

from .answers import BASE_ANSWERS, BASE_DOCUMENT, NEW_IN_INTAKE_2, step_post
from .helpers import post_step, start, walk

pytestmark = pytest.mark.django_db


def english_step(client, step, answers):
    return client.post(f"/en/intake/step/{step}/", step_post(step, answers))


def test_the_new_questions_are_asked_of_everyone_and_must_be_answered(client):
    start(client)
    walk(client, until="history")
    without = {k: v for k, v in BASE_ANSWERS["history"].items() if k != "psychotic_disorder"}
    html = english_step(client, "history", without).content.decode()
    assert "Have you ever been diagnosed with schizophrenia, schizoaffective disorder, delusional disorder" in html
    assert "caused by drugs or by an illness in the body" in html
    assert 'href="#id_history-psychotic_disorder_0"' in html  # in the error summary
    assert "Please answer this question." in html
    assert post_step(client, "history").status_code == 302

    walk(client, until="practical")
    without = {k: v for k, v in BASE_ANSWERS["practical"].items() if k != "ongoing_follow_up"}
    html = english_step(client, "practical", without).content.decode()
    assert "Are you followed up now by a psychologist, a psychiatrist or a mental-health team (DPS)?" in html
    assert "only your GP (fastlege)" in html
    assert "Can you get home after each treatment without driving yourself?" in html
    assert "You do not need anyone with you, but you may not drive" in html
    assert 'href="#id_practical-ongoing_follow_up_0"' in html


def test_heart_disease_offers_serious_between_stable_and_unstable_with_plain_words(client):
    start(client)
    walk(client, until="health")
    html = client.get("/en/intake/step/health/").content.decode()
    values = [html.index(f'name="health-heart_disease" value="{v}"') for v in ("no", "stable", "serious", "unstable")]
    assert values == sorted(values)
    assert "Yes, stable: treated and followed up by a doctor, and no symptoms when resting" in html
    assert "Yes, serious: heart failure, serious disease of a heart valve or of the heart muscle" in html
    assert "Yes, unstable: chest pain at rest" in html
    assert " checked" not in html


def test_a_submitted_intake_is_intake_2_with_the_new_answers_and_is_screened_under_2026_2(client):
    draft = start(client)
    walk(client, answers={
        "history": {**BASE_ANSWERS["history"], "psychotic_disorder": "yes"},
        "health": {**BASE_ANSWERS["health"], "heart_disease": "serious"},
        "practical": {**BASE_ANSWERS["practical"], "ongoing_follow_up": "no", "transport_home": "no"},
    })
    intake = Intake.objects.get(pk=draft.intake_id)
    assert intake.status == Intake.Status.SUBMITTED
    document = intake.document
    assert document["format"] == "intake/2"
    assert document["psychiatric"]["psychotic_disorder"] is True
    assert document["medical"]["heart_disease"] == "serious"
    assert document["practical"] == {"transport_home": False, "can_fast": True, "ongoing_follow_up": False,
                                     "referral": "none"}
    assert validate_intake(document) == []
    result = ScreeningResult.objects.get(intake=intake)
    assert result.ruleset == "2026.2"
    assert result.result == screen(document, "2026.2")


ACTIVE_THOUGHTS = {"suicide": {**BASE_ANSWERS["suicide"], "active_thoughts": "yes"},
                   "suicide-more": {"method": "yes", "intent": "no", "plan": "no"}}
MALE_PTSD = {"about": {**BASE_ANSWERS["about"], "sex_at_birth": "male"},
             "reason": {"primary": "ptsd", "secondary": ["depression"], "episode_months": "0"},
             "pcl5": {f"item_{i}": str(i % 5) for i in range(1, 21)}}
NOTHING_TRIED = {
    "medications": {"has_any": "no", "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0"},
    "therapies": {**{k: v for k, v in BASE_ANSWERS["therapies"].items() if not k.startswith("rows-0-")},
                  "has_any": "no", "rows-TOTAL_FORMS": "1"},
    "current-medicines": {"has_any": "no", "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0"},
    "health": {**BASE_ANSWERS["health"], "systolic": "", "diastolic": "", "measured_on": ""},
}


@pytest.mark.parametrize("answers", [
    {},
    ACTIVE_THOUGHTS,
    MALE_PTSD,
    NOTHING_TRIED,
    *({"health": {**BASE_ANSWERS["health"], "heart_disease": value}} for value in ("stable", "serious", "unstable")),
    {"history": {**BASE_ANSWERS["history"], "psychotic_disorder": "yes", "psychosis": "current"},
     "practical": {**BASE_ANSWERS["practical"], "ongoing_follow_up": "no"}},
], ids=["base", "active-thoughts", "male-ptsd", "nothing-tried", "stable", "serious", "unstable", "psychotic"])
def test_everything_a_patient_can_submit_validates_as_intake_2_and_screens_under_2026_2(client, answers):
    draft = start(client)
    response, _steps = walk(client, answers=answers)
    assert response.headers["Location"] == reverse("intake:submitted")
    document = Intake.objects.get(pk=draft.intake_id).document
    assert document["format"] == "intake/2"
    assert validate_intake(document) == []
    assert ScreeningResult.objects.get(intake_id=draft.intake_id).result == screen(document, "2026.2")


def test_the_review_page_shows_the_new_answers(client):
    start(client)
    walk(client, answers={"health": {**BASE_ANSWERS["health"], "heart_disease": "serious"}}, until="review")
    html = client.get("/en/intake/step/review/").content.decode()
    assert "Have you ever been diagnosed with schizophrenia" in html
    assert "Are you followed up now by a psychologist" in html
    assert "Yes, serious: heart failure" in html
    assert "Not answered yet." not in html


def is_checked(html, name, value):
    return re.search(rf'<input[^>]*name="{name}"[^>]*value="{value}"[^>]*checked', html) is not None


def old_shape(wizard):
    """The wizard data as the intake/1 form stored it: no answers to the questions intake/2 added."""
    wizard = copy.deepcopy(wizard)
    for step, names in NEW_IN_INTAKE_2.items():
        for name in names:
            del wizard["step_data"][step][f"{step}-{name}"]
    return wizard


def test_a_draft_saved_before_intake_2_shows_the_new_questions_unanswered_and_loses_nothing(client):
    draft = start(client)
    stable = {"health": {**BASE_ANSWERS["health"], "heart_disease": "stable"}}
    walk(client, answers=stable, until="review")
    draft.refresh_from_db()
    draft.wizard = old_shape(draft.wizard)
    draft.save()

    review = client.get(reverse("intake:step", kwargs={"step": "review"})).content.decode()
    assert review.count("Ikke besvart ennå.") == 2  # mental health history and practical matters
    # Sending is refused: the patient is taken to the first step with a new question.
    response = client.post(reverse("intake:step", kwargs={"step": "review"}), step_post("review", {}))
    assert response.headers["Location"] == reverse("intake:step", kwargs={"step": "history"})
    assert Intake.objects.get(pk=draft.intake_id).status == Intake.Status.DRAFT

    history = client.get(reverse("intake:step", kwargs={"step": "history"})).content.decode()
    for name, value in BASE_ANSWERS["history"].items():
        if name != "psychotic_disorder":
            assert is_checked(history, f"history-{name}", value), name  # the earlier answers are kept
    assert not is_checked(history, "history-psychotic_disorder", "yes")
    assert not is_checked(history, "history-psychotic_disorder", "no")

    post_step(client, "history", {**BASE_ANSWERS["history"], "psychotic_disorder": "no"})
    response, _steps = walk(client, answers={**stable, "practical": {**BASE_ANSWERS["practical"],
                                                                       "ongoing_follow_up": "no"}})
    assert response.headers["Location"] == reverse("intake:submitted")
    document = Intake.objects.get(pk=draft.intake_id).document
    expected = copy.deepcopy(BASE_DOCUMENT)
    expected["medical"]["heart_disease"] = "stable"
    expected["practical"]["ongoing_follow_up"] = False
    document.pop("submitted_at")
    assert document == expected
