"""Writes of the clinician review: claim, flag reviews, notes, decisions, the patient's answer, urgent mail.

Each is one transaction that locks the intake row, checks the state machine and who holds the
case, and adds rows (never edits them). The intake's status moves only along TRANSITIONS.
"""

import logging

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clinic.links import absolute_url, signed_token, token_value
from clinic.mail.services import mail_queue, mail_send
from clinic.reasons import system_reason
from screening.document import IntakeInvalid
from screening.models import Intake
from screening.patient.single_questions import in_intake_order
from screening.rules import check_readable, get_ruleset
from screening.services import intake_screen, intake_set_status

from .info_request import document_with_answers, offered_questions, question_for_path
from .models import (
    AssessmentNote, Claim, Decision, FlagReview, InfoResponse, IntakeDocumentVersion, RescreenAlert, RescreenEscalation,
)

logger = logging.getLogger(__name__)

S = Intake.Status
TRANSITIONS = {
    S.SUBMITTED: {S.IN_REVIEW},
    S.IN_REVIEW: {S.INFO_REQUESTED, S.APPROVED, S.DECLINED},
    S.INFO_REQUESTED: {S.RESUBMITTED},
    S.RESUBMITTED: {S.IN_REVIEW},
}
# Approving over a flag of these levels needs an explicit override (acknowledging is not enough).
OVERRIDE_TO_APPROVE = ("urgent", "absolute", "criteria")
# Overriding a flag of these levels asks for the password again.
SUDO_LEVELS = ("urgent", "absolute")
LINK_SALT = "review.decision-link"


def review_transition(*, intake, to, actor=None, reason=""):
    if to not in TRANSITIONS.get(intake.status, ()):
        raise ValidationError(
            _("A case cannot go from “%(old)s” to “%(new)s”.") % {"old": intake.get_status_display(), "new": S(to).label}
        )
    return intake_set_status(intake=intake, status=to, actor=actor, reason=reason)


def _locked(intake):
    return Intake.objects.select_for_update().get(pk=intake.pk)


def current_claim(intake):
    """The claim of the clinician who has the case now, or None (never claimed, or released)."""
    claim = intake.review_claims.select_related("clinician").order_by("-created_at", "-pk").first()
    return None if claim is None or claim.released else claim


def _require_open(intake):
    if intake.status in (S.APPROVED, S.DECLINED):
        raise ValidationError(_("This case is already decided."))


def _require_holder(intake, clinician):
    claim = current_claim(intake)
    if claim is None or claim.clinician_id != clinician.pk:
        raise ValidationError(_("Claim the case before you work on it."))
    return claim


def _latest_result(intake):
    result = intake.results.order_by("-created_at", "-pk").first()
    if result is None:
        raise ValidationError(_("This case has no screening result yet."))
    return result


@transaction.atomic
def review_claim(*, intake, clinician, reason=""):
    """Take the case. Taking it from another clinician needs a reason; submitted or resubmitted
    cases move to 'in review'. An urgent draft can be claimed (to contact the patient) and stays a draft."""
    intake = _locked(intake)
    _require_open(intake)
    if intake.status == S.DRAFT and not intake.urgent:
        raise ValidationError(_("This intake has not been submitted."))
    claim = current_claim(intake)
    reason = reason.strip()
    if claim is not None and claim.clinician_id != clinician.pk and not reason:
        raise ValidationError(
            _("%(name)s has this case. Give a reason to take it over.") % {"name": claim.clinician}
        )
    if claim is None or claim.clinician_id != clinician.pk:
        claim = Claim.objects.create(intake=intake, clinician=clinician, reason=reason)
    if intake.status in (S.SUBMITTED, S.RESUBMITTED):
        review_transition(intake=intake, to=S.IN_REVIEW, actor=clinician, reason=reason or system_reason("claimed"))
    return claim


@transaction.atomic
def review_release(*, intake, clinician, reason=""):
    """Give the case back to the queue (only its holder can); another clinician may then claim it
    without a reason. The status stays as it is. A decided case is not in the queue: nothing to give back."""
    intake = _locked(intake)
    _require_open(intake)
    _require_holder(intake, clinician)
    return Claim.objects.create(intake=intake, clinician=clinician, reason=reason.strip(), released=True)


@transaction.atomic
def review_flag(*, intake, clinician, code, action, reason="", password_confirmed=False):
    """Acknowledge or override one flag of the latest screening result, with a reason."""
    intake = _locked(intake)
    _require_holder(intake, clinician)
    if intake.status not in (S.IN_REVIEW, S.DRAFT):
        raise ValidationError(_("Flags can be reviewed only while the case is in review."))
    result = _latest_result(intake)
    flag = next((f for f in result.flags if f["code"] == code), None)
    if flag is None:
        raise ValidationError(_("This flag is not in the latest screening result."))
    reason = reason.strip()
    if action == FlagReview.Action.OVERRIDDEN:
        if not reason:
            raise ValidationError(_("Give a reason for overriding the flag."))
        if flag["level"] in SUDO_LEVELS and not password_confirmed:
            raise ValidationError(_("Overriding an urgent or absolute flag needs your password again."))
    elif action != FlagReview.Action.ACKNOWLEDGED:
        raise ValidationError(_("Unknown action."))
    return FlagReview.objects.create(
        intake=intake, result=result, code=code, level=flag["level"], action=action, reason=reason,
        password_confirmed=password_confirmed, ruleset=result.ruleset, actor=clinician,
    )


@transaction.atomic
def review_note_add(*, intake, clinician, text):
    intake = _locked(intake)
    _require_holder(intake, clinician)
    text = text.strip()
    if not text:
        raise ValidationError(_("The assessment is empty."))
    return AssessmentNote.objects.create(intake=intake, author=clinician, text=text)


def latest_flag_reviews(intake, result):
    """{code: newest FlagReview} for the flags of `result`."""
    reviews = {}
    for review in FlagReview.objects.filter(intake=intake, result=result).select_related("actor").order_by("created_at", "pk"):
        reviews[review.code] = review
    return reviews


@transaction.atomic
def review_decide(*, intake, clinician, kind, reason="", patient_message="", steps=(), questions=()):
    """Approve for consultation, decline, or request more information; tell the patient by e-mail.
    A request may ask `questions` (keys offered for the latest result), which the patient answers with
    the intake's own questions."""
    intake = _locked(intake)
    _require_holder(intake, clinician)
    if intake.status != S.IN_REVIEW:
        raise ValidationError(_("Only a case in review can be decided."))
    result = _latest_result(intake)
    reason, patient_message = reason.strip(), patient_message.strip()
    questions = _questions_to_ask(questions, kind=kind, result=result)
    if kind == Decision.Kind.APPROVE:
        reviews = latest_flag_reviews(intake, result)
        unreviewed = [f["code"] for f in result.flags if f["code"] not in reviews]
        if unreviewed:
            raise ValidationError(_("Acknowledge or override every flag first: %(codes)s.") % {"codes": ", ".join(unreviewed)})
        blocking = [f["code"] for f in result.flags if f["level"] in OVERRIDE_TO_APPROVE
                    and reviews[f["code"]].action != FlagReview.Action.OVERRIDDEN]
        if blocking:
            raise ValidationError(
                _("These flags must be overridden, with a reason, before approval: %(codes)s.") % {"codes": ", ".join(blocking)}
            )
        to = S.APPROVED
    elif kind == Decision.Kind.DECLINE:
        if not reason or not patient_message:
            raise ValidationError(_("A decline needs a reason and a message to the patient."))
        to = S.DECLINED
    elif kind == Decision.Kind.REQUEST_INFO:
        if not patient_message and not questions:
            raise ValidationError(_("Write what you want the patient to tell you, or choose questions to ask."))
        to = S.INFO_REQUESTED
    else:
        raise ValidationError(_("Unknown decision."))
    decision = Decision.objects.create(
        intake=intake, result=result, kind=kind, reason=reason, patient_message=patient_message,
        steps=list(steps), questions=questions, ruleset=result.ruleset, actor=clinician,
    )
    review_transition(intake=intake, to=to, actor=clinician, reason=reason or system_reason("decided", decision=kind))
    intake_escalation_refresh(intake=intake)  # a decision follows every escalation before it
    _mail_patient(intake=intake, decision=decision)
    return decision


# Other reasons to keep a case in the open queue, registered by the apps that own them: callables
# (intake) -> bool. The screening domain never imports the treatment apps (STYLE); an app after it (e.g.
# clinic.proms: a crisis answer no clinician has reviewed yet) registers its check in AppConfig.ready().
ESCALATION_SOURCES = []


def escalation_source_register(check):
    """Register `check(intake) -> bool` as a reason for the queue's `escalated` mark (once per check)."""
    if check not in ESCALATION_SOURCES:
        ESCALATION_SOURCES.append(check)
    return check


def intake_escalation_refresh(*, intake):
    """Set the queue's `escalated` mark from the rows it stands for: an escalation of the re-screening
    that no decision has followed yet, an alert not yet reviewed, or anything a registered source
    (ESCALATION_SOURCES) still holds open. Call it inside the transaction that added the decision,
    escalation, alert or review."""
    decided_since = Decision.objects.filter(intake=intake, created_at__gte=OuterRef("created_at"))
    escalated = (RescreenEscalation.objects.filter(intake=intake).filter(~Exists(decided_since)).exists()
                 or RescreenAlert.objects.filter(intake=intake, reviewed_at__isnull=True).exists()
                 or any(check(intake) for check in ESCALATION_SOURCES))
    if escalated != intake.escalated:
        intake.escalated = escalated
        Intake.objects.filter(pk=intake.pk).update(escalated=escalated)
    return escalated


def _questions_to_ask(questions, *, kind, result):
    """The chosen question keys in the intake's order, each one offered for this screening result."""
    questions = list(dict.fromkeys(questions))
    if not questions:
        return []
    if kind != Decision.Kind.REQUEST_INFO:
        raise ValidationError(_("Questions for the patient go with a request for more information."))
    offered = {key for key, _why in offered_questions(result)}
    if not set(questions) <= offered:
        raise ValidationError(_("These questions cannot be asked on this case: %(keys)s.")
                              % {"keys": ", ".join(sorted(set(questions) - offered))})
    return in_intake_order(questions)


def decision_token(decision):
    return signed_token(decision.pk, salt=LINK_SALT)


def decision_from_token(token):
    """The Decision a patient's link points to, or None when the link is wrong or expired."""
    pk = token_value(token, salt=LINK_SALT, max_age_days=settings.REVIEW_INFO_LINK_DAYS)
    if pk is None:
        return None
    return Decision.objects.select_related("intake").filter(pk=pk).first()


def _mail_patient(*, intake, decision):
    """One neutral e-mail with a personal link; the clinic's message is read behind the link."""
    if not intake.email:
        return None
    language = (intake.document or {}).get("locale") or settings.LANGUAGE_CODE
    with translation.override(language):
        link = absolute_url(reverse("review:patient_message", args=[decision_token(decision)]))
        subject = _("A message from the clinic (reference %(reference)s)") % {"reference": intake.reference}
        if decision.kind == Decision.Kind.REQUEST_INFO:
            lead = _("The clinic has read your screening and needs a little more information from you.")
        else:
            lead = _("The clinic has read your screening and has an answer for you.")
        body = "\n\n".join([
            _("Hello,"), lead,
            _("Open this personal link to read the message (valid for %(days)s days):") % {"days": settings.REVIEW_INFO_LINK_DAYS},
            link,
            _("Do not forward this e-mail. If you need help now, call 113 (emergency) or 116 117 (legevakt)."),
        ])
    return mail_send(to=intake.email, subject=subject, body=body, kind=f"review_{decision.kind}", intake=intake,
                     dedupe_key=f"review-decision:{decision.pk}", store_body=False)


@transaction.atomic
def review_info_answer(*, decision, text="", answers=None):
    """The patient answers a request for more information: the free text and, when questions were asked,
    their answers ({question key: document value}), which make a new document version. Stored, screened
    again under the current ruleset, and back in the queue. Raises ValidationError (per question key
    where it can) in the patient's language; nothing is stored then."""
    intake = _locked(decision.intake)
    text, answers = text.strip(), dict(answers or {})
    if decision.kind != Decision.Kind.REQUEST_INFO:
        raise ValidationError(_("This message does not ask for an answer."))
    if InfoResponse.objects.filter(decision=decision).exists() or intake.status != S.INFO_REQUESTED:
        raise ValidationError(_("You have already answered. The clinic will contact you."))
    if set(answers) != set(decision.questions):
        raise ValidationError(_("Please answer every question."))
    if not text and not decision.questions:
        raise ValidationError(_("Please write your answer."))
    version = _document_version_add(intake=intake, decision=decision, answers=answers) if answers else None
    review_transition(intake=intake, to=S.RESUBMITTED, actor=None, reason=system_reason("info_answered"))
    result = intake_screen(intake=intake)
    return InfoResponse.objects.create(decision=decision, text=text, result=result, document_version=version)


def _document_version_add(*, intake, decision, answers):
    """Store the answers as a new version of the document (validated for the current ruleset), keep the
    submitted one as version 1, and make the new one the intake's document."""
    answered_at = timezone.localtime().isoformat(timespec="seconds")
    document = document_with_answers(intake.document, answers, answered_at=answered_at)
    try:
        check_readable(document, get_ruleset(settings.SCREENING_RULESET))
    except IntakeInvalid as exc:
        paths = sorted({error.path for error in exc.errors})
        logger.error("answer to request %s: the new document is not valid at %s", decision.pk, ", ".join(paths))
        message = _("Please check this answer: it does not fit with your other answers.")
        keys = {question_for_path(path, decision.questions) or NON_FIELD_ERRORS for path in paths}
        raise ValidationError({key: [message] for key in keys}) from exc
    versions = IntakeDocumentVersion.objects.filter(intake=intake)
    if not versions.exists():
        IntakeDocumentVersion.objects.create(intake=intake, number=1, document=intake.document, source="submitted")
    number = versions.aggregate(last=Max("number"))["last"] + 1
    version = IntakeDocumentVersion.objects.create(intake=intake, number=number, document=document,
                                                   source=f"patient answer to request {decision.pk}")
    intake.document = document
    intake.save(update_fields=["document", "updated_at"])
    return version


def intake_notify_urgent(*, intake):
    """Tell the on-duty clinician(s) at once that an urgent intake is waiting. Idempotent per intake
    and address."""
    if not intake.urgent:
        return []
    return on_duty_mail(
        intake=intake, kind="urgent_intake", dedupe_key=f"urgent-intake:{intake.pk}", what="urgent intake",
        subject=gettext_lazy("Urgent intake waiting: %(reference)s"),
        lead=gettext_lazy("An urgent intake is waiting for a clinician."),
    )


def on_duty_mail(*, intake, kind, dedupe_key, what, subject, lead):
    """One e-mail to each on-duty clinician, in the clinic's language: `lead`, the reference and a link
    to the queue, no health details. `subject` may hold %(reference)s; pass gettext_lazy texts.
    Idempotent per `dedupe_key` and address; `what` names the message in the error log. Recorded in the
    caller's transaction when there is one, sent once it commits."""
    addresses = settings.ON_DUTY_CLINICIAN_EMAILS
    if not addresses:
        logger.error("%s %s: ON_DUTY_CLINICIAN_EMAILS is empty, nobody was told", what, intake.pk)
        return []
    with translation.override(settings.LANGUAGE_CODE):
        link = absolute_url(reverse("review:queue"))
        body = "\n\n".join([
            str(lead),
            _("Reference: %(reference)s") % {"reference": intake.reference},
            _("Open the review queue: %(link)s") % {"link": link},
        ])
        subject = str(subject) % {"reference": intake.reference}
    return [
        mail_queue(to=address, subject=subject, body=body, kind=kind, intake=intake,
                   dedupe_key=f"{dedupe_key}:{address}")
        for address in addresses
    ]
