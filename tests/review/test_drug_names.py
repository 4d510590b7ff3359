"""Drug names read as the patient wrote them, with the dose table's generic name beside them."""

import io

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from screening.review.selectors import DrugName, drug_names, typed_drug_names
from screening.review.wording import drug_words, evidence_words
from screening.rules import get_ruleset
from screening.services import intake_import
from tests.intake.answers import BASE_ANSWERS
from tests.intake.helpers import start, walk

pytestmark = pytest.mark.django_db

ROWS = {"rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "20"}


def imported_with_own_words(example_document):
    """An intake/1 document from outside (as `manage.py screen --store` stores it): the names are as written."""
    document = example_document("meds-sobril-lamictal")
    trials = document["treatments"]["medications"]
    trials[0]["drug"] = "Cipralex"
    trials[1]["drug"] = " sertralin "
    trials.append({**trials[2], "drug": "Ukjentol"})
    document["current_medications"] = ["Sobril", "lamictal", "Ukjentol", "vortioxetine"]
    intake, _result = intake_import(document=document, name="Kari Nordmann", email="kari@example.com")
    return intake


def web_intake(medications, current):
    """An intake sent through the web form with these rows on the two medicine steps."""
    cache.clear()  # the start page is rate-limited per address
    client = Client()
    draft = start(client)
    answers = {**BASE_ANSWERS, "medications": {"has_any": "yes", **ROWS, **medications},
               "current-medicines": {"has_any": "yes", **ROWS, **current}}
    walk(client, answers)
    draft.intake.refresh_from_db()
    assert draft.intake.status == "submitted"
    return draft.intake


def words(names):
    return {path: drug_words(name.words, name.generic) for path, name in names.items()}


# --- the selector ---------------------------------------------------------------------------------

def test_a_document_from_outside_gives_the_patients_words_beside_the_generic_name(example_document):
    intake = imported_with_own_words(example_document)
    with translation.override("en"):
        shown = words(drug_names(intake=intake, ruleset=get_ruleset()))
    assert shown == {
        "treatments.medications[0]": "Cipralex (escitalopram)",
        "treatments.medications[1]": "sertralin (sertraline)",
        "treatments.medications[2]": "vortioxetine",
        "treatments.medications[3]": "Ukjentol (not in the dose table)",
        "current_medications[0]": "Sobril (oxazepam)",
        "current_medications[1]": "lamictal (lamotrigine)",
        "current_medications[2]": "Ukjentol (not in the dose table)",
        "current_medications[3]": "vortioxetine",
    }


def test_the_web_intake_gives_what_was_typed_though_the_document_holds_the_generic_name():
    intake = web_intake(
        medications={
            "rows-TOTAL_FORMS": "4",
            "rows-0-drug": "Zoloft", "rows-0-max_daily_dose_mg": "150", "rows-0-weeks_at_dose": "8",
            "rows-0-current_episode": "yes", "rows-0-outcome": "no_effect",
            "rows-1-drug": "Cipralex", "rows-1-dose_unknown": "on", "rows-1-weeks_unknown": "on",
            "rows-1-current_episode": "yes", "rows-1-outcome": "partial", "rows-1-DELETE": "on",  # removed
            # rows-2: left empty
            "rows-3-drug": "venlafaksin", "rows-3-dose_unknown": "on", "rows-3-weeks_unknown": "on",
            "rows-3-current_episode": "unsure", "rows-3-outcome": "partial",
        },
        current={"rows-TOTAL_FORMS": "3", "rows-0-drug": "Sertralin", "rows-1-drug": "Melatonin",
                 "rows-1-other": "on", "rows-2-drug": "escitalopram"},
    )
    document = intake.document
    assert [t["drug"] for t in document["treatments"]["medications"]] == ["sertraline", "venlafaxine"]
    assert document["current_medications"] == ["sertraline", "Melatonin", "escitalopram"]
    with translation.override("en"):
        shown = words(drug_names(intake=intake, ruleset=get_ruleset(intake.latest_result.ruleset)))
    assert shown == {
        "treatments.medications[0]": "Zoloft (sertraline)",
        "treatments.medications[1]": "venlafaksin (venlafaxine)",
        "current_medications[0]": "Sertralin (sertraline)",
        "current_medications[1]": "Melatonin (not in the dose table)",
        "current_medications[2]": "escitalopram",
    }


def test_a_typed_name_for_another_drug_than_the_documents_is_not_trusted(make_intake):
    from screening.patient.models import IntakeDraft

    intake = make_intake("meds-sobril-lamictal")  # trials: escitalopram, sertraline, vortioxetine
    wizard = {"step_data": {"medications": {
        "medications-rows-TOTAL_FORMS": ["3"],
        "medications-rows-0-drug": ["Cipralex"],  # the same drug: trusted
        "medications-rows-1-drug": ["Cymbalta"],  # duloxetine, not sertraline: the document's name
        "medications-rows-2-drug": ["Ukjentol"],  # not in the table: the document's name
    }}}
    IntakeDraft.objects.create(intake=intake, wizard=wizard)
    names = drug_names(intake=intake, ruleset=get_ruleset())
    assert names["treatments.medications[0]"] == DrugName("escitalopram", "Cipralex", "escitalopram")
    assert names["treatments.medications[1]"] == DrugName("sertraline", "sertraline", "sertraline")
    assert names["treatments.medications[2]"] == DrugName("vortioxetine", "vortioxetine", "vortioxetine")


def test_typed_names_skip_removed_and_empty_rows_and_rows_past_the_total():
    step = {
        "current-medicines-rows-TOTAL_FORMS": ["4"],
        "current-medicines-rows-0-drug": ["Zoloft"],
        "current-medicines-rows-1-drug": ["Cipralex"], "current-medicines-rows-1-DELETE": ["on"],
        "current-medicines-rows-2-drug": ["  "],
        "current-medicines-rows-3-drug": ["Sobril"],
        "current-medicines-rows-4-drug": ["Lamictal"],  # beyond TOTAL_FORMS: the form never read it
    }
    assert typed_drug_names({"step_data": {"current-medicines": step}}, "current-medicines") == ["Zoloft", "Sobril"]
    assert typed_drug_names({}, "current-medicines") == []
    bad_total = {"step_data": {"current-medicines": {"current-medicines-rows-TOTAL_FORMS": ["x"]}}}
    assert typed_drug_names(bad_total, "current-medicines") == []


def test_drug_words_name_the_generic_only_when_it_adds_something():
    with translation.override("en"):
        assert drug_words("Zoloft", "sertraline") == "Zoloft (sertraline)"
        assert drug_words("Sertraline", "sertraline") == "sertraline"
        assert drug_words("Ukjentol", None) == "Ukjentol (not in the dose table)"


def test_evidence_of_a_trial_and_a_current_medication_uses_the_patients_words():
    names = {"treatments.medications[0]": DrugName("sertraline", "Zoloft", "sertraline"),
             "current_medications[1]": DrugName("Sobril", "Sobril", "oxazepam")}
    trial = {"drug": "sertraline", "max_daily_dose_mg": 150, "weeks_at_dose": 8, "current_episode": True,
             "outcome": "stopped_side_effects"}
    with translation.override("en"):
        assert evidence_words("treatments.medications[0]", trial, names) == (
            "Medicines tried, no. 1: Zoloft (sertraline), 150 mg/day, 8 weeks, current period of illness, "
            "outcome: stopped for side effects")
        assert evidence_words("current_medications[1]", "Sobril", names) == "Medicines taken now, no. 2: Sobril (oxazepam)"
        # a value that is not the document's entry at that path is shown as it is
        assert evidence_words("current_medications[1]", "Xanor", names) == "Medicines taken now, no. 2: Xanor"


# --- the pages --------------------------------------------------------------------------------------

def test_the_norwegian_case_page_shows_the_patients_words_in_the_table_and_the_evidence(as_clinician, example_document):
    intake = imported_with_own_words(example_document)
    response = as_clinician.get(reverse("review:case", args=[intake.reference]))
    page = response.content.decode()
    trials = [row["what"] for row in response.context["treatment_rows"] if row["kind"] == "medication"]
    assert trials[:3] == ["Cipralex (escitalopram)", "sertralin (sertraline)", "vortioxetine"]
    for text in ('<span data-testid="trial-what">sertralin (sertraline)</span>',
                 "Medisiner som brukes nå, nr. 1: Sobril (oxazepam)",
                 "Medisiner som brukes nå, nr. 2: lamictal (lamotrigine)"):
        assert text in page, text
    assert "Medisiner som brukes nå, nr. 3: Ukjentol (" in page  # REL-MED-UNKNOWN names the unknown drug


def test_the_answers_page_shows_the_patients_words(as_clinician, example_document):
    intake = imported_with_own_words(example_document)
    page = as_clinician.get(f"/en/review/case/{intake.reference}/answers/").content.decode()
    assert "sertralin (sertraline), 100 mg/day" in page
    assert "Sobril (oxazepam), lamictal (lamotrigine), Ukjentol (not in the dose table), vortioxetine" in page


def test_the_pdf_shows_the_patients_words(as_clinician, example_document):
    intake = imported_with_own_words(example_document)
    response = as_clinician.get(reverse("review:pdf", args=[intake.reference]))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "sertralin (sertraline)" in text
    assert "Sobril (oxazepam)" in text
