from django.db import models
from django.utils.translation import gettext_lazy as _

# What each kind of message is, in words for the outbox page (the kind itself stays the stored key).
KIND_LABELS = {
    "intake_received": _("Questionnaire received"),
    "intake_resume_link": _("Link to continue the questionnaire"),
    "urgent_intake": _("Urgent intake alert"),
    "review_approve": _("Review decision: approved"),
    "review_decline": _("Review decision: declined"),
    "review_request_info": _("Request for more information"),
    "scheduling.booking": _("Booking confirmation"),
    "scheduling.cancellation": _("Cancellation"),
    "scheduling.reminder": _("Reminder"),
    "scheduling.staff_notice": _("Notice to the booking staff"),
    "proms.invitation": _("Questionnaire link"),
    "proms_crisis": _("Urgent questionnaire alert"),
    "rescreen_alert": _("Re-screening alert"),
    "accounts.password_reset": _("Password reset"),
}


class OutgoingEmail(models.Model):
    """Every e-mail the clinic sends is a record: staff can see whether it went out and resend it.

    Bodies never carry health details. A body with a personal link (resume, self-service) is not
    stored (`body_stored` false): such a message is sent at once and, if it fails, asked for again.

    A message about an upcoming appointment (a reminder) records the appointment and the start it was
    written for: if the appointment is no longer booked at that start when the message is about to go
    out, it is dropped instead (`dropped_reason` says why) and never sent.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")  # claimed by one process, which is sending it now
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        DROPPED = "dropped", _("Dropped")

    class DroppedReason(models.TextChoices):
        NOT_BOOKED = "not_booked", _("Not sent: the appointment is no longer booked.")
        MOVED = "moved", _("Not sent: the appointment was moved.")

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    body_stored = models.BooleanField(_("body stored"), default=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)  # [{filename, content, mimetype}]
    intake = models.ForeignKey(
        "screening.Intake", null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    appointment = models.ForeignKey(
        "scheduling.Appointment", null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    appointment_start = models.DateTimeField(_("appointment start"), null=True, blank=True)
    # A unique key makes a message idempotent: the same reminder is never queued twice.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    dropped_reason = models.CharField(_("why dropped"), max_length=20, choices=DroppedReason.choices, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="dropped", dropped_reason__gt="")
                | (~models.Q(status="dropped") & models.Q(dropped_reason="")),
                name="mail_dropped_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.kind} → {self.to} ({self.status})"

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)
