"""The load run's simulated patients (screening/bench/answers.py) give answers the wizard accepts, on every
path it takes (PCL-5, the suicide follow-ups, pregnancy or not), and never end on the crisis page."""

import random

import pytest
from django.core.cache import cache
from django.urls import reverse

from screening.bench.answers import patient_answers, step_post
from screening.models import Intake

from .helpers import start


def walk_all(client, answers):
    response = client.get(reverse("intake:step"))
    steps = []
    while "/step/" in response.headers.get("Location", ""):
        location = response.headers["Location"]
        step = location.rstrip("/").split("/")[-1]
        steps.append(step)
        response = client.post(location, step_post(step, answers[step]))
        assert response.status_code == 302, (step, response.context and response.context["errors"])
    assert response.headers["Location"] == reverse("intake:submitted")
    return steps


@pytest.mark.django_db
def test_generated_patients_complete_the_intake_on_every_path(client):
    rng = random.Random(7)
    paths = set()
    for number in range(12):
        client.cookies.clear()
        cache.clear()  # one start per visitor, as in the load run (each patient has its own address)
        start(client, email=f"load-{number}@bench.invalid")
        steps = walk_all(client, patient_answers(rng))
        paths.add(tuple(step for step in steps if step in ("pcl5", "suicide-more", "pregnancy")))
    assert Intake.objects.exclude(status=Intake.Status.DRAFT).count() == 12
    assert len(paths) >= 3


def test_a_generated_patient_who_never_drinks_answers_no_more_about_alcohol():
    rng = random.Random(11)
    alcohol = [patient_answers(rng)["substances"] for _ in range(300)]
    never = [answers for answers in alcohol if answers["auditc_1"] == "0"]
    assert never and all("auditc_2" not in answers and "auditc_3" not in answers for answers in never)
    assert any("auditc_2" in answers for answers in alcohol)
