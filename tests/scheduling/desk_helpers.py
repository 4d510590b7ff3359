"""Setup for the desk tests: patients in each state the desk lists, and reading one group of the page."""

from django.urls import reverse

from clinic.scheduling.services import appointment_book, appointment_cancel, appointment_record_attendance
from clinic.scheduling.types import appointment_type
from screening.models import ScreeningResult
from screening.review.models import RescreenAlert

from .conftest import MONDAY, approved_intake, at, happened, with_proceed


def consultation_for(intake, clinic, staff, *, day=MONDAY, hour=9):
    return appointment_book(intake=intake, appointment_type=appointment_type("consultation"), start=at(day, hour),
                            clinician=clinic["clinician"], actor=staff)


def held_consultation(intake, clinic, staff, **kwargs):
    """A consultation that has taken place (booked, now in the past), no decision yet."""
    return happened(consultation_for(intake, clinic, staff, **kwargs))


def infusion_for(intake, clinic, staff, *, day=MONDAY, hour=9):
    return appointment_book(intake=intake, appointment_type=appointment_type("infusion"), start=at(day, hour),
                            chair=clinic["chair1"], clinician=clinic["clinician"], actor=staff)


def proceeding(clinician_user, **kwargs):
    """An approved patient whose latest decision is 'proceed to infusions', with nothing booked since."""
    return with_proceed(approved_intake(**kwargs), clinician_user)


def cancelled(appointment, *, by_patient=False, actor=None):
    return appointment_cancel(appointment=appointment, actor=actor, reason="Syk", by_patient=by_patient)


def no_show(appointment, staff):
    happened(appointment, days_ago=2)  # not on top of a held consultation (PostgreSQL refuses overlaps)
    return appointment_record_attendance(appointment=appointment, attended=False, actor=staff, reason="")


def on_hold(intake):
    """A re-screening alert no clinician has reviewed yet: no treatment may be booked."""
    result = ScreeningResult.objects.create(intake=intake, ruleset="test", outcome="urgent", result={})
    return RescreenAlert.objects.create(intake=intake, result=result, ruleset="test", was="meets_criteria",
                                        now="urgent", codes=["X"])


def group(client, name, **params):
    """The HTML of one group of the desk (its <section>), as the logged-in user sees it."""
    page = client.get(reverse("scheduling:index"), params).content.decode()
    start = page.index(f'data-testid="group-{name}"')
    return page[start:page.index("</section>", start)]


def count(section):
    return int(section.split('data-testid="count">', 1)[1].split("<", 1)[0])
