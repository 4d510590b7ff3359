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
