"""django-ratelimit, counted in the shared cache (CACHE_URL): one helper for every rate-limited form."""

from django_ratelimit.core import is_ratelimited


def limited(request, group, rate, key="ip"):
    """True when this request goes over `rate` for its `key` (default: the client address); counts it."""
    return is_ratelimited(request, group=group, key=key, rate=rate, method=is_ratelimited.ALL, increment=True)
