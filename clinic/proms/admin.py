"""Questionnaire invitations and answers, read-only for administrators: the answers are health data and are
written only by the patient's link (services), never added, edited or deleted here. The invitation's key
(what its link signs) is never shown."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clinic.accounts.admin import AdministratorsOnlyMixin
from clinic.admin_read_only import ReadOnlyAdminMixin

from .models import PromInvitation, PromResponse


class PromAdmin(AdministratorsOnlyMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    actions = None
    list_select_related = ["intake"]
    search_fields = ["intake__reference"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Opening one is a read of the patient's health data: written to the access log, as for an intake."""
        from clinic.audit.models import AccessLog
        from clinic.audit.services import access_record

        row = self.get_object(request, object_id)
        if row is not None and self.has_view_permission(request, row):
            access_record(request=request, action=AccessLog.Action.VIEW_ADMIN, intake=row.intake)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("intake"), ordering="intake__reference")
    def intake_reference(self, obj):
        return obj.intake.reference


@admin.register(PromInvitation)
class PromInvitationAdmin(PromAdmin):
    fields = ["intake_reference", "instrument", "reason", "appointment", "series", "slot", "created_at",
              "expires_at", "sent_at", "answered_at"]
    readonly_fields = fields
    list_display = ["created_at", "intake_reference", "instrument", "reason", "sent_at", "answered_at"]
    list_filter = ["instrument", "reason"]
    date_hierarchy = "created_at"


@admin.register(PromResponse)
class PromResponseAdmin(PromAdmin):
    fields = ["intake_reference", "invitation", "instrument", "answers", "total", "safety", "crisis", "late",
              "partial", "resent", "urgent_before", "answered_at"]
    readonly_fields = fields
    list_display = ["answered_at", "intake_reference", "instrument", "total", "crisis", "partial", "resent"]
    list_filter = ["instrument", "crisis", "partial", "resent"]
    date_hierarchy = "answered_at"
