"""A patient's personal link is a secret: the access log stores route names, log lines never carry the
token, and production never falls back to printing e-mail (with its links) to the console."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLResolver, get_resolver, reverse

from clinic.accounts.roles import ADMINISTRATOR, CLINICIAN, STAFF
from clinic.audit.models import AccessLog
from clinic.scheduling.tokens import patient_token
from tests.conftest import log_in
from tests.factories import IntakeFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
SECRET = "c2VjcmV0:1tW3xq:Zm9yZ2VkLXNpZ25hdHVyZQ"  # shaped like a signed token


def token_routes(resolver=None, namespace=""):
    """The view name of every URL pattern with a `token` in it (the pages behind a personal link)."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from token_routes(entry, ":".join(p for p in (namespace, entry.namespace) if p))
        elif "token" in entry.pattern.regex.groupindex:
            yield f"{namespace}:{entry.name}"


@pytest.mark.django_db
def test_the_access_log_stores_the_route_name_of_each_page_never_its_path(client, example_document):
    from screening.services import intake_import
    from screening.samples import as_intake_2

    intake, _result = intake_import(document=as_intake_2(example_document("base-meets")), name="Kari Nordmann")
    log_in(client, UserFactory(roles=[CLINICIAN, STAFF]))
    client.get(reverse("review:case", args=[intake.reference]))
    client.get(reverse("review:answers", args=[intake.reference]))
    client.get(reverse("scheduling:outbox"))
    log_in(client, UserFactory(roles=[ADMINISTRATOR], is_staff=True, is_superuser=True))
    client.get(reverse("admin:screening_intake_change", args=[intake.pk]))
    rows = AccessLog.objects.order_by("pk")
    # Before: the access log had no record of the page at all.
    assert [row.route for row in rows] == [
        "review:case", "review:answers", "scheduling:outbox", "admin:screening_intake_change"]


def test_every_page_behind_a_personal_link_has_its_token_taken_out_of_log_lines():
    from clinic.logs import redact_tokens

    routes = sorted(token_routes())
    assert routes == ["accounts:password_reset_confirm", "intake:resume", "proms:answer", "review:patient_message",
                      "scheduling:patient"]
    for name in routes:
        for prefix in ("", "/en"):
            if name == "accounts:password_reset_confirm":
                path = prefix + reverse(name, kwargs={"uidb64": "MQ", "token": SECRET})
            else:
                path = prefix + reverse(name, args=[SECRET])
            line = redact_tokens(f'"GET {path}?x=1 HTTP/1.1" 200 512')
            assert SECRET not in line and "/<token>/" in line, line


@pytest.mark.django_db
def test_a_failed_request_on_a_patient_link_is_logged_without_the_token(client, caplog):
    token = patient_token(IntakeFactory())
    with caplog.at_level(logging.INFO):
        bad = client.post(reverse("scheduling:patient", args=[token]), {"appointment": "not-an-appointment"})
        client.get(reverse("intake:resume", args=[SECRET]))
    assert bad.status_code == 400
    # Before: "Bad Request: /appointments/<the patient's valid token>/".
    assert "Bad Request: /appointments/<token>/" in caplog.text
    assert "Not Found: /intake/resume/<token>/" in caplog.text
    assert token not in caplog.text and SECRET not in caplog.text


def test_the_development_server_logs_request_lines_without_the_token():
    records = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())
    server = logging.getLogger("django.server")
    server.addHandler(handler)
    try:
        server.info('"%s" %s %s', f"GET /en/appointments/{SECRET}/ HTTP/1.1", 200, 1024)
    finally:
        server.removeHandler(handler)
    assert records == ['"GET /en/appointments/<token>/ HTTP/1.1" 200 1024']


def email_backend(env):
    """The e-mail backend the real settings choose with only `env` set (or the error they raise)."""
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'clinic.settings'; django.setup(); "
            "from django.conf import settings; print(settings.EMAIL_BACKEND)")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={"PATH": os.environ.get("PATH", ""), **env})


def test_production_refuses_to_start_without_a_mail_server():
    done = email_backend({"DEBUG": "false", "SECRET_KEY": "x" * 50})
    # Before: it started and printed every e-mail, resume links included, to the console log.
    assert done.returncode != 0
    assert "EMAIL_URL is not set" in done.stderr


def test_production_sends_through_the_configured_mail_server():
    done = email_backend({"DEBUG": "false", "SECRET_KEY": "x" * 50, "EMAIL_URL": "smtp+tls://u:p@mail.example:587",
                          "CACHE_URL": "redis://127.0.0.1:6379/0"})
    assert done.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend", done.stderr


def test_the_local_demo_prints_e_mail_to_the_console_by_default():
    done = email_backend({"DEBUG": "true"})
    assert done.stdout.strip() == "django.core.mail.backends.console.EmailBackend", done.stderr
