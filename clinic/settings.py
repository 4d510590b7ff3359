"""Settings for the clinic project, read from the environment (django-environ).

Every value that differs between a developer laptop, CI and the clinic's servers comes from an
environment variable; the defaults make `make run` work with zero setup (SQLite, console e-mail). Without
DEBUG, the values that must not have a development default (SECRET_KEY, EMAIL_URL) are required.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(a development default is used only when DEBUG=true)."
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "clinic.accounts",
    "clinic.mail",
    "screening",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "clinic.audit",
    "screening.review",
    "django.contrib.postgres",
    "clinic.scheduling",
    "clinic.treatment",
    "clinic.proms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "clinic.middleware.NoStoreMiddleware",  # sees every response below it, redirects included
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "clinic.accounts.middleware.EmployeeSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.accounts.context_processors.security",
            ],
            "builtins": ["clinic.formats"],  # the date filters day, day_time, day_month
        },
    },
]

WSGI_APPLICATION = "clinic.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Each worker keeps its connection for CONN_MAX_AGE seconds (0 = a new one per request) and checks it
# before reusing it, so a database restart costs one failed check, not failed requests.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:landing"  # each role's own first page (accounts.roles.landing_url)
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format per language on every page (clinic/formats/): 15.03.1985 and 15 Mar 1985.
FORMAT_MODULE_PATH = "clinic.formats"
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))  # served by nginx (deploy/)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The console backend prints messages instead of sending them: the default only for the local demo.
# (Lower case: the URL holds the mail password and is not kept as a setting; EMAIL_HOST_PASSWORD is.)
email_url = env.str("EMAIL_URL", default="consolemail://" if DEBUG else "")
if not email_url:
    raise ImproperlyConfigured(
        "EMAIL_URL is not set. Set it to the clinic's mail server, e.g. smtp+tls://user:password@host:587 "
        "(printing e-mail to the console instead of sending it is the default only when DEBUG=true)."
    )
EMAIL_CONFIG = env.email_url_config(email_url)
vars().update(EMAIL_CONFIG)
# An SMTP send never hangs longer than this: the outbox treats a message "sending" for 15 minutes as
# lost (clinic/mail/services.py), so a send must finish well before then.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Klinikken <no-reply@clinic.example>")

# Content Security Policy (django-csp): only the clinic's own files; no inline scripts or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)  # e.g. 31536000 behind HTTPS
# Once every subdomain is served over HTTPS only (deploy/clinic.env.example sets both): preload is a
# promise to browsers that is slow to take back.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
# Behind nginx (deploy/nginx/) every request comes from nginx: the client's address is in X-Real-IP, which
# nginx sets. Only where gunicorn is reachable through nginx alone, or a client could choose its address.
if env.bool("TRUST_X_REAL_IP", default=False):
    MIDDLEWARE.insert(0, "clinic.middleware.RealClientAddressMiddleware")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# The screening ruleset used for new results; old results keep the version they were made with.
SCREENING_RULESET = env.str("SCREENING_RULESET", default="2026.2")
# Where `seed_demo` finds the example intake documents.
_SHARED_EXAMPLES = BASE_DIR.parent / "shared" / "examples"
SCREENING_EXAMPLES_DIR = Path(
    env.str(
        "SCREENING_EXAMPLES_DIR",
        default=str(_SHARED_EXAMPLES if _SHARED_EXAMPLES.is_dir() else BASE_DIR / "tests" / "examples"),
    )
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_tokens": {"()": "clinic.logs.RedactTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_tokens"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # The two loggers that write request paths: the token is taken out of the record itself, so no
    # handler (Django's own console handler with DEBUG, a test's log capture) ever sees it.
    "loggers": {
        "django.request": {"filters": ["redact_tokens"]},
        "django.server": {"handlers": ["console"], "filters": ["redact_tokens"], "level": "INFO", "propagate": False},
    },
}

# --- Employee login: second factor (django-otp TOTP), lockout (django-axes), idle timeout ---------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "clinic.accounts.backends.ModelBackendWithRoles",  # ModelBackend, reading the roles with the user
]
# Clinicians, staff and administrators must verify a TOTP code in every session. Only the local
# demo (`make run`, DEBUG=true) may switch it off; the pages then say so in a banner.
MFA_ENFORCED = env.bool("MFA_ENFORCED", default=True)
if not MFA_ENFORCED and not DEBUG:
    raise ImproperlyConfigured("MFA_ENFORCED=false is allowed only for the local demo (DEBUG=true).")
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Klinikken")
# An employee session ends after this many minutes without a request.
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30)
# ... and this many hours after the login, however active (patients' sessions are not affected).
EMPLOYEE_SESSION_MAX_HOURS = env.int("EMPLOYEE_SESSION_MAX_HOURS", default=12)
if not 0 < EMPLOYEE_SESSION_MAX_HOURS <= 12:
    raise ImproperlyConfigured("EMPLOYEE_SESSION_MAX_HOURS must be between 1 and 12.")
# Password reset by e-mail: the link works once, for this long; requests are limited per client address
# and per e-mail (django-ratelimit).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_LINK_MINUTES", default=60) * 60
PASSWORD_RESET_ADDRESS_RATE = env.str("PASSWORD_RESET_ADDRESS_RATE", default="10/h")
PASSWORD_RESET_EMAIL_RATE = env.str("PASSWORD_RESET_EMAIL_RATE", default="3/h")
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field (it holds the e-mail)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Besides the limit per (e-mail, address) above: this many failures for one e-mail from any address
# within ACCOUNT_LOCKOUT_HOURS lock it (clinic/accounts/lockout.py; counted in axes' failure log).
AXES_HANDLER = "clinic.accounts.lockout.AccountLockoutHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
ACCOUNT_LOCKOUT_FAILURES = env.int("ACCOUNT_LOCKOUT_FAILURES", default=20)
ACCOUNT_LOCKOUT_HOURS = env.int("ACCOUNT_LOCKOUT_HOURS", default=24)

# Urgent intakes are announced at once to these addresses (no health details in the message).
ON_DUTY_CLINICIAN_EMAILS = env.list("ON_DUTY_CLINICIAN_EMAILS", default=[])
# Links in e-mails to patients are built on this address (e.g. https://screening.clinic.no).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# How long a patient's link to answer a request for more information stays valid.
REVIEW_INFO_LINK_DAYS = env.int("REVIEW_INFO_LINK_DAYS", default=30)
# The medical lead's page makes a re-screening report itself up to this many screened intakes; above
# it, the page asks for `manage.py rescreen --dry-run` on the server.
RESCREEN_PAGE_LIMIT = env.int("RESCREEN_PAGE_LIMIT", default=5000)
# Scheduling (clinic/scheduling/conf.py has the defaults).
SCHEDULING_SERIES_LENGTH = env.int("SCHEDULING_SERIES_LENGTH", default=6)
SCHEDULING_REMINDER_HOURS = [int(h) for h in env.list("SCHEDULING_REMINDER_HOURS", default=["48", "24"])]
SCHEDULING_PATIENT_CANCEL_CUTOFF_HOURS = env.int("SCHEDULING_PATIENT_CANCEL_CUTOFF_HOURS", default=24)
SCHEDULING_STAFF_EMAIL = env.str("SCHEDULING_STAFF_EMAIL", default="booking@clinic.example")
# --- The treatment course (clinic/treatment): clinical numbers for the medical director to confirm ------
# The limits above which blood pressure before the start stops the infusion are the screening ruleset's
# absolute limits (bp_absolute_systolic_above/diastolic_above of SCREENING_RULESET), not settings here.


def _decimal(name, default):
    from decimal import Decimal, InvalidOperation

    raw = env.str(name, default=default)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ImproperlyConfigured(f"{name} must be a decimal number (e.g. {default}), not {raw!r}.") from None
    if not value.is_finite() or value <= 0:
        raise ImproperlyConfigured(f"{name} must be a positive number.")
    return value


# The prescribed dose (mg ketamine per kg body weight) and infusion time proposed for a new infusion record.
TREATMENT_DOSE_MG_PER_KG = _decimal("TREATMENT_DOSE_MG_PER_KG", "0.5")
TREATMENT_INFUSION_MINUTES = env.int("TREATMENT_INFUSION_MINUTES", default=40)
# The largest dose that may be recorded at all (mg/kg, and mg in total), whoever prescribes it. A dose other
# than TREATMENT_DOSE_MG_PER_KG needs a clinician. 1.0 mg/kg is twice the standard 0.5 mg/kg (the upper end
# of the doses studied for depression); 100 mg is 1.0 mg/kg for a 100 kg patient (a heavier patient is not
# dosed above 100 mg without changing this setting).
TREATMENT_MAX_MG_PER_KG = _decimal("TREATMENT_MAX_MG_PER_KG", "1.0")
TREATMENT_MAX_TOTAL_MG = _decimal("TREATMENT_MAX_TOTAL_MG", "100")
# Blood pressure during the infusion above either of these (mmHg) highlights the record and needs a note.
TREATMENT_DURING_SYSTOLIC_ABOVE = env.int("TREATMENT_DURING_SYSTOLIC_ABOVE", default=180)
TREATMENT_DURING_DIASTOLIC_ABOVE = env.int("TREATMENT_DURING_DIASTOLIC_ABOVE", default=110)
# Discharge needs the last blood pressure at or below both of these (mmHg), and transport home confirmed.
TREATMENT_DISCHARGE_SYSTOLIC_MAX = env.int("TREATMENT_DISCHARGE_SYSTOLIC_MAX", default=160)
TREATMENT_DISCHARGE_DIASTOLIC_MAX = env.int("TREATMENT_DISCHARGE_DIASTOLIC_MAX", default=100)
# ... and at or above both of these (mmHg: 90/60, the usual definition of low blood pressure), with an oxygen
# saturation recorded and at or above TREATMENT_DISCHARGE_SPO2_MIN (%), and no sooner than
# TREATMENT_OBSERVATION_MINUTES after the end of the infusion.
TREATMENT_DISCHARGE_SYSTOLIC_MIN = env.int("TREATMENT_DISCHARGE_SYSTOLIC_MIN", default=90)
TREATMENT_DISCHARGE_DIASTOLIC_MIN = env.int("TREATMENT_DISCHARGE_DIASTOLIC_MIN", default=60)
TREATMENT_DISCHARGE_SPO2_MIN = env.int("TREATMENT_DISCHARGE_SPO2_MIN", default=94)
TREATMENT_OBSERVATION_MINUTES = env.int("TREATMENT_OBSERVATION_MINUTES", default=30)
# During the infusion a blood pressure below either of these (mmHg), or an oxygen saturation below
# TREATMENT_DURING_SPO2_MIN (%), is marked low: it highlights the record and needs a note (by default the
# discharge minimums).
TREATMENT_DURING_SYSTOLIC_MIN = env.int("TREATMENT_DURING_SYSTOLIC_MIN", default=TREATMENT_DISCHARGE_SYSTOLIC_MIN)
TREATMENT_DURING_DIASTOLIC_MIN = env.int("TREATMENT_DURING_DIASTOLIC_MIN", default=TREATMENT_DISCHARGE_DIASTOLIC_MIN)
TREATMENT_DURING_SPO2_MIN = env.int("TREATMENT_DURING_SPO2_MIN", default=TREATMENT_DISCHARGE_SPO2_MIN)
# The start is decided on a reading before the infusion at most this many minutes old.
TREATMENT_BEFORE_READING_MAX_AGE_MINUTES = env.int("TREATMENT_BEFORE_READING_MAX_AGE_MINUTES", default=30)
# Readings during the infusion are due this often (minutes); the record says when one is overdue.
TREATMENT_VITALS_INTERVAL_MINUTES = env.int("TREATMENT_VITALS_INTERVAL_MINUTES", default=15)
# --- Patient intake (screening.patient) ---------------------------------------------------------
INSTALLED_APPS += ["formtools", "screening.patient"]
# The cache holds the rate-limit counters. Every gunicorn worker and app server must count in the same
# place, so without DEBUG it must be shared: CACHE_URL=redis://host:6379/0, or
# dbcache://rate_limit_cache (after `manage.py createcachetable`), or memcached.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
_SHARED_CACHES = ("django.core.cache.backends.redis.", "django.core.cache.backends.db.",
                  "django.core.cache.backends.memcached.")
if not DEBUG and not CACHES["default"]["BACKEND"].startswith(_SHARED_CACHES):
    raise ImproperlyConfigured(
        "CACHE_URL must name a cache shared by every worker (redis://..., dbcache://<table>, pymemcache://...): "
        "a per-process cache lets each worker count rate limits on its own "
        "(locmemcache:// is the default only when DEBUG=true)."
    )
RATELIMIT_USE_CACHE = "default"
# How long a resume link works, and how often one client address may start intakes or ask for links.
INTAKE_RESUME_MAX_AGE_DAYS = env.int("INTAKE_RESUME_MAX_AGE_DAYS", default=14)
# Unfinished intakes are deleted this many days after their last change (`purge_unfinished_intakes`,
# run daily by cron); urgent drafts are kept until a clinician has seen them.
INTAKE_DRAFT_RETENTION_DAYS = env.int("INTAKE_DRAFT_RETENTION_DAYS", default=30)
# Declined intakes (never patients) are erased this long after the decline (screening/erasure.py).
INTAKE_DECLINED_RETENTION_MONTHS = env.int("INTAKE_DECLINED_RETENTION_MONTHS", default=24)
# The most a draft may hold (its answers as typed plus the partial document, as JSON): a real one is
# a few kilobytes; a post that would make it larger is refused with a 400 and nothing is stored.
INTAKE_DRAFT_MAX_BYTES = env.int("INTAKE_DRAFT_MAX_BYTES", default=256 * 1024)
INTAKE_START_RATE = env.str("INTAKE_START_RATE", default="10/h")
INTAKE_RESUME_RATE = env.str("INTAKE_RESUME_RATE", default="5/h")
# The benchmark's minimal view (/bench/minimal/, screening/bench/): set only by `manage.py bench submit` for
# the gunicorn it starts. Never in production.
BENCH_VIEWS = env.bool("BENCH_VIEWS", default=False)
# Flash messages live in the server-side session, not in a cookie of their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
