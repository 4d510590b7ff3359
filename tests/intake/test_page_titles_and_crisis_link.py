"""Patient pages name the step in the title (with "Error:" after a failed step), start with a link to
the crisis help, and end with the patient footer; employee pages have neither. The crisis page opened
on its own does not speak of answers."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from screening.models import Intake
from tests.conftest import log_in
from tests.factories import UserFactory

from .answers import BASE_ANSWERS
from .helpers import post_step, start, walk

ANSWERS_TELL_US = "Your answers tell us that you may be in danger"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_the_title_names_the_step_and_its_number(client, db):
    start(client)
    walk(client, until="medications")
    response = client.get(reverse("intake:step", kwargs={"step": "medications"}))
    assert title(response).startswith("Step 6 of 14 – Medicines tried")


def test_after_a_failed_step_the_title_starts_with_error(client, db):
    start(client)
    response = post_step(client, "about", {})
    assert response.status_code == 200
    assert title(response).startswith("Error: Step 1 of 14 – ")


def test_the_step_number_is_announced_once(client, db):
    start(client)
    html = client.get(reverse("intake:step", kwargs={"step": "about"})).content.decode()
    progress = re.search(r"<progress[^>]*>", html).group(0)
    assert 'aria-hidden="true"' in progress and "aria-label" not in progress and html.count("Step 1 of 14") == 2  # title + text


def test_patient_pages_start_with_the_crisis_link_and_end_with_the_patient_footer(client, db):
    start(client)
    for url in (reverse("intake:start"), reverse("intake:step", kwargs={"step": "about"}), reverse("intake:crisis")):
        html = client.get(url, follow=True).content.decode()
        link = html.index('data-testid="crisis-link"')
        assert html.index("Skip to main content") < link < html.index('id="main"'), url
        assert 'href="#crisis-help"' in html and 'id="crisis-help"' in html
        assert 'data-testid="patient-footer"' in html


def test_employee_pages_have_no_patient_footer_or_crisis_link(client, db):
    from clinic.accounts.roles import CLINICIAN, STAFF

    for role, url in ((CLINICIAN, reverse("review:queue")), (STAFF, reverse("scheduling:index"))):
        log_in(client, UserFactory(roles=[role]))
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-testid="patient-footer"' not in html and "Nobody reads your answers" not in html, url
        assert 'data-testid="crisis-link"' not in html, url
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'data-testid="patient-footer"' not in html


def test_the_crisis_page_opened_on_its_own_does_not_speak_of_answers(client, db):
    html = client.get(reverse("intake:crisis")).content.decode()
    assert ANSWERS_TELL_US not in html and 'data-testid="crisis-general"' in html and 'href="tel:113"' in html


def test_the_crisis_page_after_high_risk_answers_says_why(client, db):
    draft = start(client)
    walk(client, until="suicide")
    post_step(client, "suicide", {**BASE_ANSWERS["suicide"], "behavior": "within_3_months"})
    assert Intake.objects.get(pk=draft.intake_id).urgent
    html = client.get(reverse("intake:crisis")).content.decode()
    assert ANSWERS_TELL_US in html
