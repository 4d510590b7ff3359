"""On PostgreSQL, the start waits for a reading (or override) being written at the same moment and then
decides on it: the record's row lock (services._locked_record) serialises them."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from clinic.treatment import services
from clinic.treatment.models import InfusionRecord

from .conftest import ready_to_start

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL")]


def _in_other_connection(write, written, release):
    try:
        with transaction.atomic():
            write()
            written.set()
            release.wait(5)  # keep the transaction (and the record's lock) open
    finally:
        connection.close()


def test_a_start_waits_for_a_high_reading_being_written_and_is_refused(nurse, nurse2, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2)
    written, release = threading.Event(), threading.Event()
    thread = threading.Thread(target=_in_other_connection, args=(
        lambda: services.infusion_vital_add(appointment=today_infusion, systolic=220, diastolic=125, actor=nurse2),
        written, release))
    thread.start()
    assert written.wait(5)
    threading.Timer(0.5, release.set).start()  # the writer commits half a second later
    began = time.monotonic()
    with pytest.raises(ValidationError, match="180/100"):
        services.infusion_start(appointment=today_infusion, actor=nurse)
    assert time.monotonic() - began >= 0.4  # it waited for the lock
    thread.join(5)
    assert InfusionRecord.objects.get(appointment=today_infusion).started_at is None


def test_an_override_being_written_for_an_older_reading_does_not_cover_a_newer_one(clinician, nurse, nurse2,
                                                                                    today_infusion):
    ready_to_start(today_infusion, nurse, nurse2, systolic=185, diastolic=95)
    written, release = threading.Event(), threading.Event()
    thread = threading.Thread(target=_in_other_connection, args=(
        lambda: services.infusion_override(appointment=today_infusion, actor=clinician, reason="Anxious",
                                           password_confirmed=True),
        written, release))
    thread.start()
    assert written.wait(5)
    threading.Timer(0.5, release.set).start()
    services.infusion_vital_add(appointment=today_infusion, systolic=230, diastolic=130, actor=nurse)  # waits
    thread.join(5)
    with pytest.raises(ValidationError, match="180/100"):
        services.infusion_start(appointment=today_infusion, actor=nurse)
