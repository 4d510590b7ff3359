"""Response (≥ 50 % fall from baseline) and remission (PHQ-9 < 5, GAD-7 < 5, PCL-5 < 33) at their thresholds."""

import pytest

from clinic.proms import measures

BELOW = {"phq9": 5, "gad7": 5, "pcl5": 33}


@pytest.mark.parametrize("baseline, score, expected", [
    (20, 10, True),  # exactly 50 %
    (21, 11, False),  # 47.6 %
    (201, 101, False),  # 49.75 %: not rounded up to 50
    (200, 100, True),
    (20, 0, True),
    (20, 25, False),  # worse
    (0, 0, False),  # nothing to fall from
    (None, 5, False),
    (20, None, False),
])
def test_response_is_a_fall_of_at_least_half_the_baseline(baseline, score, expected):
    assert measures.is_response(baseline, score, fraction=0.5) is expected


def test_the_response_fraction_is_a_setting():
    assert measures.is_response(20, 14, fraction=0.3) is True
    assert measures.is_response(20, 15, fraction=0.3) is False


@pytest.mark.parametrize("instrument, score, expected", [
    ("phq9", 4, True), ("phq9", 5, False),
    ("gad7", 4, True), ("gad7", 5, False),
    ("pcl5", 32, True), ("pcl5", 33, False),
    ("phq9", None, False), ("auditc", 0, False),
])
def test_remission_is_below_the_instruments_threshold(instrument, score, expected):
    assert measures.is_remission(instrument, score, below=BELOW) is expected


def test_answers_must_be_complete_and_in_range():
    assert measures.valid_answers("phq9", [0] * 9)
    assert not measures.valid_answers("phq9", [0] * 8)
    assert not measures.valid_answers("phq9", [0] * 8 + [4])
    assert not measures.valid_answers("phq9", [0] * 8 + [True])
    assert measures.valid_answers("pcl5", [4] * 20)
    assert not measures.valid_answers("gad7", None)


def test_phq9_item_9_above_0_is_self_harm():
    assert measures.self_harm_answered("phq9", [0] * 8 + [1])
    assert not measures.self_harm_answered("phq9", [3] * 8 + [0])
    assert not measures.self_harm_answered("gad7", [3] * 7)


def test_the_instrument_follows_the_indication():
    severity = {"depression": ("phq9", 10), "anxiety": ("gad7", 10), "ptsd": ("pcl5", 33)}
    assert [measures.instrument_for(i, severity) for i in ("depression", "anxiety", "ptsd", "other", "")] == [
        "phq9", "gad7", "pcl5", "phq9", "phq9"]


def test_median():
    assert measures.median([]) is None
    assert measures.median([3, 1, 2]) == 2
    assert measures.median([4, 1, 2, 3]) == 2.5
