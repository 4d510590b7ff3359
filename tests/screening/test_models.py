import pytest
from django.core.exceptions import ValidationError

from screening.models import REFERENCE_ALPHABET, Intake, new_reference
from screening.services import intake_import, intake_screen


@pytest.mark.django_db
def test_a_screening_result_is_never_edited(example_document):
    _intake, result = intake_import(document=example_document("base-meets"))
    result.outcome = "urgent"
    with pytest.raises(ValidationError):
        result.save()


@pytest.mark.django_db
def test_screening_again_adds_a_row(example_document):
    intake, first = intake_import(document=example_document("base-meets"))
    second = intake_screen(intake=intake)
    assert intake.results.count() == 2
    assert second.pk != first.pk
    assert intake.latest_result == second


@pytest.mark.django_db
def test_status_history_rows_are_never_edited(example_document):
    intake, _result = intake_import(document=example_document("base-meets"))
    change = intake.status_changes.get()
    change.reason = "edited"
    with pytest.raises(ValidationError):
        change.save()


@pytest.mark.django_db
def test_an_urgent_result_marks_the_intake_urgent(example_document):
    intake, result = intake_import(document=example_document("urgent-intent"))
    intake.refresh_from_db()
    assert result.crisis is True
    assert intake.urgent is True
    # Like every state change, becoming urgent leaves a history row.
    marked = intake.status_changes.filter(reason__startswith="Marked urgent")
    assert marked.count() == 1 and "2026.2" in marked.get().reason


@pytest.mark.django_db
def test_a_non_urgent_result_leaves_the_intake_not_urgent(example_document):
    intake, _result = intake_import(document=example_document("bp-181-80"))
    intake.refresh_from_db()
    assert intake.urgent is False


@pytest.mark.django_db
def test_import_rejects_an_invalid_document_and_stores_nothing(example_document):
    from screening.document import IntakeInvalid

    with pytest.raises(IntakeInvalid) as info:
        intake_import(document=example_document("invalid-unknown-key"))
    assert info.value.path == "medical.hypertensionn"
    assert Intake.objects.count() == 0


def test_reference_codes_use_the_unambiguous_alphabet():
    codes = {new_reference() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 9 and code[4] == "-"
        assert set(code.replace("-", "")) <= set(REFERENCE_ALPHABET)
        assert not set(code) & set("O0I1")
