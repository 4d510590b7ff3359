from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from clinic.accounts.views import admin_login

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("admin/login/", admin_login),
    # One password-change page for everyone, the one that records it (not the admin's own).
    path("admin/password_change/", RedirectView.as_view(pattern_name="accounts:password_change")),
    path("admin/", admin.site.urls),
    path("accounts/", include("clinic.accounts.urls")),
    path("review/", include("screening.review.urls")),
    path("", include("clinic.scheduling.urls")),
    path("treatment/", include("clinic.treatment.urls")),
    path("", include("clinic.proms.urls")),
    prefix_default_language=False,
)
urlpatterns += i18n_patterns(
    path("intake/", include("screening.patient.urls")),
    prefix_default_language=False,
)
if settings.BENCH_VIEWS:  # only for the gunicorn that `manage.py bench submit` starts
    urlpatterns += [path("bench/", include("screening.bench.urls"))]
