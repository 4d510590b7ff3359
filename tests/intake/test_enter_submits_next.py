"""Enter in a field "clicks" the form's first submit button: on every step that must be Next, never
"Add another row" or Back (tests/review/test_question_page_enter_key.py: the same on the clinic's questions)."""

import re

from django.urls import reverse

from screening.patient.forms import STEPS

from .answers import BASE_ANSWERS
from .helpers import start, walk

FIRST_SUBMIT = re.compile(r'<form method="post"[^>]*>.*?(<button type="submit"[^>]*>)', re.S)
PTSD = {"reason": {**BASE_ANSWERS["reason"], "secondary": ["ptsd"]},
        "pcl5": {f"item_{i}": "1" for i in range(1, 21)},
        "suicide": {"wish_dead": "yes", "active_thoughts": "yes", "behavior": "never"},
        "suicide-more": {"method": "no", "intent": "no", "plan": "no"}}


def first_submit_button(html):
    return FIRST_SUBMIT.search(html).group(1)


def test_the_first_submit_button_of_every_step_is_next(client, db):
    start(client)
    _response, seen = walk(client, answers=PTSD, until="review")
    assert seen == [step for step, _form in STEPS if step != "review"]  # every step was shown
    for step in seen:
        html = client.get(reverse("intake:step", kwargs={"step": step})).content.decode()
        button = first_submit_button(html)
        assert 'name="wizard_next"' in button, (step, button)
        assert 'tabindex="-1"' in button and 'aria-hidden="true"' in button  # the real Next is the one people use
