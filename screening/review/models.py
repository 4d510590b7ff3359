"""The clinician's work on a case. Every row is a new fact with actor and time; none is ever edited.

Document versions: the patient's answers to a clinician's questions make a new version of the intake
document; nothing is overwritten. `Intake.document` always holds the latest version, the one that is
screened and that every page reads; `IntakeDocumentVersion` rows keep every version readable for ever:
number 1 is the document as submitted (written when the first answers arrive), then one row per
answered request.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clinic.records import AppendOnlyModel


class AppendOnly(AppendOnlyModel):
    edit_refusal = "Review history is never edited or deleted; add a new row."
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


class Claim(AppendOnly):
    """A clinician takes a case; the newest claim says who has it (taking over needs a reason).
    A row with `released` set is the holder giving the case back: then nobody has it."""

    intake = models.ForeignKey("screening.Intake", on_delete=models.PROTECT, related_name="review_claims")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("clinician"))
    reason = models.TextField(_("reason"), blank=True)
    released = models.BooleanField(_("released"), default=False)

    class Meta(AppendOnly.Meta):
        verbose_name = _("claim")
        verbose_name_plural = _("claims")


class FlagReview(AppendOnly):
    class Action(models.TextChoices):
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        OVERRIDDEN = "overridden", _("Overridden")

    intake = models.ForeignKey("screening.Intake", on_delete=models.PROTECT, related_name="flag_reviews")
    result = models.ForeignKey("screening.ScreeningResult", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("rule"), max_length=40)
    level = models.CharField(_("level"), max_length=20)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    password_confirmed = models.BooleanField(_("password confirmed"), default=False)
    ruleset = models.CharField(_("ruleset version"), max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("actor"))

    class Meta(AppendOnly.Meta):
        verbose_name = _("flag review")
        verbose_name_plural = _("flag reviews")


class AssessmentNote(AppendOnly):
    intake = models.ForeignKey("screening.Intake", on_delete=models.PROTECT, related_name="assessment_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    text = models.TextField(_("assessment"))

    class Meta(AppendOnly.Meta):
        verbose_name = _("assessment note")
        verbose_name_plural = _("assessment notes")


class Decision(AppendOnly):
    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approve for consultation")
        DECLINE = "decline", _("Decline")
        REQUEST_INFO = "request_info", _("Request more information")

    intake = models.ForeignKey("screening.Intake", on_delete=models.PROTECT, related_name="decisions")
    result = models.ForeignKey("screening.ScreeningResult", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("decision"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason"), blank=True)
    patient_message = models.TextField(_("message to the patient"), blank=True)
    steps = models.JSONField(_("parts to revisit"), default=list, blank=True)
    # Keys of screening.patient.single_questions.QUESTIONS: document paths, or "medication_trial".
    questions = models.JSONField(_("questions asked"), default=list, blank=True)
    ruleset = models.CharField(_("ruleset version"), max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("actor"))

    class Meta(AppendOnly.Meta):
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")


class IntakeDocumentVersion(AppendOnly):
    """One version of an intake's document. The newest is also `Intake.document` (see the module docstring)."""

    intake = models.ForeignKey("screening.Intake", on_delete=models.PROTECT, related_name="document_versions")
    number = models.PositiveIntegerField(_("version"))
    document = models.JSONField(_("intake document"))
    source = models.CharField(_("source"), max_length=200)  # "submitted", "patient answer to request 12"

    class Meta(AppendOnly.Meta):
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [models.UniqueConstraint(fields=["intake", "number"], name="one_number_per_intake_version")]


class InfoResponse(AppendOnly):
    """The patient's answer to a request for more information (through the signed link): the free text,
    and the document version made by the answers to the questions asked (none for free text only)."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="response")
    text = models.TextField(_("answer"), blank=True)
    result = models.ForeignKey("screening.ScreeningResult", on_delete=models.PROTECT, related_name="+", null=True)
    document_version = models.OneToOneField(IntakeDocumentVersion, on_delete=models.PROTECT, related_name="response",
                                            null=True, blank=True)

    class Meta(AppendOnly.Meta):
        verbose_name = _("patient's answer")
        verbose_name_plural = _("patients' answers")


class RescreenReport(AppendOnly):
    """The impact of screening every stored intake under one ruleset: made by `manage.py rescreen`
    (dry run or apply) or from the medical lead's page. Written once; the page shows the newest per ruleset."""

    class Mode(models.TextChoices):
        DRY_RUN = "dry_run", _("Dry run (nothing stored)")
        APPLY = "apply", _("Applied")

    ruleset = models.CharField(_("ruleset version"), max_length=20, db_index=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.DRY_RUN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("made by"))
    source = models.CharField(_("made from"), max_length=40, default="command line")
    seconds = models.FloatField(_("seconds"), default=0)
    # {"screened", "differs", "outcome_changed", "skipped_no_result", "skipped_unreadable", "stored"}
    counts = models.JSONField(_("counts"), default=dict)
    transitions = models.JSONField(_("outcome transitions"), default=list)  # [[before, after, n], ...]
    flags_added = models.JSONField(_("flags added"), default=dict)  # {code: n}
    flags_removed = models.JSONField(_("flags removed"), default=dict)  # {code: n}
    changed = models.JSONField(_("intakes whose outcome changes"), default=list)  # rows, most severe first
    gained = models.JSONField(_("approved patients with a new urgent or absolute flag"), default=list)
    unreadable = models.JSONField(_("references the ruleset cannot read"), default=list)

    class Meta(AppendOnly.Meta):
        verbose_name = _("re-screening report")
        verbose_name_plural = _("re-screening reports")


class RescreenEscalation(AppendOnly):
    """An open case whose outcome became more severe when it was screened again under a new ruleset.
    It moves the case up the queue, with a note, until a clinician decides the case (a later Decision)."""

    intake = models.ForeignKey("screening.Intake", on_delete=models.PROTECT, related_name="rescreen_escalations")
    result = models.ForeignKey("screening.ScreeningResult", on_delete=models.PROTECT, related_name="+")
    ruleset = models.CharField(_("ruleset version"), max_length=20)
    was = models.CharField(_("outcome before"), max_length=20)
    now = models.CharField(_("outcome now"), max_length=20)

    class Meta(AppendOnly.Meta):
        verbose_name = _("re-screening escalation")
        verbose_name_plural = _("re-screening escalations")


class RescreenAlert(models.Model):
    """An approved (or booked) patient gained an urgent or absolute flag when screened again under a new
    ruleset. Until a clinician has reviewed it (reason + password), no infusion or evaluation can be
    booked or moved. The review fields are filled once; everything else is never edited."""

    intake = models.ForeignKey("screening.Intake", on_delete=models.PROTECT, related_name="rescreen_alerts")
    result = models.ForeignKey("screening.ScreeningResult", on_delete=models.PROTECT, related_name="+")
    ruleset = models.CharField(_("ruleset version"), max_length=20)
    was = models.CharField(_("outcome before"), max_length=20)
    now = models.CharField(_("outcome now"), max_length=20)
    codes = models.JSONField(_("flags gained"), default=list)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    password_confirmed = models.BooleanField(_("password confirmed"), default=False)

    class Meta:
        verbose_name = _("re-screening alert")
        verbose_name_plural = _("re-screening alerts")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["intake", "result"], name="rescreen_alert_once_per_result")]
        indexes = [models.Index(fields=["intake"], condition=models.Q(reviewed_at__isnull=True),
                                name="rescreen_alert_unreviewed")]

    def __str__(self):
        return f"{self.intake_id} {self.ruleset} {', '.join(self.codes)}"
