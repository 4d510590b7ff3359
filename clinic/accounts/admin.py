from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

# Imported first so that its registration of TOTPDevice (which shows and edits the secret key) has
# happened and can be replaced below; the admin's autodiscovery then finds the module already loaded.
import django_otp.plugins.otp_totp.admin  # noqa: F401  isort: skip
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.admin_read_only import ReadOnlyAdminMixin

from .models import SecurityEvent, User
from .roles import ADMINISTRATOR, has_role
from .services import second_factor_reset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["name"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})]


class AdministratorsOnlyMixin:
    def has_module_permission(self, request):
        return request.user.is_active and (request.user.is_superuser or has_role(request.user, ADMINISTRATOR))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class SecondFactorAdmin(AdministratorsOnlyMixin, admin.ModelAdmin):
    """Who has an authenticator app, never its key. Devices are enrolled only on the employee's own
    first-login page; deleting one here is a reset (logged) that makes the next login enrol again."""

    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    list_display = fields
    list_filter = ["confirmed"]
    search_fields = ["user__email", "user__name"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def delete_model(self, request, obj):
        second_factor_reset(request=request, device=obj)

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            second_factor_reset(request=request, device=device)


@admin.register(SecurityEvent)
class SecurityEventAdmin(AdministratorsOnlyMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only for administrators; nobody adds, changes or deletes rows here."""

    list_display = ["created_at", "user", "action", "actor", "client_address"]
    list_filter = ["action", "created_at"]
    search_fields = ["user__email", "user__name", "actor__email", "client_address"]
    date_hierarchy = "created_at"
    list_select_related = ["user", "actor"]
    readonly_fields = list_display
    actions = None
