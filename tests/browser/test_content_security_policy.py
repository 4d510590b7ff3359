"""The pages work under the strict Content Security Policy: no inline script or style is refused."""

import pytest

PUBLIC_PAGES = ["/", "/en/", "/accounts/login/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_the_browser_refuses_nothing_on_the_page(live_server, browser, path):
    context = browser.new_context()  # CSP enforced (the other tests bypass it to inject axe-core)
    try:
        page = context.new_page()
        refused = []
        page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert refused == []
        assert page.locator("link[rel=stylesheet]").count() >= 1
        # The vendored stylesheet is applied (Bootstrap's container sets a max-width).
        assert page.evaluate("getComputedStyle(document.querySelector('main')).paddingTop") != "0px"
    finally:
        context.close()
