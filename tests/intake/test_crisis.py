from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.mail.models import OutgoingEmail
from screening.models import Intake, IntakeStatusChange
from screening.patient.services import drafts_purge

from .answers import BASE_ANSWERS, step_post
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



# Every button that stores the suicide-screen answers runs the crisis check, not only "Next".

def assert_urgent_with_on_duty_notice(draft, mailoutbox, **answers):
    intake = Intake.objects.get(pk=draft.intake_id)
    assert intake.urgent is True
    assert intake.status == Intake.Status.DRAFT
    for key, value in answers.items():
        assert intake.document["suicide_screen"][key] == value
    notices = [m for m in mailoutbox if m.to == ["vakt@clinic.example"]]
    assert len(notices) == 1 and intake.reference in notices[0].subject
    # An urgent draft is never purged as an abandoned one.
    assert drafts_purge(older_than_days=0, now=timezone.now() + timedelta(days=365)) == (0, 0)
    assert Intake.objects.filter(pk=intake.pk).exists()


@pytest.fixture
def on_duty(settings, transactional_db):
    """On-duty clinicians to tell; real commits, because the notice goes out once the answers are committed."""
    settings.ON_DUTY_CLINICIAN_EMAILS = ["vakt@clinic.example"]


def test_high_risk_behaviour_saved_with_e_mail_me_a_link_shows_crisis_help(client, db, on_duty, mailoutbox):
    draft = start(client)
    walk(client, until="suicide")
    data = {**step_post("suicide", {**BASE_ANSWERS["suicide"], "behavior": "within_3_months"}), "wizard_save_link": "1"}
    response = client.post(reverse("intake:step", kwargs={"step": "suicide"}), data)
    assert response.headers["Location"] == reverse("intake:crisis")
    assert_urgent_with_on_duty_notice(draft, mailoutbox, behavior="within_3_months")
    # The link the patient asked for was still sent.
    assert OutgoingEmail.objects.filter(intake_id=draft.intake_id, kind="intake_resume_link").count() == 1


def test_high_risk_behaviour_left_by_back_shows_crisis_help(client, db, on_duty, mailoutbox):
    draft = start(client)
    walk(client, until="suicide")
    data = {**step_post("suicide", {**BASE_ANSWERS["suicide"], "behavior": "within_3_months"}),
            "wizard_goto_step": "about"}
    response = client.post(reverse("intake:step", kwargs={"step": "suicide"}), data)
    assert response.headers["Location"] == reverse("intake:crisis")
    assert_urgent_with_on_duty_notice(draft, mailoutbox, behavior="within_3_months")
    # Continuing goes where the patient was heading.
    assert client.get(reverse("intake:step")).headers["Location"] == reverse("intake:step", kwargs={"step": "about"})


@pytest.mark.parametrize("answer", ["intent", "plan"])
def test_intent_or_plan_left_by_back_shows_crisis_help(client, db, on_duty, mailoutbox, answer):
    draft = start(client)
    walk(client, until="suicide")
    post_step(client, "suicide", {**BASE_ANSWERS["suicide"], "active_thoughts": "yes"})
    answers = {"method": "yes", "intent": "no", "plan": "no", answer: "yes"}
    data = {**step_post("suicide-more", answers), "wizard_goto_step": "suicide"}
    response = client.post(reverse("intake:step", kwargs={"step": "suicide-more"}), data)
    assert response.headers["Location"] == reverse("intake:crisis")
    assert_urgent_with_on_duty_notice(draft, mailoutbox, **{answer: True})


def test_high_risk_answer_on_a_page_with_questions_left_unanswered_shows_crisis_help(client, db, on_duty, mailoutbox):
    """Next on an incomplete page would show the field errors; the crisis comes first, the answer is kept."""
    draft = start(client)
    walk(client, until="suicide")
    response = post_step(client, "suicide", {"behavior": "within_3_months"})
    assert response.headers["Location"] == reverse("intake:crisis")
    assert_urgent_with_on_duty_notice(draft, mailoutbox, behavior="within_3_months")
    # Back on the page, the answer is there and the missing ones are asked for.
    page = client.get(reverse("intake:step", kwargs={"step": "suicide"}))
    assert page.context["form"]["behavior"].value() == "within_3_months"
    assert page.context["form"].errors


def test_intent_typed_alone_on_the_follow_up_page_with_e_mail_me_a_link_shows_crisis_help(client, db, on_duty,
                                                                                          mailoutbox):
    draft = start(client)
    walk(client, until="suicide")
    post_step(client, "suicide", {**BASE_ANSWERS["suicide"], "active_thoughts": "yes"})
    data = {**step_post("suicide-more", {"intent": "yes"}), "wizard_save_link": "1"}
    response = client.post(reverse("intake:step", kwargs={"step": "suicide-more"}), data)
    assert response.headers["Location"] == reverse("intake:crisis")
    assert_urgent_with_on_duty_notice(draft, mailoutbox, intent=True)


@pytest.mark.parametrize("button", [{"wizard_goto_step": "about"}, {"wizard_save_link": "1"}])
def test_low_risk_answers_left_by_back_or_link_do_not_route_to_crisis(client, db, on_duty, mailoutbox, button):
    draft = start(client)
    walk(client, until="suicide")
    data = {**step_post("suicide", {**BASE_ANSWERS["suicide"], "behavior": "over_3_months_ago"}), **button}
    response = client.post(reverse("intake:step", kwargs={"step": "suicide"}), data)
    assert response.headers["Location"] != reverse("intake:crisis")
    assert Intake.objects.get(pk=draft.intake_id).urgent is False
    assert not [m for m in mailoutbox if m.to == ["vakt@clinic.example"]]


def test_intent_posted_on_a_follow_up_page_no_longer_on_the_path_still_shows_crisis_help(client, db, on_duty,
                                                                                          mailoutbox):
    """The follow-ups were left behind by answering "no" afterwards; a high-risk answer posted on that
    stale page is not stored (it is not on the path) but still gets crisis help and an urgent draft."""
    draft = start(client)
    walk(client, until="suicide")
    post_step(client, "suicide", BASE_ANSWERS["suicide"])  # active thoughts: no
    response = post_step(client, "suicide-more", {"method": "no", "intent": "yes", "plan": "no"})
    assert response.headers["Location"] == reverse("intake:crisis")
    intake = Intake.objects.get(pk=draft.intake_id)
    assert intake.urgent is True
    assert [m for m in mailoutbox if m.to == ["vakt@clinic.example"]]


def test_a_high_risk_answer_in_a_post_too_large_to_store_still_shows_crisis_help(client, db, on_duty, settings):
    draft = start(client)
    walk(client, until="suicide")
    settings.INTAKE_DRAFT_MAX_BYTES = 10
    data = {**step_post("suicide", {**BASE_ANSWERS["suicide"], "behavior": "within_3_months"}),
            "suicide-padding": "x" * 5000}
    response = client.post(reverse("intake:step", kwargs={"step": "suicide"}), data)
    assert response.headers["Location"] == reverse("intake:crisis")
    assert Intake.objects.get(pk=draft.intake_id).urgent is True
