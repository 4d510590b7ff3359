#!/usr/bin/env python
import os
import secrets
import sys

# Commands that sign nothing (no links, no sessions) and send no e-mail, and so need no configured
# SECRET_KEY or EMAIL_URL, and count no rate limits (no CACHE_URL): they run on a fresh checkout with no
# environment at all. Everything else needs SECRET_KEY, EMAIL_URL and CACHE_URL, or DEBUG=true.
COMMANDS_WITHOUT_SECRETS = {"screen", "bench"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
    if len(sys.argv) > 1 and sys.argv[1] in COMMANDS_WITHOUT_SECRETS:
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        os.environ.setdefault("EMAIL_URL", "dummymail://")
        os.environ.setdefault("CACHE_URL", "dbcache://rate_limit_cache")  # never read by these commands
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
