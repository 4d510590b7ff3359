"""One process delivers each message: it claims the row (status "sending") before sending."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import connection
from django.utils import timezone

from clinic.mail.models import OutgoingEmail
from clinic.mail.services import mail_deliver, mail_resend, mail_retry_pending, mail_send


def broken(self, fail_silently=False):
    raise ConnectionRefusedError("smtp down")


@pytest.mark.django_db
def test_a_retry_while_a_message_is_being_sent_does_not_send_it_again(monkeypatch):
    original = EmailMessage.send
    retried = []

    def slow(self, fail_silently=False):
        if not retried:  # the cron runs while the first send is still talking to the SMTP server
            retried.append(None)
            retried[0] = mail_retry_pending()
        return original(self, fail_silently=fail_silently)

    monkeypatch.setattr(EmailMessage, "send", slow)
    email = mail_send(to="a@example.com", subject="Hei", body="B", kind="test")
    assert len(mail.outbox) == 1
    assert retried == [0]
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs two real connections at once: PostgreSQL only (CI runs it), SQLite has one writer")
@pytest.mark.django_db(transaction=True)
def test_a_retry_on_another_connection_during_a_slow_send_does_not_send_it_again(monkeypatch):
    original = EmailMessage.send
    inside, release = threading.Event(), threading.Event()
    calls, lock = [], threading.Lock()

    def slow(self, fail_silently=False):
        with lock:
            calls.append(self.subject)
            first = len(calls) == 1
        if first:
            inside.set()
            release.wait(timeout=30)
        return original(self, fail_silently=fail_silently)

    monkeypatch.setattr(EmailMessage, "send", slow)

    def send():
        try:
            mail_send(to="a@example.com", subject="Hei", body="B", kind="test")
        finally:
            connection.close()

    sender = threading.Thread(target=send)
    sender.start()
    try:
        assert inside.wait(timeout=30)
        retried = mail_retry_pending()
    finally:
        release.set()
        sender.join(timeout=30)
    assert calls == ["Hei"]
    assert retried == 0
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == ("sent", 1)


@pytest.mark.django_db
def test_a_message_left_sending_by_a_dead_process_is_retried_after_a_while_not_before():
    email = OutgoingEmail.objects.create(kind="t", to="a@example.com", subject="S", body="B", status="sending",
                                         last_attempt_at=timezone.now() - timedelta(minutes=1))
    assert mail_retry_pending() == 0
    email.refresh_from_db()
    assert email.status == "sending"
    assert mail.outbox == []

    OutgoingEmail.objects.filter(pk=email.pk).update(last_attempt_at=timezone.now() - timedelta(hours=1))
    assert mail_retry_pending() == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)  # the interrupted attempt is counted
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_staff_cannot_resend_a_message_while_it_is_being_sent():
    email = OutgoingEmail.objects.create(kind="t", to="a@example.com", subject="S", body="B", status="sending",
                                         last_attempt_at=timezone.now())
    with pytest.raises(ValidationError):
        mail_resend(email=email)
    assert mail.outbox == []


@pytest.mark.django_db
def test_every_attempt_is_counted_even_from_an_old_copy_of_the_row(monkeypatch):
    monkeypatch.setattr(EmailMessage, "send", broken)
    email = OutgoingEmail.objects.create(kind="t", to="a@example.com", subject="S", body="B")
    first, second = OutgoingEmail.objects.get(pk=email.pk), OutgoingEmail.objects.get(pk=email.pk)
    mail_deliver(email=first)
    mail_deliver(email=second)  # loaded before the first attempt
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 2)


def test_an_smtp_send_gives_up_long_before_its_claim_counts_as_lost():
    from django.conf import settings

    from clinic.mail.services import SENDING_STALE_AFTER

    assert settings.EMAIL_TIMEOUT and timedelta(seconds=settings.EMAIL_TIMEOUT) * 10 <= SENDING_STALE_AFTER
