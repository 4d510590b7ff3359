import re
import time

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from clinic.mail.models import OutgoingEmail
from screening.patient.views import SESSION_KEY

from .answers import BASE_ANSWERS, step_post
from .helpers import start, walk


def ask_for_link(client, step="phq9"):
    data = {**step_post(step, {}), "wizard_save_link": "1"}
    return client.post(reverse("intake:step", kwargs={"step": step}), data)


def link_in(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_a_resume_link_opens_the_draft_at_the_step_where_the_patient_left_in_another_browser(client, db):
    draft = start(client)
    walk(client, until="gad7")
    response = ask_for_link(client, "gad7")
    assert response.headers["Location"] == reverse("intake:step", kwargs={"step": "gad7"})
    path = link_in(mail.outbox[-1])
    assert draft.token not in path  # the link is signed, not the bare token
    other = Client()
    response = other.get(path)
    assert response.headers["Location"] == reverse("intake:step")
    response = other.get(reverse("intake:step"))
    assert response.headers["Location"] == reverse("intake:step", kwargs={"step": "gad7"})
    # The earlier answers are there in the other browser.
    page = other.get(reverse("intake:step", kwargs={"step": "phq9"}))
    assert page.context["wizard"]["form"].is_valid()


def test_the_link_e_mail_body_is_not_stored_and_holds_no_health_data(client, db):
    start(client)
    walk(client, until="phq9")
    ask_for_link(client)
    record = OutgoingEmail.objects.get(kind="intake_resume_link")
    assert record.body == "" and record.body_stored is False
    assert "phq" not in mail.outbox[-1].body.lower()


def test_what_was_typed_on_the_page_is_kept_when_asking_for_a_link(client, db):
    draft = start(client)
    walk(client, until="phq9")
    data = {**step_post("phq9", {"item_1": "3"}), "wizard_save_link": "1"}
    client.post(reverse("intake:step", kwargs={"step": "phq9"}), data)
    draft.refresh_from_db()
    assert draft.wizard["step_data"]["phq9"]["phq9-item_1"] == ["3"]


def test_an_expired_link_does_not_open_the_draft(client, db, monkeypatch, settings):
    start(client)
    walk(client, until="phq9")
    ask_for_link(client)
    path = link_in(mail.outbox[-1])
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + (settings.INTAKE_RESUME_MAX_AGE_DAYS + 1) * 86400)
    other = Client()
    response = other.get(path)
    assert response.status_code == 404
    assert "utløpt" in response.content.decode()
    assert SESSION_KEY not in other.session


@pytest.mark.parametrize("tamper", [lambda p: p.replace("/resume/", "/resume/x"), lambda p: p[:-3] + "xx/"])
def test_a_tampered_link_does_not_open_the_draft(client, db, tamper):
    start(client)
    walk(client, until="phq9")
    ask_for_link(client)
    other = Client()
    assert other.get(tamper(link_in(mail.outbox[-1]))).status_code == 404


def test_asking_by_e_mail_address_sends_a_link_only_to_a_known_open_draft(client, db):
    start(client)
    walk(client, until="phq9")
    other = Client()
    response = other.post(reverse("intake:resume_request"), {"email": "KARI@example.com"}, follow=True)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kari@example.com"]
    unknown = other.post(reverse("intake:resume_request"), {"email": "nobody@example.com"}, follow=True)
    assert len(mail.outbox) == 1
    # The same answer either way: no way to find out who has an intake.
    assert response.context["messages"] and [str(m) for m in response.context["messages"]] == [
        str(m) for m in unknown.context["messages"]]


def test_the_browser_holds_only_the_session_cookie_and_the_session_only_the_draft_token(client, db):
    start(client)
    walk(client, until="suicide")
    ask_for_link(client, "suicide")  # also leaves a flash message ("we sent a link")
    client.get(reverse("intake:step", kwargs={"step": "suicide"}))
    assert set(client.cookies) <= {"sessionid", "csrftoken"}
    session_keys = {key for key in client.session.keys() if not key.startswith("_")}
    assert "messages" not in client.cookies
    assert session_keys == {SESSION_KEY}


def test_every_next_saves_the_step_on_the_server(client, db):
    draft = start(client)
    walk(client, until="gad7")
    draft.refresh_from_db()
    assert draft.intake.document["phq9"] == [2, 3, 2, 2, 1, 2, 2, 1, 0]
    assert draft.current_step == "gad7"
    assert BASE_ANSWERS  # the answers module is the source of the values above


def test_the_resume_link_is_built_on_the_configured_site_not_the_request_host(client, db, settings):
    settings.SITE_URL = "https://screening.clinic.example"
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    start(client)
    walk(client, until="gad7")
    data = {**step_post("gad7", {}), "wizard_save_link": "1"}
    client.post(reverse("intake:step", kwargs={"step": "gad7"}), data, HTTP_HOST="other.example")
    body = mail.outbox[-1].body
    assert "https://screening.clinic.example/" in body
    assert "other.example" not in body


def test_a_resume_link_stops_working_once_the_intake_is_sent_and_shows_no_address_or_reference(client, db):
    draft = start(client)
    walk(client, until="gad7")
    ask_for_link(client, "gad7")
    path = link_in(mail.outbox[-1])
    walk(client)  # the patient finishes and sends the questionnaire
    draft.refresh_from_db()
    assert draft.intake.status == "submitted"
    other = Client()
    response = other.get(path)
    # Before: a redirect to the receipt, which showed the reference code and the e-mail address.
    assert response.status_code == 410
    assert [t.name for t in response.templates][0] == "intake/resume_used.html"
    page = response.content.decode()
    assert "kari@example.com" not in page and draft.intake.reference not in page
    assert SESSION_KEY not in other.session
    assert other.get(reverse("intake:submitted")).status_code == 302  # no receipt for this browser either
