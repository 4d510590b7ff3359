"""`bench load` and `bench submit` against a real gunicorn (2 workers) on the PostgreSQL test database: a few
simulated patients, a few submits. No timing is asserted: only that nothing fails and every intake is stored."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection

from screening.bench.site import MINIMAL_TABLE
from screening.models import Intake

from .servers import redis_reachable, require

pytestmark = pytest.mark.deploy

CACHE_URL = "redis://127.0.0.1:6379/7"  # this project's tests' database on the shared Redis


@pytest.fixture
def servers_available(transactional_db):
    require("Redis on 127.0.0.1:6379", redis_reachable(), "start redis-server (.ci/run does).")
    if connection.vendor != "postgresql":
        pytest.skip("the worker processes need the PostgreSQL test database (DATABASE_URL)")


def bench(*args):
    out = io.StringIO()
    call_command("bench", *args, "--cache-url", CACHE_URL, stdout=out)
    return out.getvalue().splitlines()


def test_three_patients_complete_their_intakes_and_every_one_is_stored(servers_available):
    lines = bench("load", "--patients", "3")

    assert "errors: 0" in lines
    assert "intakes: 3 submitted, 3 stored (of 3 patients)" in lines
    assert lines[-1].startswith("load: 3 patients, 0 errors, 3/3 submitted/stored")
    assert Intake.objects.exclude(status=Intake.Status.DRAFT).count() == 3


def test_the_submit_bench_submits_every_draft_and_compares_with_the_minimal_view(servers_available):
    lines = bench("submit", "--drafts", "4", "--clients", "2")

    assert "errors: 0" in lines
    assert "intakes: 4 submitted, 4 stored" in lines
    assert re.fullmatch(r"submit: [\d.]+ posts/s, [\d.]+x minimal view", lines[-1])
    assert Intake.objects.exclude(status=Intake.Status.DRAFT).count() == 4
    assert MINIMAL_TABLE not in connection.introspection.table_names()  # the bench's own table is gone
