"""Security log: failed logins, lockouts and role changes (never passwords or health data)."""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .middleware import LOGIN_AT_KEY

logger = logging.getLogger("clinic.security")


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` has the password cleansed by Django; only the e-mail is written.
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    logger.warning("login failed: email=%s address=%s", credentials.get("username", credentials.get("email", "")), address)


@receiver(user_logged_in)
def log_logged_in(sender, request, user, **kwargs):
    logger.info("password login: user %s", user.pk)


@receiver(user_logged_in)
def start_session(sender, request, user, **kwargs):
    """Every login session lasts at most EMPLOYEE_SESSION_MAX_HOURS: the cookie and the stored session
    expire then, and the middleware ends it then from the login time (patients never log in, so their
    sessions keep SESSION_COOKIE_AGE)."""
    request.session[LOGIN_AT_KEY] = int(time.time())
    request.session.set_expiry(timedelta(hours=settings.EMPLOYEE_SESSION_MAX_HOURS))


def log_role_change(sender, instance, action, pk_set, model, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    User = get_user_model()
    if isinstance(instance, User):
        groups = sorted(model.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
        logger.warning("role change: user %s %s %s", instance.pk, action.removeprefix("post_"), ",".join(groups) or "all")
    else:  # a group's users changed
        logger.warning("role change: group %s %s users %s", instance.name, action.removeprefix("post_"),
                       ",".join(str(pk) for pk in sorted(pk_set or ())) or "all")


def connect():
    m2m_changed.connect(log_role_change, sender=get_user_model().groups.through, dispatch_uid="log_role_change")
