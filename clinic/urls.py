from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from clinic.accounts.views import admin_login

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("accounts/", include("clinic.accounts.urls")),
    path("review/", include("screening.review.urls")),
    path("", include("clinic.scheduling.urls")),
    prefix_default_language=False,
)
urlpatterns += i18n_patterns(
    path("intake/", include("screening.patient.urls")),
    prefix_default_language=False,
)
