"""Reminders before each appointment, sent by `manage.py send_reminders` (cron, e.g. every 15 minutes).

Idempotent: each reminder has a dedupe_key (appointment, its start, the offset), unique in the
outbox, so two runs at once or a run repeated never send it twice; a moved appointment gets new
reminders, and the outbox drops an old one not yet sent (or one for a cancelled appointment). Only the
latest due offset is sent (booked 30 hours ahead: the day-before reminder only), and none whose moment
came before the appointment was booked.
"""

from datetime import timedelta

from django.utils import timezone

from clinic.mail.services import mail_retry_pending

from . import conf, emails
from .models import Appointment


def reminders_send(*, now=None):
    now = now or timezone.now()
    offsets = conf.reminder_hours()
    if not offsets:
        return 0
    queued = 0
    upcoming = (Appointment.objects.filter(status=Appointment.Status.BOOKED, type__at_clinic=True, start__gt=now,
                                           start__lte=now + timedelta(hours=max(offsets)))
                .select_related("intake", "type").prefetch_related("changes"))
    for appointment in upcoming:
        due = [h for h in offsets if appointment.start - timedelta(hours=h) <= now]
        hours = min(due)
        booked_at = [c.created_at for c in appointment.changes.all() if c.action in ("booked", "rescheduled")]
        last_booked = max(booked_at, default=None)
        if last_booked and last_booked > appointment.start - timedelta(hours=hours):
            continue  # the booking e-mail went out after this reminder's moment
        if emails.send_reminder(appointment=appointment, hours=hours) is not None:
            queued += 1
    return queued


def reminders_run(*, now=None):
    """One cron run: queue due reminders, then retry what failed before."""
    queued = reminders_send(now=now)
    retried = mail_retry_pending()
    return queued, retried
