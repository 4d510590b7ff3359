"""Lockout per account, besides django-axes' lockout per (e-mail, address).

Axes counts failures per e-mail and client address, so a guesser who moves between addresses is
never stopped. Here every failed login for an e-mail, from any address, is counted over
ACCOUNT_LOCKOUT_HOURS (axes' AccessFailureLog, one row per failure); at ACCOUNT_LOCKOUT_FAILURES the
e-mail is locked, with axes' own lockout page, whether or not the account exists. A successful login
does not clear the count: the failures of other addresses still stand until they are older than the
window (or an administrator deletes them in the admin, under Axes > Access failures).
"""

import logging
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessFailureLog
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger("clinic.security")


def account_failures(username):
    """Failed logins for this e-mail (any case) from any address within the window."""
    if not username:
        return 0
    since = timezone.now() - timedelta(hours=settings.ACCOUNT_LOCKOUT_HOURS)
    return AccessFailureLog.objects.filter(username__iexact=username.strip(), attempt_time__gte=since).count()


def account_is_locked(username):
    return account_failures(username) >= settings.ACCOUNT_LOCKOUT_FAILURES


class AccountLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler that also locks an e-mail after too many failures from any address."""

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or account_is_locked(get_client_username(request, credentials))

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        username = get_client_username(request, credentials)
        failures = account_failures(username)
        if failures >= settings.ACCOUNT_LOCKOUT_FAILURES:
            if failures == settings.ACCOUNT_LOCKOUT_FAILURES:
                logger.warning("account locked: email=%s after %s failures", username, failures)
            request.axes_locked_out = True
            request.axes_credentials = credentials
