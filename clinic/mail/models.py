from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """Every e-mail the clinic sends is a record: staff can see whether it went out and resend it.

    Bodies never carry health details. A body with a personal link (resume, self-service) is not
    stored (`body_stored` false): such a message is sent at once and, if it fails, asked for again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    body_stored = models.BooleanField(_("body stored"), default=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)  # [{filename, content, mimetype}]
    intake = models.ForeignKey(
        "screening.Intake", null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    # A unique key makes a message idempotent: the same reminder is never queued twice.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind} → {self.to} ({self.status})"
