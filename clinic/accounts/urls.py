from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("landing/", views.landing, name="landing"),
    path("2fa/verify/", views.otp_verify, name="otp_verify"),
    path("2fa/setup/", views.otp_setup, name="otp_setup"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/",
         auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
         name="password_change_done"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/done/",
         auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html",
                                                  extra_context={"minutes": settings.PASSWORD_RESET_TIMEOUT // 60}),
         name="password_reset_done"),
    path("password/reset/complete/",
         auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
         name="password_reset_complete"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
]
