from django.urls import path

from . import views, views_desk

app_name = "scheduling"

urlpatterns = [
    path("scheduling/", views_desk.index, name="index"),
    path("scheduling/patients/<int:pk>/", views.patient_detail, name="patient_detail"),
    path("scheduling/patients/<int:pk>/consultation/", views.consultation_book, name="consultation_book"),
    path("scheduling/patients/<int:pk>/series/", views.series_plan, name="series_plan"),
    path("scheduling/appointments/<int:pk>/", views.appointment_detail, name="appointment_detail"),
    path("scheduling/appointments/<int:pk>/reschedule/", views.appointment_reschedule, name="appointment_reschedule"),
    path("scheduling/appointments/<int:pk>/cancel/", views.appointment_cancel, name="appointment_cancel"),
    path("scheduling/appointments/<int:pk>/attendance/", views.appointment_attendance, name="appointment_attendance"),
    path("scheduling/appointments/<int:pk>/resend/", views.appointment_resend, name="appointment_resend"),
    path("scheduling/appointments/<int:pk>/outcome/", views.consultation_outcome, name="consultation_outcome"),
    path("scheduling/calendar/", views.calendar_index, name="calendar_index"),
    path("scheduling/calendar/<int:pk>/", views.calendar, name="calendar"),
    path("scheduling/calls/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("scheduling/outbox/", views.outbox, name="outbox"),
    path("scheduling/outbox/<int:pk>/resend/", views.outbox_resend, name="outbox_resend"),
    # The patient's self-service page: an opaque signed token, nothing else in the URL.
    path("appointments/<str:token>/", views.patient, name="patient"),
]
