from django.urls import reverse

from screening.models import Intake, IntakeStatusChange

from .answers import BASE_ANSWERS
from .helpers import post_step, start, walk


def test_behaviour_in_the_past_3_months_shows_crisis_help_at_once_and_marks_the_draft_urgent(client, db):
    draft = start(client)
    walk(client, until="suicide")
    response = post_step(client, "suicide", {**BASE_ANSWERS["suicide"], "behavior": "within_3_months"})
    assert response.headers["Location"] == reverse("intake:crisis")
    intake = Intake.objects.get(pk=draft.intake_id)
    assert intake.urgent is True
    assert intake.status == Intake.Status.DRAFT
    change = IntakeStatusChange.objects.filter(intake=intake).latest("pk")
    assert "URG-SUICIDE-HIGH" in change.reason
    # The draft holds the answers the clinicians need to see.
    assert intake.document["suicide_screen"]["behavior"] == "within_3_months"
    page = client.get(reverse("intake:crisis"))
    html = page.content.decode()
    assert 'href="tel:113"' in html and "116 117" in html and "116 123" in html and "22 40 00 40" in html
    # The patient may continue afterwards, at the next step.
    assert client.get(reverse("intake:step")).headers["Location"] == reverse("intake:step", kwargs={"step": "medications"})


def test_intent_on_the_follow_up_questions_shows_crisis_help(client, db):
    draft = start(client)
    walk(client, until="suicide")
    response = post_step(client, "suicide", {**BASE_ANSWERS["suicide"], "active_thoughts": "yes"})
    assert response.headers["Location"] == reverse("intake:step", kwargs={"step": "suicide-more"})
    assert Intake.objects.get(pk=draft.intake_id).urgent is False
    response = post_step(client, "suicide-more", {"method": "no", "intent": "yes", "plan": "no"})
    assert response.headers["Location"] == reverse("intake:crisis")
    assert Intake.objects.get(pk=draft.intake_id).urgent is True


def test_thoughts_without_method_intent_or_plan_do_not_route_to_crisis(client, db):
    draft = start(client)
    walk(client, until="suicide")
    post_step(client, "suicide", {**BASE_ANSWERS["suicide"], "active_thoughts": "yes"})
    response = post_step(client, "suicide-more", {"method": "yes", "intent": "no", "plan": "no"})
    assert response.headers["Location"] == reverse("intake:step", kwargs={"step": "medications"})
    assert Intake.objects.get(pk=draft.intake_id).urgent is False


def test_an_urgent_intake_submitted_later_keeps_urgent_and_screens_as_urgent(client, db):
    draft = start(client)
    response, _steps = walk(client, answers={"suicide": {**BASE_ANSWERS["suicide"], "behavior": "within_3_months"}},
                            until="suicide")
    post_step(client, "suicide", {**BASE_ANSWERS["suicide"], "behavior": "within_3_months"})
    walk(client)
    intake = Intake.objects.get(pk=draft.intake_id)
    assert intake.status == Intake.Status.SUBMITTED
    assert intake.urgent is True
    assert intake.latest_result.outcome == "urgent"

