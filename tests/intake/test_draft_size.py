"""A draft is at most INTAKE_DRAFT_MAX_BYTES (256 KB) of stored answers: a post that would make it
larger is a 400 with a clear message, and the answers already saved stay exactly as they were."""

import pytest
from django.urls import reverse
from django.utils import translation

from screening.patient.models import IntakeDraft
from screening.patient.services import DraftTooLarge, draft_save

from .answers import BASE_ANSWERS, step_post
from .helpers import start, walk

JUNK = "x" * (300 * 1024)


def step_url(step):
    with translation.override("en"):
        return reverse("intake:step", kwargs={"step": step})


def stored(draft):
    draft = IntakeDraft.objects.select_related("intake").get(pk=draft.pk)
    return draft.wizard, draft.intake.document


@pytest.fixture
def draft(client, db):
    draft = start(client)
    walk(client, until="medications")
    return draft


BUTTONS = {
    "next": {},
    "back": {"wizard_goto_step": "suicide"},
    "add a row": {"wizard_add_row": "1"},
    "e-mail me a link": {"wizard_save_link": "1"},
}


@pytest.mark.parametrize("button", BUTTONS.values(), ids=BUTTONS.keys())
def test_a_post_that_would_make_the_draft_too_large_is_a_400_that_keeps_the_saved_answers(client, draft, button):
    before = stored(draft)
    data = {**step_post("medications", BASE_ANSWERS["medications"]), "medications-rows-0-drug": "Zoloft",
            "medications-notes": JUNK, **button}
    response = client.post(step_url("medications"), data)
    assert response.status_code == 400
    assert "too long" in response.content.decode()
    assert stored(draft) == before


def test_a_long_answer_in_a_real_field_is_refused_before_it_is_stored(client, draft):
    before = stored(draft)
    data = {**step_post("medications", BASE_ANSWERS["medications"]), "medications-rows-0-drug": JUNK,
            "wizard_goto_step": "suicide"}
    assert client.post(step_url("medications"), data).status_code == 400
    assert stored(draft) == before


def test_posts_that_fit_one_by_one_are_refused_once_the_whole_draft_would_be_too_large(client, draft):
    half = "x" * (150 * 1024)
    first = {**step_post("medications", BASE_ANSWERS["medications"]), "medications-notes": half}
    assert client.post(step_url("medications"), first).status_code == 302
    before = stored(draft)
    second = {**step_post("therapies", BASE_ANSWERS["therapies"]), "therapies-notes": half}
    assert client.post(step_url("therapies"), second).status_code == 400
    assert stored(draft) == before


def test_a_request_body_over_djangos_limit_is_a_clear_400_not_a_server_error(client, draft):
    before = stored(draft)
    big = {**step_post("medications", BASE_ANSWERS["medications"]), "medications-notes": "x" * (3 * 1024 * 1024)}
    response = client.post(step_url("medications"), big)
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    many = {**step_post("medications", BASE_ANSWERS["medications"]),
            **{f"medications-f{i}": "1" for i in range(1500)}}
    assert client.post(step_url("medications"), many).status_code == 400
    assert stored(draft) == before


def test_draft_save_refuses_answers_over_the_limit_and_changes_nothing(draft, settings):
    settings.INTAKE_DRAFT_MAX_BYTES = 1000
    before = stored(draft)
    with pytest.raises(DraftTooLarge):
        draft_save(draft=draft, wizard={"step_data": {"about": {"about-x": ["y" * 1000]}}}, document={})
    assert stored(draft) == before


def test_a_draft_saved_under_a_higher_limit_still_opens_and_saves_while_it_does_not_grow(client, draft, settings):
    settings.INTAKE_DRAFT_MAX_BYTES = 1000  # far below what the draft already holds
    assert client.get(step_url("medications")).status_code == 200
    assert client.post(step_url("about"), step_post("about", {**BASE_ANSWERS["about"], "weight_kg": "71"})).status_code == 302
    before = stored(draft)
    assert before[0]["step_data"]["about"]["about-weight_kg"] == ["71"]
    grown = step_post("medications", BASE_ANSWERS["medications"])
    assert client.post(step_url("medications"), grown).status_code == 400
    assert stored(draft) == before
