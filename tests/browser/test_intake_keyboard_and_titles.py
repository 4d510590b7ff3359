"""Issue 14 in a real browser, nb and en: Enter in a field of every step moves to the next step, with and
without JavaScript; the crisis link at the top of a step reaches the crisis numbers by keyboard; every page
title names the step ("Error:" first after a failed step); employee pages have no patient footer and no
crisis link. One walk through the questionnaire per language and mode."""

import re

import pytest

from clinic.accounts.roles import CLINICIAN
from screening.services import intake_import
from tests.browser.conftest import log_in_employee
from tests.browser.test_intake import PTSD_ANSWERS, current_step, fill_step, start_intake
from tests.browser.test_intake import clear_rate_limits  # noqa: F401 (autouse: every test starts an intake)
from tests.factories import PASSWORD, UserFactory
from tests.intake.answers import BASE_DOCUMENT

# Every step is asked: PTSD (the PCL-5), thoughts of suicide without a plan (the follow-up questions, not
# the crisis page), a woman (pregnancy).
EVERY_STEP = {
    **PTSD_ANSWERS,
    "suicide": {"wish_dead": "yes", "active_thoughts": "yes", "behavior": "never"},
    "suicide-more": {"method": "no", "intent": "no", "plan": "no"},
}
STEPS = ("about", "reason", "phq9", "gad7", "pcl5", "suicide", "suicide-more", "medications", "therapies", "history",
         "health", "pregnancy", "substances", "current-medicines", "practical")
TITLE = re.compile(r"^(?:(?P<error>Feil|Error): )?(?:Steg|Step) (?P<n>\d+) (?:av|of) (?P<total>\d+) – (?P<step>.+) · ")
# A field where Enter submits the form: the last text or number box shown, else the chosen option.
TYPING = ("form input[type=text]:visible, form input[type=number]:visible, form input[type=email]:visible, "
          "form input:not([type]):visible")


def title(page):
    match = TITLE.match(page.title())
    assert match, page.title()
    return match


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize("language", ["nb", "en"])
def test_enter_in_a_field_of_every_step_goes_on_and_each_title_names_its_step(live_server, new_context, language,
                                                                              javascript):
    page = new_context(locale="nb-NO" if language == "nb" else "en-GB", java_script_enabled=javascript).new_page()
    start_intake(page, live_server.url, language)

    # On a step too, the second Tab reaches "Need help now?", and Enter leads to the crisis numbers.
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == {
        "nb": "Trenger du hjelp nå?", "en": "Need help now?"}[language]
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "tel:113"

    # Enter with nothing answered: the same step again, its title starting with "Error:".
    with page.expect_navigation():
        page.locator('[name="about-date_of_birth"]').press("Enter")
    assert current_step(page) == "about"
    failed = title(page)
    assert failed["error"] == {"nb": "Feil", "en": "Error"}[language] and failed["n"] == "1"

    seen = []
    while (step := current_step(page)) != "review":
        seen.append(step)
        shown = title(page)
        assert shown["n"] == str(len(seen)) and (shown["error"] is None or seen == ["about"]), (step, page.title())
        assert shown["step"] == page.locator("h1").inner_text().strip(), step
        fill_step(page, step, EVERY_STEP[step])
        typing = page.locator(TYPING)
        field = typing.last if typing.count() else page.locator("form input[type=radio]:checked").last
        with page.expect_navigation():
            field.press("Enter")
        assert current_step(page) != step, (step, page.locator("#error-summary").all_inner_texts())
    assert tuple(seen) == STEPS
    assert title(page)["n"] == title(page)["total"] == str(len(STEPS) + 1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["nb", "en"])
def test_employee_pages_have_no_patient_footer_and_no_crisis_link(live_server, new_context, language):
    UserFactory(email="lege@clinic.example", name="Silje Strand", roles=[CLINICIAN])
    intake, _result = intake_import(document=dict(BASE_DOCUMENT, submitted_at="2026-11-20T10:15:00+01:00"),
                                    name="Kari Nordmann", email="kari@example.com")
    page = new_context(locale="nb-NO" if language == "nb" else "en-GB").new_page()
    log_in_employee(page, live_server.url, "lege@clinic.example", PASSWORD, "/review/")
    prefix = "/en" if language == "en" else ""
    for path in ("/review/", f"/review/case/{intake.reference}/", f"/review/case/{intake.reference}/answers/",
                 "/scheduling/"):
        page.goto(f"{live_server.url}{prefix}{path}")
        assert page.locator("main h1").count() == 1, path
        assert page.locator('[data-testid="patient-footer"]').count() == 0, path
        assert page.locator('[data-testid="crisis-link"], #crisis-help').count() == 0, path
