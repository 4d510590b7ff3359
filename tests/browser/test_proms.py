"""The patient's short questionnaire in real Chromium on a phone-sized screen (nb): answer PHQ-9 and send;
an answer above 0 to item 9 shows crisis help at once and puts the case first in the clinicians' queue."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.proms import tokens
from clinic.proms.invitations import appointment_invitation
from clinic.proms.models import PromResponse
from clinic.scheduling.models import Appointment, AppointmentType, InfusionSeries
from clinic.scheduling.types import appointment_type
from screening.models import Intake
from screening.samples import as_intake_2
from screening.services import intake_import, intake_set_status
from tests.browser.conftest import axe_violations

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def questionnaire_url(live_server, example_document, transactional_db):
    document = as_intake_2(example_document("base-meets"))
    document["locale"] = "nb"
    intake, _result = intake_import(document=document, name="Astrid Solberg", email="astrid@example.com")
    intake_set_status(intake=intake, status=Intake.Status.APPROVED, reason="test")
    kind = appointment_type(AppointmentType.INFUSION)
    start = timezone.now() + timedelta(hours=20)
    series = InfusionSeries.objects.create(intake=intake, planned_count=6)
    appointment = Appointment.objects.create(intake=intake, type=kind, start=start, end=start + timedelta(hours=2),
                                             series=series, series_number=1)
    invitation = appointment_invitation(appointment)
    return live_server.url + reverse("proms:answer", args=[tokens.invitation_token(invitation)])


def answer(page, values):
    for number, value in enumerate(values, start=1):
        page.locator(f'input[name="item_{number}"][value="{value}"]').check()
    # (the English text until the nb catalogue has this new string)
    page.get_by_role("button", name=re.compile("Send svarene mine|Send my answers")).click()
    page.wait_for_load_state()


def test_a_patient_answers_the_phq9_on_a_phone(new_context, questionnaire_url):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(questionnaire_url)
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.locator('input[type="radio"]').count() == 36
    # Fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    answer(page, [1, 2, 1, 1, 0, 1, 1, 0, 0])
    assert page.get_by_test_id("thanks").is_visible()
    assert page.get_by_test_id("crisis-help").count() == 0
    stored = PromResponse.objects.get()
    assert (stored.total, stored.crisis) == (7, False)
    page.goto(questionnaire_url)  # the link is used: thank you again, no form
    assert page.locator('input[type="radio"]').count() == 0


def test_item_9_above_0_shows_crisis_help_at_once(new_context, questionnaire_url, settings):
    settings.ON_DUTY_CLINICIAN_EMAILS = ["vakt@clinic.example"]
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(questionnaire_url)
    answer(page, [0, 0, 0, 0, 0, 0, 0, 0, 2])
    help_box = page.get_by_test_id("crisis-help")
    assert help_box.is_visible()
    assert help_box.locator('a[href="tel:113"]').is_visible()
    assert axe_violations(page) == []
    assert Intake.objects.get().urgent
