"""Slow clients cannot take the site down: nginx (deploy/nginx/) reads each request whole before gunicorn
sees it, so 3 clients that never finish their body do not tie up gunicorn's 3 sync workers."""

import shutil
import socket
import time

import pytest
from django.db import connection

from .servers import ROOT, database_url, get, gunicorn, nginx, production_env, redis_reachable, require

pytestmark = pytest.mark.deploy

WORKERS = 3
DIRECT_TIMEOUT = 3.0  # seconds to wait for gunicorn alone before calling it unanswered


def open_slow_posts(port, count=WORKERS):
    """Connections that send a form's headers (a valid-looking CSRF cookie, so Django reads the body) and
    10 of its 100000 bytes, then nothing more."""
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"POST /intake/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  b"Cookie: csrftoken=" + b"a" * 32 + b"\r\nContent-Length: 100000\r\n\r\nname=Kari&")
        sockets.append(s)
    time.sleep(0.5)  # let them reach a worker (or nginx's buffer)
    return sockets


def timed_get(port, timeout):
    """(seconds, status) of GET /, or (None, None) when no answer came within `timeout`."""
    began = time.monotonic()
    try:
        response, _page = get(port, "/", timeout=timeout)
    except (TimeoutError, socket.timeout):
        return None, None
    return time.monotonic() - began, response.status


def test_a_normal_request_answers_within_a_second_while_three_clients_send_slowly(transactional_db, tmp_path, capsys):
    require("nginx", shutil.which("nginx"), "install Debian's 'nginx' package (.ci/run does).")
    require("Redis on 127.0.0.1:6379", redis_reachable(), "start redis-server (.ci/run does).")
    if connection.vendor != "postgresql":
        pytest.skip("the worker processes need the PostgreSQL test database (DATABASE_URL)")
    env = production_env(DATABASE_URL=database_url(connection.settings_dict), CACHE_URL="redis://127.0.0.1:6379/7",
                         TRUST_X_REAL_IP="true")
    with gunicorn(env, workers=WORKERS) as app_port, nginx(app_port, tmp_path, ROOT / "static") as proxy_port:
        for _ in range(WORKERS):  # the first requests' one-off work done
            assert get(proxy_port, "/")[0].status == 200

        slow = open_slow_posts(proxy_port)
        through_nginx, status = timed_get(proxy_port, timeout=5)
        for s in slow:
            s.close()

        slow = open_slow_posts(app_port)
        direct, _ = timed_get(app_port, timeout=DIRECT_TIMEOUT)
        for s in slow:
            s.close()
        static = get(proxy_port, "/static/css/clinic.css")[0].status

    figures = (f"\nslow-client smoke test ({WORKERS} gunicorn workers, {WORKERS} clients that never finish "
               f"a 100000-byte body): GET / through nginx {through_nginx * 1000:.0f} ms (status {status}); "
               "directly against gunicorn " + (f"{direct * 1000:.0f} ms" if direct is not None
                                               else f"no answer within {DIRECT_TIMEOUT:.0f} s"))
    with capsys.disabled():  # the figures belong in the CI log
        print(figures)
    assert status == 200
    assert through_nginx < 1.0, figures
    assert static == 200
