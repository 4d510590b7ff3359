"""Sending e-mail through the outbox: every message is an OutgoingEmail row with its status.

Exactly one process delivers a message: it first claims the row (status `sending`, set by a
conditional UPDATE that only one caller can win), sends outside any transaction of its own, then
records the outcome (sent, failed or dropped) with the attempt counted in the database.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A message still "sending" this long after it was claimed was left by a process that died mid-send.
SENDING_STALE_AFTER = timedelta(minutes=15)

Status = OutgoingEmail.Status
RETRYABLE = [Status.QUEUED, Status.FAILED]


def mail_send(*, to, subject, body, kind, intake=None, attachments=(), dedupe_key=None, store_body=True,
              appointment=None, appointment_start=None):
    """Record an e-mail and try to send it now. Returns the OutgoingEmail (its status says how it went).

    With a `dedupe_key` that was used before, nothing is sent and the earlier record is returned.
    Use `store_body=False` for a body with a personal link: it is sent but not kept.
    With `appointment` and `appointment_start` (a reminder), the message goes out only while that
    appointment is still booked at that start; otherwise it is dropped, now or at a retry.
    """
    email, new = _record_new(to=to, subject=subject, body=body, kind=kind, intake=intake, attachments=attachments,
                             dedupe_key=dedupe_key, store_body=store_body, appointment=appointment,
                             appointment_start=appointment_start)
    if new:
        _deliver_claimed(email, body)
    return email


def mail_send_rebuilt(*, dedupe_key, **kwargs):
    """`mail_send` for a message whose body is not stored (a personal link): a failed one cannot be retried
    from the outbox, so the caller (a cron job) builds it again and this sends it under a new key
    (`<key>`, `<key>:2`, ...), at most MAX_ATTEMPTS times. While an earlier one is sent, sending or
    dropped, that one is returned and nothing is sent."""
    earlier = list(OutgoingEmail.objects.filter(Q(dedupe_key=dedupe_key) | Q(dedupe_key__startswith=f"{dedupe_key}:"))
                   .order_by("-created_at", "-pk"))
    if earlier and (earlier[0].status != Status.FAILED or len(earlier) >= MAX_ATTEMPTS):
        return earlier[0]
    key = dedupe_key if not earlier else f"{dedupe_key}:{len(earlier) + 1}"
    return mail_send(dedupe_key=key, **kwargs)


def mail_queue(*, to, subject, body, kind, intake=None, dedupe_key=None, expect_new=False):
    """Record an e-mail in the caller's transaction and send it once that transaction commits: the
    message exists exactly when the change it reports does, and it is never sent from inside the
    caller's row locks. If the process stops before sending, `send_queued_mail` sends it later.
    `expect_new`: the caller knows the key is new (it reports a change that happens once, made under a
    row lock), so the row is inserted without a look-up first; a duplicate is still caught."""
    email, new = _record_new(to=to, subject=subject, body=body, kind=kind, intake=intake, dedupe_key=dedupe_key,
                             expect_new=expect_new)
    if new:
        transaction.on_commit(lambda: _deliver_claimed(email, None), robust=True)
    return email


def _record_new(*, to, subject, body, kind, intake, dedupe_key, attachments=(), store_body=True, appointment=None,
                appointment_start=None, expect_new=False):
    """The new OutgoingEmail, claimed by this process for sending, and True; or, when `dedupe_key` was
    used before, the earlier one and False. With `expect_new` the row is inserted without a look-up first,
    and the unique key catches a duplicate (a failed INSERT: an error line in the database's log)."""
    fields = dict(
        kind=kind, to=to, subject=subject, body=body if store_body else "", body_stored=store_body,
        attachments=list(attachments), intake=intake, appointment=appointment, appointment_start=appointment_start,
        dedupe_key=dedupe_key,
        # Created already claimed: a retry running meanwhile never picks it up.
        status=Status.SENDING, last_attempt_at=timezone.now(),
    )
    if dedupe_key is None:
        return OutgoingEmail.objects.create(**fields), True
    if not expect_new:  # e.g. a cron run, or an urgent intake saved again: most keys were used before
        earlier = OutgoingEmail.objects.filter(dedupe_key=dedupe_key).first()
        if earlier is not None:
            return earlier, False
    try:
        # In a savepoint when inside a transaction, so that a duplicate does not spoil it.
        with transaction.atomic():
            return OutgoingEmail.objects.create(**fields), True
    except IntegrityError:
        earlier = OutgoingEmail.objects.filter(dedupe_key=dedupe_key).first()
        if earlier is None:
            raise  # another constraint failed, not the key
        # Recorded before, or by another process at this moment: that one is (or was) sent.
        return earlier, False


def mail_deliver(*, email, body=None):
    """Try to send one queued or failed message; records the attempt. Returns True when sent, False when
    it failed, was dropped, or another process is sending it."""
    if body is None and not email.body_stored:
        return False
    if not _claim(email, RETRYABLE):
        return False
    return _deliver_claimed(email, body)


def mail_retry_pending(*, limit=100):
    """Send what is queued or failed (fewer than MAX_ATTEMPTS tries). Safe to run in parallel, and beside
    mail_send: each message is claimed first, so only one process sends it."""
    _release_stale()
    pending = OutgoingEmail.objects.filter(
        status__in=RETRYABLE,
        body_stored=True,
        attempts__lt=MAX_ATTEMPTS,
    ).order_by("created_at", "pk")
    sent = 0
    for email in list(pending[:limit]):
        if _claim(email, RETRYABLE, attempts__lt=MAX_ATTEMPTS) and _deliver_claimed(email, None):
            sent += 1
    return sent


def mail_resend(*, email):
    """Send a stored message again at a staff member's request (whatever its status). A message whose
    body was not stored (it held a personal link) cannot be resent from here: its sender makes a new one."""
    if not email.body_stored:
        raise ValidationError(_("This message held a personal link and was not stored; send it again from "
                                "where it was made (for a booking, the appointment page)."))
    if not _claim(email, [status for status in Status.values if status != Status.SENDING]):
        raise ValidationError(_("This message is being sent right now."))
    _deliver_claimed(email, None)
    return email


def _claim(email, statuses, **conditions):
    """Take the message for this process. Of any number of callers at once, exactly one gets True: the
    UPDATE re-reads the row's status under its row lock, so a second caller finds it `sending`."""
    claimed = OutgoingEmail.objects.filter(pk=email.pk, status__in=statuses, **conditions).update(
        status=Status.SENDING, last_attempt_at=timezone.now(), dropped_reason="",
    )
    if claimed:
        email.refresh_from_db()
    return bool(claimed)


def _release_stale():
    # A message is "sending" only while one process sends it, so normally it is never sent twice. A
    # process that dies mid-send would leave it "sending" for ever; after SENDING_STALE_AFTER (far longer
    # than an SMTP send takes) count that attempt as failed so the retry sends it again. After a crash the
    # patient may get it twice: at least once beats never.
    OutgoingEmail.objects.filter(
        status=Status.SENDING, last_attempt_at__lt=timezone.now() - SENDING_STALE_AFTER,
    ).update(status=Status.FAILED, attempts=F("attempts") + 1, last_error=_("Sending was interrupted."))


def _dropped_reason(email):
    """Why a message about an appointment must not go out now, or "" when it may: a reminder is only
    right while its appointment is still booked at the start the reminder gives."""
    if email.appointment_start is None:
        return ""
    appointment_model = OutgoingEmail._meta.get_field("appointment").related_model
    current = appointment_model.objects.filter(pk=email.appointment_id).values_list("status", "start").first()
    if current is None or current[0] != appointment_model.Status.BOOKED:
        return OutgoingEmail.DroppedReason.NOT_BOOKED
    if current[1] != email.appointment_start:
        return OutgoingEmail.DroppedReason.MOVED
    return ""


def _deliver_claimed(email, body):
    """Send a message this process has claimed and record how it went. Returns True when sent."""
    reason = _dropped_reason(email)
    if reason:
        _record(email, status=Status.DROPPED, dropped_reason=reason)
        logger.info("e-mail %s (%s) dropped: %s", email.pk, email.kind, reason)
        return False
    if body is None:
        body = email.body
    message = EmailMessage(subject=email.subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to])
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment.get("mimetype"))
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # any transport error: record it, never lose the message
        _record(email, status=Status.FAILED, attempts=F("attempts") + 1,
                last_error=f"{type(exc).__name__}: {exc}"[:2000])
        logger.warning("e-mail %s (%s) failed: %s", email.pk, email.kind, type(exc).__name__)
        return False
    _record(email, status=Status.SENT, attempts=F("attempts") + 1, sent_at=timezone.now(), last_error="")
    return True


def _record(email, **fields):
    """Write the outcome of an attempt. The row is claimed by this process (`sending`), so nothing else
    changes it meanwhile: the instance is brought up to date without reading it back."""
    OutgoingEmail.objects.filter(pk=email.pk).update(**fields)
    if "attempts" in fields:
        fields["attempts"] = email.attempts + 1
    for name, value in fields.items():
        setattr(email, name, value)
