"""The rows of a list (medicines tried, therapies, medicines now) belong to "Yes": after "No" they are
not validated or stored, but names typed in them are not dropped unseen."""

import re

from django.urls import reverse

from screening.models import Intake

from .answers import BASE_ANSWERS, step_post
from .helpers import post_step, start, walk

ROWS = {"rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "20"}


def test_no_with_empty_rows_passes_and_stores_an_empty_list(client, db):
    draft = start(client)
    answers = {"medications": {"has_any": "no", **ROWS}, "current-medicines": {"has_any": "no", **ROWS}}
    response, _seen = walk(client, answers=answers)
    assert response.headers["Location"] == reverse("intake:submitted")
    document = Intake.objects.get(pk=draft.intake_id).document
    assert document["treatments"]["medications"] == []
    assert document["current_medications"] == []


def test_half_filled_rows_are_not_validated_after_no_they_only_ask_to_check(client, db):
    start(client)
    walk(client, until="medications")
    response = client.post("/en/intake/step/medications/", step_post("medications", {
        "has_any": "no", **ROWS, "rows-0-drug": "Ukjentol"}))  # not in the list, no dose, no outcome
    assert response.status_code == 200
    (error,) = response.context["errors"]
    assert error[0] == "Have you tried any medicine for this condition?"
    assert error[1].startswith("You answered “No”, but you have filled in rows below.")
    assert error[2] == "id_medications-has_any_0"
    assert 'value="Ukjentol"' in response.content.decode()  # still there to keep or remove


def test_no_with_filled_rows_marked_for_removal_passes(client, db):
    start(client)
    walk(client, until="current-medicines")
    response = post_step(client, "current-medicines", {"has_any": "no", **ROWS, "rows-0-drug": "Zoloft",
                                                       "rows-0-DELETE": "on"})
    assert response.status_code == 302


def test_no_to_therapies_ignores_an_untouched_row_and_keeps_the_other_questions(client, db):
    draft = start(client)
    therapies = {key: value for key, value in BASE_ANSWERS["therapies"].items() if not key.startswith("rows-")}
    response, _seen = walk(client, answers={"therapies": {**therapies, "has_any": "no", **ROWS}})
    assert response.headers["Location"] == reverse("intake:submitted")
    treatments = Intake.objects.get(pk=draft.intake_id).document["treatments"]
    assert treatments["psychotherapies"] == []
    assert treatments["ect"] == "never"


def test_the_rows_say_they_are_only_for_yes_and_carry_the_showing_rule(client, db):
    start(client)
    walk(client, until="medications")
    html = client.get("/en/intake/step/medications/").content.decode()
    assert "Only if you answered “Yes”: one row for each" in html
    assert re.search(r'<fieldset[^>]*data-show-if="medications-has_any=yes"', html)


def test_rows_shown_again_after_no_carry_no_errors_of_their_own(client, db):
    start(client)
    walk(client, until="medications")
    response = client.post("/en/intake/step/medications/", step_post("medications", {
        "has_any": "no", **ROWS, "rows-0-drug": "Zoloft"}))
    html = response.content.decode()
    assert len(response.context["errors"]) == 1  # only "You answered “No”…"
    assert "Write the dose" not in html and "is-invalid" not in html.split('data-show-if=')[1]
