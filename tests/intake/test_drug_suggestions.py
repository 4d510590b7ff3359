"""The drug-name suggestions: every generic name, Norwegian spelling and brand of the current dose table,
each read as the right generic; every drug-name box of the intake offers them."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from screening.models import Intake
from screening.patient.forms import CurrentMedicationRowForm, MedicationRowForm, drug_suggestions
from screening.rules import get_ruleset

from .answers import BASE_ANSWERS, step_post
from .helpers import start, walk

TABLE = get_ruleset("2026.2").dose_table


def test_the_current_ruleset_is_2026_2():
    assert settings.SCREENING_RULESET == "2026.2"  # the table below is the current one


def test_every_generic_norwegian_spelling_and_brand_is_suggested_once():
    names = [name for name, _generic in drug_suggestions()]
    expected = {name for drug in TABLE.drugs for name in (drug.generic, *drug.aliases)}
    assert set(names) == expected
    assert len(names) == len(expected)
    assert {"sertraline", "sertralin", "Zoloft", "Efexor", "venlafaksin", "Sobril"} <= set(names)


def test_every_suggestion_looks_up_to_the_generic_it_is_shown_with():
    for name, generic in drug_suggestions():
        drug = TABLE.lookup(name)
        assert drug is not None, name
        assert drug.generic == generic, name


@pytest.mark.parametrize("row_form", [MedicationRowForm, CurrentMedicationRowForm])
def test_every_suggestion_typed_in_a_row_is_stored_as_its_generic(row_form):
    for name, generic in drug_suggestions():
        form = row_form({"drug": f" {name} ", "dose_unknown": "on", "weeks_unknown": "on",
                         "current_episode": "yes", "outcome": "no_effect"})
        assert form.is_valid(), (name, form.errors)
        assert form.cleaned_data["drug"] == generic


@pytest.mark.parametrize("step", ["medications", "current-medicines"])
def test_every_drug_name_box_is_connected_to_the_suggestions_also_after_adding_rows(client, db, step):
    start(client)
    walk(client, until=step)
    url = reverse("intake:step", kwargs={"step": step})
    client.post(url, {**step_post(step, BASE_ANSWERS[step]), "wizard_add_row": "1"})
    html = client.get(url).content.decode()
    boxes = re.findall(rf'<input[^>]*name="{step}-rows-\d+-drug"[^>]*>', html)
    assert len(boxes) == int(BASE_ANSWERS[step]["rows-TOTAL_FORMS"]) + 1
    assert all('list="drug-names"' in box for box in boxes)
    datalist = re.search(r'<datalist id="drug-names">(.*?)</datalist>', html, re.S).group(1)
    assert len(re.findall(r"<option ", datalist)) == len(drug_suggestions())
    assert '<option value="Zoloft" label="sertraline"></option>' in datalist
    assert '<option value="sertraline"></option>' in datalist


def test_a_brand_name_typed_is_stored_as_the_generic(client, db):
    draft = start(client)
    answers = {"current-medicines": {**BASE_ANSWERS["current-medicines"], "rows-0-drug": "efexor"}}
    walk(client, answers=answers)
    assert Intake.objects.get(pk=draft.intake_id).document["current_medications"] == ["venlafaxine"]
