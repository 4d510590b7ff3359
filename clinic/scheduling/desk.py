"""Reads for the staff desk (`/scheduling/`): what needs doing today, one selector per group.

Each selector is one query (two where the row also names the clinician), whatever the number of
rows, and returns {"rows": [...], "count": n}: at most `LIMIT` rows, the count of all of them. A row
leaves its group by itself once the thing is done (a consultation booked, a decision recorded, a
series booked, an appointment booked again, a call marked done) — nothing to tick off by hand.

Like the other scheduling reads, nothing here reads the screening result: only that a re-screening
alert holds treatment (`on_hold`), never the flag behind it.
"""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Window
from django.utils import timezone

from clinic.mail.models import OutgoingEmail
from screening.models import Intake
from screening.review.models import RescreenAlert

from .models import Appointment, AppointmentChange, AppointmentType, Booking, ConsultationOutcome, Resource
from .selectors import calls_for_clinicians, follow_up_calls

LIMIT = 100
# Cancellations and no-shows stay on the desk this long unless booked again (there is no "dismiss").
RECENT_DAYS = 30
ACTIVE = (Appointment.Status.BOOKED, Appointment.Status.ATTENDED)
GONE = (Intake.Status.DECLINED, Intake.Status.ERASED)
TREATMENT = (AppointmentType.INFUSION, AppointmentType.EVALUATION)


def _group(queryset):
    rows = list(queryset.annotate(desk_total=Window(Count("pk")))[:LIMIT])
    return {"rows": rows, "count": rows[0].desk_total if rows else 0}


def _on_hold(intake="pk"):
    """The re-screening hold (screening.review.rescreen.treatment_blocked) as an annotation."""
    return Exists(RescreenAlert.objects.filter(intake=OuterRef(intake), reviewed_at__isnull=True))


def _latest_outcome(intake="pk"):
    return ConsultationOutcome.objects.filter(appointment__intake=OuterRef(intake)).order_by("-created_at", "-pk")


def _clinicians():
    return Prefetch("bookings", to_attr="clinician_bookings", queryset=Booking.objects.filter(
        resource__kind=Resource.Kind.CLINICIAN).select_related("resource"))


def consultations_to_book():
    """Approved patients who have never had a consultation booked (a cancelled or missed one is in
    `to_rebook` or `no_shows`)."""
    consultation = Appointment.objects.filter(intake=OuterRef("pk"), type__code=AppointmentType.CONSULTATION)
    return _group(Intake.objects.filter(status=Intake.Status.APPROVED).filter(~Exists(consultation))
                  .order_by("submitted_at", "pk"))


def decisions_waiting():
    """Consultations that have begun (booked or attended) with no decision recorded on them."""
    return _group(Appointment.objects.filter(
        type__code=AppointmentType.CONSULTATION, status__in=ACTIVE, start__lte=timezone.now(),
    ).filter(~Exists(ConsultationOutcome.objects.filter(appointment=OuterRef("pk"))))
        .exclude(intake__status__in=GONE).select_related("intake").prefetch_related(_clinicians())
        .order_by("start", "pk"))


def series_to_book():
    """Patients whose latest decision is "proceed to infusions" and who have had no infusion booked since."""
    latest = _latest_outcome()
    since = Appointment.objects.filter(intake=OuterRef("pk"), type__code=AppointmentType.INFUSION,
                                       created_at__gte=OuterRef("decided_at"))
    return _group(Intake.objects.exclude(status__in=GONE)
                  .annotate(proceed=Subquery(latest.values("proceed")[:1]),
                            decided_at=Subquery(latest.values("created_at")[:1]), on_hold=_on_hold())
                  .filter(proceed=True).filter(~Exists(since)).order_by("decided_at", "pk"))


def _missed(status, action):
    """Appointments with `status` (cancelled or no-show) in the last RECENT_DAYS days that nothing has
    replaced: no appointment of the same type booked for the patient since. Treatment (an infusion or
    evaluation) only while the latest decision is still "proceed" ("do not proceed" cancels it on
    purpose); a consultation only while the patient is approved."""
    change = AppointmentChange.objects.filter(appointment=OuterRef("pk"), action=action).order_by("-created_at", "-pk")
    replaced = Appointment.objects.filter(intake=OuterRef("intake"), type=OuterRef("type"),
                                          created_at__gt=OuterRef("changed_at"))
    return _group(Appointment.objects.filter(status=status)
                  .annotate(changed_at=Subquery(change.values("created_at")[:1]),
                            by_patient=Subquery(change.values("by_patient")[:1]),
                            proceed=Subquery(_latest_outcome("intake").values("proceed")[:1]),
                            on_hold=_on_hold("intake"))
                  .filter(changed_at__gte=timezone.now() - timedelta(days=RECENT_DAYS))
                  .filter(~Exists(replaced))
                  .filter(Q(type__code=AppointmentType.CONSULTATION, intake__status=Intake.Status.APPROVED)
                          | Q(type__code__in=TREATMENT, proceed=True))
                  .exclude(intake__status__in=GONE)
                  .select_related("intake", "type").order_by("start", "pk"))


def to_rebook():
    """Appointments cancelled by the patient or the clinic that have not been booked again."""
    return _missed(Appointment.Status.CANCELLED, AppointmentChange.Action.CANCELLED)


def no_shows():
    """Appointments the patient did not come to that have not been booked again."""
    return _missed(Appointment.Status.NO_SHOW, AppointmentChange.Action.NO_SHOW)


def unconfirmed():
    """Patients with an upcoming booking whose latest booking confirmation could not be sent (there is
    no confirmation by the patient: "unconfirmed" means the patient may not have the time). The row
    carries the next booked appointment, from whose page the confirmation is sent again."""
    mail = (OutgoingEmail.objects.filter(intake=OuterRef("pk"), kind="scheduling.booking")
            .order_by("-created_at", "-pk"))
    upcoming = (Appointment.objects.filter(intake=OuterRef("pk"), status=Appointment.Status.BOOKED,
                                           start__gt=timezone.now()).order_by("start", "pk"))
    return _group(Intake.objects.exclude(status__in=GONE)
                  .annotate(mail_status=Subquery(mail.values("status")[:1]),
                            next_appointment=Subquery(upcoming.values("pk")[:1]),
                            next_start=Subquery(upcoming.values("start")[:1]))
                  .filter(mail_status=OutgoingEmail.Status.FAILED, next_appointment__isnull=False)
                  .order_by("next_start", "pk"))


def calls_due(*, day):
    """Follow-up calls due on `day` or earlier and not yet done."""
    return _group(follow_up_calls(day=day))


def calls_for_clinician():
    """Follow-up calls with side effects or a wish to be called back, not yet handled by a clinician."""
    return _group(calls_for_clinicians())
