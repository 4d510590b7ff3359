"""The database keeps IntakeCount (triggers on the intake table): after any write — through the services,
a bulk update, a raw delete — the counts equal a count of the intakes themselves."""

import pytest
from django.db import connection
from django.db.models import Count

from screening.models import Intake, IntakeCount
from screening.review.rescreen import rescreen_apply
from screening.review.services import review_claim, review_decide
from tests.factories import IntakeFactory

pytestmark = pytest.mark.django_db
KEYS = ("status", "outcome", "indication", "urgent", "escalated")


def counted():
    return {tuple(getattr(row, key) for key in KEYS): row.n for row in IntakeCount.objects.filter(n__gt=0)}


def actual():
    return {tuple(row[:-1]): row[-1] for row in Intake.objects.values_list(*KEYS).annotate(n=Count("pk")).order_by()}


def test_the_counts_follow_every_kind_of_write(pipeline, clinician, test_ruleset):
    assert counted() == actual() and sum(counted().values()) == Intake.objects.count()
    rescreen_apply(ruleset_version=test_ruleset)  # outcomes change, escalations and an alert
    assert counted() == actual()
    review_claim(intake=pipeline["submitted"], clinician=clinician)
    review_decide(intake=pipeline["in_review"], clinician=clinician, kind="decline", reason="Nei",
                  patient_message="Nei")
    assert counted() == actual()
    Intake.objects.filter(status="draft").update(urgent=True, indication="ptsd")  # a bulk update
    IntakeFactory.create_batch(3, status="submitted", outcome="urgent", urgent=True)
    Intake.objects.filter(pk=pipeline["draft"].pk).delete()
    with connection.cursor() as cursor:  # a write nobody told Django about
        cursor.execute("UPDATE screening_intake SET status = 'declined' WHERE status = 'submitted'")
    assert counted() == actual()

