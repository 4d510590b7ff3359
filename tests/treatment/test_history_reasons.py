"""The attendance the infusion record and the evaluation write on the appointment's history is a system
reason: stored with its code and the English sentence, worded in the reader's language."""

import pytest
from django.utils import translation

from clinic.scheduling.models import AppointmentChange
from clinic.treatment import services

from .conftest import ready_to_start, series_of

pytestmark = pytest.mark.django_db


def attended(appointment):
    return AppointmentChange.objects.get(appointment=appointment, action=AppointmentChange.Action.ATTENDED)


def worded(row):
    result = {}
    for language in ("nb", "en"):
        with translation.override(language):
            result[language] = row.shown_reason
    return result


def test_starting_the_infusion_records_attendance_with_a_coded_reason(nurse, nurse2, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2)
    with translation.override("nb"):  # the nurse's language does not decide what is stored
        services.infusion_start(appointment=today_infusion, actor=nurse)
    row = attended(today_infusion)
    assert (row.reason_code, row.reason) == ("infusion_started", "The infusion was started.")
    assert worded(row) == {"nb": "Infusjonen ble startet.", "en": "The infusion was started."}


def test_concluding_the_evaluation_records_attendance_with_a_coded_reason(intake, clinician):
    _series, _infusions, evaluation = series_of(intake, 1)
    with translation.override("nb"):
        services.evaluation_conclude(appointment=evaluation, conclusion="stop", plan="Stop.", actor=clinician)
    row = attended(evaluation)
    assert (row.reason_code, row.reason) == ("evaluation_concluded", "Conclusion recorded at the evaluation.")
    assert worded(row) == {"nb": "Konklusjon registrert ved evalueringen.",
                           "en": "Conclusion recorded at the evaluation."}
