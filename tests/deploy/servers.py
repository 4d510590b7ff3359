"""Real servers for the deployment tests: gunicorn (production settings) and, in front of it, nginx."""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require(what, available, hint):
    """Skip on a developer machine without `what`; in CI (CI=true) it is a failure."""
    if not available:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is required in CI; {hint}")
        pytest.skip(f"{what} is not available on this machine")


def redis_reachable(host="127.0.0.1", port=6379):
    try:
        with socket.create_connection((host, port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def database_url(settings_dict):
    """The URL of the test database, for the server processes."""
    s = settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def production_env(**extra):
    """Production settings (DEBUG off) as far as a test over plain HTTP on 127.0.0.1 allows."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DEBUG": "false",
        "SECRET_KEY": "deployment-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": "memorymail://",
        "SECURE_COOKIES": "false",  # plain HTTP here: the browser would not send a Secure cookie
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",  # no collectstatic
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def wait_for_port(port, process, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def gunicorn(env, workers=3, log=None):
    """gunicorn with `workers` sync workers on a free port of 127.0.0.1; yields the port."""
    executable = Path(sys.executable).with_name("gunicorn")
    port = free_port()
    process = subprocess.Popen(
        [str(executable if executable.exists() else shutil.which("gunicorn")), "clinic.wsgi",
         "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--timeout", "30"],
        cwd=ROOT, env=env, stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, process)
        yield port
    finally:
        stop(process)


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
