"""The confirmation e-mail of a submitted intake is recorded with the submission (one transaction) and goes
out after the submission has committed: never from inside the transaction that holds the intake's row lock,
never for a submission that was rolled back."""

import io

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from clinic.mail.models import OutgoingEmail
from clinic.mail.services import SENDING_STALE_AFTER
from screening.models import Intake
from screening.patient.services import intake_submit

from .answers import BASE_DOCUMENT
from .helpers import start, walk


@pytest.fixture
def draft(client, db):
    draft = start(client)
    walk(client, until="review")
    return draft


def confirmations():
    return OutgoingEmail.objects.filter(kind="intake_received")


def test_the_confirmation_waits_for_the_commit(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        intake, submitted_now = intake_submit(draft=draft, document=BASE_DOCUMENT)
    assert submitted_now
    assert mail.outbox == []
    assert confirmations().get().status == OutgoingEmail.Status.SENDING  # recorded, claimed, not yet sent
    [send] = callbacks
    send()
    assert [m.to for m in mail.outbox] == [["kari@example.com"]]
    assert intake.reference in mail.outbox[0].subject
    assert confirmations().get().status == OutgoingEmail.Status.SENT


def test_a_submission_that_is_rolled_back_sends_nothing(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            intake_submit(draft=draft, document=BASE_DOCUMENT)
            raise RuntimeError("something after the submit failed")
    assert callbacks == []
    assert mail.outbox == [] and not confirmations().exists()
    assert Intake.objects.get(pk=draft.intake_id).status == Intake.Status.DRAFT


def test_a_refused_submission_sends_nothing(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError):
            intake_submit(draft=draft, document={**BASE_DOCUMENT, "phq9": [0] * 8})
    assert callbacks == []
    assert mail.outbox == [] and not confirmations().exists()


def test_a_second_submit_sends_no_second_confirmation(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        intake_submit(draft=draft, document=BASE_DOCUMENT)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert intake_submit(draft=draft, document=BASE_DOCUMENT)[1] is False
    assert callbacks == []
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_e_mail_is_sent_outside_the_transaction_with_the_row_lock(client, monkeypatch):
    draft = start(client)
    walk(client, until="review")
    seen = []
    send = EmailMessage.send

    def send_and_look(message, *args, **kwargs):
        seen.append(connection.in_atomic_block)
        return send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send_and_look)
    intake_submit(draft=draft, document=BASE_DOCUMENT)
    assert seen == [False]
    assert len(mail.outbox) == 1
    assert confirmations().get().status == OutgoingEmail.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_a_confirmation_left_unsent_by_a_stopped_process_is_sent_by_the_retry(client, monkeypatch):
    """The process stops between the commit and the send: the recorded message is not lost."""
    draft = start(client)
    walk(client, until="review")
    monkeypatch.setattr(transaction, "on_commit", lambda *args, **kwargs: None)  # the send never runs
    intake_submit(draft=draft, document=BASE_DOCUMENT)
    email = confirmations().get()
    assert mail.outbox == [] and email.status == OutgoingEmail.Status.SENDING
    OutgoingEmail.objects.filter(pk=email.pk).update(last_attempt_at=email.last_attempt_at - SENDING_STALE_AFTER)
    call_command("send_queued_mail", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["kari@example.com"]]
    assert confirmations().get().status == OutgoingEmail.Status.SENT
