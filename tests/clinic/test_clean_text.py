"""Names and free text are stored without bidirectional overrides, zero-width and other invisible
control characters, whichever form they are typed into."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse

import clinic
import screening
from screening.models import Intake
from screening.review.models import AssessmentNote
from tests.conftest import log_in
from tests.factories import UserFactory

RLO = "\u202e"  # right-to-left override: "Kari\u202eNordmann" shows as "Karinnamdron"
INVISIBLE = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff\x00\x07"


def test_every_bidi_control_zero_width_and_control_character_is_removed():
    from clinic.text import clean_text

    assert clean_text(f"K{INVISIBLE}ari\tNord\nmann") == "KariNordmann"
    assert clean_text("Kåre Ødegård-Ångström, O'Neil (Åse)") == "Kåre Ødegård-Ångström, O'Neil (Åse)"


def test_multi_line_text_keeps_its_line_breaks_and_tabs():
    from clinic.text import clean_text

    assert clean_text(f"Line 1\r\n{RLO}Line 2\tend\r\n", multiline=True) == "Line 1\nLine 2\tend\n"


# Forms whose constructor needs an argument: the value to build one with.
FORM_ARGUMENTS = {"RescheduleForm": {"needs_chair": True}, "PasswordConfirmForm": {"user": None},
                  "QuestionnaireForm": {"instrument": "phq9"}}


def project_forms():
    """Every form class defined in a `forms` module of the project's packages."""
    found = []
    for package in (clinic, screening):
        for module_info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if module_info.name.rsplit(".", 1)[-1] != "forms":
                continue
            module = importlib.import_module(module_info.name)
            found += [cls for _name, cls in inspect.getmembers(module, inspect.isclass)
                      if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__]
    return found


def text_fields():
    """(form name, field name, field) for every text field of the project's forms, except passwords:
    a password is checked, never shown, and must stay exactly as typed."""
    fields = []
    for form_class in project_forms():
        if getattr(form_class, "row_form", True) is None:
            continue  # ListStepForm, the base of the steps with rows (its subclasses are checked)
        form = form_class(**FORM_ARGUMENTS.get(form_class.__name__, {}))
        for name, field in form.fields.items():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
                fields.append((form_class.__name__, name, field))
    return fields


def test_every_text_field_of_every_form_removes_invisible_characters():
    fields = text_fields()
    covered = {f"{form}.{name}" for form, name, _field in fields}
    assert {"StartForm.name", "StartForm.email", "PhysicalHealthForm.other", "MedicationRowForm.drug",
            "PatientAnswerForm.text", "DecisionForm.reason", "DecisionForm.patient_message", "NoteForm.text",
            "FlagReviewForm.reason", "ClaimForm.reason", "CancelForm.reason", "RescheduleForm.reason",
            "OutcomeForm.note", "AttendanceForm.reason"} <= covered
    assert len(fields) >= 20
    # Before: every one of them kept the characters.
    kept = [f"{form}.{name}" for form, name, field in fields
            if field.to_python(f"{RLO}Ka\u200bri\u2066 ") != "Kari"]
    assert kept == []


def test_text_areas_keep_line_breaks_and_single_line_fields_do_not():
    for form, name, field in text_fields():
        typed = field.to_python(f"Line 1\r\n{RLO}Line 2")
        expected = "Line 1\nLine 2" if isinstance(field.widget, forms.Textarea) else "Line 1Line 2"
        assert typed == expected, f"{form}.{name}"


@pytest.mark.django_db
def test_a_name_with_a_right_to_left_override_is_stored_without_it(client):
    response = client.post(reverse("intake:start"), {
        "name": f"Kari {RLO}Nordmann\u200b", "email": "kari@example.com", "phone": "", "consent": "on"})
    assert response.status_code == 302
    # Before: 'Kari \u202eNordmann\u200b', shown as 'Kari nnamdroN' on every page that lists the patient.
    assert Intake.objects.get().name == "Kari Nordmann"


@pytest.mark.django_db
def test_a_clinicians_note_is_stored_without_invisible_characters(client, example_document):
    from screening.services import intake_import
    from screening.samples import as_intake_2
    from clinic.accounts.roles import CLINICIAN

    intake, _result = intake_import(document=as_intake_2(example_document("base-meets")), name="Kari")
    log_in(client, UserFactory(roles=[CLINICIAN]))
    client.post(reverse("review:claim", args=[intake.reference]))
    client.post(reverse("review:note", args=[intake.reference]), {"text": f"Seen.\r\n{RLO}Call\u200b back."})
    assert AssessmentNote.objects.get().text == "Seen.\nCall back."
