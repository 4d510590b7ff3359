"""Browser tests: real Chromium (Debian's package) driven by Playwright's Python client.

They skip on a developer machine without Chromium, and fail in CI (CI=true) if it is missing.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves are safe here. Set for the test process only, never in settings.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium")
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI (Debian package 'chromium'); .ci/run installs it.")
        pytest.skip("Chromium is not installed on this machine")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def new_context(browser):
    """Make a fresh browser context (its own cookies: a 'different browser')."""
    contexts = []

    def make(**options):
        options.setdefault("locale", "nb-NO")
        context = browser.new_context(bypass_csp=True, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core in the page; return the violations of the given impacts (id, impact, targets)."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def totp_code(device):
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in_employee(page, base, email, password, next_path):
    """Log in through the real pages: e-mail and password, then a TOTP code from the user's device
    (made here if the user has none, as if enrolled earlier)."""
    import re

    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(email=email)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="browser test", confirmed=True
    )
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/verify/"))
    page.get_by_label("Kode fra autentiseringsappen").fill(totp_code(device))
    page.get_by_role("button", name="Bekreft").click()
    page.wait_for_url(base + next_path)
