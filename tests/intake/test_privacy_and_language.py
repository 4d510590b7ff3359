import re

from django.urls import reverse

from .helpers import start, walk


def test_switching_language_keeps_the_draft_and_the_step(client, db):
    start(client)
    walk(client, until="gad7")
    step = reverse("intake:step", kwargs={"step": "gad7"})
    response = client.post("/i18n/setlang/", {"language": "en", "next": step})
    assert response.headers["Location"] == "/en/intake/step/gad7/"
    page = client.get("/en/intake/step/gad7/")
    html = page.content.decode()
    assert 'lang="en"' in html and "Step 4 of" in html and "Feeling nervous, anxious or on edge" in html
    # The answers given in Norwegian are still there.
    assert client.get("/en/intake/step/phq9/").context["wizard"]["form"].is_valid()


def test_pages_with_answers_are_not_cached_and_health_fields_are_not_autofilled(client, db):
    start(client)
    walk(client, until="health")
    response = client.get(reverse("intake:step", kwargs={"step": "health"}))
    assert "no-store" in response.headers["Cache-Control"]
    html = response.content.decode()
    systolic = re.search(r'<input[^>]*name="health-systolic"[^>]*>', html).group(0)
    assert 'autocomplete="off"' in systolic


def test_every_patient_page_shows_the_crisis_numbers(client, db):
    pages = [reverse("intake:start"), reverse("intake:resume_request")]
    start(client)
    pages += [reverse("intake:step", kwargs={"step": "about"}), reverse("intake:crisis")]
    for url in pages:
        html = client.get(url).content.decode()
        for number in ('href="tel:113"', "116 117", "116 123", "22 40 00 40"):
            assert number in html, (url, number)
