from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "screening.review"
    label = "review"
    verbose_name = _("Clinician review")

    def ready(self):
        from . import signals  # noqa: F401
