"""Scores, bands, age and BMI (clinical-rules.md, "Derived values and general rules")."""

import pytest

from screening import instruments
from screening.instruments import age_at_submission, bmi

from .conftest import screen_doc

SUBMITTED = "2026-11-20T10:15:00+01:00"


# --- totals ---------------------------------------------------------------------------------------

def test_total_is_the_sum_of_the_items():
    assert instruments.total([2, 3, 2, 2, 1, 2, 2, 3, 0]) == 17


def test_total_of_an_unanswered_instrument_is_none():
    assert instruments.total(None) is None


def test_scores_of_unanswered_instruments_are_null_and_so_are_their_bands():
    result = screen_doc({"phq9": None, "gad7": None, "pcl5": None, "substances.auditc": None})
    assert {key: result["scores"][key] for key in ("phq9", "gad7", "pcl5", "auditc")} == {
        "phq9": None, "gad7": None, "pcl5": None, "auditc": None,
    }
    assert result["bands"] == {"phq9": None, "gad7": None, "pcl5": None}


def test_pcl5_given_without_ptsd_is_still_scored():
    result = screen_doc({"pcl5": [1] * 20})
    assert result["scores"]["pcl5"] == 20
    assert result["bands"]["pcl5"] == "below_threshold"


def test_auditc_is_scored_from_the_substances_section():
    assert screen_doc({"substances.auditc": [4, 2, 1]})["scores"]["auditc"] == 7


# --- bands ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "score, expected",
    [
        (0, "minimal"), (4, "minimal"),
        (5, "mild"), (9, "mild"),
        (10, "moderate"), (14, "moderate"),
        (15, "moderately_severe"), (19, "moderately_severe"),
        (20, "severe"), (27, "severe"),
    ],
)
def test_phq9_band_boundaries(score, expected):
    assert instruments.phq9_band(score) == expected


@pytest.mark.parametrize(
    "score, expected",
    [
        (0, "minimal"), (4, "minimal"),
        (5, "mild"), (9, "mild"),
        (10, "moderate"), (14, "moderate"),
        (15, "severe"), (21, "severe"),
    ],
)
def test_gad7_band_boundaries(score, expected):
    assert instruments.gad7_band(score) == expected


@pytest.mark.parametrize(
    "score, expected",
    [(0, "below_threshold"), (32, "below_threshold"), (33, "probable_ptsd"), (80, "probable_ptsd")],
)
def test_pcl5_band_boundaries(score, expected):
    assert instruments.pcl5_band(score) == expected


@pytest.mark.parametrize("band", [instruments.phq9_band, instruments.gad7_band, instruments.pcl5_band])
def test_band_of_no_score_is_none(band):
    assert band(None) is None


@pytest.mark.parametrize(
    "items, expected",
    [
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], "minimal"),   # 4
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], "mild"),      # 5
        ([2, 2, 2, 2, 2, 0, 0, 0, 0], "moderate"),  # 10
        ([2, 2, 2, 2, 2, 2, 2, 1, 0], "moderately_severe"),  # 15
        ([3, 3, 3, 3, 3, 3, 2, 0, 0], "severe"),    # 20
    ],
)
def test_screening_result_reports_the_phq9_band(items, expected):
    assert screen_doc({"phq9": items})["bands"]["phq9"] == expected


@pytest.mark.parametrize(
    "items, expected",
    [([1, 1, 1, 1, 1, 0, 0], "mild"), ([3, 3, 3, 3, 3, 0, 0], "severe"), ([2, 2, 2, 2, 2, 0, 0], "moderate")],
)
def test_screening_result_reports_the_gad7_band(items, expected):
    assert screen_doc({"gad7": items})["bands"]["gad7"] == expected


@pytest.mark.parametrize("items, expected", [([2] * 16 + [0] * 4, "below_threshold"),
                                             ([2] * 16 + [1, 0, 0, 0], "probable_ptsd")])
def test_screening_result_reports_the_pcl5_band(items, expected):
    assert screen_doc({"pcl5": items})["bands"]["pcl5"] == expected


# --- age ------------------------------------------------------------------------------------------

def test_age_on_the_18th_birthday_is_18():
    assert age_at_submission("2008-11-20", SUBMITTED) == 18


def test_age_the_day_before_the_18th_birthday_is_17():
    assert age_at_submission("2008-11-21", SUBMITTED) == 17


def test_age_the_day_after_a_birthday_is_the_new_age():
    assert age_at_submission("2008-11-19", SUBMITTED) == 18


def test_age_counts_whole_years_across_month_boundaries():
    assert age_at_submission("1985-04-02", SUBMITTED) == 41
    assert age_at_submission("1985-12-31", SUBMITTED) == 40


@pytest.mark.parametrize(
    "submitted_at, expected",
    [
        ("2026-02-28T12:00:00+01:00", 17),  # not yet: 29 February does not exist in 2026
        ("2026-03-01T12:00:00+01:00", 18),  # reached on 1 March
        ("2028-02-28T12:00:00+01:00", 19),
        ("2028-02-29T12:00:00+01:00", 20),  # a leap year: reached on the day
    ],
)
def test_a_29_february_birthday_is_reached_on_1_march_in_other_years(submitted_at, expected):
    assert age_at_submission("2008-02-29", submitted_at) == expected


def test_age_uses_the_date_written_in_submitted_at_not_utc():
    # 00:30 at +01:00 is still 19 November in UTC; the date written is the 20th, the 18th birthday.
    assert age_at_submission("2008-11-20", "2026-11-20T00:30:00+01:00") == 18


def test_age_uses_the_date_written_in_submitted_at_for_a_negative_offset():
    # 23:30 at -01:00 is already 20 November in UTC; the date written is the 19th.
    assert age_at_submission("2008-11-20", "2026-11-19T23:30:00-01:00") == 17


def test_age_with_a_utc_timestamp():
    assert age_at_submission("2008-11-20", "2026-11-20T00:00:00Z") == 18


def test_age_without_a_date_of_birth_is_none():
    assert age_at_submission(None, SUBMITTED) is None


def test_screening_result_reports_the_age():
    assert screen_doc({"patient.date_of_birth": "2008-11-20",
                       "submitted_at": "2026-11-20T00:30:00+01:00"})["scores"]["age"] == 18


def test_screening_result_age_is_null_without_a_date_of_birth():
    assert screen_doc({"patient.date_of_birth": None})["scores"]["age"] is None


# --- BMI ------------------------------------------------------------------------------------------

def test_bmi_of_the_base_patient():
    assert bmi(70.0, 170) == 24.2


def test_bmi_just_under_35():
    assert bmi(139.6, 200) == 34.9


def test_bmi_of_exactly_35():
    assert bmi(140.0, 200) == 35.0


def test_bmi_of_an_integer_weight_and_height():
    assert bmi(140, 200) == 35.0


@pytest.mark.parametrize(
    "weight, height, expected",
    [
        (139.8, 200, 35.0),   # 34.95
        (139.79, 200, 34.9),  # 34.9475
        (41.8, 200, 10.5),    # 10.45: binary floating point would give 10.4
        (80.0, 160, 31.3),    # 31.25: 80 / 1.6**2 is 31.249999... in floating point
        (41.6, 160, 16.3),    # 16.25
        (62.08, 160, 24.3),   # 24.25
    ],
)
def test_bmi_rounds_half_away_from_zero(weight, height, expected):
    assert bmi(weight, height) == expected


def test_bmi_with_a_decimal_height():
    # 70 / 1.725**2 = 23.524...
    assert bmi(70, 172.5) == 23.5


@pytest.mark.parametrize("weight, height", [(None, 170), (70.0, None), (None, None)])
def test_bmi_without_weight_or_height_is_none(weight, height):
    assert bmi(weight, height) is None


def test_screening_result_reports_the_rounded_bmi():
    assert screen_doc({"patient.weight_kg": 139.8, "patient.height_cm": 200})["scores"]["bmi"] == 35.0


def test_screening_result_bmi_is_null_without_a_height():
    assert screen_doc({"patient.height_cm": None})["scores"]["bmi"] is None
