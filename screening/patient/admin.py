from django.contrib import admin

from .models import IntakeConsent


@admin.register(IntakeConsent)
class IntakeConsentAdmin(admin.ModelAdmin):
    """Read-only: a consent record is evidence and is never edited."""

    list_display = ("intake", "text_version", "language", "given_at")
    list_filter = ("text_version", "language")
    search_fields = ("intake__reference",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
