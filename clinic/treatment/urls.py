from django.urls import path

from . import views

app_name = "treatment"

urlpatterns = [
    path("", views.day, name="day"),
    path("infusions/<int:pk>/", views.record, name="record"),
    path("infusions/<int:pk>/dose/", views.dose, name="dose"),
    path("infusions/<int:pk>/check/", views.check, name="check"),
    path("infusions/<int:pk>/readings/", views.vital, name="vital"),
    path("infusions/<int:pk>/readings/strike/", views.vital_strike, name="vital_strike"),
    path("infusions/<int:pk>/side-effects/", views.side_effect, name="side_effect"),
    path("infusions/<int:pk>/side-effects/strike/", views.side_effect_strike, name="side_effect_strike"),
    path("infusions/<int:pk>/override/", views.override, name="override"),
    path("infusions/<int:pk>/start/", views.start, name="start"),
    path("infusions/<int:pk>/note/", views.note, name="note"),
    path("infusions/<int:pk>/finish/", views.finish, name="finish"),
    path("infusions/<int:pk>/transport/", views.transport, name="transport"),
    path("infusions/<int:pk>/discharge/", views.discharge, name="discharge"),
    path("courses/", views.courses, name="courses"),
    path("courses/<int:pk>/", views.course, name="course"),
    path("courses/<int:pk>/pdf/", views.course_pdf, name="course_pdf"),
    path("evaluations/<int:pk>/", views.evaluation, name="evaluation"),
    path("evaluations/<int:pk>/conclusion/", views.evaluation_conclude, name="evaluation_conclude"),
]
