import threading

import pytest
from django.db import connection

from screening.models import Intake, ScreeningResult
from screening.patient.services import intake_submit

from .answers import BASE_DOCUMENT
from .helpers import start, walk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_two_submits_at_the_same_moment_make_one_submission(client):
    draft = start(client)
    walk(client, until="review")
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        from django.db import connections

        barrier.wait()
        try:
            outcomes.append(intake_submit(draft=draft, document=dict(BASE_DOCUMENT))[1])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [False, True]
    assert Intake.objects.get().status == Intake.Status.SUBMITTED
    assert ScreeningResult.objects.count() == 1
