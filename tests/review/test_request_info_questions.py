"""Structured requests for more information (services): the clinician picks questions, the patient's
answers make a new document version beside the original, which is validated and screened again."""

import copy
import re
from types import SimpleNamespace

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.utils import translation

from screening.document import validate_intake
from screening.models import ScreeningResult
from screening.patient.single_questions import MEDICATION_TRIAL, QUESTIONS
from screening.rules import get_ruleset, screen
from screening.review.info_request import offered_questions
from screening.review.models import InfoResponse, IntakeDocumentVersion
from screening.review.services import LINK_SALT, review_claim, review_decide, review_info_answer
from screening.services import intake_import
from tests.intake.answers import BASE_DOCUMENT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids), whatever the catalogue holds."""
    with translation.override("en"):
        yield

INTAKE_2 = {**BASE_DOCUMENT, "submitted_at": "2026-11-20T10:15:00+01:00"}
NEW_BP = {"systolic": 150, "diastolic": 95, "measured_on": "2026-11-25"}


@pytest.fixture
def intake_2():
    intake, _result = intake_import(document=copy.deepcopy(INTAKE_2), name="Kari Nordmann", email="kari@example.com")
    return intake


def ask(intake, clinician, questions, message=""):
    review_claim(intake=intake, clinician=clinician)
    return review_decide(intake=intake, clinician=clinician, kind="request_info", patient_message=message,
                         questions=questions)


def without_time(document):
    return {key: value for key, value in document.items() if key != "submitted_at"}


def test_the_answers_make_a_new_version_beside_the_original_which_is_screened_again(intake_2, clinician):
    original = copy.deepcopy(intake_2.document)
    decision = ask(intake_2, clinician, ["medical.last_bp", "medical.heart_disease"])
    assert decision.questions == ["medical.last_bp", "medical.heart_disease"]  # in the intake's order

    response = review_info_answer(decision=decision, text="Målt hos fastlegen.",
                                  answers={"medical.heart_disease": "serious", "medical.last_bp": NEW_BP})

    intake_2.refresh_from_db()
    first, second = IntakeDocumentVersion.objects.filter(intake=intake_2).order_by("number")
    assert (first.number, first.source, first.document) == (1, "submitted", original)
    assert second.number == 2 and second.source == f"patient answer to request {decision.pk}"
    assert intake_2.document == second.document  # the latest version is the one screened
    expected = copy.deepcopy(original)
    expected["medical"].update(heart_disease="serious", last_bp=NEW_BP)
    assert without_time(second.document) == without_time(expected)
    assert second.document["submitted_at"] != original["submitted_at"]  # when the patient answered
    assert validate_intake(second.document) == []

    assert response.document_version == second and response.text == "Målt hos fastlegen."
    assert response.result == intake_2.latest_result
    assert response.result.ruleset == get_ruleset().version
    assert response.result.result == screen(second.document)
    assert ScreeningResult.objects.filter(intake=intake_2).count() == 2
    assert intake_2.status == "resubmitted"
    assert intake_2.status_changes.latest("pk").to_status == "resubmitted"


def test_an_intake_1_document_answered_this_way_becomes_intake_2(make_intake, clinician):
    intake = make_intake("bp-181-80", intake_1=True)
    original = copy.deepcopy(intake.document)
    assert original["format"] == "intake/1"
    decision = ask(intake, clinician, ["psychiatric.psychotic_disorder"])
    review_info_answer(decision=decision, answers={"psychiatric.psychotic_disorder": False})

    intake.refresh_from_db()
    document = intake.document
    assert document["format"] == "intake/2"
    assert document["psychiatric"]["psychotic_disorder"] is False
    assert document["practical"]["ongoing_follow_up"] is None  # not asked: null, never a guessed "no"
    assert validate_intake(document) == []
    assert without_time({**document, "format": "intake/1", "psychiatric": original["psychiatric"],
                         "practical": original["practical"]}) == without_time(original)
    missing = next(f for f in intake.latest_result.flags if f["code"] == "REL-MISSING")
    assert missing["evidence"] == {"practical.ongoing_follow_up": None}
    # The submitted intake/1 document stays readable, unchanged.
    assert IntakeDocumentVersion.objects.get(intake=intake, number=1).document == original


def test_a_second_answered_request_makes_version_3_from_version_2(intake_2, clinician):
    decision = ask(intake_2, clinician, ["medical.last_bp"])
    review_info_answer(decision=decision, answers={"medical.last_bp": NEW_BP})
    decision = ask(intake_2, clinician, ["practical.ongoing_follow_up"])
    review_info_answer(decision=decision, answers={"practical.ongoing_follow_up": False})
    intake_2.refresh_from_db()
    assert list(IntakeDocumentVersion.objects.filter(intake=intake_2).values_list("number", flat=True)) == [1, 2, 3]
    assert intake_2.document["medical"]["last_bp"] == NEW_BP
    assert intake_2.document["practical"]["ongoing_follow_up"] is False


def test_a_medication_trial_corrects_the_trial_of_the_same_medicine_or_is_added(make_intake, clinician):
    intake = make_intake("tr-one-trial")
    corrected = {"drug": "sertraline", "max_daily_dose_mg": 100, "weeks_at_dose": 10, "current_episode": True,
                 "outcome": "no_effect"}
    decision = ask(intake, clinician, [MEDICATION_TRIAL])
    review_info_answer(decision=decision, answers={MEDICATION_TRIAL: corrected})
    intake.refresh_from_db()
    trials = intake.document["treatments"]["medications"]
    assert [t["drug"] for t in trials] == ["escitalopram", "sertraline"]
    assert trials[1] == corrected

    added = {**corrected, "drug": "Brintelix"}  # not in the dose table: kept as written
    decision = ask(intake, clinician, [MEDICATION_TRIAL])
    review_info_answer(decision=decision, answers={MEDICATION_TRIAL: added})
    intake.refresh_from_db()
    assert [t["drug"] for t in intake.document["treatments"]["medications"]] == ["escitalopram", "sertraline",
                                                                                  "Brintelix"]


def test_an_answer_the_document_cannot_hold_is_refused_on_its_question_and_nothing_is_stored(
        intake_2, clinician, caplog):
    decision = ask(intake_2, clinician, ["medical.heart_disease", "practical.ongoing_follow_up"])
    before = copy.deepcopy(intake_2.document)
    with pytest.raises(ValidationError) as refused:
        review_info_answer(decision=decision, answers={"medical.heart_disease": "sometimes",
                                                       "practical.ongoing_follow_up": True})
    assert list(refused.value.message_dict) == ["medical.heart_disease"]
    assert "medical.heart_disease" in caplog.text and "sometimes" not in caplog.text  # the path, never the answer
    intake_2.refresh_from_db()
    assert intake_2.document == before and intake_2.status == "info_requested"
    assert not IntakeDocumentVersion.objects.exists() and not InfoResponse.objects.exists()
    assert ScreeningResult.objects.filter(intake=intake_2).count() == 1


@pytest.mark.parametrize("answers", [
    {"medical.heart_disease": "no"},  # one missing
    {"medical.heart_disease": "no", "medical.last_bp": None, "patient.weight_kg": 40},  # one not asked
])
def test_every_question_asked_is_answered_and_no_other(intake_2, clinician, answers):
    decision = ask(intake_2, clinician, ["medical.last_bp", "medical.heart_disease"])
    with pytest.raises(ValidationError, match="Please answer every question"):
        review_info_answer(decision=decision, answers=answers)
    assert not IntakeDocumentVersion.objects.exists()


def test_the_request_is_answered_once(intake_2, clinician):
    decision = ask(intake_2, clinician, ["practical.ongoing_follow_up"])
    review_info_answer(decision=decision, answers={"practical.ongoing_follow_up": True})
    with pytest.raises(ValidationError, match="already answered"):
        review_info_answer(decision=decision, answers={"practical.ongoing_follow_up": False})
    assert IntakeDocumentVersion.objects.count() == 2 and InfoResponse.objects.count() == 1


def test_a_free_text_request_still_works_and_makes_no_new_version(make_intake, clinician):
    intake = make_intake("bp-181-80", intake_1=True)
    decision = ask(intake, clinician, [], message="Hvem målte blodtrykket?")
    with pytest.raises(ValidationError, match="Please write your answer"):
        review_info_answer(decision=decision, text=" ")
    review_info_answer(decision=decision, text="Fastlegen.")
    intake.refresh_from_db()
    assert intake.document["format"] == "intake/1" and intake.status == "resubmitted"
    assert not IntakeDocumentVersion.objects.exists()


def test_only_the_questions_offered_for_the_case_go_with_a_request_for_information(intake_2, clinician):
    review_claim(intake=intake_2, clinician=clinician)
    with pytest.raises(ValidationError, match="cannot be asked"):
        review_decide(intake=intake_2, clinician=clinician, kind="request_info", questions=["patient.weight_kg"])
    with pytest.raises(ValidationError, match="go with a request"):
        review_decide(intake=intake_2, clinician=clinician, kind="decline", reason="r", patient_message="m",
                      questions=["medical.heart_disease"])
    with pytest.raises(ValidationError, match="or choose questions"):
        review_decide(intake=intake_2, clinician=clinician, kind="request_info")
    intake_2.refresh_from_db()
    assert intake_2.status == "in_review"


def test_missing_answers_and_questions_the_old_format_did_not_ask_are_offered_first(make_intake):
    result = SimpleNamespace(flags=[
        {"code": "REL-MISSING", "level": "relative", "evidence": {"reproductive.pregnant": None, "gad7": None}},
        {"code": "INFO-NOT-ASKED", "level": "info",
         "evidence": {"psychiatric.psychotic_disorder": None, "practical.ongoing_follow_up": None}},
    ])
    assert offered_questions(result) == [
        ("gad7", "missing"), ("psychiatric.psychotic_disorder", "not_asked"), ("reproductive.pregnant", "missing"),
        ("practical.ongoing_follow_up", "not_asked"),
        (MEDICATION_TRIAL, None), ("medical.last_bp", None), ("medical.heart_disease", None),
        ("current_medications", None),
    ]
    intake = make_intake("female-reproductive-missing")
    assert [key for key, why in offered_questions(intake.latest_result) if why == "missing"] == [
        "reproductive.pregnant", "reproductive.breastfeeding", "reproductive.planning_pregnancy"]


def test_every_path_the_rules_can_report_missing_can_be_asked():
    for fmt, groups in get_ruleset("2026.2").asked_paths.items():
        for paths in groups.values():
            assert [path for path in paths if path not in QUESTIONS] == [], fmt


def test_the_e_mail_and_the_link_carry_no_health_data(intake_2, clinician):
    decision = ask(intake_2, clinician, ["medical.last_bp", "medical.heart_disease"],
                   message="Hvor høyt var blodtrykket?")
    [message] = mail.outbox
    body = message.body.lower() + message.subject.lower()
    for word in ("blodtrykk", "blood", "heart", "hjerte", "last_bp", "medical", "systolic"):
        assert word not in body
    token = re.search(r"https?://[^/\s]+/review/message/([^/\s]+)/", message.body).group(1)
    assert signing.loads(token, salt=LINK_SALT) == decision.pk  # the link carries the request's id, nothing else


def test_on_a_real_intake_1_case_the_questions_it_did_not_ask_come_first_marked_not_asked(make_intake):
    from screening.review.info_request import offered_questions

    intake = make_intake("base-meets", intake_1=True)
    assert [flag["code"] for flag in intake.latest_result.flags] == ["INFO-NOT-ASKED"]
    offered = offered_questions(intake.latest_result)
    assert offered[:2] == [("psychiatric.psychotic_disorder", "not_asked"), ("practical.ongoing_follow_up", "not_asked")]
