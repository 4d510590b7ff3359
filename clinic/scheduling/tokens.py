"""The patient's self-service link: an opaque, signed, expiring token (no health data, no ids).

The token signs a random per-intake key (PatientAccess.key); rotating that key revokes every link.
"""

import uuid

from django.urls import reverse

from clinic.links import absolute_url, signed_token, token_value

from . import conf
from .models import PatientAccess

SALT = "clinic.scheduling.self-service"


def patient_token(intake):
    access, _created = PatientAccess.objects.get_or_create(intake=intake)
    return signed_token(access.key.hex, salt=SALT)


def patient_link(intake):
    return absolute_url(reverse("scheduling:patient", args=[patient_token(intake)]))


def intake_for_token(token):
    """The intake a valid, unexpired token belongs to, or None."""
    key = token_value(token, salt=SALT, max_age_days=conf.link_max_age_days())
    if key is None:
        return None
    try:
        access = PatientAccess.objects.select_related("intake").get(key=uuid.UUID(hex=key))
    except (TypeError, ValueError, PatientAccess.DoesNotExist):
        return None
    return access.intake
