"""Patient-reported scores: an invitation to answer one instrument (a link by e-mail) and the answer.

An invitation belongs to an intake and has a reason: the day before an infusion (or booster), the
evaluation, or 1 or 3 months after the series. Its `slot` is unique, so the cron command and the reminder
e-mail never make two for the same moment (a moved appointment gets a new slot). The link signs the
random `key` only. An answer (`PromResponse`) is written once and never edited; the invitation records
when it was answered, which makes the link single-use.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.records import AppendOnlyModel

INSTRUMENT_CHOICES = [("phq9", "PHQ-9"), ("gad7", "GAD-7"), ("pcl5", "PCL-5")]


class PromInvitation(models.Model):
    class Reason(models.TextChoices):
        BEFORE_INFUSION = "before_infusion", _("Before an infusion")
        EVALUATION = "evaluation", _("Evaluation")
        MONTH_1 = "month_1", _("1 month after the series")
        MONTH_3 = "month_3", _("3 months after the series")

    intake = models.ForeignKey("screening.Intake", on_delete=models.PROTECT, related_name="prom_invitations")
    instrument = models.CharField(_("instrument"), max_length=10, choices=INSTRUMENT_CHOICES)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    appointment = models.ForeignKey("scheduling.Appointment", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="prom_invitations")
    series = models.ForeignKey("scheduling.InfusionSeries", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="prom_invitations")
    slot = models.CharField(_("slot"), max_length=120, unique=True)
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("questionnaire invitation")
        verbose_name_plural = _("questionnaire invitations")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.intake_id} {self.instrument} {self.reason}"


class PromResponse(AppendOnlyModel):
    """The patient's answer to one invitation: the item answers, the total, whether it asked for crisis
    help. Written once; a second answer to the same invitation is refused (one answer per invitation that
    is not `resent`). The one exception: a crisis answer sent again on a used link (the back button) is
    stored as its own answer marked `resent`, so that a clinician reviews it; it is never a score, and the
    first answer stays the invitation's answer."""

    edit_refusal = "A questionnaire answer is never edited or deleted."

    invitation = models.ForeignKey(PromInvitation, on_delete=models.CASCADE, related_name="responses")
    intake = models.ForeignKey("screening.Intake", on_delete=models.PROTECT, related_name="prom_responses")
    instrument = models.CharField(_("instrument"), max_length=10, choices=INSTRUMENT_CHOICES)
    answers = models.JSONField(_("answers"))
    total = models.PositiveIntegerField(_("total"))
    crisis = models.BooleanField(_("crisis help shown"), default=False)
    # The safety question (PHQ-9 item 9 wording, 0–3): item 9 of a PHQ-9; asked as an extra question, not
    # scored, on a GAD-7 or PCL-5. Crisis = safety above 0.
    safety = models.PositiveSmallIntegerField(_("safety question"), null=True, blank=True)
    # Sent after the link expired (kept because it called for crisis help).
    late = models.BooleanField(_("sent after the link expired"), default=False)
    # Not every question answered (kept because it called for crisis help); never a score.
    partial = models.BooleanField(_("incomplete"), default=False)
    # A crisis answer sent again on a link already used (kept so that it is reviewed); never a score.
    resent = models.BooleanField(_("sent again on a used link"), default=False)
    # The intake was already urgent for another reason when this crisis answer came (then reviewing the
    # crisis answers never clears its urgent mark).
    urgent_before = models.BooleanField(_("already urgent"), default=False)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("questionnaire answer")
        verbose_name_plural = _("questionnaire answers")
        ordering = ["answered_at", "pk"]
        indexes = [models.Index(fields=["intake", "answered_at"])]
        constraints = [models.UniqueConstraint(fields=["invitation"], condition=models.Q(resent=False),
                                               name="proms_one_answer_per_invitation")]

    def __str__(self):
        return f"{self.intake_id} {self.instrument} {self.total}"


class PromCrisisReview(AppendOnlyModel):
    """A clinician has followed up a questionnaire answer that called for crisis help (with a reason). Until
    then a case already decided stays in the open queue. Written once, never edited."""

    edit_refusal = "A review of a crisis answer is never edited; add a note instead."

    response = models.OneToOneField(PromResponse, on_delete=models.CASCADE, related_name="crisis_review")
    intake = models.ForeignKey("screening.Intake", on_delete=models.PROTECT, related_name="prom_crisis_reviews")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("clinician"))
    reason = models.TextField(_("what was done"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("review of a crisis answer")
        verbose_name_plural = _("reviews of crisis answers")
        ordering = ["created_at", "pk"]
