"""When the patient is asked, and the e-mail that asks: `manage.py send_proms` (cron, e.g. every 15 minutes).

- The day before each infusion, booster and the evaluation (PROMS_LEAD_HOURS before it): the day-before
  reminder carries the link (clinic/scheduling/emails.py calls `reminder_link`); an appointment whose
  reminder did not carry one (booked late, reminders switched off) gets an e-mail of its own from the command.
- 1 and 3 months after the series (PROMS_FOLLOW_UP_DAYS after its last attended infusion, once no infusion
  of it is still booked), within PROMS_FOLLOW_UP_WINDOW_DAYS of that moment.

Idempotent: an invitation's slot is unique and its e-mail has a dedupe key, so runs at once or repeated
never ask twice. The e-mail says only that a short questionnaire is waiting; its body holds a personal
link and is not stored.
"""

from datetime import timedelta

from django.db.models import Exists, Max, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clinic.mail.models import OutgoingEmail
from clinic.mail.services import mail_send_rebuilt
from clinic.scheduling.availability import local
from clinic.scheduling.models import Appointment, AppointmentType, InfusionSeries

from . import conf, services, tokens
from .models import PromInvitation

ASKED_BEFORE = (AppointmentType.INFUSION, AppointmentType.BOOSTER, AppointmentType.EVALUATION)


def _language(intake):
    language = (intake.document or {}).get("locale") or "nb"
    return language if language in ("nb", "en") else "nb"


def appointment_invitation(appointment, *, now=None):
    """The invitation for the day before `appointment` (made now if needed), or None when it gets none."""
    now = now or timezone.now()
    if appointment.type.code not in ASKED_BEFORE or appointment.status != Appointment.Status.BOOKED:
        return None
    if not (now < appointment.start <= now + timedelta(hours=conf.lead_hours())):
        return None
    reason = (PromInvitation.Reason.EVALUATION if appointment.type.code == AppointmentType.EVALUATION
              else PromInvitation.Reason.BEFORE_INFUSION)
    invitation, created = services.invitation_get_or_create(
        intake=appointment.intake, reason=reason, slot=services.appointment_slot(appointment),
        appointment=appointment, series=appointment.series, now=now)
    if created and invitation.expires_at > appointment.end:
        # Asked before the appointment: the link closes when it ends, whatever PROMS_LINK_HOURS says.
        PromInvitation.objects.filter(pk=invitation.pk).update(expires_at=appointment.end)
        invitation.expires_at = appointment.end
    return invitation


def reminder_link(appointment, *, now=None):
    """The questionnaire link for a reminder about `appointment`, or "" (not asked, already answered,
    or expired). The reminder marks the invitation sent (invitation_mark_sent) once the e-mail went out."""
    invitation = appointment_invitation(appointment, now=now)
    if invitation is None or not services.invitation_is_open(invitation, now=now):
        return ""
    return tokens.invitation_link(invitation)


def invitation_mark_sent(*, email, appointment=None, invitation=None, now=None):
    """Record that the link went out, only when `email` (an OutgoingEmail) was sent: a failed one leaves
    the invitation unsent, so the next cron run builds the e-mail again."""
    if email is None or email.status != OutgoingEmail.Status.SENT:
        return False
    invitations = (PromInvitation.objects.filter(pk=invitation.pk) if invitation is not None
                   else PromInvitation.objects.filter(slot=services.appointment_slot(appointment)))
    return bool(invitations.filter(sent_at__isnull=True).update(sent_at=now or timezone.now()))


def invitation_send(*, invitation, now=None):
    """E-mail the patient the link to one questionnaire (once). Returns the OutgoingEmail or None."""
    intake = invitation.intake
    if not intake.email or not services.invitation_is_open(invitation, now=now):
        return None
    with translation.override(_language(intake)):
        subject = _("A short questionnaire from the clinic")
        body = render_to_string("proms/email/invitation.txt", {
            "name": intake.name, "link": tokens.invitation_link(invitation),
            "until": local(invitation.expires_at), "reference": intake.reference,
        })
    email = mail_send_rebuilt(to=intake.email, subject=subject, body=body, kind="proms.invitation", intake=intake,
                              dedupe_key=f"proms:invitation:{invitation.pk}", store_body=False)
    invitation_mark_sent(email=email, invitation=invitation, now=now)
    return email


def due_appointments(now):
    return (Appointment.objects.filter(status=Appointment.Status.BOOKED, type__code__in=ASKED_BEFORE,
                                       start__gt=now, start__lte=now + timedelta(hours=conf.lead_hours()))
            .select_related("intake", "type", "series"))


def finished_series(now):
    """Series with at least one attended infusion and none still booked, with the last attended start."""
    booked = Appointment.objects.filter(series=OuterRef("pk"), status=Appointment.Status.BOOKED)
    return (InfusionSeries.objects.filter(~Exists(booked))
            .annotate(last_infusion=Max("appointments__start",
                                        filter=Q(appointments__status=Appointment.Status.ATTENDED)))
            .filter(last_infusion__isnull=False, last_infusion__lte=now - timedelta(days=min(conf.follow_up_days())))
            .select_related("intake"))


FOLLOW_UP_REASONS = (PromInvitation.Reason.MONTH_1, PromInvitation.Reason.MONTH_3)


def invitations_send(*, now=None):
    """One cron run: make and send every invitation that is due. Returns how many e-mails were queued."""
    now = now or timezone.now()
    queued = 0
    for appointment in due_appointments(now):
        invitation = appointment_invitation(appointment, now=now)
        if invitation is not None and invitation.sent_at is None and invitation_send(invitation=invitation, now=now):
            queued += 1
    window = timedelta(days=conf.follow_up_window_days())
    for series in finished_series(now):
        for reason, days in zip(FOLLOW_UP_REASONS, conf.follow_up_days()):
            moment = series.last_infusion + timedelta(days=days)
            if not (moment <= now < moment + window):
                continue
            invitation, _created = services.invitation_get_or_create(
                intake=series.intake, reason=reason, slot=services.series_slot(series, reason), series=series,
                now=now)
            if invitation.sent_at is None and invitation_send(invitation=invitation, now=now):
                queued += 1
    return queued
