"""The rows of a list step in Chromium: shown only after "Yes" (JavaScript), not required after "No"
with or without JavaScript."""

import re

import pytest

from tests.browser.test_intake import answer_until, check_axe, start_intake
from tests.browser.test_intake import clear_rate_limits  # noqa: F401 (autouse: every test starts an intake)
from tests.intake.answers import BASE_ANSWERS

NEXT = re.compile("^(Neste|Next)$")


@pytest.mark.parametrize("language", ["nb", "en"])
def test_rows_appear_after_yes_and_hide_after_no_and_the_step_then_passes(live_server, new_context, language):
    page = new_context(locale="nb-NO" if language == "nb" else "en-GB").new_page()
    start_intake(page, live_server.url, language)
    answer_until(page, BASE_ANSWERS, stop="medications")
    drug = page.locator('[name="medications-rows-0-drug"]')
    assert drug.is_hidden()  # nothing answered yet
    assert page.get_by_role("button", name=re.compile("Legg til en rad til|Add another row")).is_hidden()
    check_axe(page, f"medications, unanswered ({language})")
    page.locator('[name="medications-has_any"][value="yes"]').check()
    assert drug.is_visible()
    drug.fill("Zoloft")
    page.locator('[name="medications-has_any"][value="no"]').check()
    assert drug.is_hidden()
    check_axe(page, f"medications, no ({language})")
    page.get_by_role("button", name=NEXT).click()
    page.wait_for_url(re.compile(r"/intake/step/therapies/"))
    assert page.locator('[name="therapies-rows-0-kind"]').is_hidden()


def test_without_javascript_the_rows_say_only_if_yes_and_no_passes(live_server, new_context):
    page = new_context(java_script_enabled=False, locale="en-GB").new_page()
    start_intake(page, live_server.url, "en")
    answer_until(page, BASE_ANSWERS, stop="medications")
    assert page.locator('[name="medications-rows-0-drug"]').is_visible()
    assert page.get_by_text("Only if you answered “Yes”: one row for each").is_visible()
    page.locator('[name="medications-has_any"][value="no"]').check()
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(re.compile(r"/intake/step/therapies/"))
