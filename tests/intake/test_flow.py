from django.core import mail
from django.urls import reverse

from screening.models import Intake, ScreeningResult
from screening.rules import screen

from .answers import BASE_DOCUMENT
from .helpers import start, walk


def test_a_complete_intake_stores_exactly_the_answered_document_and_its_screening(
        client, db, django_capture_on_commit_callbacks):
    draft = start(client)
    with django_capture_on_commit_callbacks(execute=True):  # the confirmation goes out after the commit
        response, steps = walk(client)
    assert steps == ["about", "reason", "phq9", "gad7", "suicide", "medications", "therapies", "history",
                     "health", "pregnancy", "substances", "current-medicines", "practical", "review"]
    assert response.headers["Location"] == reverse("intake:submitted")
    intake = Intake.objects.get(pk=draft.intake_id)
    assert intake.status == Intake.Status.SUBMITTED
    document = dict(intake.document)
    submitted_at = document.pop("submitted_at")
    assert submitted_at.startswith(intake.submitted_at.date().isoformat()[:4])
    assert document == BASE_DOCUMENT
    result = ScreeningResult.objects.get(intake=intake)
    assert result.result == screen(intake.document)
    assert len(mail.outbox) == 1
    assert intake.reference in mail.outbox[0].body


def test_the_stored_result_equals_what_manage_py_screen_prints_for_the_stored_document(client, db, tmp_path):
    import io
    import json

    from django.core.management import call_command

    draft = start(client)
    walk(client)
    intake = Intake.objects.get(pk=draft.intake_id)
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(intake.document), encoding="utf-8")
    out = io.StringIO()
    call_command("screen", str(path), stdout=out)
    assert json.loads(out.getvalue()) == intake.latest_result.result


def test_the_review_page_offers_to_change_each_part_with_a_verb_in_norwegian(client, db):
    from django.utils import translation

    start(client)
    walk(client, until="review")
    with translation.override("nb"):
        page = client.get(reverse("intake:step", kwargs={"step": "review"}), HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert page.count(">Endre<") >= 5 and ">Endring<" not in page
