from django.urls import path

from . import views, views_calendar, views_desk, views_finder

app_name = "scheduling"

urlpatterns = [
    path("scheduling/", views_desk.index, name="index"),
    path("scheduling/patients/<int:pk>/", views.patient_detail, name="patient_detail"),
    path("scheduling/patients/<int:pk>/consultation/", views_finder.book, {"code": "consultation"},
         name="consultation_book"),
    path("scheduling/patients/<int:pk>/book/<slug:code>/", views_finder.book, name="appointment_book"),
    path("scheduling/patients/<int:pk>/series/", views_finder.series_plan, name="series_plan"),
    path("scheduling/appointments/<int:pk>/", views.appointment_detail, name="appointment_detail"),
    path("scheduling/appointments/<int:pk>/reschedule/", views.appointment_reschedule, name="appointment_reschedule"),
    path("scheduling/appointments/<int:pk>/cancel/", views.appointment_cancel, name="appointment_cancel"),
    path("scheduling/appointments/<int:pk>/attendance/", views.appointment_attendance, name="appointment_attendance"),
    path("scheduling/appointments/<int:pk>/resend/", views.appointment_resend, name="appointment_resend"),
    path("scheduling/appointments/<int:pk>/outcome/", views.consultation_outcome, name="consultation_outcome"),
    path("scheduling/calendar/", views_calendar.calendar_index, name="calendar_index"),
    path("scheduling/calendar/<int:pk>/", views_calendar.calendar, name="calendar"),
    path("scheduling/closures/", views_calendar.closures, name="closures"),
    path("scheduling/closures/add/", views_calendar.closure_add, name="closure_add"),
    path("scheduling/closures/<int:pk>/", views_calendar.closure_edit, name="closure_edit"),
    path("scheduling/closures/<int:pk>/remove/", views_calendar.closure_remove, name="closure_remove"),
    path("scheduling/opening-hours/", views_calendar.opening_hours, name="opening_hours"),
    path("scheduling/opening-hours/add/", views_calendar.opening_hours_add, name="opening_hours_add"),
    path("scheduling/opening-hours/<int:pk>/", views_calendar.opening_hours_edit, name="opening_hours_edit"),
    path("scheduling/opening-hours/<int:pk>/remove/", views_calendar.opening_hours_remove,
         name="opening_hours_remove"),
    path("scheduling/calls/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("scheduling/calls/<int:pk>/handled/", views.follow_up_clinician_done, name="follow_up_clinician_done"),
    path("scheduling/outbox/", views.outbox, name="outbox"),
    path("scheduling/outbox/<int:pk>/resend/", views.outbox_resend, name="outbox_resend"),
    # The patient's self-service page: an opaque signed token, nothing else in the URL.
    path("appointments/<str:token>/", views.patient, name="patient"),
]
