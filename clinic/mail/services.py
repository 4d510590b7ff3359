"""Sending e-mail through the outbox: every message is an OutgoingEmail row with its status."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def mail_send(*, to, subject, body, kind, intake=None, attachments=(), dedupe_key=None, store_body=True):
    """Record an e-mail and try to send it now. Returns the OutgoingEmail (its status says how it went).

    With a `dedupe_key` that was used before, nothing is sent and the earlier record is returned.
    Use `store_body=False` for a body with a personal link: it is sent but not kept.
    """
    if dedupe_key is not None:
        existing = OutgoingEmail.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                kind=kind,
                to=to,
                subject=subject,
                body=body if store_body else "",
                body_stored=store_body,
                attachments=list(attachments),
                intake=intake,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        # Another process queued the same message at the same moment: it sends it.
        return OutgoingEmail.objects.get(dedupe_key=dedupe_key)
    mail_deliver(email=email, body=body)
    return email


def mail_deliver(*, email, body=None):
    """Try to send one queued or failed message; records the attempt. Returns True when sent."""
    if body is None:
        if not email.body_stored:
            return False
        body = email.body
    message = EmailMessage(subject=email.subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to])
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment.get("mimetype"))
    email.attempts += 1
    email.last_attempt_at = timezone.now()
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # any transport error: record it, never lose the message
        email.status = OutgoingEmail.Status.FAILED
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        logger.warning("e-mail %s (%s) failed: %s", email.pk, email.kind, type(exc).__name__)
    else:
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
    email.save(update_fields=["attempts", "last_attempt_at", "status", "sent_at", "last_error"])
    return email.status == OutgoingEmail.Status.SENT


def mail_retry_pending(*, limit=100):
    """Send what is queued or failed (fewer than MAX_ATTEMPTS tries). Safe to run in parallel:
    rows are locked with SKIP LOCKED, so two runs never send the same message."""
    sent = 0
    pending = OutgoingEmail.objects.filter(
        status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.FAILED],
        body_stored=True,
        attempts__lt=MAX_ATTEMPTS,
    ).order_by("created_at")
    for pk in list(pending.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            email = (
                OutgoingEmail.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.FAILED])
                .first()
            )
            if email is not None and mail_deliver(email=email):
                sent += 1
    return sent


def mail_resend(*, email):
    """Send a stored message again at a staff member's request (whatever its status). A message whose
    body was not stored (it held a personal link) cannot be resent from here: its sender makes a new one."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if not email.body_stored:
        raise ValidationError(_("This message held a personal link and was not stored; send it again from "
                                "where it was made (for a booking, the appointment page)."))
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
        mail_deliver(email=email)
    return email
