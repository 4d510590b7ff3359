"""Enter in a drug name moves to the next step (it does not add a row), with and without JavaScript."""

import re

import pytest

from screening.patient.models import IntakeDraft
from tests.browser.test_intake import answer_until, start_intake
from tests.browser.test_intake import clear_rate_limits  # noqa: F401 (autouse: every test starts an intake)
from tests.intake.answers import BASE_ANSWERS


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize("language", ["nb", "en"])
def test_enter_in_a_drug_name_submits_next(live_server, new_context, language, javascript):
    page = new_context(locale="nb-NO" if language == "nb" else "en-GB", java_script_enabled=javascript).new_page()
    start_intake(page, live_server.url, language)
    answer_until(page, BASE_ANSWERS, stop="current-medicines")
    page.locator('[name="current-medicines-has_any"][value="yes"]').check()
    page.locator('[name="current-medicines-rows-0-drug"]').fill("Sertralin")
    page.locator('[name="current-medicines-rows-0-drug"]').press("Enter")
    page.wait_for_url(re.compile(r"/intake/step/practical/"))
    assert page.locator('[name^="current-medicines-rows-"]').count() == 0
    draft = IntakeDraft.objects.get()
    assert draft.intake.document["current_medications"] == ["sertraline"]
