"""The questionnaire link: a signed token over the invitation's random key (no ids, no health data).

It works until the invitation expires (setting PROMS_LINK_HOURS) and only until it is answered."""

import uuid

from django.core import signing
from django.urls import reverse

from clinic.links import absolute_url

from . import conf
from .models import PromInvitation

SALT = "clinic.proms.questionnaire"


def invitation_token(invitation):
    return signing.dumps(invitation.key.hex, salt=SALT, compress=False)


def invitation_link(invitation):
    return absolute_url(reverse("proms:answer", args=[invitation_token(invitation)]))


def invitation_for_token(token):
    """The invitation a genuine token names (answered or expired ones too: the view says which), or None
    when the token is forged, mangled or older than the link lifetime."""
    try:
        key = signing.loads(token, salt=SALT, max_age=conf.link_hours() * 3600)
        return PromInvitation.objects.select_related("intake").get(key=uuid.UUID(hex=key))
    except (signing.BadSignature, TypeError, ValueError, PromInvitation.DoesNotExist):
        return None
