from tests.browser.conftest import axe_violations


def test_the_landing_page_switches_language_and_keeps_the_crisis_numbers(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.get_by_role("heading", name="Trenger du hjelp nå?").is_visible()
    page.get_by_role("button", name="English").click()
    page.wait_for_url(live_server.url + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    crisis = page.get_by_role("complementary")
    assert "116 117" in crisis.inner_text()
    assert "22 40 00 40" in crisis.inner_text()


def test_the_landing_page_has_no_serious_accessibility_violations(live_server, page):
    page.goto(live_server.url + "/")
    assert axe_violations(page) == []
