"""Real servers for benchmarks, load runs and the deployment tests: gunicorn with production settings."""

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(settings_dict):
    """The URL of a PostgreSQL database's settings (e.g. connection.settings_dict), for server processes."""
    s = settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def redis_reachable(host="127.0.0.1", port=6379):
    try:
        with socket.create_connection((host, port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def production_env(**extra):
    """Production settings (DEBUG off) as far as a run over plain HTTP on 127.0.0.1 allows; e-mail is kept
    in memory (nothing is sent)."""
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
def gunicorn(env, workers=3, log=None, timeout=30):
    """gunicorn with `workers` sync workers on a free port of 127.0.0.1; yields the port. Stopped on exit."""
    executable = Path(sys.executable).with_name("gunicorn")
    port = free_port()
    process = subprocess.Popen(
        [str(executable if executable.exists() else shutil.which("gunicorn")), "clinic.wsgi",
         "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--timeout", str(timeout)],
        cwd=ROOT, env=env, stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, process)
        yield port
    finally:
        stop(process)
