"""AUDIT-C in Chromium: after "Never" questions 2 and 3 are hidden and cleared (JavaScript) or stay and
may be left empty (no JavaScript); the stored document has [0, 0, 0]."""

import re

import pytest

from screening.models import Intake
from tests.browser.test_intake import answer_until, check_axe, fill_step, start_intake
from tests.browser.test_intake import clear_rate_limits  # noqa: F401 (autouse: every test starts an intake)
from tests.intake.answers import BASE_ANSWERS

NEVER = {**{key: value for key, value in BASE_ANSWERS["substances"].items() if key not in ("auditc_2", "auditc_3")},
         "auditc_1": "0"}
NEXT = re.compile("^(Neste|Next)$")
SEND = re.compile("^(Send skjemaet|Send the questionnaire)$")
NOT_ASKED = re.compile("Ikke spurt|Not asked")


def send(page):
    page.get_by_role("button", name=SEND).click()
    page.wait_for_url(re.compile(r"/intake/received/"))
    return Intake.objects.get().document


@pytest.mark.parametrize("language", ["nb", "en"])
def test_never_hides_and_clears_questions_2_and_3_and_the_document_gets_zeros(live_server, new_context, language):
    page = new_context(locale="nb-NO" if language == "nb" else "en-GB").new_page()
    start_intake(page, live_server.url, language)
    answer_until(page, BASE_ANSWERS, stop="substances")
    question_2, question_3 = page.locator("#div_id_substances-auditc_2"), page.locator("#div_id_substances-auditc_3")
    page.locator('[name="substances-auditc_3"][value="2"]').check()  # answered first, then "Never" above
    page.locator('[name="substances-auditc_1"][value="0"]').check()
    assert question_2.is_hidden() and question_3.is_hidden()
    assert not page.locator('[name="substances-auditc_3"][value="2"]').is_checked()
    check_axe(page, f"substances, never ({language})")
    page.locator('[name="substances-auditc_1"][value="1"]').check()  # a drinker is asked again
    assert question_2.is_visible() and question_3.is_visible()
    page.locator('[name="substances-auditc_1"][value="0"]').check()
    fill_step(page, "substances", NEVER)
    page.get_by_role("button", name=NEXT).click()
    page.wait_for_url(re.compile(r"/intake/step/current-medicines/"))
    answer_until(page, BASE_ANSWERS)
    assert page.get_by_text(NOT_ASKED).count() == 2
    check_axe(page, f"review, never drinks ({language})")
    assert send(page)["substances"]["auditc"] == [0, 0, 0]


def test_without_javascript_questions_2_and_3_stay_and_may_be_left_empty_after_never(live_server, new_context):
    page = new_context(java_script_enabled=False).new_page()
    start_intake(page, live_server.url)
    answer_until(page, BASE_ANSWERS, stop="substances")
    assert page.locator("#div_id_substances-auditc_2").is_visible()
    assert page.locator("#div_id_substances-auditc_3").is_visible()
    assert page.locator("#id_substances-auditc_2_helptext, #div_id_substances-auditc_2 .form-text").first.is_visible()
    fill_step(page, "substances", {**NEVER, "auditc_3": "1"})  # "Never", yet six drinks less than monthly
    page.get_by_role("button", name="Neste").click()
    assert page.locator("#error-summary").is_visible()  # the answer that says "I drink" is not dropped
    assert page.locator('[name="substances-auditc_3"][value="1"]').is_checked()
    page.locator('[name="substances-auditc_3"][value="0"]').check()
    page.get_by_role("button", name="Neste").click()
    page.wait_for_url(re.compile(r"/intake/step/current-medicines/"))
    answer_until(page, BASE_ANSWERS)
    assert send(page)["substances"]["auditc"] == [0, 0, 0]
