from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from clinic.audit.models import AccessLog
from screening.models import Intake
from screening.patient.services import drafts_purge
from tests.factories import IntakeFactory, UserFactory

pytestmark = pytest.mark.django_db


def aged(days, **fields):
    intake = IntakeFactory(**fields)
    Intake.objects.filter(pk=intake.pk).update(updated_at=timezone.now() - timedelta(days=days))
    return intake


def test_old_drafts_are_deleted_and_recent_ones_kept(settings):
    settings.INTAKE_DRAFT_RETENTION_DAYS = 30
    old = aged(31, status="draft")
    recent = aged(29, status="draft")
    assert drafts_purge() == (1, 0)
    assert not Intake.objects.filter(pk=old.pk).exists()
    assert Intake.objects.filter(pk=recent.pk).exists()


def test_submitted_intakes_and_urgent_drafts_are_never_purged():
    submitted = aged(400, status="submitted")
    urgent = aged(400, status="draft", urgent=True)
    assert drafts_purge(older_than_days=30) == (0, 0)
    assert Intake.objects.filter(pk__in=[submitted.pk, urgent.pk]).count() == 2


def test_a_draft_someone_has_read_is_kept_for_the_access_log():
    read = aged(40, status="draft")
    AccessLog.objects.create(user=UserFactory(), intake=read, action="view_admin")
    assert drafts_purge(older_than_days=30) == (0, 1)
    assert Intake.objects.filter(pk=read.pk).exists()


def test_the_command_reports_what_it_did(capsys):
    aged(100, status="draft")
    call_command("purge_unfinished_intakes")
    assert "deleted: 1" in capsys.readouterr().out
