"""E-mails to patients and staff about appointments, all through the outbox (clinic.mail).

No health details in any subject or body: "your appointment at the clinic", never the treatment or
a diagnosis. Booking e-mails carry the personal self-service link, so their bodies are not stored
(`store_body=False`); staff resend them from the appointment page, which makes a fresh link.
"""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from clinic.mail.services import mail_send, mail_send_rebuilt
from clinic.proms import conf as proms_conf
from clinic.proms.invitations import invitation_mark_sent, reminder_link

from . import conf, ical, tokens
from .availability import local


def _language(intake):
    language = (intake.document or {}).get("locale") or "nb"
    return language if language in ("nb", "en") else "nb"


def _context(intake, appointments):
    practical = (intake.document or {}).get("practical") or {}
    return {
        "name": intake.name,
        "reference": intake.reference,
        "appointments": [{"start": local(a.start), "end": local(a.end), "at_clinic": a.type.at_clinic}
                         for a in appointments],
        "treatment_day": any(a.type.needs_chair for a in appointments),
        "needs_transport_help": practical.get("transport_home") is False,
        "cutoff_hours": conf.patient_cancel_cutoff_hours(),
    }


def send_booking_confirmation(*, intake, appointments, changed=False, again=False):
    if not intake.email or not appointments:
        return None
    with translation.override(_language(intake)):
        context = _context(intake, appointments) | {"link": tokens.patient_link(intake), "changed": changed}
        if changed:
            subject = _("Changed: your appointment at the clinic")
        elif len(appointments) > 1:
            subject = _("Your appointments at the clinic")
        else:
            subject = _("Your appointment at the clinic")
        body = render_to_string("scheduling/email/booking.txt", context)
        attachment = {"filename": "appointment.ics", "content": ical.appointments_ics(appointments),
                      "mimetype": ical.MIMETYPE}
    first = appointments[0]
    dedupe_key = None if again else f"scheduling:booking:{first.uid}:{first.sequence}:{len(appointments)}"
    return mail_send(to=intake.email, subject=subject, body=body, kind="scheduling.booking", intake=intake,
                     attachments=[attachment], dedupe_key=dedupe_key, store_body=False)


def send_cancellation(*, intake, appointments):
    """One message for the appointments cancelled together (one, or the rest of a treatment)."""
    if not intake.email or not appointments:
        return None
    with translation.override(_language(intake)):
        if len(appointments) > 1:
            subject = _("Cancelled: your appointments at the clinic")
        else:
            subject = _("Cancelled: your appointment at the clinic")
        body = render_to_string("scheduling/email/cancelled.txt", _context(intake, appointments))
        attachment = {"filename": "appointment.ics", "content": ical.appointments_ics(appointments, cancel=True),
                      "mimetype": ical.MIMETYPE}
    first = appointments[0]
    key = f"scheduling:cancel:{first.uid}" + (f":{len(appointments)}" if len(appointments) > 1 else "")
    return mail_send(to=intake.email, subject=subject, body=body, kind="scheduling.cancellation", intake=intake,
                     attachments=[attachment], dedupe_key=key)


def send_reminder(*, appointment, hours):
    intake = appointment.intake
    if not intake.email:
        return None
    key = f"scheduling:reminder:{appointment.uid}:{appointment.start:%Y%m%dT%H%M}:{hours}h"
    # The day before an infusion or the evaluation, the reminder carries the link to the short questionnaire
    # (clinic/proms); a body with a personal link is not stored.
    with translation.override(_language(intake)):
        link = reminder_link(appointment) if hours <= proms_conf.lead_hours() else ""
        subject = _("Reminder: your appointment at the clinic")
        body = render_to_string("scheduling/email/reminder.txt",
                                _context(intake, [appointment]) | {"questionnaire_link": link})
    # A reminder with a link is not stored, so the outbox cannot retry it: the next cron run builds a
    # failed one again (mail_send_rebuilt), and the questionnaire counts as sent only once one went out.
    send = mail_send_rebuilt if link else mail_send
    email = send(to=intake.email, subject=subject, body=body, kind="scheduling.reminder", intake=intake,
                 dedupe_key=key, appointment=appointment, appointment_start=appointment.start, store_body=not link)
    if link:
        invitation_mark_sent(email=email, appointment=appointment)
    return email


def notify_staff_patient_cancelled(*, appointment):
    with translation.override("nb"):
        subject = _("A patient cancelled an appointment")
        body = render_to_string("scheduling/email/staff_patient_cancelled.txt", {
            "reference": appointment.intake.reference, "start": local(appointment.start),
        })
    return mail_send(to=conf.staff_email(), subject=subject, body=body, kind="scheduling.staff_notice",
                     intake=appointment.intake, dedupe_key=f"scheduling:patient-cancel:{appointment.uid}")
