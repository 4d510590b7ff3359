"""An intake that is urgent (submitted or still a draft) is announced to the on-duty clinicians."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from screening.models import Intake


@receiver(post_save, sender=Intake, dispatch_uid="review_notify_urgent")
def notify_urgent(sender, instance, **kwargs):
    if instance.urgent:
        from .services import intake_notify_urgent

        intake_notify_urgent(intake=instance)
