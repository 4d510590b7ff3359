import re

from django.urls import reverse

from screening.models import Intake

from .answers import BASE_ANSWERS, step_post
from .helpers import post_step, start, walk


def test_ptsd_asks_the_pcl5_and_a_male_patient_is_not_asked_about_pregnancy(client, db):
    draft = start(client)
    answers = {
        "about": {**BASE_ANSWERS["about"], "sex_at_birth": "male"},
        "reason": {"primary": "ptsd", "secondary": [], "episode_months": "30"},
        "pcl5": {f"item_{i}": "3" for i in range(1, 21)},
    }
    _response, steps = walk(client, answers=answers)
    assert "pcl5" in steps and "pregnancy" not in steps
    document = Intake.objects.get(pk=draft.intake_id).document
    assert document["pcl5"] == [3] * 20
    assert document["reproductive"] is None
    assert document["indication"] == {"primary": "ptsd", "secondary": [], "episode_months": 30}


def test_no_question_has_a_pre_selected_answer(client, db):
    start(client)
    _response, steps = walk(client, until="review")
    fresh = Client_for(client)
    for step in steps:
        html = fresh.get(reverse("intake:step", kwargs={"step": step})).content.decode()
        assert " checked" not in html, step
        assert "selected>" not in html.replace('value="" selected>', ""), step


def Client_for(client):
    """A second draft in a fresh client, so every step is shown unanswered."""
    from django.test import Client

    other = Client()
    start(other, email="other@example.com")
    return other


def test_an_empty_step_shows_an_error_summary_linking_to_each_field_in_norwegian(client, db):
    start(client)
    response = post_step(client, "about", {})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert "Skriv fødselsdatoen din." in html
    assert 'href="#id_about-date_of_birth"' in html
    assert 'href="#id_about-sex_at_birth_0"' in html
    assert 'id="id_about-sex_at_birth_0"' in html


def test_errors_are_in_english_on_the_english_pages(client, db):
    start(client)
    response = client.post("/en/intake/step/about/", step_post("about", {**BASE_ANSWERS["about"], "weight_kg": "12"}))
    html = response.content.decode()
    assert "The number must be at least 30." in html
    # Nothing typed is lost: the other answers are still in the form.
    assert 'value="02.04.1985"' in html


def test_an_unknown_medicine_needs_the_other_box_and_is_then_kept_as_typed(client, db):
    draft = start(client)
    walk(client, until="medications")
    rows = {"has_any": "yes", "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0", "rows-0-drug": " Brintelix ",
            "rows-0-max_daily_dose_mg": "10", "rows-0-weeks_at_dose": "6", "rows-0-current_episode": "yes",
            "rows-0-outcome": "no_effect"}
    response = post_step(client, "medications", rows)
    assert "Vi fant ikke denne medisinen" in response.content.decode()
    response = post_step(client, "medications", {**rows, "rows-0-other": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.intake.document["treatments"]["medications"][0]["drug"] == "Brintelix"


def test_a_dose_needs_a_number_or_dont_know_but_not_both(client, db):
    start(client)
    walk(client, until="medications")
    row = {"has_any": "yes", "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0", "rows-0-drug": "Cipralex",
           "rows-0-weeks_at_dose": "6", "rows-0-current_episode": "yes", "rows-0-outcome": "no_effect"}
    html = post_step(client, "medications", row).content.decode()
    assert "Skriv dosen, eller kryss av" in html
    assert 'href="#id_medications-rows-0-max_daily_dose_mg"' in html
    html = post_step(client, "medications", {**row, "rows-0-max_daily_dose_mg": "10",
                                             "rows-0-dose_unknown": "on"}).content.decode()
    assert "ikke begge deler" in html


def test_yes_to_medicines_needs_at_least_one_row(client, db):
    start(client)
    walk(client, until="medications")
    response = post_step(client, "medications", {"has_any": "yes", "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0"})
    assert "Legg til minst én medisin" in response.content.decode()
    response = post_step(client, "medications", {"has_any": "no", "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0"})
    assert response.status_code == 302


def test_add_another_row_keeps_what_was_typed_and_shows_one_more_row(client, db):
    start(client)
    walk(client, until="medications")
    data = {**step_post("medications", BASE_ANSWERS["medications"]), "wizard_add_row": "1"}
    response = client.post(reverse("intake:step", kwargs={"step": "medications"}), data)
    assert response.headers["Location"].startswith(reverse("intake:step", kwargs={"step": "medications"}))
    html = client.get(reverse("intake:step", kwargs={"step": "medications"})).content.decode()
    assert 'name="medications-rows-2-drug"' in html
    assert 'value="Zoloft"' in html


def test_back_keeps_what_was_typed_on_the_page(client, db):
    draft = start(client)
    walk(client, until="gad7")
    data = {**step_post("gad7", {"item_1": "3"}), "wizard_goto_step": "phq9"}
    response = client.post(reverse("intake:step", kwargs={"step": "gad7"}), data)
    assert response.headers["Location"] == reverse("intake:step", kwargs={"step": "phq9"})
    draft.refresh_from_db()
    assert draft.wizard["step_data"]["gad7"]["gad7-item_1"] == ["3"]


def test_the_main_reason_cannot_also_be_a_secondary_one(client, db):
    start(client)
    walk(client, until="reason")
    response = post_step(client, "reason", {**BASE_ANSWERS["reason"], "secondary": ["depression"]})
    assert "Ikke kryss av for det samme som hovedgrunnen din." in response.content.decode()


def test_the_review_page_groups_every_answer_with_an_edit_link(client, db):
    start(client)
    walk(client, until="review")
    html = client.get(reverse("intake:step", kwargs={"step": "review"})).content.decode()
    for step in ("about", "phq9", "medications", "health", "practical"):
        assert f'href="{reverse("intake:step", kwargs={"step": step})}?review=1"' in html
    assert "sertraline: 150 mg, 8 uker" in html
    assert "Ikke besvart ennå." not in html


def test_editing_from_the_review_returns_to_the_review(client, db):
    start(client)
    walk(client, until="review")
    data = {**step_post("practical", {**BASE_ANSWERS["practical"], "referral": "gp"}), "return_to_review": "1"}
    response = client.post(reverse("intake:step", kwargs={"step": "practical"}), data)
    assert response.headers["Location"] == reverse("intake:step", kwargs={"step": "review"})


def test_step_urls_carry_no_health_data_or_ids(client, db):
    draft = start(client)
    _response, steps = walk(client)
    for step in steps:
        assert re.fullmatch(r"[a-z0-9-]+", step)
    assert str(draft.intake_id) not in "".join(steps)


def test_a_decimal_comma_is_accepted(client, db):
    draft = start(client)
    post_step(client, "about", {**BASE_ANSWERS["about"], "weight_kg": "70,5"})
    # Shown again as typed (a text box, so a comma is not dropped by the browser as in type=number).
    html = client.get(reverse("intake:step", kwargs={"step": "about"})).content.decode()
    assert re.search(r'<input type="text" name="about-weight_kg" value="70,5"', html)
    draft.refresh_from_db()
    assert draft.intake.document["patient"]["weight_kg"] == 70.5
