from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("case/<str:reference>/", views.case, name="case"),
    path("case/<str:reference>/answers/", views.answers, name="answers"),
    path("case/<str:reference>/pdf/", views.case_pdf, name="pdf"),
    path("case/<str:reference>/claim/", views.claim, name="claim"),
    path("case/<str:reference>/release/", views.release, name="release"),
    path("case/<str:reference>/flag/<str:code>/", views.flag, name="flag"),
    path("case/<str:reference>/note/", views.note, name="note"),
    path("case/<str:reference>/decide/", views.decide, name="decide"),
    path("case/<str:reference>/rescreen-alert/<int:pk>/", views.rescreen_alert, name="rescreen_alert"),
    path("rescreen/", views.rescreen, name="rescreen"),
    path("rescreen/run/", views.rescreen_run, name="rescreen_run"),
    path("rescreen/<int:pk>/csv/", views.rescreen_csv, name="rescreen_csv"),
    # The patient's page behind the signed link in the e-mail (no login; the link is the key).
    path("message/<str:token>/", views.patient_message, name="patient_message"),
]
