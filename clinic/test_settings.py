"""Settings for the test suite: the real settings plus fast hashing and in-memory e-mail."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("EMAIL_URL", "memorymail://")
# Passes the production check for a shared cache; replaced below.
os.environ.setdefault("CACHE_URL", "dbcache://rate_limit_cache")

from clinic.settings import *  # noqa: E402,F401,F403
from clinic.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# The suite runs in one process, so a per-process cache counts its rate limits correctly (and the
# tests' cache.clear() never empties a shared one).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Serve static files from the finders (no collectstatic in tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
