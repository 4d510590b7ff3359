"""Rate limits hold with several gunicorn workers: they count in the shared cache (Redis), not per process."""

import pytest
from django.db import connection

from screening.patient.models import IntakeDraft

from .servers import database_url, gunicorn, post_intake_start, production_env, redis_reachable, require

pytestmark = pytest.mark.deploy

REDIS_DB = 7  # this project's tests' database on the shared Redis
START = {"name": "Kari Nordmann", "email": "kari@example.com", "phone": "+47 900 00 000", "consent": "on"}


def test_three_workers_accept_exactly_the_limit_of_starts_from_one_address(transactional_db):
    require("Redis on 127.0.0.1:6379", redis_reachable(), "start redis-server (.ci/run does).")
    if connection.vendor != "postgresql":
        pytest.skip("the worker processes need the PostgreSQL test database (DATABASE_URL)")
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
    env = production_env(DATABASE_URL=database_url(connection.settings_dict),
                         CACHE_URL=f"redis://127.0.0.1:6379/{REDIS_DB}", INTAKE_START_RATE="10/h")
    with gunicorn(env, workers=3) as port:
        statuses = [post_intake_start(port, START) for _ in range(40)]

    assert statuses.count(302) == 10, statuses
    assert statuses.count(429) == 30, statuses
    assert IntakeDraft.objects.count() == 10
