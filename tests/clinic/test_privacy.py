import json

import pytest

from clinic.audit.models import AccessLog
from clinic.privacy import patient_export
from screening.services import intake_import
from tests.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_document_results_history_and_bookings(example_document):
    from clinic.mail.services import mail_send

    intake, result = intake_import(document=example_document("base-meets"), name="Kari", email="kari@example.com")
    mail_send(to=intake.email, subject="Hei", body="Takk", kind="test", intake=intake)
    export = patient_export(intake=intake)
    assert export["intake"]["document"] == intake.document
    models = [row["model"] for row in export["records"]]
    assert "screening.screeningresult" in models
    assert "screening.intakestatuschange" in models
    assert "mail.outgoingemail" in models
    result_row = next(r for r in export["records"] if r["model"] == "screening.screeningresult")
    assert result_row["result"] == result.result


def test_the_export_follows_rows_two_levels_away(example_document):
    from clinic.scheduling.models import OpeningHours, Resource
    from clinic.scheduling.services import appointment_book
    from clinic.scheduling.types import appointment_type
    from screening.services import intake_set_status
    from tests.scheduling.conftest import MONDAY, at

    staff = UserFactory(roles=["staff"])
    clinician_user = UserFactory(roles=["clinician"])
    clinician = Resource.objects.create(name="Dr. Test", kind="clinician", user=clinician_user)
    for weekday in range(5):
        OpeningHours.objects.create(weekday=weekday, opens="08:00", closes="16:00")
    intake, _ = intake_import(document=example_document("base-meets"))
    intake_set_status(intake=intake, status="approved", actor=clinician_user, reason="test")
    appointment_book(intake=intake, appointment_type=appointment_type("consultation"), start=at(MONDAY, 9),
                     clinician=clinician, actor=staff)
    models = {row["model"] for row in patient_export(intake=intake)["records"]}
    assert {"scheduling.appointment", "scheduling.booking", "scheduling.appointmentchange"} <= models


def test_an_administrator_downloads_the_export_and_it_is_logged(client, example_document):
    intake, _ = intake_import(document=example_document("bp-181-80"))
    admin_user = UserFactory(is_staff=True, is_superuser=True, roles=["administrator"])
    log_in(client, admin_user)
    response = client.post("/admin/screening/intake/", {"action": "export_patient_data", "_selected_action": [intake.pk]})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="patient-data-{intake.reference}.json"'
    assert json.loads(response.content)["intake"]["reference"] == intake.reference
    assert AccessLog.objects.filter(user=admin_user, intake=intake, action="export").count() == 1


def test_each_row_is_listed_once_though_a_decision_and_an_answer_are_reached_twice():
    import copy

    from screening.review.services import review_claim, review_decide, review_info_answer
    from tests.intake.answers import BASE_DOCUMENT

    clinician = UserFactory(roles=["clinician"])
    document = {**copy.deepcopy(BASE_DOCUMENT), "submitted_at": "2026-11-20T10:15:00+01:00"}
    intake, _ = intake_import(document=document)
    review_claim(intake=intake, clinician=clinician)
    decision = review_decide(intake=intake, clinician=clinician, kind="request_info",
                             questions=["medical.heart_disease"])
    review_info_answer(decision=decision, text="Nei", answers={"medical.heart_disease": "no"})
    keys = [(row["model"], row["pk"]) for row in patient_export(intake=intake)["records"]]
    assert len(keys) == len(set(keys))
    models = [model for model, _pk in keys]
    assert models.count("review.decision") == 1
    assert models.count("review.inforesponse") == 1


def test_the_export_holds_no_token_or_key(example_document):
    from clinic.privacy import patient_export_json
    from clinic.scheduling.models import PatientAccess
    from screening.patient.models import IntakeDraft

    intake, _ = intake_import(document=example_document("base-meets"))
    draft = IntakeDraft.objects.create(intake=intake, wizard={"step": "health"})
    access = PatientAccess.objects.create(intake=intake)
    exported = patient_export_json(intake=intake)
    assert draft.token not in exported
    assert str(access.key) not in exported and access.key.hex not in exported
    models = {row["model"] for row in json.loads(exported)["records"]}
    assert {"patient.intakedraft", "scheduling.patientaccess"} <= models


def test_every_field_named_like_a_secret_in_the_exported_models_is_left_out_or_known_harmless():
    import re

    from django.db.models import BooleanField

    from clinic.privacy import SECRET_FIELDS, _models_pointing_at
    from screening.models import Intake

    harmless = {"mail.outgoingemail": {"dedupe_key"}}  # "review-decision:12": ids, never a token
    exported = {model for model, _field in _models_pointing_at(Intake)}
    exported |= {child for model in set(exported) for child, _field in _models_pointing_at(model)}
    suspicious = {
        (model._meta.label_lower, field.name)
        for model in exported for field in model._meta.concrete_fields
        if re.search(r"token|key|secret|password|otp|hash", field.name)
        and not field.is_relation and not isinstance(field, BooleanField)  # password_confirmed: yes/no
        and field.name not in SECRET_FIELDS.get(model._meta.label_lower, ())
        and field.name not in harmless.get(model._meta.label_lower, ())
    }
    assert suspicious == set()
