from django.contrib import admin

from clinic.accounts.roles import ADMINISTRATOR, has_role
from clinic.admin_read_only import ReadOnlyAdminMixin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only for administrators; nobody adds, changes or deletes rows here."""

    list_display = ["created_at", "user", "action", "route", "intake", "client_address"]
    list_filter = ["action", "created_at"]
    search_fields = ["user__email", "user__name", "intake__reference", "client_address"]
    date_hierarchy = "created_at"
    list_select_related = ["user", "intake"]
    readonly_fields = list_display
    actions = None

    def has_module_permission(self, request):
        return request.user.is_active and (request.user.is_superuser or has_role(request.user, ADMINISTRATOR))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

