from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from clinic.admin_read_only import ReadOnlyAdminMixin

from .models import Intake, IntakeStatusChange, ScreeningResult


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class StatusChangeInline(ReadOnlyInline):
    model = IntakeStatusChange
    fields = ["created_at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields


class ResultInline(ReadOnlyInline):
    model = ScreeningResult
    fields = ["created_at", "ruleset", "outcome", "crisis"]
    readonly_fields = fields


@admin.register(Intake)
class IntakeAdmin(admin.ModelAdmin):
    list_display = ["reference", "status", "urgent", "submitted_at", "created_at"]
    list_filter = ["status", "urgent"]
    search_fields = ["reference", "name", "email"]
    readonly_fields = ["reference", "status", "document", "urgent", "created_at", "updated_at", "submitted_at",
                       "erased_at", "erasure_reason"]
    inlines = [ResultInline, StatusChangeInline]
    actions = ["export_patient_data", "erase_on_request"]

    @admin.action(description=_("Export all the patient's data (JSON)"))
    def export_patient_data(self, request, queryset):
        """The patient's right of access: one intake at a time, logged in the access log."""
        from clinic.accounts.roles import ADMINISTRATOR, has_role
        from clinic.audit.models import AccessLog
        from clinic.audit.services import access_record
        from clinic.privacy import patient_export_json

        if not (request.user.is_superuser or has_role(request.user, ADMINISTRATOR)):
            raise PermissionDenied
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one intake to export."), messages.ERROR)
            return None
        intake = queryset.get()
        access_record(request=request, action=AccessLog.Action.EXPORT, intake=intake)
        response = HttpResponse(patient_export_json(intake=intake), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="patient-data-{intake.reference}.json"'
        return response

    @admin.action(description=_("Erase this intake (on the patient's request)"))
    def erase_on_request(self, request, queryset):
        """The right to erasure, for administrators: a confirmation page says whether the intake may be
        erased or why not (the duty to keep health records); confirming erases it (screening/erasure.py)."""
        from django.core.exceptions import ValidationError
        from django.template.response import TemplateResponse

        from clinic.accounts.roles import ADMINISTRATOR, has_role

        from .erasure import erasure_refusal, intake_erase

        if not (request.user.is_superuser or has_role(request.user, ADMINISTRATOR)):
            raise PermissionDenied
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one intake to erase."), messages.ERROR)
            return None
        intake = queryset.get()
        refusal = erasure_refusal(intake)
        if request.POST.get("confirm") == "yes" and refusal is None:
            try:
                tombstone = intake_erase(intake=intake, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            self.message_user(request, _("The intake was erased; it is now %(reference)s.")
                              % {"reference": tombstone.reference}, messages.SUCCESS)
            return None
        context = {**self.admin_site.each_context(request), "intake": intake, "refusal": refusal,
                   "opts": self.model._meta, "title": _("Erase this intake (on the patient's request)")}
        return TemplateResponse(request, "admin/screening/intake/erase_confirmation.html", context)

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        from clinic.audit.models import AccessLog
        from clinic.audit.services import access_record

        intake = self.get_object(request, object_id)
        if intake is not None and self.has_view_permission(request, intake):
            access_record(request=request, action=AccessLog.Action.VIEW_ADMIN, intake=intake)
        return super().change_view(request, object_id, form_url, extra_context)
