"""Writes of the patient intake: start, save a step, mark urgent, submit, send a resume link."""

import copy
import json
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from clinic.links import signed_token, token_value
from clinic.mail.services import mail_queue, mail_send
from clinic.reasons import system_reason
from clinic.records import history_purge
from screening.document import IntakeInvalid
from screening.models import Intake, IntakeStatusChange
from screening.rules import evaluate, get_ruleset
from screening.services import intake_submit_screened

from .models import IntakeConsent, IntakeDraft

logger = logging.getLogger(__name__)

# Bump when the consent text in templates/intake/start.html changes.
CONSENT_VERSION = "2026-11"
RESUME_SALT = "screening.patient.resume"
CRISIS_RULE = "URG-SUICIDE-HIGH"


@transaction.atomic
def intake_start(*, name, email, phone="", language, consent_version=CONSENT_VERSION):
    """A new draft intake with the patient's contact details and their consent (given now)."""
    intake = Intake.objects.create(name=name, email=email, phone=phone, status=Intake.Status.DRAFT)
    IntakeStatusChange.objects.create(intake=intake, from_status="", to_status=Intake.Status.DRAFT,
                                      reason=system_reason("intake_started"))
    IntakeConsent.objects.create(intake=intake, text_version=consent_version, language=language,
                                 given_at=timezone.now())
    return IntakeDraft.objects.create(intake=intake)


class DraftTooLarge(ValidationError):
    """The draft would hold more than INTAKE_DRAFT_MAX_BYTES: nothing was stored."""


def draft_size(*, wizard, document):
    """The bytes of JSON the draft's answers and its partial document take together."""
    text = json.dumps([wizard, document], ensure_ascii=False, cls=DjangoJSONEncoder)
    return len(text.encode("utf-8", "surrogatepass"))


def draft_check_size(*, draft, wizard, document):
    """Raise DraftTooLarge when `draft` would hold more than INTAKE_DRAFT_MAX_BYTES. A draft already
    larger (saved under a higher limit) may still be saved as long as it does not grow: never stuck."""
    size = draft_size(wizard=wizard, document=document)
    if size > settings.INTAKE_DRAFT_MAX_BYTES and size > draft_size(wizard=draft.wizard,
                                                                     document=draft.intake.document):
        raise DraftTooLarge(_("Your answers are too long to save. Please shorten what you wrote on this page "
                              "and try again. The answers you saved before are kept."))


def draft_save(*, draft, wizard, document):
    """Store the answers as entered and the partial `intake/2` document built from the valid steps.
    Raises DraftTooLarge, storing nothing, when they would take more than INTAKE_DRAFT_MAX_BYTES."""
    draft_check_size(draft=draft, wizard=wizard, document=document)
    with transaction.atomic():
        intake = Intake.objects.select_for_update().get(pk=draft.intake_id)
        if intake.status != Intake.Status.DRAFT:
            raise ValidationError(_("This questionnaire has already been sent."))
        draft.wizard = copy.deepcopy(wizard)  # later edits to the wizard's data must not alias the saved copy
        draft.save(update_fields=["wizard", "updated_at"])
        intake.document = document
        intake.save(update_fields=["document", "updated_at"])
        draft.intake = intake
    return draft


def suicide_risk_is_high(document):
    """True when the rule engine raises URG-SUICIDE-HIGH for the suicide-screen answers given so far."""
    screen = {"format": "intake/2", "suicide_screen": document.get("suicide_screen")}
    result = evaluate(screen, get_ruleset(settings.SCREENING_RULESET))
    return any(flag["code"] == CRISIS_RULE for flag in result["flags"])


def intake_submit(*, draft, document):
    """Submit the draft once: store the complete document, screen it, e-mail a confirmation.

    Idempotent: an intake that is no longer a draft is returned unchanged (a double click, a refresh
    or the back button never submits twice; the row lock makes concurrent requests wait).
    The confirmation is recorded with the submission and goes out once it has committed (never from
    inside the row lock, and never for a submission that was rolled back).
    Returns (intake, submitted_now). Raises ValidationError when the document is not valid intake/2.
    """
    with transaction.atomic():
        intake = Intake.objects.select_for_update().get(pk=draft.intake_id)
        if intake.status != Intake.Status.DRAFT:
            return intake, False
        now = timezone.now()
        intake.document = {**document, "submitted_at": timezone.localtime(now).isoformat(timespec="seconds")}
        intake.submitted_at = now
        try:  # the document is validated there, before anything is written (the transaction is then undone)
            intake_submit_screened(intake=intake, reason=system_reason("intake_submitted"))
        except IntakeInvalid as exc:
            logger.error("Web intake %s failed validation at %s", intake.reference,
                         ", ".join(sorted({e.path for e in exc.errors})))
            raise ValidationError(_("Some answers are missing or not valid. Please check your answers.")) from exc
        intake_send_confirmation(intake=intake)
    return intake, True


def intake_send_confirmation(*, intake):
    """E-mail the patient that their intake was received: its reference, no health details (once).
    Recorded in the caller's transaction, sent when it commits."""
    with override(intake.document.get("locale") or settings.LANGUAGE_CODE):
        return mail_queue(
            to=intake.email,
            subject=_("We have received your questionnaire (%(reference)s)") % {"reference": intake.reference},
            body=_(
                "Thank you. We have received your screening questionnaire.\n\n"
                "Your reference code is %(reference)s.\n\n"
                "A clinician will read your answers, usually within a few working days, and we will "
                "contact you by e-mail. Nobody reads your answers in real time: if you need help now, "
                "call 113 in an emergency or the out-of-hours doctor (legevakt) on 116 117.\n"
            ) % {"reference": intake.reference},
            kind="intake_received",
            intake=intake,
            dedupe_key=f"intake-received:{intake.pk}",
            expect_new=True,  # the intake left the draft status just now, under its row lock
        )


def resume_token(draft):
    """A signed value carrying only the draft's random token (no health data, no ids)."""
    return signed_token(draft.token, salt=RESUME_SALT)


def draft_from_resume_token(value):
    """The open draft a resume token points to, or None when the link is bad, expired or used up."""
    token = token_value(value, salt=RESUME_SALT, max_age_days=settings.INTAKE_RESUME_MAX_AGE_DAYS)
    if token is None:
        return None
    return IntakeDraft.objects.select_related("intake").filter(token=token).first()


def draft_send_resume_link(*, draft, build_url, language):
    """E-mail the patient a link to continue the draft. The body holds a personal link: not stored."""
    link = build_url(resume_token(draft))
    days = settings.INTAKE_RESUME_MAX_AGE_DAYS
    with override(language):
        return mail_send(
            to=draft.intake.email,
            subject=_("Your link to continue the questionnaire"),
            body=_(
                "You asked for a link to continue your screening questionnaire:\n\n%(link)s\n\n"
                "The link works for %(days)s days. Do not share it: anyone with the link can see your answers.\n"
                "If you did not ask for this, you can ignore this e-mail.\n"
            ) % {"link": link, "days": days},
            kind="intake_resume_link",
            intake=draft.intake,
            store_body=False,
        )


class PurgeCounts(tuple):
    """(deleted, kept), with `emails`: the e-mail rows deleted with the drafts."""

    def __new__(cls, deleted, kept, emails=0):
        counts = super().__new__(cls, (deleted, kept))
        counts.emails = emails
        return counts


def drafts_purge(*, older_than_days=None, now=None):
    """Delete unfinished intakes not touched for `older_than_days` (setting INTAKE_DRAFT_RETENTION_DAYS).

    Urgent drafts are kept: a clinician must see them first (once a clinician has closed one, the
    retention job erases it: screening/erasure.py). A draft that something else still refers to (e.g.
    an access-log row) is kept here; the retention job erases it to a tombstone instead. The e-mail sent about a purged draft (the resume link) is deleted
    with it. Returns PurgeCounts: (deleted, kept) and `.emails`.
    The draft's status history and consent go with it: the one deletion the database's append-only
    triggers let through (`history_purge`, clinic/records.py).
    """
    from django.db.models.deletion import ProtectedError

    from clinic.mail.models import OutgoingEmail

    days = settings.INTAKE_DRAFT_RETENTION_DAYS if older_than_days is None else older_than_days
    cutoff = (now or timezone.now()) - timezone.timedelta(days=days)
    stale = Intake.objects.filter(status=Intake.Status.DRAFT, urgent=False, updated_at__lt=cutoff)
    deleted = kept = emails = 0
    for intake in stale.iterator():
        try:
            with history_purge():
                # Deleted first: the foreign key would only be set to NULL, leaving the address behind.
                emails_here, _by_model = OutgoingEmail.objects.filter(intake=intake).delete()
                intake.delete()
            deleted += 1
            emails += emails_here
        except ProtectedError:
            kept += 1
    logger.info("purged %s unfinished intakes and %s e-mails (%s kept: referenced elsewhere)", deleted, emails, kept)
    return PurgeCounts(deleted, kept, emails)
