"""The case page and its PDF read in ten seconds: the outcome with its ruleset first, then the flags most
severe first, each with its review form open beside it, then scores, treatment history and the rest."""

import pytest
from django.urls import reverse

from screening.review.services import review_claim
from screening.samples import as_intake_2
from screening.services import intake_import
from tests.review.test_page_language import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_flags(example_document):
    """A contraindicated case: an absolute, a relative and two flags for information."""
    document = as_intake_2(example_document("bp-181-80"))
    document["current_medications"] = ["vortioxetine", "Sobril", "lamictal"]
    document["substances"]["auditc"] = [2, 1, 1]
    intake, _ = intake_import(document=document, name="Kari Nordmann", email="kari@example.com")
    return intake


def positions(page, *markers):
    found = [page.index(marker) for marker in markers]
    return found == sorted(found)


def test_the_outcome_comes_first_then_the_flags_most_severe_first_then_scores_and_history(as_clinician, four_flags):
    page = as_clinician.get(f"/en/review/case/{four_flags.reference}/").content.decode()
    assert positions(page, 'data-testid="outcome"', "Contraindicated", "ruleset <strong>2026.2</strong>",
                     'id="flag-ABS-HTN-UNCONTROLLED"', 'id="flag-REL-MED-BENZODIAZEPINE"', 'id="flag-INFO-ALCOHOL"',
                     'id="scores"', 'id="history"', 'id="practical"', 'id="notes"')
    assert 'Check first: <a class="fw-semibold text-nowrap" href="#flag-ABS-HTN-UNCONTROLLED">' in page
    assert "0 of 4 flags reviewed" in page


def test_the_claim_box_is_at_the_top_and_the_decision_beside_the_summary(as_clinician, clinician, four_flags):
    review_claim(intake=four_flags, clinician=clinician)
    page = as_clinician.get(reverse("review:case", args=[four_flags.reference])).content.decode()
    assert positions(page, 'data-testid="claim-box"', 'id="flag-ABS-HTN-UNCONTROLLED"', 'id="scores"', 'id="decide"')


def test_the_holder_sees_each_flags_review_form_open_with_the_password_only_for_absolute_flags(
        as_clinician, clinician, four_flags):
    review_claim(intake=four_flags, clinician=clinician)
    page = as_clinician.get(reverse("review:case", args=[four_flags.reference])).content.decode()
    assert "<details" not in page[page.index('id="flags"'):page.index('id="scores"')]
    for code in ("ABS-HTN-UNCONTROLLED", "REL-MED-BENZODIAZEPINE", "INFO-ALCOHOL", "INFO-MED-LAMOTRIGINE"):
        assert f'action="/review/case/{four_flags.reference}/flag/{code}/"' in page, code
    assert page.count('type="password"') == 1
    assert 'name="f-ABS-HTN-UNCONTROLLED-password"' in page


def test_a_clinician_who_does_not_hold_the_case_sees_the_flags_without_forms(as_clinician, four_flags):
    page = as_clinician.get(reverse("review:case", args=[four_flags.reference])).content.decode()
    assert page.count('data-testid="flag"') == 4
    assert "/flag/" not in page


def test_the_page_has_no_inline_style_for_the_content_security_policy(as_clinician, clinician, four_flags):
    review_claim(intake=four_flags, clinician=clinician)
    page = as_clinician.get(reverse("review:case", args=[four_flags.reference])).content.decode()
    assert "style=" not in page and "<style" not in page


def test_the_pdf_has_the_same_order(as_clinician, four_flags):
    text = pdf_text(as_clinician.get(f"/en/review/case/{four_flags.reference}/pdf/"))
    assert positions(text, "Kari Nordmann", "Contraindicated · ruleset 2026.2", "Check first: ABS-HTN-UNCONTROLLED",
                     "ABS-HTN-UNCONTROLLED —", "REL-MED-BENZODIAZEPINE —", "INFO-ALCOHOL —", "PHQ-9) 17/27",
                     "Treatment history", "escitalopram", "Practical matters")


def test_a_resumed_case_shows_the_patients_answer_before_the_decision_form(as_clinician, clinician, four_flags):
    from screening.models import Intake
    from screening.review.services import review_decide, review_info_answer

    review_claim(intake=four_flags, clinician=clinician)
    decision = review_decide(intake=four_flags, clinician=clinician, kind="request_info",
                             patient_message="How much Sobril do you take?")
    review_info_answer(decision=decision, text="10 mg in the evening.")
    review_claim(intake=Intake.objects.get(pk=four_flags.pk), clinician=clinician)
    page = as_clinician.get(reverse("review:case", args=[four_flags.reference])).content.decode()
    assert positions(page, 'id="flag-ABS-HTN-UNCONTROLLED"', 'data-testid="patient-answer"', 'id="decide"')
