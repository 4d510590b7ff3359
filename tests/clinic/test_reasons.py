"""A reason the system writes on a history row is stored as a code and parameters, with the English
sentence, and worded when shown in the reader's language; an old row (text only) and a reason typed by a
person are shown as stored."""

import copy
import pickle

import pytest
from django.utils import translation

from clinic.reasons import REASONS, reason_fields, shown_reason, system_reason
from clinic.scheduling.models import AppointmentChange
from screening.models import Intake, IntakeStatusChange
from tests.factories import IntakeFactory, UserFactory

pytestmark = pytest.mark.django_db


def shown(row, language):
    with translation.override(language):
        return row.shown_reason


def test_the_stored_form_is_the_code_the_parameters_and_the_english_sentence_whatever_the_language():
    with translation.override("nb"):
        reason = system_reason("rescreened", ruleset="2026.2", was="needs_review", now="contraindicated")
    assert reason == "Re-screened under 2026.2: was needs_review, now contraindicated"
    assert reason_fields(reason) == {
        "reason": "Re-screened under 2026.2: was needs_review, now contraindicated", "reason_code": "rescreened",
        "reason_params": {"ruleset": "2026.2", "was": "needs_review", "now": "contraindicated"}}
    assert reason_fields("Typed by a clinician") == {"reason": "Typed by a clinician"}


def test_a_row_written_with_a_system_reason_keeps_its_code_and_is_worded_when_shown():
    intake = IntakeFactory()
    row = IntakeStatusChange.objects.create(
        intake=intake, from_status=intake.status, to_status=intake.status,
        reason=system_reason("rescreened", ruleset="2026.2", was="needs_review", now="contraindicated"))
    row = IntakeStatusChange.objects.get(pk=row.pk)
    assert (row.reason_code, row.reason_params) == (
        "rescreened", {"ruleset": "2026.2", "was": "needs_review", "now": "contraindicated"})
    assert row.reason == "Re-screened under 2026.2: was needs_review, now contraindicated"
    assert shown(row, "en") == "Re-screened under 2026.2: was Needs review, now Contraindicated"
    assert shown(row, "nb") == "Kartlagt på nytt etter 2026.2: var Må vurderes, nå Kontraindisert"


def test_an_old_row_with_only_text_and_a_typed_reason_are_shown_as_stored():
    intake = IntakeFactory()
    old = IntakeStatusChange.objects.create(intake=intake, from_status="", to_status=Intake.Status.DRAFT,
                                            reason="Started by the patient on the web")
    typed = IntakeStatusChange.objects.create(intake=intake, from_status=Intake.Status.SUBMITTED,
                                              to_status=Intake.Status.IN_REVIEW, actor=UserFactory(),
                                              reason="Tar over: Dr Lege er syk")
    for row in (old, typed):
        row = IntakeStatusChange.objects.get(pk=row.pk)
        assert (row.reason_code, row.reason_params) == ("", None)
        assert shown(row, "nb") == shown(row, "en") == row.reason


def test_a_code_no_longer_known_or_parameters_that_do_not_fit_show_the_stored_text():
    assert shown_reason(text="Gammel tekst", code="no_such_code", params={}) == "Gammel tekst"
    assert shown_reason(text="Stored text", code="screening_urgent", params={}) == "Stored text"
    for params in (["a"], "str", 5):
        assert shown_reason(text="Stored text", code="screening_urgent", params=params) == "Stored text"


def test_a_system_reason_survives_copy_and_pickle_with_its_code():
    reason = system_reason("screening_urgent", ruleset="2026.2")
    for again in (copy.copy(reason), copy.deepcopy(reason), pickle.loads(pickle.dumps(reason))):
        assert (str(again), again.code, again.params) == (str(reason), "screening_urgent", {"ruleset": "2026.2"})


@pytest.mark.parametrize("model", [IntakeStatusChange, AppointmentChange])
def test_every_code_fits_the_column(model):
    assert max(map(len, REASONS)) <= model._meta.get_field("reason_code").max_length


def test_the_clinicians_free_text_inside_a_system_reason_stays_as_typed():
    with translation.override("nb"):
        text = shown_reason(text="", code="questionnaire_crisis_reviewed",
                            params={"response": 7, "note": "Called her; safety plan agreed."})
    assert text == "Krisesvar på spørreskjema (svar nr. 7) vurdert: Called her; safety plan agreed."


@pytest.mark.parametrize("code", sorted(REASONS))
def test_every_reason_in_the_catalogue_is_worded_in_both_languages(code):
    params = {"ruleset": "2026.2", "rule": "URG-SUICIDE-HIGH", "decision": "approve", "was": "needs_review",
              "now": "urgent", "codes": ["ABS-X"], "note": "ok", "instrument": "phq9", "response": 3,
              "notes": ["late"]}
    reason = system_reason(code, **{key: value for key, value in params.items() if f"%({key})s" in REASONS[code].text})
    worded = {}
    for language in ("nb", "en"):
        with translation.override(language):
            worded[language] = shown_reason(text="", code=code, params=reason.params)
        assert worded[language] and "%(" not in worded[language], (code, language)
    if not REASONS[code].codes_in_text:  # else the stored text has the codes, the page their names
        assert worded["en"] == str(reason)
    assert worded["nb"] != worded["en"], code  # translated, not the English fallen back to
