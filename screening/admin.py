from django.contrib import admin

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
    readonly_fields = ["reference", "status", "document", "urgent", "created_at", "updated_at", "submitted_at"]
    inlines = [ResultInline, StatusChangeInline]

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        from clinic.audit.models import AccessLog
        from clinic.audit.services import access_record

        intake = self.get_object(request, object_id)
        if intake is not None and self.has_view_permission(request, intake):
            access_record(request=request, action=AccessLog.Action.VIEW_ADMIN, intake=intake)
        return super().change_view(request, object_id, form_url, extra_context)
