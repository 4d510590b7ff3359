from django.urls import path

from . import views

app_name = "proms"
urlpatterns = [
    path("questionnaire/<str:token>/", views.answer, name="answer"),
    path("proms/scores/<str:reference>/", views.scores, name="scores"),
    path("proms/export/<str:reference>/fhir.json", views.fhir_export, name="fhir_export"),
    path("proms/outcomes/", views.outcomes, name="outcomes"),
    path("proms/outcomes.csv", views.outcomes_csv, name="outcomes_csv"),
]
