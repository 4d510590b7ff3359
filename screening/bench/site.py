"""The site a benchmark drives: its PostgreSQL database (created and migrated when needed) and gunicorn
with production settings on 127.0.0.1, stopped whatever happens."""

import signal
import threading
from contextlib import contextmanager
from urllib.parse import urlsplit

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.db.migrations.executor import MigrationExecutor

from screening.models import Intake

from . import BENCH_EMAIL_DOMAIN
from .browser import Browser
from .servers import database_url, gunicorn, production_env, redis_reachable

MINIMAL_TABLE = "bench_minimal_row"


def prepare_database(target, out):
    """Refuse SQLite; create the database when it does not exist yet, migrate it, and refuse one that
    holds intakes other than the benchmarks' own."""
    if connection.vendor != "postgresql":
        raise CommandError(f"bench {target} drives gunicorn's workers in parallel and needs PostgreSQL (SQLite "
                           "lets one writer in at a time): set DATABASE_URL, e.g. "
                           f"postgres://postgres@127.0.0.1:5432/clinic_{target}_bench")
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
        _create_database(connection.settings_dict)
        out(f"created database {connection.settings_dict['NAME']}")
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        call_command("migrate", interactive=False, verbosity=0)
        out(f"applied {len(plan)} migrations")
    if Intake.objects.exclude(email__endswith=BENCH_EMAIL_DOMAIN).exists():
        raise CommandError(f"bench {target} adds intakes through the web: run it on a database of its own "
                           f"(e.g. DATABASE_URL=postgres://…/clinic_{target}_bench), this one holds other intakes.")


def _create_database(settings_dict):
    import psycopg
    from psycopg import sql

    with psycopg.connect(dbname="postgres", host=settings_dict["HOST"] or "127.0.0.1",
                         port=settings_dict["PORT"] or 5432, user=settings_dict["USER"],
                         password=settings_dict["PASSWORD"] or None, autocommit=True) as maintenance:
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings_dict["NAME"])))
    connections[DEFAULT_DB_ALIAS].close()


def check_cache(cache_url):
    """The rate-limit counters must be shared by the workers, as in production (clinic/settings.py)."""
    parts = urlsplit(cache_url)
    if parts.scheme == "redis" and not redis_reachable(parts.hostname or "127.0.0.1", parts.port or 6379):
        raise CommandError(f"nothing answers at {cache_url}: start Redis, or use --cache-url dbcache://bench_cache")
    if parts.scheme == "dbcache":
        call_command("createcachetable", parts.netloc or parts.path.lstrip("/"), verbosity=0)


@contextmanager
def minimal_table():
    """The table the bench-only minimal view writes to (not a model: it never exists in production)."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MINIMAL_TABLE} "
                       "(id bigserial PRIMARY KEY, draft text, created_at timestamptz NOT NULL DEFAULT now())")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {MINIMAL_TABLE}")


@contextmanager
def site(*, workers, cache_url, bench_views=False):
    """gunicorn (production settings) on this database; yields its port.

    TRUST_X_REAL_IP=true, as behind nginx: the load client sends each visitor's own address in X-Real-IP,
    as nginx sets it, and gunicorn listens on 127.0.0.1 only. BENCH_VIEWS=true adds the minimal view."""
    env = production_env(DATABASE_URL=database_url(connection.settings_dict), CACHE_URL=cache_url,
                         TRUST_X_REAL_IP="true", ON_DUTY_CLINICIAN_EMAILS="vakt@bench.invalid")
    if bench_views:
        env["BENCH_VIEWS"] = "true"
    connection.close()  # the workers get their own connections; ours is not held open during the run
    with stopped_on_sigterm(), gunicorn(env, workers=workers, timeout=60) as port:
        for _ in range(4 * workers):  # each worker loads the app on its first request: not part of the timings
            Browser(port).get("/intake/")
        yield port


@contextmanager
def stopped_on_sigterm():
    """SIGTERM (kill, a CI timeout) ends the run through the `finally` blocks, so gunicorn is stopped too."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum, _frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, leave)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
