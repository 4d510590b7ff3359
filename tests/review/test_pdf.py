import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def pdf_text(response):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_pdf_has_the_reference_ruleset_flags_generation_time_and_author(as_clinician, make_intake):
    intake = make_intake("meds-sobril-lamictal")
    response = as_clinician.get(reverse("review:pdf", args=[intake.reference]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="case-{intake.reference}.pdf"'
    text = pdf_text(response)
    assert intake.reference in text
    assert "REL-MED-BENZODIAZEPINE" in text and "INFO-MED-LAMOTRIGINE" in text
    assert "2026.2" in text
    assert "Dr Lege" in text  # who generated it
    assert "Kari Nordmann" in text
    assert "vortioxetine" in text  # the treatment table


def test_the_pdf_of_an_urgent_case_names_the_urgent_flag(as_clinician, make_intake):
    intake = make_intake("urgent-intent")
    text = pdf_text(as_clinician.get(reverse("review:pdf", args=[intake.reference])))
    assert "URG-SUICIDE-HIGH" in text


def test_an_urgent_draft_without_a_screening_result_still_gives_a_summary_and_a_pdf(as_clinician):
    from tests.factories import IntakeFactory

    draft = IntakeFactory(status="draft", urgent=True, document={"phq9": [3, 3, 3, 3, 3, 3, 3, 3, 3]})
    for name in ("review:case", "review:answers"):
        assert as_clinician.get(reverse(name, args=[draft.reference])).status_code == 200
    text = pdf_text(as_clinician.get(reverse("review:pdf", args=[draft.reference])))
    assert draft.reference in text


def test_an_urgent_draft_with_only_the_high_risk_answer_shows_it_on_every_page(as_clinician):
    """The crisis check stores a high-risk answer even from a page with other questions unanswered."""
    from tests.factories import IntakeFactory

    draft = IntakeFactory(status="draft", urgent=True, document={"format": "intake/1", "locale": "nb",
                                                                 "suicide_screen": {"intent": True}})
    answers = as_clinician.get(reverse("review:answers", args=[draft.reference]))
    assert "En viss intensjon om å handle på det" in answers.content.decode()
    assert as_clinician.get(reverse("review:case", args=[draft.reference])).status_code == 200
    text = pdf_text(as_clinician.get(reverse("review:pdf", args=[draft.reference])))
    assert draft.reference in text
