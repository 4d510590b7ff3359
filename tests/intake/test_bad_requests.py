from django.urls import reverse

from .answers import step_post
from .helpers import start, walk


def test_odd_requests_get_a_clear_answer_never_a_server_error(client, db):
    start(client)
    walk(client, until="phq9")
    step = reverse("intake:step", kwargs={"step": "phq9"})
    # No management form (a tampered or stale page): 400.
    assert client.post(step, {"phq9-item_1": "2"}).status_code == 400
    # A step that does not exist, or one that is not asked (PCL-5 without PTSD): back to the start of the steps.
    for name in ("nope", "pcl5"):
        response = client.get(reverse("intake:step", kwargs={"step": name}))
        assert response.status_code == 302
    # Values out of range and nonsense numbers are field errors.
    response = client.post(step, step_post("phq9", {"item_1": "7", "item_2": "x"}))
    assert response.status_code == 200
    assert {"item_1", "item_2"} <= set(response.context["form"].errors)
    data = {**step_post("medications", {"has_any": "yes"}), "medications-rows-TOTAL_FORMS": "abc",
            "wizard_add_row": "1"}
    assert client.post(reverse("intake:step", kwargs={"step": "medications"}), data).status_code == 302
    assert client.get(reverse("intake:step", kwargs={"step": "medications"})).status_code == 200
    # A resume link that is not a link at all.
    assert client.get(reverse("intake:resume", args=["not-a-token"])).status_code == 404
