import pytest
from django.urls import reverse

from screening.models import Intake
from screening.patient.models import IntakeConsent
from screening.patient.services import CONSENT_VERSION

from .helpers import START, start


def test_starting_stores_the_consent_version_language_and_time(client, db):
    draft = start(client)
    consent = IntakeConsent.objects.get(intake=draft.intake)
    assert consent.text_version == CONSENT_VERSION
    assert consent.language == "nb"
    assert consent.given_at is not None
    assert draft.intake.status == Intake.Status.DRAFT
    assert draft.intake.email == "kari@example.com"


def test_english_start_stores_english_consent(client, db):
    client.post("/en/intake/", START)
    assert IntakeConsent.objects.get().language == "en"


def test_no_health_question_before_consent(client, db):
    response = client.post(reverse("intake:start"), {**START, "consent": ""})
    assert response.status_code == 200
    assert Intake.objects.count() == 0
    assert "Kryss av i boksen" in response.content.decode()
    # Without a started draft the questionnaire sends the patient to the start page.
    assert client.get(reverse("intake:step", kwargs={"step": "phq9"})).headers["Location"] == reverse("intake:start")


def test_starting_is_rate_limited_per_address_with_a_clear_message(client, db, settings):
    settings.INTAKE_START_RATE = "2/h"
    start(client)
    start(client)
    response = client.post(reverse("intake:start"), START)
    assert response.status_code == 429
    assert "For mange" in response.content.decode()
    assert Intake.objects.count() == 2
    other_address = client.post(reverse("intake:start"), START, REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 302


@pytest.mark.parametrize("via", ["in_the_form", "by_address"])
def test_asking_for_links_is_rate_limited(client, db, settings, via):
    settings.INTAKE_RESUME_RATE = "1/h"
    start(client)
    if via == "by_address":
        first = client.post(reverse("intake:resume_request"), {"email": "kari@example.com"})
        second = client.post(reverse("intake:resume_request"), {"email": "kari@example.com"})
        assert first.status_code == 302 and second.status_code == 429
    else:
        data = {"intake-current_step": "about", "wizard_save_link": "1"}
        client.post(reverse("intake:step", kwargs={"step": "about"}), data)
        response = client.post(reverse("intake:step", kwargs={"step": "about"}), data, follow=True)
        assert any("For mange" in str(m) for m in response.context["messages"])


def test_the_landing_page_links_to_the_start(client, db):
    html = client.get("/").content.decode()
    assert reverse("intake:start") in html
