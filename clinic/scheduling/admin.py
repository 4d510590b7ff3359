"""Administrators manage resources, opening hours, closures and appointment types here.
Appointments are changed only through the staff pages (services with history), never in the admin."""

from django.contrib import admin

from clinic.admin_read_only import ReadOnlyAdminMixin

from .models import Appointment, AppointmentType, Closure, OpeningHours, Resource


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "user", "active"]
    list_filter = ["kind", "active"]


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    list_display = ["weekday", "opens", "closes"]


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["resource", "start", "end", "reason"]
    list_filter = ["resource"]


@admin.register(AppointmentType)
class AppointmentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "duration_minutes", "needs_chair", "needs_clinician", "clinician_exclusive"]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["start", "type", "status", "series"]
    list_filter = ["status", "type"]
    readonly_fields = [f.name for f in Appointment._meta.fields]

