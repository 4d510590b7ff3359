"""Absolute links for e-mails: always built on the configured SITE_URL, never on a request's Host."""

from django.conf import settings
from django.core import signing


def site_url():
    return settings.SITE_URL.rstrip("/")


def absolute_url(path):
    """`path` (from reverse()) as a full address on the clinic's site."""
    return site_url() + path


def signed_token(value, *, salt):
    """An opaque, signed, timestamped token for a link in an e-mail. Carry only random keys or ids
    in `value`, never health data."""
    return signing.dumps(value, salt=salt, compress=False)


def token_value(token, *, salt, max_age_days):
    """The value signed into `token`, or None when the token is forged, for another purpose or expired."""
    try:
        return signing.loads(token, salt=salt, max_age=max_age_days * 24 * 3600)
    except signing.BadSignature:  # includes SignatureExpired
        return None
