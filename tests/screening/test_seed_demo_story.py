"""`seed_demo` leaves cases in every queue status, an urgent draft at the top of the queue, adds nothing
when run twice, and its e-mails link to SITE_URL."""

import io
import re

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from screening.models import Intake
from screening.review.models import Claim
from screening.review.selectors import review_queue


def seed():
    out = io.StringIO()
    call_command("seed_demo", "--allow-production", stdout=out)
    return out.getvalue()


def row_counts():
    return {model.__name__: model.objects.count() for model in apps.get_models()
            if model._meta.app_label in ("screening", "review", "patient", "scheduling", "mail", "accounts")}


@pytest.mark.django_db
def test_every_queue_status_is_present():
    seed()
    statuses = set(Intake.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "in_review", "info_requested", "resubmitted", "approved", "declined"}
    in_review = Intake.objects.get(status="in_review")
    claim = Claim.objects.filter(intake=in_review).latest("created_at")
    assert claim.clinician.email == "clinician@demo.clinic" and not claim.released
    assert Intake.objects.filter(status="approved", appointments__isnull=True).exists()  # waits for a consultation


@pytest.mark.django_db
def test_the_urgent_draft_is_at_the_top_of_the_queue():
    out = seed()
    first = review_queue()["page"][0]
    assert first.status == "draft" and first.urgent
    assert first.status_changes.filter(reason__contains="crisis help shown").exists()
    assert first.reference in out


@pytest.mark.django_db
def test_running_it_twice_adds_nothing():
    seed()
    before = row_counts()
    seed()
    assert row_counts() == before


@pytest.mark.django_db
def test_the_links_in_its_e_mails_point_at_site_url():
    with override_settings(SITE_URL="http://127.0.0.1:8101"):
        out = seed()
    links = [link for message in mail.outbox for link in re.findall(r"https?://\S+", message.body)]
    assert links and all(link.startswith("http://127.0.0.1:8101/") for link in links)
    assert "Links in e-mails point at SITE_URL: http://127.0.0.1:8101/" in out
