from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatientConfig(AppConfig):
    name = "screening.patient"
    label = "patient"
    verbose_name = _("Patient intake")
