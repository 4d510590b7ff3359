"""Second factor (TOTP through django-otp): set up once, verify in every session. Password change and
reset: Django's views with the clinic's templates, a security event each, the reset rate-limited.

No page replaces an enrolled device: `otp_setup` only serves an employee without a confirmed one
(first login, or after an administrator's reset in the admin).
"""

import base64
import logging

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.ratelimit import limited

from .forms import PasswordResetRequestForm, TokenForm
from .models import SecurityEvent
from .roles import landing_url
from .services import password_changed

logger = logging.getLogger("clinic.security")


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("accounts:landing")


@login_required
def landing(request):
    """After login (and the second factor): each role's own first page."""
    return redirect(landing_url(request.user))


def _confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@login_required
def otp_verify(request):
    device = _confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('accounts:otp_setup')}?{urlencode({'next': _next_url(request)})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            django_otp.login(request, device)
            logger.info("second factor verified: user %s", request.user.pk)
            return redirect(_next_url(request))
        logger.warning("second factor failed: user %s", request.user.pk)
        form.add_error("token", _("The code is not correct or has expired. Try the newest code."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def otp_setup(request):
    """First login: make a TOTP secret, show it as a QR code, confirm it with one code."""
    if _confirmed_device(request.user) is not None:
        return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': _next_url(request)})}")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            logger.info("second factor set up: user %s", request.user.pk)
            messages.success(request, _("Two-factor login is set up."))
            return redirect(_next_url(request))
        form.add_error("token", _("The code is not correct. Check the time on your phone and try the newest code."))
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_svg": image.to_string(encoding="unicode"),
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "accounts/otp_setup.html", context)


def admin_login(request):
    """The admin site logs in through the clinic's own login (password, lockout and second factor)."""
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Needs the current password; this session goes on (Django updates its hash), the others end."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(request=self.request, user=form.user, action=SecurityEvent.Action.PASSWORD_CHANGED)
        return response


def _posted_email(group, request):
    return request.POST.get("email", "").strip().lower()


def _reset_limited(request):
    """Per client address and per e-mail (any e-mail, with an account or not: no enumeration)."""
    by_address = limited(request, "password-reset-address", settings.PASSWORD_RESET_ADDRESS_RATE)
    by_email = limited(request, "password-reset-email", settings.PASSWORD_RESET_EMAIL_RATE, key=_posted_email)
    return by_address or by_email


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer ("if there is an account, an e-mail is on its way") whether or not one exists."""

    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if _reset_limited(request):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("Too many password reset requests. Please wait an hour and try again."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link from the e-mail. The new password ends every session of the user (none is started)."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(request=self.request, user=form.user, action=SecurityEvent.Action.PASSWORD_RESET)
        return response
