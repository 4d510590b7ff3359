"""The case page and the PDF speak the page's language: sources, level names, evidence, history."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

pytestmark = pytest.mark.django_db

NORWEGIAN = (
    "Kilde: Klinikkens artikler 001, 002 (kontraindikasjoner og målgruppe); "
    "Preparatomtale for ketamin (Ketalar SPC; sveitsisk preparatomtale; Ketanest)",
    "Absolutt kontraindikasjon",
    "siste blodtrykk: 181/80",
)
ENGLISH = (
    "Source: Clinic articles 001, 002 (contraindications and target group); "
    "Ketamine product information (Ketalar SmPC; Swiss label; Ketanest)",
    "Absolute contraindication",
    "last blood pressure: 181/80",
)


def pdf_text(response):
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return " ".join(text.split())  # the PDF breaks lines where it likes


def test_the_norwegian_case_page_has_the_source_level_and_evidence_in_norwegian(as_clinician, make_intake):
    intake = make_intake("bp-181-80")
    page = as_clinician.get(reverse("review:case", args=[intake.reference])).content.decode()
    for text in NORWEGIAN:
        assert text in page, text
    for text in ENGLISH:
        assert text not in page, text


def test_the_english_case_page_has_the_source_level_and_evidence_in_english(as_clinician, make_intake):
    intake = make_intake("bp-181-80")
    page = as_clinician.get(f"/en/review/case/{intake.reference}/").content.decode()
    for text in ENGLISH:
        assert text in page, text
    for text in NORWEGIAN:
        assert text not in page, text


@pytest.mark.parametrize("prefix, wanted, unwanted", [("", NORWEGIAN, ENGLISH), ("/en", ENGLISH, NORWEGIAN)])
def test_the_pdf_has_the_source_level_and_evidence_in_the_page_language(as_clinician, make_intake, prefix, wanted,
                                                                        unwanted):
    intake = make_intake("bp-181-80")
    text = pdf_text(as_clinician.get(f"{prefix}/review/case/{intake.reference}/pdf/"))
    for words in wanted:
        assert words in text, words
    for words in unwanted:
        assert words not in text, words


def test_the_status_history_names_the_statuses_in_words(as_clinician, make_intake):
    intake = make_intake("bp-181-80")
    page = as_clinician.get(reverse("review:case", args=[intake.reference])).content.decode()
    assert "Utkast → Sendt inn" in page
    assert "draft → submitted" not in page


def test_the_questions_new_in_intake_2_read_as_words_not_paths(as_clinician, example_document):
    from screening.services import intake_import

    document = example_document("base-meets")
    document["format"] = "intake/2"
    document["medical"]["heart_disease"] = "serious"
    document["psychiatric"]["psychotic_disorder"] = False
    document["practical"]["ongoing_follow_up"] = True
    intake, _result = intake_import(document=document, name="Kari Nordmann", ruleset_version="2026.2")
    page = as_clinician.get(f"/en/review/case/{intake.reference}/answers/").content.decode()
    for words in ("Diagnosed psychotic disorder", "Followed up now by a psychologist, psychiatrist or DPS",
                  "<td>serious</td>"):
        assert words in page, words
    assert "psychotic_disorder" not in page and "ongoing_follow_up" not in page
