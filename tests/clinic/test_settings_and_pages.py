import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def django_check(env):
    return subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'clinic.settings'); django.setup()"],
        cwd=ROOT, env={"PATH": os.environ.get("PATH", ""), **env}, capture_output=True, text=True, timeout=60,
    )


def test_without_debug_a_missing_secret_key_is_a_clear_error():
    done = django_check({"DEBUG": "false"})
    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr


def test_with_debug_the_development_key_is_allowed():
    assert django_check({"DEBUG": "true"}).returncode == 0


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "EMAIL_URL": "smtp://mail.example:25"}


@pytest.mark.parametrize("cache_url", ["redis://127.0.0.1:6379/0", "dbcache://rate_limit_cache", "pymemcache://127.0.0.1:11211"])
def test_with_a_secret_key_a_mail_server_and_a_shared_cache_production_settings_load(cache_url):
    done = django_check({**PRODUCTION, "CACHE_URL": cache_url})
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("cache_url", [None, "locmemcache://", "dummycache://", "filecache:///tmp/clinic-cache"])
def test_without_debug_a_cache_each_worker_keeps_for_itself_is_a_clear_error(cache_url):
    done = django_check({**PRODUCTION, **({"CACHE_URL": cache_url} if cache_url else {})})
    assert done.returncode != 0
    assert "CACHE_URL must name a cache shared by every worker" in done.stderr


def test_with_debug_the_local_memory_cache_is_the_default():
    done = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'clinic.settings'); "
         "django.setup(); from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"],
        cwd=ROOT, env={"PATH": os.environ.get("PATH", ""), "DEBUG": "true"}, capture_output=True, text=True, timeout=60,
    )
    assert done.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, text",
    [("/", "Trenger du hjelp nå?"), ("/en/", "Need help now?")],
)
def test_the_landing_page_shows_the_crisis_numbers_in_each_language(client, url, text):
    page = client.get(url).content.decode()
    assert text in page
    for number in ("113", "116 117", "116 123", "22 40 00 40"):
        assert number in page


@pytest.mark.django_db
def test_the_landing_page_says_it_is_not_a_diagnosis_in_norwegian_by_default(client):
    page = client.get("/").content.decode()
    assert 'lang="nb"' in page
    assert "Det er ikke en diagnose." in page


def po_blocks(path):
    sys.path.insert(0, str(ROOT / "scripts"))
    from po_fill import read

    return [block for block in read(path) if block.translatable]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_string_is_translated_and_none_is_a_fuzzy_guess(language):
    blocks = po_blocks(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    assert [b.msgid for b in blocks if not b.translated] == []


def test_every_plural_string_has_its_norwegian_forms_and_none_is_a_fuzzy_guess():
    sys.path.insert(0, str(ROOT / "scripts"))
    from po_fill import read

    for language in ("nb", "en"):
        plurals = [b for b in read(ROOT / "locale" / language / "LC_MESSAGES" / "django.po") if b.plural]
        assert plurals and [b.msgid for b in plurals if b.fuzzy] == []
        if language == "nb":  # English falls back to msgid / msgid_plural
            assert [b.msgid for b in plurals if not b.plural_translated] == []


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_compiled_catalogue_is_newer_than_its_source(language):
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    po_text = (folder / "django.po").read_text(encoding="utf-8")
    from django.utils.translation import trans_real

    catalogue = trans_real.translation(language)
    for block in po_blocks(folder / "django.po"):
        compiled = catalogue.pgettext(block.msgctxt, block.msgid) if block.msgctxt else catalogue.gettext(block.msgid)
        assert compiled == block.msgstr, f"{block.msgid!r}: run `make messages` (compile)"
    assert po_text


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy_and_security_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def middleware(env):
    code = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'clinic.settings'); django.setup(); "
            "from django.conf import settings; print(settings.MIDDLEWARE[0])")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={"PATH": os.environ.get("PATH", ""), "DEBUG": "true", **env}).stdout.strip()


def test_the_address_from_the_proxy_is_trusted_only_when_configured():
    assert middleware({"TRUST_X_REAL_IP": "true"}) == "clinic.middleware.RealClientAddressMiddleware"
    assert middleware({}) == "django.middleware.security.SecurityMiddleware"


def test_make_run_gives_the_demo_the_address_it_was_started_on_for_e_mail_links():
    import shutil

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    root = Path(__file__).resolve().parents[2]
    plan = subprocess.run(["make", "-n", "run", "HOST=127.0.0.1:8101", "VENV=/nonexistent"], cwd=root,
                          capture_output=True, text=True, check=True).stdout
    commands = [line for line in plan.splitlines() if "manage.py" in line]
    assert commands and all("SITE_URL=http://127.0.0.1:8101 " in line for line in commands)
