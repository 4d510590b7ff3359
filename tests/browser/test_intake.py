"""The patient intake in real Chromium: complete runs in nb and en, resume in a fresh browser,
the crisis path, validation errors, and axe-core on every page of the flow."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from screening.document import validate_intake
from screening.models import Intake, ScreeningResult
from screening.rules import screen
from tests.browser.conftest import axe_violations
from tests.intake.answers import BASE_ANSWERS, BASE_DOCUMENT

AXE_COUNTS = {}


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module", autouse=True)
def axe_report():
    """Print the serious/critical axe-core violation count of every page checked (run with -s to see it)."""
    yield
    pages = len(AXE_COUNTS)
    total = sum(AXE_COUNTS.values())
    print(f"\naxe-core (serious+critical) on {pages} intake pages: {total} violations; per page: {AXE_COUNTS}")


def check_axe(page, name):
    violations = axe_violations(page)
    AXE_COUNTS[name] = len(violations)
    assert violations == [], (name, violations)


def current_step(page):
    match = re.search(r"/intake/step/([a-z0-9-]+)/", page.url)
    return match.group(1) if match else None


def fill_step(page, step, answers):
    """Answer a step the way a patient does: click the options, type in the boxes, add rows as needed."""
    if "has_any" in answers:  # the rows appear after "Yes" (intake.js)
        page.locator(f'[name="{step}-has_any"][value="{answers["has_any"]}"]').check()
    rows = sorted({int(k.split("-")[1]) for k in answers if re.match(r"rows-\d+-", k)})
    for index in rows:
        if page.locator(f'[name="{step}-rows-{index}-drug"], [name="{step}-rows-{index}-kind"]').count() == 0:
            page.get_by_role("button", name=re.compile("Legg til en rad til|Add another row")).click()
            page.wait_for_load_state()
    for key, value in answers.items():
        if "TOTAL_FORMS" in key or "INITIAL_FORMS" in key or "NUM_FORMS" in key:
            continue
        name = f"{step}-{key}"
        for single in value if isinstance(value, list) else [value]:
            field = page.locator(f'[name="{name}"]').first
            kind = field.get_attribute("type") or field.evaluate("e => e.tagName.toLowerCase()")
            if kind in ("radio", "checkbox") and field.get_attribute("value") not in (None, "on"):
                page.locator(f'[name="{name}"][value="{single}"]').check()
            elif kind == "checkbox":
                field.check()
            elif kind == "select":
                field.select_option(str(single))
            else:
                field.fill(str(single))


def start_intake(page, base_url, language="nb", axe=False):
    page.goto(base_url + ("/en/" if language == "en" else "/"))
    page.get_by_role("link", name=re.compile("^(Start skjemaet|Start the questionnaire)$")).click()
    if axe:
        check_axe(page, f"start ({language})")
    if language == "nb":
        page.get_by_label("Navnet ditt").fill("Kari Nordmann")
        page.get_by_label("E-postadresse").fill("kari@example.com")
        page.get_by_label(re.compile("Jeg samtykker")).check()
        page.get_by_role("button", name="Start skjemaet").click()
    else:
        page.get_by_label("Your name").fill("Kari Nordmann")
        page.get_by_label("E-mail address").fill("kari@example.com")
        page.get_by_label(re.compile("I agree")).check()
        page.get_by_role("button", name="Start the questionnaire").click()
    page.wait_for_url(re.compile(r"/intake/step/about/"))


def answer_until(page, answers, stop=None, axe=False):
    """Answer each step shown until the review page (or `stop`); returns the steps seen."""
    seen = []
    while True:
        step = current_step(page)
        if step is None or step == "review" or step == stop:
            return seen
        seen.append(step)
        progress = page.locator("#progress-label").inner_text()
        assert re.match(r"(Steg|Step) \d+ (av|of) \d+", progress)
        if axe:
            check_axe(page, f"{step} ({page.locator('html').get_attribute('lang')})")
        fill_step(page, step, answers[step])
        page.get_by_role("button", name=re.compile("^(Neste|Next)$")).click()
        page.wait_for_load_state()
        assert current_step(page) != step or page.locator("#error-summary").count() == 0, page.content()[:3000]


# The English run also has PTSD as a secondary reason, so it answers the PCL-5 too.
PTSD_ANSWERS = {
    **BASE_ANSWERS,
    "reason": {**BASE_ANSWERS["reason"], "secondary": ["anxiety", "ptsd"]},
    "pcl5": {f"item_{i}": str(i % 5) for i in range(1, 21)},
}
PTSD_DOCUMENT = {
    **BASE_DOCUMENT,
    "indication": {**BASE_DOCUMENT["indication"], "secondary": ["ptsd", "anxiety"]},  # in the order shown
    "pcl5": [i % 5 for i in range(1, 21)],
}


def assert_stored_and_screened(intake, expected):
    document = dict(intake.document)
    assert validate_intake(intake.document) == []
    document.pop("submitted_at")
    assert document == expected
    stored = ScreeningResult.objects.get(intake=intake)
    assert stored.result == screen(intake.document)  # what `manage.py screen` computes for this document


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_new_patient_completes_an_intake(live_server, new_context, language):
    page = new_context(locale="nb-NO" if language == "nb" else "en-GB").new_page()
    answers, expected = (BASE_ANSWERS, BASE_DOCUMENT) if language == "nb" else (PTSD_ANSWERS, PTSD_DOCUMENT)
    start_intake(page, live_server.url, language, axe=True)
    steps = answer_until(page, answers, axe=True)
    assert len(steps) == (13 if language == "nb" else 14)
    assert page.get_by_role("heading", name=re.compile("Se over svarene dine|Check your answers")).is_visible()
    assert page.get_by_text("sertraline: 150 mg").is_visible()
    check_axe(page, f"review ({language})")
    send = page.get_by_role("button", name=re.compile("^(Send skjemaet|Send the questionnaire)$"))
    send.click()
    page.wait_for_url(re.compile(r"/intake/received/"))
    reference = page.locator("#reference").inner_text()
    check_axe(page, f"received ({language})")
    # Back button and refresh never make a second intake.
    page.go_back()
    page.reload()
    assert Intake.objects.count() == 1
    intake = Intake.objects.get()
    assert intake.reference == reference
    assert intake.status == Intake.Status.SUBMITTED
    assert_stored_and_screened(intake, {**expected, "locale": language})
    assert "meets_criteria" not in page.content()
    assert reference in mail.outbox[-1].body


def test_leaving_and_resuming_through_the_e_mailed_link_in_a_fresh_browser(live_server, new_context, settings):
    settings.SITE_URL = live_server.url  # links in e-mails point at the clinic's site
    page = new_context().new_page()
    start_intake(page, live_server.url)
    answer_until(page, BASE_ANSWERS, stop="gad7")
    page.locator('[name="gad7-item_1"][value="2"]').check()
    page.get_by_role("button", name="Lagre og send meg en lenke for å fortsette senere").click()
    assert page.get_by_text("Svarene dine er lagret").is_visible()
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.context.close()

    fresh = new_context().new_page()
    fresh.goto(link)
    fresh.wait_for_url(re.compile(r"/intake/step/gad7/"))
    assert fresh.locator('[name="gad7-item_1"][value="2"]').is_checked()
    answer_until(fresh, BASE_ANSWERS)
    fresh.get_by_role("button", name="Send skjemaet").click()
    fresh.wait_for_url(re.compile(r"/intake/received/"))
    intake = Intake.objects.get()
    assert intake.status == Intake.Status.SUBMITTED
    assert_stored_and_screened(intake, BASE_DOCUMENT)


def test_high_risk_answers_show_crisis_help_at_once_and_mark_the_draft_urgent(live_server, new_context):
    page = new_context().new_page()
    start_intake(page, live_server.url)
    answers = {**BASE_ANSWERS, "suicide": {"wish_dead": "yes", "active_thoughts": "yes", "behavior": "never"},
               "suicide-more": {"method": "yes", "intent": "no", "plan": "yes"}}
    answer_until(page, answers, stop="medications", axe=True)
    page.wait_for_url(re.compile(r"/intake/help-now/"))
    assert page.get_by_role("heading", name="Få hjelp nå").is_visible()
    assert page.get_by_role("link", name=re.compile("Ring 113 nå")).get_attribute("href") == "tel:113"
    assert page.get_by_text("116 117").first.is_visible()
    assert page.get_by_text("116 123").first.is_visible()
    check_axe(page, "crisis")
    intake = Intake.objects.get()
    assert intake.urgent is True and intake.status == Intake.Status.DRAFT
    page.get_by_role("link", name="Fortsett skjemaet").click()
    page.wait_for_url(re.compile(r"/intake/step/medications/"))


def test_a_page_with_errors_has_a_linked_summary_and_keeps_the_answers(live_server, new_context):
    page = new_context().new_page()
    start_intake(page, live_server.url)
    page.locator('[name="about-weight_kg"]').fill("12")
    page.get_by_role("button", name="Neste").click()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert "Skriv fødselsdatoen din." in summary.inner_text()
    assert "Tallet må være minst 30." in summary.inner_text()
    check_axe(page, "about (errors)")
    summary.get_by_role("link", name=re.compile("Kjønn registrert ved fødselen")).click()
    assert page.url.endswith("#id_about-sex_at_birth_0")
    assert page.locator('[name="about-weight_kg"]').input_value() == "12"


def test_the_questionnaire_works_without_javascript(live_server, new_context):
    page = new_context(java_script_enabled=False).new_page()
    start_intake(page, live_server.url)
    answer_until(page, BASE_ANSWERS, stop="medications")
    # Adding a row is a plain form submit: what was typed stays, one more row appears.
    fill_step(page, "medications", BASE_ANSWERS["medications"])
    assert page.locator('[name="medications-rows-1-drug"]').input_value() == "venlafaksin"
    page.get_by_role("button", name="Neste").click()
    page.wait_for_url(re.compile(r"/intake/step/therapies/"))
    page.get_by_role("button", name="Tilbake").click()
    page.wait_for_url(re.compile(r"/intake/step/medications/"))
    assert page.locator('[name="medications-rows-0-drug"]').input_value() == "Zoloft"


def test_the_intake_pages_need_no_inline_code_under_a_strict_content_security_policy(live_server, browser):
    context = browser.new_context(locale="nb-NO")  # CSP enforced where the app sends one (others bypass it for axe)
    context.set_default_timeout(10_000)
    refused = []
    try:
        page = context.new_page()
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        start_intake(page, live_server.url)
        page.get_by_role("button", name="Neste").click()  # the error summary gets focus from intake.js
        assert page.evaluate("document.activeElement.id") == "error-summary"
        answer_until(page, BASE_ANSWERS, stop="medications")
        fill_step(page, "medications", BASE_ANSWERS["medications"])  # "Add another row" by intake.js
        assert page.url.endswith("/intake/step/medications/")  # added in the page, no round trip
        page.get_by_role("button", name="Neste").click()
        answer_until(page, BASE_ANSWERS)
        assert refused == []
    finally:
        context.close()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_crisis_link_at_the_top_reaches_the_crisis_numbers_by_keyboard(live_server, new_context, language):
    page = new_context(locale="nb-NO" if language == "nb" else "en-GB").new_page()
    page.goto(f"{live_server.url}{'/en' if language == 'en' else ''}/intake/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == {"nb": "Trenger du hjelp nå?", "en": "Need help now?"}[language]
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "tel:113"
    check_axe(page, f"start with crisis link ({language})")
