"""The clinician reads AUDIT-C [0, 0, 0] as "never drinks", not as answers to questions 2 and 3, in
intake/1 and intake/2 documents alike (the document format is unchanged)."""

import pytest
from django.utils import translation

from screening.document import validate_intake
from screening.review.info_request import document_changes
from screening.review.selectors import all_answers
from screening.samples import as_intake_2
from screening.services import intake_import

pytestmark = pytest.mark.django_db


def alcohol_row(intake):
    with translation.override("en"):
        sections = all_answers(intake=intake)
        (substances,) = [section for section in sections if str(section["title"]) == "Alcohol and drugs"]
        return {str(label): answer for label, answer in substances["rows"]}["AUDIT-C answers"]


@pytest.mark.parametrize("intake_2", [False, True], ids=["intake-1", "intake-2"])
def test_never_drinking_reads_as_not_asked_on_the_all_answers_page(example_document, intake_2):
    document = example_document("base-meets")
    document = as_intake_2(document) if intake_2 else document
    document["substances"]["auditc"] = [0, 0, 0]
    assert validate_intake(document) == []
    intake, _result = intake_import(document=document, name="Kari Nordmann", email="kari@example.com")
    assert alcohol_row(intake) == "0 0 0 (never drinks alcohol: items 2 and 3 not asked, counted 0)"


def test_someone_who_drinks_has_the_three_answers_as_numbers(example_document):
    document = example_document("base-meets")
    document["substances"]["auditc"] = [1, 0, 0]
    intake, _result = intake_import(document=document, name="Kari Nordmann", email="kari@example.com")
    assert alcohol_row(intake) == "1 0 0"


def test_a_changed_answer_reads_the_same_way():
    with translation.override("en"):
        (change,) = document_changes({"substances": {"auditc": [2, 1, 0]}}, {"substances": {"auditc": [0, 0, 0]}})
    assert change["old"] == "2 1 0"
    assert change["new"] == "0 0 0 (never drinks alcohol: items 2 and 3 not asked, counted 0)"
