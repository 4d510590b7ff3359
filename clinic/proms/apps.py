from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromsConfig(AppConfig):
    name = "clinic.proms"
    label = "proms"
    verbose_name = _("Patient-reported scores")

    def ready(self):
        # A crisis answer no clinician has reviewed keeps the case in the clinicians' open queue, whatever
        # the screening's own reasons (which know nothing of this app).
        from screening.review.selectors import case_mark_register
        from screening.review.services import escalation_source_register

        from .selectors import crisis_case_marks, has_open_crisis

        escalation_source_register(has_open_crisis)
        case_mark_register(crisis_case_marks)
