"""Enter in a field of the clinic's questions (a drug name in a row) sends the answer, not "Add another row"."""

import pytest

from tests.intake.test_enter_submits_next import first_submit_button

from .conftest import verified_client
from .test_request_info_pages import import_intake, request_questions

pytestmark = pytest.mark.django_db


def test_the_first_submit_button_of_the_question_page_is_send(clinician, client):
    intake = import_intake()
    path = request_questions(verified_client(clinician), clinician, intake, ["current_medications"])
    html = client.get(path).content.decode()
    button = first_submit_button(html)
    assert "name=" not in button and 'tabindex="-1"' in button
    assert html[html.index(button) + len(button):].startswith("Send svaret mitt</button>")
