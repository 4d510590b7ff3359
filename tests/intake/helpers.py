from django.urls import reverse

from screening.patient.models import IntakeDraft

from .answers import BASE_ANSWERS, step_post

START = {"name": "Kari Nordmann", "email": "kari@example.com", "phone": "+47 900 00 000", "consent": "on"}


def start(client, **overrides):
    response = client.post(reverse("intake:start"), {**START, **overrides})
    assert response.status_code == 302, response.content.decode()[:2000]
    return IntakeDraft.objects.select_related("intake").latest("pk")


def post_step(client, step, answers=None):
    answers = BASE_ANSWERS[step] if answers is None else answers
    return client.post(reverse("intake:step", kwargs={"step": step}), step_post(step, answers))


def walk(client, answers=None, until=None):
    """Answer every step the wizard asks, following its redirects; stop before `until` (a step name)."""
    answers = {**BASE_ANSWERS, **(answers or {})}
    url = reverse("intake:step")
    response = client.get(url)
    seen = []
    while True:
        location = response.headers.get("Location", "")
        if "/step/" not in location:
            return response, seen
        step = location.rstrip("/").split("/")[-1]
        if step == until:
            return response, seen
        seen.append(step)
        response = client.post(location, step_post(step, answers[step]))
        if response.status_code != 302:
            raise AssertionError(f"step {step} did not validate: {response.context and response.context['errors']}")
