from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.start, name="start"),
    path("continue/", views.resume_request, name="resume_request"),
    path("resume/<str:token>/", views.resume, name="resume"),
    path("help-now/", views.crisis, name="crisis"),
    path("received/", views.submitted, name="submitted"),
    path("step/", views.intake_wizard, name="step"),
    path("step/<str:step>/", views.intake_wizard, name="step"),
]
