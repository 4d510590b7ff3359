"""The case page read in ten seconds: at 1280×800 the outcome and every flag of a typical case (four flags,
one of them absolute) are above the fold, in Norwegian and in English, with each flag's review form open
beside it; axe-core finds nothing. The patient's long free text shows its first lines and a "Show all"
that works without JavaScript.

Set SCREENSHOT_DIR to keep pictures of the page at desktop and phone widths."""

import json
import os
from pathlib import Path

import pytest

from clinic.accounts.roles import CLINICIAN
from screening.review.services import review_claim
from screening.samples import as_intake_2
from screening.services import intake_import
from tests.conftest import EXAMPLES_DIR
from tests.factories import PASSWORD, UserFactory

from .conftest import axe_violations, log_in_employee

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
FLAGS = ["ABS-HTN-UNCONTROLLED", "REL-MED-BENZODIAZEPINE", "INFO-ALCOHOL", "INFO-MED-LAMOTRIGINE"]
OTHER_ILLNESS = "\n".join(f"Linje {n}: astma som barn, migrene noen ganger i måneden, lavt stoffskifte." for n in range(1, 8))


def typical_case():
    """A contraindicated case with four flags (absolute, relative, two for information), claimed."""
    document = as_intake_2(json.loads((EXAMPLES_DIR / "bp-181-80.json").read_text(encoding="utf-8")))
    document["current_medications"] = ["vortioxetine", "Sobril", "lamictal"]
    document["substances"]["auditc"] = [2, 1, 1]
    document["medical"]["other"] = OTHER_ILLNESS
    clinician = UserFactory(email="lege@clinic.example", name="Dr Lege", roles=[CLINICIAN])
    intake, _ = intake_import(document=document, name="Kari Nordmann", email="kari@example.com")
    review_claim(intake=intake, clinician=clinician)
    return intake


def screenshot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def refused_by_the_policy(browser, context, url):
    """What the browser refuses on the page under the Content Security Policy (the other contexts bypass it
    to inject axe-core), in the same session."""
    strict = browser.new_context(storage_state=context.storage_state())
    try:
        page = strict.new_page()
        refused = []
        page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return refused
    finally:
        strict.close()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_outcome_and_every_flag_are_above_the_fold(live_server, browser, new_context, prefix):
    intake = typical_case()
    path = f"{prefix}/review/case/{intake.reference}/"
    page = new_context(viewport=DESKTOP).new_page()
    log_in_employee(page, live_server.url, "lege@clinic.example", PASSWORD, "/review/")
    page.goto(live_server.url + path)

    assert page.get_by_test_id("outcome").bounding_box()["y"] < DESKTOP["height"]
    flags = page.get_by_test_id("flag")
    assert [flags.nth(i).get_attribute("data-code") for i in range(flags.count())] == FLAGS  # most severe first
    for code in FLAGS:
        box = page.locator(f"#flag-{code}").bounding_box()
        assert box["y"] < DESKTOP["height"], code
        assert page.locator(f"#flag-{code} form").is_visible(), code  # the review form is open beside the flag
    assert page.locator("#flag-ABS-HTN-UNCONTROLLED input[type=password]").is_visible()  # absolute: password again
    assert page.locator("#flag-INFO-ALCOHOL input[type=password]").count() == 0
    assert axe_violations(page) == []
    assert refused_by_the_policy(browser, page.context, live_server.url + path) == []
    screenshot(page, f"case-desktop{prefix.replace('/', '-')}")

    phone = page  # the same session (a TOTP code counts once), at a phone's width
    phone.set_viewport_size(PHONE)
    phone.reload()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    assert axe_violations(phone) == []
    screenshot(phone, f"case-phone{prefix.replace('/', '-')}")


def test_the_long_free_text_opens_with_show_all_without_javascript(live_server, new_context):
    intake = typical_case()
    path = f"/en/review/case/{intake.reference}/"
    page = new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
    log_in_employee(page, live_server.url, "lege@clinic.example", PASSWORD, "/review/")
    page.goto(live_server.url + path)
    text = page.get_by_test_id("medical-other")
    clamped = text.bounding_box()["height"]
    assert "Linje 7" in text.text_content()  # all of it is there for a screen reader
    page.get_by_text("Show all").click()
    assert text.bounding_box()["height"] > 2 * clamped
    assert page.get_by_text("Show less").is_visible()
