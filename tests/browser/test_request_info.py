"""A structured request for more information in Chromium: the clinician asks for the latest blood
pressure and ongoing follow-up, the patient answers them through the e-mailed link (one mistake
first), and the case page shows the new screening and what the patient changed.

Set SCREENSHOT_DIR to keep pictures of the patient's page at phone and desktop widths."""

import json
import os
import re
from pathlib import Path

import pytest
from django.core import mail

from clinic.accounts.roles import CLINICIAN
from screening.models import Intake
from screening.services import intake_import
from tests.conftest import EXAMPLES_DIR
from tests.factories import PASSWORD, UserFactory

from .conftest import axe_violations, log_in_employee

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def screenshot(page_or_part, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        whole = {"full_page": True} if hasattr(page_or_part, "goto") else {}
        page_or_part.screenshot(path=str(Path(folder) / f"{name}.png"), **whole)


def test_the_patient_answers_two_questions_and_the_case_page_shows_the_changes(live_server, new_context, settings):
    settings.SITE_URL = live_server.url
    UserFactory(email="lege@clinic.example", name="Dr Lege", roles=[CLINICIAN])
    document = json.loads((EXAMPLES_DIR / "bp-181-80.json").read_text(encoding="utf-8"))  # intake/1
    case, _ = intake_import(document=document, name="Kari Nordmann", email="kari@example.com")
    case_path = f"/review/case/{case.reference}/"

    page = new_context().new_page()
    log_in_employee(page, live_server.url, "lege@clinic.example", PASSWORD, case_path)
    assert page.locator("#flag-ABS-HTN-UNCONTROLLED").count() == 1
    page.get_by_role("button", name="Ta saken").click()
    page.get_by_label("Be om mer informasjon").check()
    page.locator('input[name="questions"][value="medical.last_bp"]').check()
    page.locator('input[name="questions"][value="practical.ongoing_follow_up"]').check()
    page.get_by_label("Melding til pasienten").fill("Vi trenger siste blodtrykksmåling og litt om oppfølgingen din.")
    screenshot(page.locator("#decide").locator(".."), "case-request-desktop")
    page.get_by_role("button", name="Registrer beslutning").click()
    page.wait_for_url(re.compile(r"/review/$"))
    assert Intake.objects.get(pk=case.pk).status == "info_requested"

    message = next(m for m in mail.outbox if m.to == ["kari@example.com"])
    assert "blodtrykk" not in message.body
    link = re.search(r"https?://\S+/review/message/\S+", message.body).group(0)
    for name, viewport in WIDTHS.items():
        look = new_context(viewport=viewport).new_page()
        look.goto(link)
        screenshot(look, f"patient-answer-{name}")
        assert look.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name  # no sideways scroll

    patient = new_context(viewport=WIDTHS["phone"]).new_page()
    patient.goto(link)
    assert "Vi trenger siste blodtrykksmåling" in patient.content()
    assert axe_violations(patient) == []
    patient.get_by_label("Siste blodtrykk, øvre tall (systolisk)").fill("132")
    patient.get_by_label("Siste blodtrykk, nedre tall (diastolisk)").fill("84")
    patient.get_by_label("Når ble det målt?").fill("20.11.2026")
    patient.get_by_role("button", name="Send svaret mitt").click()
    summary = patient.locator("#error-summary")
    assert "Svar på dette spørsmålet." in summary.inner_text()  # the follow-up question was left unanswered
    assert patient.evaluate("document.activeElement.id") == "error-summary"
    assert patient.locator('[name="medical-last_bp-systolic"]').input_value() == "132"  # nothing typed is lost
    screenshot(patient, "patient-answer-errors-phone")
    assert axe_violations(patient) == []
    patient.locator('[name="practical-ongoing_follow_up-ongoing_follow_up"][value="yes"]').check()
    patient.get_by_role("button", name="Send svaret mitt").click()
    assert "Takk" in patient.content()

    page.goto(live_server.url + case_path)
    assert page.get_by_test_id("status").inner_text() == "Sendt inn på nytt"
    changes = page.get_by_test_id("answer-changes").inner_text()
    assert "181/80" in changes and "132/84, målt 20.11.2026" in changes
    assert page.locator('[data-testid=answer-changes] li[data-path="practical.ongoing_follow_up"]').count() == 1
    # The new screening: the uncontrolled blood pressure is gone, the case waits for a clinician again.
    assert page.locator("#flag-ABS-HTN-UNCONTROLLED").count() == 0
    assert axe_violations(page) == []
    screenshot(page, "case-after-answer-desktop")
    intake = Intake.objects.get(pk=case.pk)
    assert intake.document["format"] == "intake/2" and intake.results.count() == 2
