"""Whatever a clinician's or a staff member's browser posts to the review and scheduling pages, the
answer is a page, a redirect or a 4xx: never a server error.

The URLs are read from the URLconf (as in test_no_store.py), and the field names from the pages
themselves (every `name="..."` on every page of the area): a new form is posted to the day it is added.
Hypothesis posts random mixes of those names and made-up ones, with text, numbers, digits that are
not ASCII and huge values. Each example runs in its own transaction, rolled back."""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from screening.review.services import review_claim
from screening.samples import as_intake_2
from screening.services import intake_import
from tests.conftest import log_in

from .test_no_store import argument, argument_names, named_routes, world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

# Area -> who works there (keys of world["users"]): staff book, clinicians also record consultation outcomes.
AREAS = {"review": ("review",), "scheduling": ("scheduling", "review"), "treatment": ("treatment",)}
ALLOWED = {200, 302, 400, 403, 404, 405, 409, 429}
ODD_VALUES = ["²", "٣", "１２", "9" * 5000, "-1", "0", "1e9", "NaN", "2030-02-30", "31.12.9999", "25:61",
              "", "None", "null", "on", "yes", "no", "\x00", "x" * 5000, "1,²", "1," + "9" * 30]


class Rollback(Exception):
    """Ends an example's transaction: every example starts from the same world."""


def area_urls(world):
    """{area: [URL of every page of the area that takes no signed token]}."""
    urls = {area: [] for area in AREAS}
    for view_name, route in named_routes():
        area = view_name.split(":")[0]
        names = argument_names(route)
        if area in AREAS and "token" not in names:
            urls[area].append(reverse(view_name, kwargs={n: argument(n, view_name, route, world) for n in names}))
    return urls


def field_names(client, urls):
    """Every form field name on the pages at `urls`, as the logged-in client sees them."""
    names = set()
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            names.update(re.findall(r'name="([^"]+)"', response.content.decode()))
    return names - {"csrfmiddlewaretoken"}


@pytest.fixture
def pages(world, example_document):
    """[(area, URL)] to post to, and {area: the field names on its pages}: the world's approved case and
    a case still open for review (its decision and flag forms)."""
    urls = area_urls(world)
    open_case, _result = intake_import(document=as_intake_2(example_document("bp-181-80")), name="Ola Nordmann",
                                       email="ola@example.com")
    review_claim(intake=open_case, clinician=world["users"]["review"])  # the decision and flag forms show
    urls["review"] += area_urls({**world, "intake": open_case})["review"]
    names = {area: sorted(set().union(*(field_names(log_in(Client(), world["users"][who]), urls[area])
                                          for who in AREAS[area])))
             for area in AREAS}
    assert {"kind", "patient_message", "outcome-proceed", "start"} <= set(names["review"]) | set(names["scheduling"])
    return [(area, url) for area in AREAS for url in urls[area]], names


def post_as(client, user, url, body):
    """The status of `user`'s post, in a transaction rolled back afterwards."""
    try:
        with transaction.atomic():
            log_in(client, user)
            status = client.post(url, body).status_code
            raise Rollback
    except Rollback:
        return status


values = st.one_of(st.text(max_size=30), st.integers().map(str), st.sampled_from(ODD_VALUES),
                   st.lists(st.text(max_size=5), max_size=3))


@given(data=st.data())
def test_no_post_to_a_staff_or_clinician_page_is_a_server_error(client, world, pages, data):
    targets, names = pages
    area, url = data.draw(st.sampled_from(targets))
    who = data.draw(st.sampled_from(AREAS[area]))
    body = data.draw(st.dictionaries(st.sampled_from(names[area]), values, max_size=10))
    body.update(data.draw(st.dictionaries(st.text(min_size=1, max_size=10), values, max_size=2)))
    status = post_as(client, world["users"][who], url, body)
    event(f"status {status}")  # shown with --hypothesis-show-statistics
    assert status in ALLOWED, (url, who, status, body)


def test_a_list_of_appointments_to_cancel_with_a_digit_that_is_not_ascii_is_refused(client, world):
    url = reverse("scheduling:consultation_outcome", kwargs={"pk": world["appointment"].pk})
    for cancel in ("1,²", "9" * 30):
        body = {"outcome-proceed": "no", "outcome-note": "Not now.", "outcome-cancel": cancel}
        assert post_as(client, world["users"]["review"], url, body) == 400
