import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from clinic.mail.models import OutgoingEmail
from clinic.mail.services import MAX_ATTEMPTS, mail_queue, mail_retry_pending, mail_send


@pytest.mark.django_db
def test_a_message_is_recorded_and_sent():
    email = mail_send(to="a@example.com", subject="Hei", body="Body", kind="test")
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1
    assert mail.outbox[0].to == ["a@example.com"]


@pytest.mark.django_db
def test_the_same_dedupe_key_sends_once():
    first = mail_send(to="a@example.com", subject="S", body="B", kind="reminder", dedupe_key="r:1")
    second = mail_send(to="a@example.com", subject="S", body="B", kind="reminder", dedupe_key="r:1")
    assert first.pk == second.pk
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_key_used_before_is_looked_up_without_an_insert_that_fails():
    """A cron run, or an urgent intake saved again, meets keys used before: they are found with a look-up,
    not with a failed INSERT (a database error logged each time)."""
    mail_send(to="a@example.com", subject="S", body="B", kind="reminder", dedupe_key="r:1")
    with CaptureQueriesContext(connection) as queries:
        mail_send(to="a@example.com", subject="S", body="B", kind="reminder", dedupe_key="r:1")
        mail_queue(to="a@example.com", subject="S", body="B", kind="reminder", dedupe_key="r:1")
    assert [q["sql"].split(" ", 1)[0] for q in queries.captured_queries] == ["SELECT", "SELECT"]


@pytest.mark.django_db(transaction=True)
def test_a_queued_message_with_a_key_used_before_is_not_sent_again_and_the_transaction_goes_on():
    with transaction.atomic():
        first = mail_queue(to="a@example.com", subject="S", body="B", kind="intake_received", dedupe_key="k:1",
                           expect_new=True)
    with transaction.atomic():
        again = mail_queue(to="a@example.com", subject="S", body="B", kind="intake_received", dedupe_key="k:1",
                           expect_new=True)
        other = mail_queue(to="b@example.com", subject="S", body="B", kind="intake_received", dedupe_key="k:2",
                           expect_new=True)
    assert again.pk == first.pk and other.pk != first.pk
    assert [m.to for m in mail.outbox] == [["a@example.com"], ["b@example.com"]]
    assert OutgoingEmail.objects.count() == 2


@pytest.mark.django_db
def test_a_queued_message_that_breaks_another_constraint_is_not_taken_for_a_duplicate(monkeypatch):
    def broken(**fields):
        raise IntegrityError("CHECK constraint failed: mail_dropped_has_reason")

    monkeypatch.setattr(OutgoingEmail.objects, "create", broken)
    with pytest.raises(IntegrityError), transaction.atomic():
        mail_queue(to="a@example.com", subject="S", body="B", kind="intake_received", dedupe_key="k:3",
                   expect_new=True)


@pytest.mark.django_db
def test_a_failure_is_recorded_and_retried(settings, monkeypatch):
    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("smtp down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", broken)
        email = mail_send(to="a@example.com", subject="S", body="B", kind="test")
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert "smtp down" in email.last_error
    assert mail_retry_pending() == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 2


@pytest.mark.django_db
def test_retry_gives_up_after_max_attempts():
    email = OutgoingEmail.objects.create(kind="t", to="a@example.com", subject="S", body="B",
                                         status=OutgoingEmail.Status.FAILED, attempts=MAX_ATTEMPTS)
    assert mail_retry_pending() == 0
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED


@pytest.mark.django_db
def test_a_body_with_a_personal_link_is_sent_but_not_stored():
    email = mail_send(to="a@example.com", subject="S", body="https://x/resume/secret", kind="resume", store_body=False)
    email.refresh_from_db()
    assert email.body == ""
    assert "secret" in mail.outbox[0].body


def test_every_kind_of_e_mail_the_code_sends_has_a_label_in_words():
    """The outbox shows a message's kind in words: every kind passed to mail_send or on_duty_mail has one."""
    import re
    from pathlib import Path

    from clinic.mail.models import KIND_LABELS

    root = Path(__file__).resolve().parents[2]
    sent = set()
    for path in [*root.glob("clinic/**/*.py"), *root.glob("screening/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        if "mail_send(" in text or "on_duty_mail(" in text:
            sent.update(re.findall(r'\bkind="([a-z_.]+)"', text))
            sent.update(f"review_{kind}" for kind in ("approve", "decline", "request_info")
                        if 'kind=f"review_{decision.kind}"' in text)
    sent.discard("clinician")  # a resource kind in a constraint, not an e-mail
    assert sent and sent <= set(KIND_LABELS), sorted(sent - set(KIND_LABELS))
