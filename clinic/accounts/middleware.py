"""Employee sessions: a verified second factor in every session, an idle timeout and a maximum length.

A clinician, staff member or administrator (or any user with admin-site access) who has logged in
with a password but not yet verified a TOTP code in this session may only reach the pages that
set up or verify the second factor (and log out). Sessions of employees end after
`SESSION_IDLE_TIMEOUT_MINUTES` without a request, and `EMPLOYEE_SESSION_MAX_HOURS` after the
password login however active they are (the login time is written by `signals.start_session`; the
cookie and the stored session expire then too, but this check does not depend on either).

The time of the last request ("last seen") is written at most once a minute (`LAST_SEEN_EVERY_SECONDS`),
so a request that changes nothing else does not save the session. The stored time is then up to a
minute older than the last request: an idle session ends between `SESSION_IDLE_TIMEOUT_MINUTES` − 1
and `SESSION_IDLE_TIMEOUT_MINUTES` minutes after the last request, never later.
"""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .roles import role_names

logger = logging.getLogger("clinic.security")

LAST_SEEN_KEY = "employee_last_seen"
LOGIN_AT_KEY = "employee_login_at"
LAST_SEEN_EVERY_SECONDS = 60


def is_employee(user):
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser or role_names(user)))


def needs_second_factor(user):
    return settings.MFA_ENFORCED and is_employee(user) and not user.is_verified()


class EmployeeSessionMiddleware:
    # Paths an employee without a verified second factor may still reach.
    OPEN_NAMES = ("accounts:login", "accounts:logout", "accounts:otp_setup", "accounts:otp_verify")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and is_employee(user):
            now = int(time.time())
            ended = self._ended(request.session, now)
            if ended:
                reason, message = ended
                logger.info("session ended %s: user %s", reason, user.pk)
                logout(request)
                messages.info(request, message)
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(LAST_SEEN_KEY, 0) >= LAST_SEEN_EVERY_SECONDS:
                request.session[LAST_SEEN_KEY] = now
            if needs_second_factor(user) and not self._is_open(request.path_info):
                return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _ended(session, now):
        """(reason for the log, message for the employee) when the session must end, else None."""
        hours = settings.EMPLOYEE_SESSION_MAX_HOURS
        login_at = session.get(LOGIN_AT_KEY)
        if login_at is None or now - login_at > hours * 3600:  # no login time: a session from before the limit
            return ("at the maximum length", _("Your session ended %(hours)s hours after you logged in. "
                                               "Please log in again.") % {"hours": hours})
        last_seen = session.get(LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT_MINUTES * 60:
            return ("after idle timeout", _("You were logged out after a period without activity. Please log in again."))
        return None

    def _is_open(self, path):
        static = "/" + settings.STATIC_URL.lstrip("/")
        if path.startswith((static, "/i18n/")):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.view_name in self.OPEN_NAMES
