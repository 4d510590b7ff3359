"""The final "send" does not validate again a step whose answers are unchanged since they were found
valid (each valid step's part of the document is kept in the draft with a fingerprint of its answers);
a step whose answers changed or are no longer valid is still checked, and sends the patient back."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from screening.models import Intake
from screening.patient import forms
from screening.patient.models import IntakeDraft
from screening.patient.storage import CHECKED_KEY

from .answers import BASE_ANSWERS, BASE_DOCUMENT, step_post
from .helpers import post_step, start, walk


@pytest.fixture
def step_forms_built(monkeypatch):
    """The names of the step forms built (every one is validated when bound)."""
    built = []
    init = forms.StepForm.__init__

    def counting_init(self, *args, **kwargs):
        built.append(type(self).__name__)
        init(self, *args, **kwargs)

    monkeypatch.setattr(forms.StepForm, "__init__", counting_init)
    return built


@pytest.fixture
def at_review(client, db):
    draft = start(client)
    walk(client, until="review")
    return draft


def send(client):
    return post_step(client, "review", {})


def stored(draft):
    return IntakeDraft.objects.get(pk=draft.pk).wizard


def test_the_final_post_builds_only_the_review_form(client, at_review, step_forms_built):
    response = send(client)
    assert response.headers["Location"] == reverse("intake:submitted")
    assert step_forms_built == ["ReviewForm"]  # formtools alone validates 21 step forms here


def test_the_document_sent_is_the_one_every_step_makes_when_validated_again(client, at_review):
    # No kept parts (a draft saved before they were kept): every step is validated on the final post.
    IntakeDraft.objects.filter(pk=at_review.pk).update(wizard={**stored(at_review), "extra_data": {}})
    send(client)
    intake = Intake.objects.get(pk=at_review.intake_id)
    assert intake.status == Intake.Status.SUBMITTED
    assert {k: v for k, v in intake.document.items() if k != "submitted_at"} == BASE_DOCUMENT


def sent_document(client, answers, keep):
    """Walk the intake with `answers` and send it, with or without the kept parts; the document sent."""
    draft = start(client)
    walk(client, answers=answers, until="review")
    if not keep:
        IntakeDraft.objects.filter(pk=draft.pk).update(wizard={**stored(draft), "extra_data": {}})
    send(client)
    intake = Intake.objects.get(pk=draft.intake_id)
    assert intake.status == Intake.Status.SUBMITTED
    return {key: value for key, value in intake.document.items() if key != "submitted_at"}


@pytest.mark.parametrize("answers", [
    {"reason": {**BASE_ANSWERS["reason"], "primary": "ptsd", "secondary": []},
     "pcl5": {f"item_{i}": "3" for i in range(1, 21)},
     "about": {**BASE_ANSWERS["about"], "sex_at_birth": "male"}},
    {"suicide": {**BASE_ANSWERS["suicide"], "active_thoughts": "yes"},
     "suicide-more": {"method": "no", "intent": "no", "plan": "no"}},
], ids=["ptsd-male", "suicide-more"])
def test_steps_asked_because_of_earlier_answers_make_the_same_document_from_kept_parts(db, answers):
    kept = sent_document(Client(), answers, keep=True)
    validated_again = sent_document(Client(), answers, keep=False)
    assert kept == validated_again
    assert kept["pcl5"] is not None or kept["suicide_screen"]["method"] is False


def test_a_step_changed_behind_its_kept_part_is_validated_again_and_sends_the_patient_back(client, at_review):
    wizard = stored(at_review)
    assert "phq9" in wizard["extra_data"][CHECKED_KEY]
    # The answers change (as if stored by an older page) while the kept part still says they were valid.
    wizard["step_data"]["phq9"] = {"phq9-item_1": ["7"]}
    IntakeDraft.objects.filter(pk=at_review.pk).update(wizard=wizard)
    response = send(client)
    assert response.headers["Location"] == reverse("intake:step", kwargs={"step": "phq9"})
    assert Intake.objects.get(pk=at_review.intake_id).status == Intake.Status.DRAFT


def test_another_ruleset_checks_every_step_again(client, at_review, settings, step_forms_built):
    settings.SCREENING_RULESET = "2026.1"  # its drug names may judge the medicine rows differently
    send(client)
    assert len(step_forms_built) > 10


def test_a_page_that_only_fills_in_kept_parts_writes_nothing(client, at_review):
    wizard = stored(at_review)
    wizard["extra_data"] = {}  # a draft saved before parts were kept
    IntakeDraft.objects.filter(pk=at_review.pk).update(wizard=wizard)
    before = IntakeDraft.objects.get(pk=at_review.pk).updated_at
    assert client.get(reverse("intake:step", kwargs={"step": "review"})).status_code == 200
    after = IntakeDraft.objects.get(pk=at_review.pk)
    assert after.wizard["extra_data"] == {} and after.updated_at == before


def test_next_on_a_step_keeps_its_part_for_the_final_post(client, at_review):
    post_step(client, "gad7", {**BASE_ANSWERS["gad7"], "item_1": "3"})
    kept = stored(at_review)["extra_data"][CHECKED_KEY]["gad7"]
    assert kept["document"] == {"gad7": [3, 2, 1, 2, 1, 1, 1]}
    assert client.post(reverse("intake:step", kwargs={"step": "review"}), step_post("review", {})
                       ).headers["Location"] == reverse("intake:submitted")
    assert Intake.objects.get(pk=at_review.intake_id).document["gad7"] == [3, 2, 1, 2, 1, 1, 1]


def test_a_new_version_of_the_forms_checks_every_step_again(client, at_review, monkeypatch, step_forms_built):
    from screening.patient import storage

    monkeypatch.setattr(storage, "FORMS_SOURCE", "the forms after a deploy that changed them")
    send(client)
    assert len(step_forms_built) > 10


def test_the_final_post_writes_in_one_transaction_and_the_e_mail_is_recorded_in_it(
        client, at_review, django_capture_on_commit_callbacks):
    """Read the session and the draft, lock the intake, the screening result, one UPDATE for document, status
    and the queue's copy of the outcome, the history row, the e-mail row (in a savepoint, with no look-up first:
    its dedupe key is new); after the commit only the e-mail's sending is recorded."""
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks() as callbacks:
        send(client)
    statements = [q["sql"].split(" ", 2)[:2] for q in queries.captured_queries]
    # The test runs inside a transaction: the submit's own transaction shows as the outer savepoint.
    assert [verb for verb, _rest in statements] == [
        "SELECT", "SELECT", "SAVEPOINT", "SELECT", "INSERT", "UPDATE", "INSERT",
        "SAVEPOINT", "INSERT", "RELEASE", "RELEASE",
    ], queries.captured_queries
    intake = Intake.objects.get(pk=at_review.intake_id)
    assert intake.status == Intake.Status.SUBMITTED and intake.outcome == intake.results.get().outcome
    assert intake.indication == intake.document["indication"]["primary"] and intake.document["submitted_at"]
    with CaptureQueriesContext(connection) as after_commit:
        [deliver] = callbacks
        deliver()
    assert [q["sql"].split(" ", 1)[0] for q in after_commit.captured_queries] == ["UPDATE"]
