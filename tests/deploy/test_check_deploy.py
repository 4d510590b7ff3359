"""`manage.py check --deploy` is clean with the production settings the README points to
(deploy/clinic.env.example), HSTS with subdomains and preload included."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_ENV = ROOT / "deploy" / "clinic.env.example"


def production_env(**changes):
    env = {"PATH": "/usr/bin:/bin"}
    for line in EXAMPLE_ENV.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    env["SECRET_KEY"] = "x7Kq2pV9mZ4rT8wY1nB6cF3hJ5dL0sG2aQ7eU4iO9yR1tW6vX3zN8mK5jH2gF7dS0aP4"  # a long random-looking key
    env.update(changes)
    return {key: value for key, value in env.items() if value is not None}


def check_deploy(env):
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_the_documented_production_settings():
    done = check_deploy(production_env())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_without_hsts_subdomains_and_preload_check_deploy_warns():
    done = check_deploy(production_env(SECURE_HSTS_INCLUDE_SUBDOMAINS=None, SECURE_HSTS_PRELOAD=None))
    assert done.returncode != 0
    assert "security.W005" in done.stderr + done.stdout and "security.W021" in done.stderr + done.stdout
