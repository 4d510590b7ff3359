"""The one-page summary: identity, scores, treatment table with reasons, flags in words, answers page."""

import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection
from django.urls import reverse

from screening.review.selectors import treatment_table
from screening.review.services import review_claim, review_flag
from screening.rules import get_ruleset

pytestmark = pytest.mark.django_db


def test_the_summary_shows_who_scores_and_the_flag_with_its_evidence_in_words(as_clinician, make_intake):
    intake = make_intake("bp-181-80", phone="+47 911 22 333")
    page = as_clinician.get(reverse("review:case", args=[intake.reference])).content.decode()
    for text in ("Kari Nordmann", "kari@example.com", "+47 911 22 333", "ABS-HTN-UNCONTROLLED",
                 "Høyt blodtrykk som ikke er velregulert",  # the rule's explanation in Norwegian
                 "siste blodtrykk: 181/80", "PHQ-9", "Absolutt kontraindikasjon"):
        assert text in page, text
    assert "medical.last_bp" not in page


def test_in_english_the_explanation_is_the_english_one(as_clinician, make_intake):
    intake = make_intake("bp-181-80")
    page = as_clinician.get(f"/en/review/case/{intake.reference}/").content.decode()
    assert "High blood pressure that is not well controlled or not treated" in page
    assert "last blood pressure: 181/80" in page


def test_the_treatment_table_uses_the_engines_reasons():
    from django.utils import translation

    translation.activate("en")
    ruleset = get_ruleset()
    document = {"treatments": {"medications": [
        {"drug": "sertraline", "max_daily_dose_mg": 25, "weeks_at_dose": 8, "current_episode": True, "outcome": "no_effect"},
        {"drug": "sertraline", "max_daily_dose_mg": 100, "weeks_at_dose": 3, "current_episode": True, "outcome": "no_effect"},
        {"drug": "escitalopram", "max_daily_dose_mg": 20, "weeks_at_dose": 8, "current_episode": False, "outcome": "no_effect"},
        {"drug": "escitalopram", "max_daily_dose_mg": 20, "weeks_at_dose": 8, "current_episode": True, "outcome": "stopped_side_effects"},
        {"drug": "venlafaxine", "max_daily_dose_mg": None, "weeks_at_dose": 8, "current_episode": True, "outcome": "no_effect"},
        {"drug": "venlafaxine", "max_daily_dose_mg": 150, "weeks_at_dose": 8, "current_episode": True, "outcome": "partial"},
    ], "psychotherapies": [{"kind": "cbt", "sessions": 4, "outcome": "no_effect"}]}}
    rows = treatment_table(document, "depression", ruleset)
    words = [row["reason_words"] for row in rows]
    assert [row["counts"] for row in rows] == [False, False, False, False, False, True, False]
    assert words[0] == "not counted: dose below the 50 mg minimum"
    assert words[1] == "not counted: under 4 weeks"
    assert words[2] == "not counted: an earlier period of illness"
    assert words[3] == "not counted: stopped for side effects"
    assert words[4] == "not counted: dose unknown"
    assert words[6] == "not counted: fewer than 8 sessions"
    document["treatments"]["psychotherapies"].append({"kind": "ipt", "sessions": 12, "outcome": "partial"})
    assert treatment_table(document, "depression", ruleset)[7]["reason_words"] == (
        "counted: enough sessions, no sufficient effect")  # a course has sessions, not a dose
    assert words[5] == "counted: adequate dose and duration, no sufficient effect"
    translation.activate("nb")
    assert treatment_table(document, "depression", ruleset)[0]["reason_words"] == "telles ikke: dose under minstedosen på 50 mg"


def test_the_answers_page_has_every_answer_in_words(as_clinician, make_intake):
    intake = make_intake("meds-sobril-lamictal")
    page = as_clinician.get(reverse("review:answers", args=[intake.reference])).content.decode()
    for text in ("Fysisk helse", "vortioxetine", "Sobril", "PHQ-9"):
        assert text in page, text


def test_the_case_page_reads_a_fixed_number_of_queries(as_clinician, clinician, make_intake):
    small = make_intake("base-meets")
    big = make_intake("meds-sobril-lamictal")
    review_claim(intake=big, clinician=clinician)
    for _ in range(3):
        review_flag(intake=big, clinician=clinician, code="INFO-MED-LAMOTRIGINE", action="acknowledged")
        review_flag(intake=big, clinician=clinician, code="REL-MED-BENZODIAZEPINE", action="overridden", reason="r")
    as_clinician.get(reverse("review:case", args=[small.reference]))
    with CaptureQueriesContext(connection) as few:
        as_clinician.get(reverse("review:case", args=[small.reference]))
    with CaptureQueriesContext(connection) as many:
        as_clinician.get(reverse("review:case", args=[big.reference]))
    assert len(many) == len(few)
    assert len(many) <= 20


def test_a_blood_pressure_reads_as_words_with_its_date():
    from django.utils import translation

    from screening.review.wording import evidence_words

    bp = {"systolic": 181, "diastolic": 80, "measured_on": "2026-10-01"}
    with translation.override("en"):
        assert evidence_words("medical.last_bp", bp) == "last blood pressure: 181/80, measured 1 Oct 2026"
    assert evidence_words("medical.last_bp", bp) == "siste blodtrykk: 181/80, målt 01.10.2026"
    assert evidence_words("phq9[8]", 2) == "PHQ-9 spørsmål 9: 2"
