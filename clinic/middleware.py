"""Pages with personal or health data are never kept in a browser's or a proxy's cache."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers

from clinic.accounts.middleware import is_employee

# Areas that show personal data to whoever may open them (after the language prefix, e.g. /en/).
PRIVATE_AREAS = ("review/", "scheduling/", "admin/", "accounts/", "appointments/", "intake/", "questionnaire/", "proms/")


def in_private_area(path):
    path = path.lstrip("/")
    language, _slash, rest = path.partition("/")
    if language in dict(settings.LANGUAGES):
        path = rest
    return path.startswith(PRIVATE_AREAS)


class NoStoreMiddleware:
    """`Cache-Control: no-store` (Django's never-cache headers) on every response to an employee and on
    every response in a private area, unless the view already said no-store."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "no-store" in response.get("Cache-Control", ""):
            return response
        if is_employee(request.user) or in_private_area(request.path_info):
            add_never_cache_headers(response)
        return response


class RealClientAddressMiddleware:
    """REMOTE_ADDR = the X-Real-IP header set by the reverse proxy (TRUST_X_REAL_IP), so rate limits,
    lockouts and logs count the client, not the proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = request.META.get("HTTP_X_REAL_IP", "").strip()
        if address:
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)
