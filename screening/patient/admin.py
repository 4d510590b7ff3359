from django.contrib import admin

from clinic.admin_read_only import ReadOnlyAdminMixin

from .models import IntakeConsent


@admin.register(IntakeConsent)
class IntakeConsentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: a consent record is evidence and is never edited."""

    list_display = ("intake", "text_version", "language", "given_at")
    list_filter = ("text_version", "language")
    search_fields = ("intake__reference",)

