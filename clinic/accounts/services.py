"""Changes to how an employee logs in, each written to the security log and as a SecurityEvent row."""

import logging

from django.db import transaction

from clinic.audit.services import client_address

from .models import SecurityEvent

logger = logging.getLogger("clinic.security")


def security_event_record(*, request, action, user, actor=None):
    return SecurityEvent.objects.create(
        user=user, actor=actor or user, action=action, client_address=client_address(request)
    )


@transaction.atomic
def second_factor_reset(*, request, device):
    """An administrator deletes an employee's TOTP device: the next login enrols a new one (QR page),
    and any session verified with the old device is no longer verified."""
    user = device.user
    device.delete()
    security_event_record(request=request, action=SecurityEvent.Action.SECOND_FACTOR_RESET, user=user,
                          actor=request.user)
    logger.warning("second factor reset: user %s by %s", user.pk, request.user.pk)


def password_changed(*, request, user, action):
    """Record a password change (by the employee) or reset (through the e-mail link). Every other
    session of the user has already ended: Django ties a session to a hash of the password."""
    security_event_record(request=request, action=action, user=user)
    logger.warning("%s: user %s", action.replace("_", " "), user.pk)


def password_confirmed(request, password):
    """Sudo mode: True when `password` is the password of the logged-in user (never of anyone else: a
    wrong one counts towards that user's login lockout, so checking a colleague's would let anyone lock
    them out). Checked through the authentication backends, exactly as at the login page (django-axes)."""
    from django.contrib.auth import authenticate

    user = request.user
    if not password:
        return False
    found = authenticate(request, username=user.email, password=password)
    return found is not None and found.pk == user.pk
