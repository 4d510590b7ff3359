"""Real servers for the deployment tests: gunicorn (production settings) and, in front of it, nginx."""

import http.client
import os
import re
import shutil
import subprocess
from contextlib import contextmanager

import pytest

# The servers themselves are shared with the benchmarks (manage.py bench submit / load).
from screening.bench.servers import (  # noqa: F401
    ROOT,
    database_url,
    free_port,
    gunicorn,
    production_env,
    redis_reachable,
    stop,
    wait_for_port,
)


def require(what, available, hint):
    """Skip on a developer machine without `what`; in CI (CI=true) it is a failure."""
    if not available:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is required in CI; {hint}")
        pytest.skip(f"{what} is not available on this machine")


def get(port, path, headers=None, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response, response.read().decode()
    finally:
        connection.close()


def post_intake_start(port, fields):
    """GET the start page for a CSRF cookie and token (a new visitor each time), then POST the form."""
    response, page = get(port, "/intake/")
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    from urllib.parse import urlencode

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", "/intake/", body=urlencode({**fields, "csrfmiddlewaretoken": token}), headers={
            "Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


NGINX_DIR = ROOT / "deploy" / "nginx"


@contextmanager
def nginx(upstream_port, folder, static_root):
    """nginx with the shipped proxy settings (deploy/nginx/clinic-proxy.conf) on a free port, in front of
    gunicorn on `upstream_port`; its own configuration, pid, logs and buffers in `folder`. Yields the port."""
    port = free_port()
    proxy = (NGINX_DIR / "clinic-proxy.conf").read_text().replace("/srv/clinic/staticfiles/", f"{static_root}/")
    (folder / "clinic-proxy.conf").write_text(proxy)
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    (folder / "nginx.conf").write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    upstream clinic_app {{ server 127.0.0.1:{upstream_port}; }}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {folder}/clinic-proxy.conf;
    }}
}}
""")
    process = subprocess.Popen([shutil.which("nginx"), "-c", str(folder / "nginx.conf"), "-p", str(folder),
                                "-e", str(folder / "error.log")], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process)
        yield port
    finally:
        stop(process)
