"""The patient's side of an intake: the server-side draft of the web form and the consent given."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from clinic.records import AppendOnlyModel
from screening.models import Intake


def new_token():
    return secrets.token_urlsafe(32)


class IntakeDraft(models.Model):
    """The web form's answers as entered, step by step, kept on the server (never in the browser).

    `token` is opaque and random: it is what the session and the signed resume link carry.
    """

    intake = models.OneToOneField(Intake, on_delete=models.CASCADE, related_name="draft")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    wizard = models.JSONField(_("answers as entered"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("intake draft")
        verbose_name_plural = _("intake drafts")

    def __str__(self):
        return self.intake.reference

    @property
    def current_step(self):
        return (self.wizard or {}).get("step")


class IntakeConsent(AppendOnlyModel):
    """The patient's consent to processing of health data: which text, in which language, when. Never edited."""

    edit_refusal = "A consent record is never edited or deleted."

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="consents")
    text_version = models.CharField(_("consent text version"), max_length=20)
    language = models.CharField(_("language"), max_length=10)
    given_at = models.DateTimeField(_("given at"))

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["given_at", "pk"]

    def __str__(self):
        return f"{self.intake.reference} {self.text_version} {self.language}"
