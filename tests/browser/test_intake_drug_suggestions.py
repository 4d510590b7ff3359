"""Drug-name suggestions in Chromium: every drug box (also a row added in the page) is linked to the list,
a suggestion for what was typed can be chosen, and a brand is stored as its generic name.

Headless Chromium does not let a test drive the browser's own suggestion pop-up, so the test asks the box
for its list (`input.list`, the browser's link from the box to the <datalist>), finds the suggestions that
start with what was typed, and chooses one as the pop-up does (the value replaced, an input event)."""

import re

import pytest

from screening.patient.models import IntakeDraft
from tests.browser.test_intake import answer_until, check_axe, start_intake
from tests.browser.test_intake import clear_rate_limits  # noqa: F401 (autouse: every test starts an intake)
from tests.intake.answers import BASE_ANSWERS

SUGGESTIONS = """box => Array.from(box.list ? box.list.options : [])
    .filter(option => option.value.toLowerCase().startsWith(box.value.toLowerCase()))
    .map(option => [option.value, option.label])"""
CHOOSE = """(box, value) => {
    box.value = value;
    box.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertReplacementText", data: value}));
    box.dispatchEvent(new Event("change", {bubbles: true}));
}"""


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_suggestion_can_be_chosen_in_a_row_added_in_the_page_and_is_stored_as_the_generic(
        live_server, new_context, language):
    page = new_context(locale="nb-NO" if language == "nb" else "en-GB").new_page()
    start_intake(page, live_server.url, language)
    answer_until(page, BASE_ANSWERS, stop="current-medicines")
    page.locator('[name="current-medicines-has_any"][value="yes"]').check()
    page.locator('[name="current-medicines-rows-0-drug"]').fill("Sertralin")
    page.get_by_role("button", name=re.compile("Legg til en rad til|Add another row")).click()
    box = page.locator('[name="current-medicines-rows-1-drug"]')  # made by intake.js, no round trip
    box.press_sequentially("efe")
    assert box.evaluate(SUGGESTIONS) == [["Efexor", "venlafaxine"]]
    box.evaluate(CHOOSE, "Efexor")
    assert box.input_value() == "Efexor"
    check_axe(page, f"current medicines with suggestions ({language})")
    page.get_by_role("button", name=re.compile("^(Neste|Next)$")).click()
    page.wait_for_url(re.compile(r"/intake/step/practical/"))
    assert IntakeDraft.objects.get().intake.document["current_medications"] == ["sertraline", "venlafaxine"]
