"""Scores on the case page: a small bar (SVG, classes only) with the number and the band in words beside it."""

import pytest
from django.urls import reverse

from screening.review.templatetags.case_page import score_bar

pytestmark = pytest.mark.django_db


def test_the_bar_is_filled_to_the_score_and_coloured_by_its_band():
    bar = score_bar("phq9", 17)  # moderately severe
    assert 'width="75.6"' in bar  # 17 of 27 on a 120-wide bar
    assert "score-bar-3" in bar and 'aria-hidden="true"' in bar and "style" not in bar
    assert "score-bar-0" in score_bar("phq9", 2)
    assert bar.count("score-bar-tick") == 4  # between the five bands


def test_no_bar_for_a_score_not_computed_and_none_beyond_the_scale():
    assert score_bar("pcl5", None) == ""
    assert score_bar("bmi", 24) == ""
    assert 'width="120.0"' in score_bar("gad7", 99)  # clamped, never wider than the track


def test_the_case_page_shows_each_score_with_its_bar_number_and_band(as_clinician, make_intake):
    intake = make_intake("bp-181-80")
    page = as_clinician.get(f"/en/review/case/{intake.reference}/").content.decode()
    phq9 = page[page.index('data-key="phq9"'):]
    phq9 = phq9[:phq9.index("</tr>")]
    assert '<svg class="score-bar"' in phq9
    assert "<strong>17</strong>" in phq9 and "/27" in phq9 and "moderately severe" in phq9
    pcl5 = page[page.index('data-key="pcl5"'):]
    assert "<svg" not in pcl5[:pcl5.index("</tr>")]  # not asked: no bar, a dash
