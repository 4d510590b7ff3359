from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy as _

from clinic.links import absolute_url
from clinic.mail.services import mail_send

from clinic.text import CleanCharField, CleanEmailField


class TokenForm(forms.Form):
    token = CleanCharField(
        label=_("Code from your authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("The code is six digits."))
        return token


class PasswordConfirmForm(forms.Form):
    """Sudo mode: the user types their password again before a sensitive action."""

    password = forms.CharField(label=_("Your password (again)"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form, sending through the clinic's outbox: the body holds a personal link, so it
    is sent but never stored (`store_body=False`). Nothing about the account or any patient is in it."""

    email = CleanEmailField(label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        body = render_to_string(email_template_name, {
            "link": absolute_url(path), "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        })
        mail_send(to=to_email, subject=gettext("Reset your password for the clinic"), body=body,
                  kind="accounts.password_reset", store_body=False)
