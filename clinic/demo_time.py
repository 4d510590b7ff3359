"""Demo only: run the real services as if it were another moment (`manage.py seed_demo`).

The demo's story happened over the past weeks (a series booked ten days ago, infusions attended since).
The services refuse to book in the past, as they must; so instead of writing rows around them, the demo
turns the clock back and lets them run then: every rule is checked as it was at that moment, and the
history rows, e-mails and `auto_now` times carry that moment. Never used outside the demo command.
"""

from contextlib import contextmanager

from django.utils import timezone


@contextmanager
def as_of(moment):
    """Inside, `django.utils.timezone.now()` (and so `localdate()`, `auto_now` fields) returns `moment`.
    Single-threaded use only (a management command)."""
    real_now = timezone.now
    timezone.now = lambda: moment
    try:
        yield moment
    finally:
        timezone.now = real_now
