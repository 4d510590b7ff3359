from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clinic.records import AppendOnlyModel


class AccessLog(AppendOnlyModel):
    """One read of a patient's data: who, which intake, what, when, from where. Never edited or deleted."""

    edit_refusal = "Access log rows are never edited or deleted."

    class Action(models.TextChoices):
        VIEW_QUEUE = "view_queue", _("Viewed the review queue")
        VIEW_CASE = "view_case", _("Viewed the case summary")
        VIEW_ANSWERS = "view_answers", _("Viewed all answers")
        DOWNLOAD_PDF = "download_pdf", _("Downloaded the case PDF")
        VIEW_BOOKING = "view_booking", _("Viewed the patient's booking page")
        VIEW_APPOINTMENT = "view_appointment", _("Viewed an appointment")
        VIEW_ADMIN = "view_admin", _("Viewed the intake in the administration site")
        EXPORT = "export", _("Exported all the patient's data")
        VIEW_RESCREEN = "view_rescreen", _("Viewed a re-screening report")
        DOWNLOAD_RESCREEN = "download_rescreen", _("Downloaded a re-screening list")
        VIEW_OUTBOX = "view_outbox", _("Viewed the outgoing e-mail")
        ERASE = "erase", _("Erased the intake (personal data removed)")
        VIEW_INFUSION = "view_infusion", _("Viewed an infusion record")
        VIEW_COURSE = "view_course", _("Viewed a treatment course")
        DOWNLOAD_EVALUATION_PDF = "download_eval_pdf", _("Downloaded the evaluation PDF")
        VIEW_INFUSION_DAY = "view_infusion_day", _("Viewed the day's infusions")
        VIEW_COURSES = "view_courses", _("Viewed the list of treatment courses")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user"))
    intake = models.ForeignKey(
        "screening.Intake", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("intake")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # The page's route name ("review:case"), never its path: a path may carry a patient's secret link.
    route = models.CharField(_("page"), max_length=100, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user_id} {self.action}"

