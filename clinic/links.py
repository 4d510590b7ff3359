"""Absolute links for e-mails: always built on the configured SITE_URL, never on a request's Host."""

from django.conf import settings


def site_url():
    return settings.SITE_URL.rstrip("/")


def absolute_url(path):
    """`path` (from reverse()) as a full address on the clinic's site."""
    return site_url() + path
