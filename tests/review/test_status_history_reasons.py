"""The status history on the case page words the system's reasons in the clinician's language (they are
stored as a code and parameters, with the English sentence); a clinician's own reason is shown as typed."""

import pytest
from django.urls import reverse
from django.utils import translation

from screening.review.services import review_claim, review_decide, review_info_answer

pytestmark = pytest.mark.django_db


def shown(row, language):
    with translation.override(language):
        return row.shown_reason


def row(intake, code):
    return intake.status_changes.get(reason_code=code)


@pytest.fixture
def answered(make_intake, clinician):
    """An urgent intake, claimed, with a request for information (no reason typed) the patient answered."""
    intake = make_intake("urgent-intent")
    review_claim(intake=intake, clinician=clinician)
    decision = review_decide(intake=intake, clinician=clinician, kind="request_info", patient_message="Mer?")
    review_info_answer(decision=decision, text="Svar.")
    return intake


def test_the_screening_that_raised_an_urgent_flag(answered):
    change = row(answered, "screening_urgent")
    ruleset = answered.results.order_by("pk").first().ruleset
    assert change.reason_params == {"ruleset": ruleset}
    assert change.reason == f"Marked urgent: the {ruleset} screening raised an urgent flag."
    assert shown(change, "en") == change.reason
    assert shown(change, "nb") == f"Merket som haster: kartleggingen etter regelsett {ruleset} utløste et hasteflagg."


def test_a_claim_without_a_reason_a_decision_without_one_and_the_patients_answer(answered):
    claimed, decided, answer = row(answered, "claimed"), row(answered, "decided"), row(answered, "info_answered")
    assert (claimed.reason, shown(claimed, "nb")) == ("Claimed for review", "Tatt til vurdering")
    assert decided.reason_params == {"decision": "request_info"}
    assert (decided.reason, shown(decided, "en"), shown(decided, "nb")) == (
        "Request more information", "Request more information", "Be om mer informasjon")
    assert answer.reason == shown(answer, "en") == "The patient answered the request for information"
    assert shown(answer, "nb") == "Pasienten svarte på forespørselen om informasjon"


def test_a_reason_the_clinician_typed_is_kept_as_typed(make_intake, clinician, other_clinician):
    intake = make_intake()
    review_claim(intake=intake, clinician=clinician)
    review_decide(intake=intake, clinician=clinician, kind="decline", reason="Ikke indikasjon nå",
                  patient_message="Vi tar kontakt.")
    change = intake.status_changes.get(to_status="declined")
    assert (change.reason, change.reason_code) == ("Ikke indikasjon nå", "")
    assert shown(change, "en") == shown(change, "nb") == "Ikke indikasjon nå"


def test_the_case_page_shows_the_history_in_the_clinicians_language(answered, as_clinician):
    ruleset = answered.results.order_by("pk").first().ruleset
    norwegian = as_clinician.get(reverse("review:case", args=[answered.reference])).content.decode()
    for words in (f"Merket som haster: kartleggingen etter regelsett {ruleset} utløste et hasteflagg.",
                  "Tatt til vurdering", "Pasienten svarte på forespørselen om informasjon"):
        assert words in norwegian, words
    assert "Marked urgent" not in norwegian and "The patient answered the request" not in norwegian
    english = as_clinician.get(f"/en/review/case/{answered.reference}/").content.decode()
    for words in (f"Marked urgent: the {ruleset} screening raised an urgent flag.", "Claimed for review",
                  "The patient answered the request for information"):
        assert words in english, words
    assert "Merket som haster" not in english and "Tatt til vurdering" not in english
