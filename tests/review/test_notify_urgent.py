import pytest
from django.core import mail

from clinic.mail.models import OutgoingEmail
from screening.review.services import intake_notify_urgent
from tests.factories import IntakeFactory

pytestmark = pytest.mark.django_db


def test_an_urgent_screening_tells_the_on_duty_clinicians_once_without_health_details(
        settings, make_intake, django_capture_on_commit_callbacks):
    settings.ON_DUTY_CLINICIAN_EMAILS = ["vakt@clinic.example", "vakt2@clinic.example"]
    with django_capture_on_commit_callbacks(execute=True):
        intake = make_intake("urgent-intent")
    assert sorted(m.to[0] for m in mail.outbox) == ["vakt2@clinic.example", "vakt@clinic.example"]
    message = mail.outbox[0]
    assert intake.reference in message.subject and intake.reference in message.body
    assert "/review/" in message.body
    for word in (intake.name, "selvmord", "suicid", "URG-"):
        assert word.lower() not in (message.subject + message.body).lower()
    with django_capture_on_commit_callbacks(execute=True):
        intake_notify_urgent(intake=intake)
        intake.save()
    assert len(mail.outbox) == 2
    assert OutgoingEmail.objects.filter(kind="urgent_intake").count() == 2


def test_an_urgent_draft_is_announced_too(settings, django_capture_on_commit_callbacks):
    settings.ON_DUTY_CLINICIAN_EMAILS = ["vakt@clinic.example"]
    draft = IntakeFactory(status="draft")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        draft.urgent = True
        draft.save()
    assert [m.to for m in mail.outbox] == [["vakt@clinic.example"]]


def test_the_notice_is_recorded_with_the_change_and_sent_only_once_it_commits(settings, django_capture_on_commit_callbacks):
    settings.ON_DUTY_CLINICIAN_EMAILS = ["vakt@clinic.example"]
    draft = IntakeFactory(status="draft")
    with django_capture_on_commit_callbacks() as callbacks:
        draft.urgent = True
        draft.save()
    assert mail.outbox == []
    assert OutgoingEmail.objects.get(kind="urgent_intake").status == OutgoingEmail.Status.SENDING
    for send in callbacks:
        send()
    assert [m.to for m in mail.outbox] == [["vakt@clinic.example"]]
    assert OutgoingEmail.objects.get(kind="urgent_intake").status == OutgoingEmail.Status.SENT


def test_an_intake_that_is_not_urgent_sends_nothing(settings, make_intake):
    settings.ON_DUTY_CLINICIAN_EMAILS = ["vakt@clinic.example"]
    make_intake("bp-181-80")
    assert mail.outbox == []
