import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from clinic.reasons import SystemReasonFields
from clinic.records import AppendOnlyModel

# Reference codes avoid letters and digits that are easy to confuse when read over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference():
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


# The review queue's sets and order (screening/review/selectors.py), here because the queue's indexes are
# partial on these sets and sorted in this order: a query matches an index only when it says the same.
OPEN_STATUSES = ("submitted", "in_review", "info_requested", "resubmitted")
DECIDED_STATUSES = ("approved", "declined")
# What a clinician may open: everything submitted, and drafts only when urgent.
REVIEWABLE = Q(status__in=OPEN_STATUSES + DECIDED_STATUSES) | Q(status="draft", urgent=True)
# The open queue: undecided cases, urgent drafts, and decided ones a re-screening waits on.
OPEN_CASES = (Q(status__in=OPEN_STATUSES) | Q(status="draft", urgent=True)
              | Q(status__in=DECIDED_STATUSES, escalated=True))
# Urgent first (urgent drafts too), then what a re-screening made more severe, then the oldest waiting.
QUEUE_ORDER = (F("urgent").desc(), F("escalated").desc(), Coalesce("submitted_at", "created_at").asc(), F("id").asc())
QUEUE_INCLUDE = ("status", "submitted_at", "created_at")


class Intake(models.Model):
    """One prospective patient's intake: its document (`intake/1` or `intake/2`) and where it is in the workflow."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        INFO_REQUESTED = "info_requested", _("Information requested")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        APPROVED = "approved", _("Approved for consultation")
        DECLINED = "declined", _("Declined")
        ERASED = "erased", _("Erased")

    reference = models.CharField(_("reference code"), max_length=9, unique=True, default=new_reference, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    document = models.JSONField(_("intake document"), default=dict)
    # Identity and contact are kept beside the document (it holds no identity).
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    # Set when the intake was erased (screening/erasure.py): the row stays as a tombstone, with no
    # personal data, so the access log keeps pointing at something. Reason: a code, never free text.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    erasure_reason = models.CharField(_("why erased"), max_length=20, blank=True)
    # The queue's sort and filter keys, kept on the row so that the queue reads neither the document nor
    # every screening result: the latest result's outcome and the indication it was screened for (set by
    # intake_screen in the same transaction), and whether a re-screening waits for a clinician (an
    # escalation no decision has followed, or an alert not yet reviewed; screening/review/rescreen.py).
    outcome = models.CharField(_("latest outcome"), max_length=20, blank=True)
    indication = models.CharField(_("indication"), max_length=40, blank=True)
    escalated = models.BooleanField(_("re-screening to review"), default=False)

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-urgent", "submitted_at", "created_at"]
        # The queue reads a page in index order, whatever the number of intakes: the open queue and each
        # of its filters, every reviewable intake ("all") and each status. Search has its own (migration 0004).
        # The included columns let PostgreSQL answer the page's ids and the counts from the index alone.
        indexes = [
            models.Index(*QUEUE_ORDER, name="intake_queue_open", condition=OPEN_CASES, include=QUEUE_INCLUDE),
            models.Index(F("outcome"), *QUEUE_ORDER, name="intake_queue_open_outcome", condition=OPEN_CASES,
                         include=QUEUE_INCLUDE),
            models.Index(F("indication"), *QUEUE_ORDER, name="intake_queue_open_indication", condition=OPEN_CASES,
                         include=QUEUE_INCLUDE),
            models.Index(*QUEUE_ORDER, name="intake_queue_all", condition=REVIEWABLE, include=QUEUE_INCLUDE),
            models.Index(F("status"), *QUEUE_ORDER, name="intake_queue_status", condition=REVIEWABLE,
                         include=QUEUE_INCLUDE),
        ]

    def __str__(self):
        return self.reference

    @property
    def latest_result(self):
        return self.results.order_by("-created_at", "-pk").first()


class IntakeCount(models.Model):
    """How many intakes have each combination of the queue's keys. Kept by database triggers on the
    intake table (migration 0005; every insert, change of these keys, and delete, whoever makes it),
    so the queue counts a few hundred rows instead of every intake ever."""

    status = models.CharField(max_length=20)
    outcome = models.CharField(max_length=20)
    indication = models.CharField(max_length=40)
    urgent = models.BooleanField()
    escalated = models.BooleanField()
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["status", "outcome", "indication", "urgent", "escalated"],
                                               name="intake_count_key")]

    def __str__(self):
        return f"{self.status}/{self.outcome}/{self.indication}: {self.n}"


class IntakeStatusChange(SystemReasonFields, AppendOnlyModel):
    """History of an intake's status: one row per transition, never edited. A reason the system gives is
    stored with its code too and worded when shown (`shown_reason`, clinic/reasons.py)."""

    edit_refusal = "History rows are never edited or deleted."

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("actor")
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]


class ScreeningResult(AppendOnlyModel):
    """The rules' result for an intake under one ruleset version. Never edited: screening again adds a row."""

    edit_refusal = "A screening result is never edited; screen again to add a new one."

    class Outcome(models.TextChoices):
        URGENT = "urgent", _("Urgent")
        CONTRAINDICATED = "contraindicated", _("Contraindicated")
        CRITERIA_NOT_MET = "criteria_not_met", _("Criteria not met")
        NEEDS_REVIEW = "needs_review", _("Needs review")
        MEETS_CRITERIA = "meets_criteria", _("Meets criteria")

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="results")
    ruleset = models.CharField(_("ruleset version"), max_length=20)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, db_index=True)
    crisis = models.BooleanField(_("crisis"), default=False)
    scores = models.JSONField(_("scores"), default=dict)
    result = models.JSONField(_("result"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("screening result")
        verbose_name_plural = _("screening results")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.intake.reference} {self.ruleset} {self.outcome}"


    @property
    def flags(self):
        return self.result.get("flags", [])
