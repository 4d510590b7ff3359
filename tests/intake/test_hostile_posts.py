"""Whatever a browser, a stale tab or a script posts to the questionnaire, the answer is a page, a
redirect or a 4xx: never a server error. A post that is refused stores nothing, and the page a post
redirects to shows what it stored.

Hypothesis posts to every step (and to names that are no step) random mixes of the step's real
field names and made-up ones, with text, numbers, digits that are not ASCII ("²", "٣"), huge
numbers and empty values, and every button, to a draft answered up to the medicines, half of the time
with PCL-5 and the suicide follow-ups on its path. Each example runs in its own transaction, rolled back."""

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import event, example, given
from hypothesis import strategies as st

from screening.patient.forms import STEPS, ListStepForm
from screening.patient.models import IntakeDraft

from .answers import BASE_ANSWERS, step_post
from .helpers import post_step, start, walk

STEP_NAMES = [name for name, _form in STEPS]
ALLOWED = {200, 302, 400, 404, 405, 429}
ODD_DIGITS = ["²", "٣", "１２", "߂", "9" * 5000, "-1", "1e9", "NaN", "0x10", " 3 "]


class Rollback(Exception):
    """Ends an example's transaction: every example starts from the same draft."""


def field_names(step):
    """The names a step's page posts: its own fields and, for a list step, its rows and their counts."""
    form_class = dict(STEPS)[step]
    form = form_class(prefix=step)
    names = [f"{step}-{name}" for name in form.fields]
    if issubclass(form_class, ListStepForm):
        rows = f"{step}-rows"
        names += [f"{rows}-{count}" for count in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")]
        names += [f"{rows}-{i}-{name}" for i in (0, 1, 25) for name in list(form.rows.forms[0].fields)]
    return names


FIELD_NAMES = {step: field_names(step) for step in STEP_NAMES}

values = st.one_of(
    st.text(max_size=30),
    st.integers().map(str),
    st.sampled_from(ODD_DIGITS + ["", "None", "null", "on", "yes", "no", "\x00", "x" * 3000]),
    st.lists(st.text(max_size=5), max_size=3),
)
steps = st.sampled_from(STEP_NAMES + ["nope", "done", ""])
buttons = st.one_of(
    st.just({}),
    st.fixed_dictionaries({"wizard_goto_step": st.one_of(steps, st.text(max_size=10))}),
    st.just({"wizard_add_row": "1"}),
    st.just({"wizard_save_link": "1"}),
    st.just({"return_to_review": "1"}),
)


# Answers that put PCL-5 and the suicide follow-ups on the path (without crisis), so they are posted to too.
EVERY_STEP = [
    ("reason", {**BASE_ANSWERS["reason"], "primary": "ptsd", "secondary": []}),
    ("pcl5", {f"item_{i}": "1" for i in range(1, 21)}),
    ("suicide", {**BASE_ANSWERS["suicide"], "active_thoughts": "yes"}),
    ("suicide-more", {"method": "no", "intent": "no", "plan": "no"}),
]


@st.composite
def posts(draw):
    """(step in the URL, POST body)."""
    step = draw(st.sampled_from(STEP_NAMES))
    real = draw(st.dictionaries(st.sampled_from(FIELD_NAMES[step] + [f"{step}-other"]), values, max_size=12))
    junk = draw(st.dictionaries(st.text(min_size=1, max_size=15), values, max_size=3))
    current = draw(st.one_of(st.just(step), steps, st.text(max_size=10), st.none()))
    body = {**junk, **real, **draw(buttons)}
    if current is not None:
        body["intake-current_step"] = current
    return draw(st.one_of(st.just(step), steps)), body


def stored(draft):
    draft = IntakeDraft.objects.select_related("intake").get(pk=draft.pk)
    return (draft.wizard or {}).get("step_data"), draft.intake.document


@pytest.fixture
def draft(client, db):
    draft = start(client)
    walk(client, until="medications")
    return draft


@given(post=posts(), every_step=st.booleans())
# Regressions: a count of "²" with "Add another", a follow-up to a suicide question answered "no"
# (not asked), a step that does not exist, a NUL character kept by "Back" (PostgreSQL's JSON refuses it).
@example(post=("medications", {"intake-current_step": "medications", "medications-rows-TOTAL_FORMS": "²",
                               "wizard_add_row": "1"}), every_step=False)
@example(post=("suicide-more", step_post("suicide-more", {"method": "yes", "intent": "yes", "plan": "yes"})),
         every_step=False)
@example(post=("nope", {"intake-current_step": "nope", "nope-x": "1"}), every_step=True)
@example(post=("medications", {"intake-current_step": "medications", "medications-has_any": "a\x00b",
                               "wizard_goto_step": "suicide"}), every_step=False)
def test_no_post_to_any_step_is_a_server_error_and_a_refused_one_stores_nothing(client, draft, post, every_step):
    step, body = post
    url = reverse("intake:step", kwargs={"step": step}) if step else reverse("intake:step")
    try:
        with transaction.atomic():
            for answered, answers in EVERY_STEP if every_step else []:
                assert post_step(client, answered, answers).status_code == 302
            before = stored(draft)
            response = client.post(url, body)
            event(f"status {response.status_code}")  # shown with --hypothesis-show-statistics
            assert response.status_code in ALLOWED, (response.status_code, body)
            if response.status_code != 302:
                assert stored(draft) == before
            elif "/step/" in response["Location"]:  # what was stored must also show
                assert client.get(response["Location"]).status_code in ALLOWED, body
            raise Rollback
    except Rollback:
        pass


@pytest.mark.parametrize("count", ["٢", "²", "2 ", "9" * 5000])
def test_a_row_count_that_is_not_plain_digits_is_a_field_error_and_stores_nothing(client, draft, count):
    before = stored(draft)
    body = {**step_post("medications", BASE_ANSWERS["medications"]), "medications-rows-TOTAL_FORMS": count}
    response = client.post(reverse("intake:step", kwargs={"step": "medications"}), body)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert stored(draft) == before


def test_a_post_for_a_follow_up_question_no_longer_asked_redirects_and_stores_nothing(client, draft):
    before = stored(draft)
    body = step_post("suicide-more", {"method": "no", "intent": "no", "plan": "no"})
    response = client.post(reverse("intake:step", kwargs={"step": "suicide-more"}), body)
    assert response.status_code == 302
    assert response["Location"].endswith("/medications/")
    assert stored(draft) == before
