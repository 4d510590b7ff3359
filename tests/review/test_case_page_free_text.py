"""The patient's free text on the case page: a long text shows its first lines and "Show all" (no
JavaScript needed); a short one is shown as it is; the PDF has all of it."""

import pytest
from django.urls import reverse

from screening.review.templatetags.case_page import is_long_text
from screening.samples import as_intake_2
from screening.services import intake_import
from tests.review.test_page_language import pdf_text

pytestmark = pytest.mark.django_db

LONG = "\n".join(f"Line {n}: asthma as a child, migraine a few times a month." for n in range(1, 8))


def case_with_other_illness(example_document, text):
    document = as_intake_2(example_document("base-meets"))
    document["medical"]["other"] = text
    intake, _ = intake_import(document=document, name="Kari Nordmann", email="kari@example.com")
    return intake


def test_text_is_long_from_four_lines_or_many_characters():
    assert not is_long_text("Asthma.\nMigraine.\nLow thyroid.")
    assert is_long_text("a\nb\nc\nd")
    assert is_long_text("x" * 241)
    assert not is_long_text(None)


def test_a_long_text_is_clamped_with_a_show_all_control(as_clinician, example_document):
    intake = case_with_other_illness(example_document, LONG)
    page = as_clinician.get(f"/en/review/case/{intake.reference}/").content.decode()
    assert 'class="free-text-toggle visually-hidden" id="free-medical-other"' in page
    assert '<label class="free-text-more small" for="free-medical-other">' in page
    assert "Line 7: asthma" in page  # all of it is in the page, for screen readers and "Show all"


def test_a_short_text_is_shown_as_it_is(as_clinician, example_document):
    intake = case_with_other_illness(example_document, "Asthma as a child.")
    page = as_clinician.get(reverse("review:case", args=[intake.reference])).content.decode()
    assert "Asthma as a child." in page
    assert "free-text-toggle" not in page


def test_the_pdf_has_the_whole_text(as_clinician, example_document):
    intake = case_with_other_illness(example_document, LONG)
    text = pdf_text(as_clinician.get(reverse("review:pdf", args=[intake.reference])))
    assert "Line 7: asthma" in text
    assert "Show all" not in text
