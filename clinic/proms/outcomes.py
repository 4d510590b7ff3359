"""The clinic's outcomes for the medical lead: aggregates only, no patient is named or countable.

A course is an infusion series with at least one attended infusion; it started on its first attended
infusion. It is completed when the patient attended an evaluation after it started, or attended as many
infusions of it as were planned. A course's outcome is the last questionnaire the patient answered after
it started, against the baseline of the same instrument in the intake (response: a fall of at least
PROMS_RESPONSE_FRACTION; remission: below PROMS_REMISSION_BELOW).

Every number stands for a group of patients; a group smaller than PROMS_MIN_GROUP (5) is shown as "< 5",
and a rate over such a group is not shown at all (in the table, the chart and the CSV alike).

A fixed number of queries whatever the number of patients: the courses with their dates and baselines,
the first approvals, the questionnaire totals, and the funnel's counts.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clinic.scheduling.models import Appointment, AppointmentType, InfusionSeries
from screening.models import Intake
from screening.review.models import Decision
from screening.rules import get_ruleset

from . import conf, measures
from .models import PromResponse

INDICATION_LABELS = {"depression": gettext_lazy("Depression"), "anxiety": gettext_lazy("Anxiety"),
                     "ptsd": gettext_lazy("PTSD"), "other": gettext_lazy("Other")}
SMALL = "< 5"


@dataclass
class Cell:
    """A number shown for a group: hidden ("< 5") when the group is smaller than the minimum."""

    value: float | int | None
    hidden: bool = False

    def __str__(self):
        if self.hidden:
            return small_label()
        if self.value is None:
            return "–"
        return str(self.value)


def small_label():
    return f"< {conf.min_group()}"


def count_cell(n):
    return Cell(n, hidden=0 < n < conf.min_group())


def rate_cell(numerator, denominator):
    """A percentage (whole number) over `denominator` patients; hidden when fewer than the minimum."""
    if denominator < conf.min_group():
        return Cell(None, hidden=denominator > 0)
    return Cell(round(100 * numerator / denominator))


def days_cell(values):
    """The median of a list of day counts, over at least the minimum number of patients."""
    if len(values) < conf.min_group():
        return Cell(None, hidden=bool(values))
    return Cell(round(measures.median(values), 1))


def quarter(moment):
    local = timezone.localtime(moment)
    return f"{local.year} Q{(local.month - 1) // 3 + 1}"


def _courses():
    attended_infusion = Q(appointments__status=Appointment.Status.ATTENDED,
                          appointments__type__code__in=AppointmentType.INFUSIONS)
    evaluation = Appointment.objects.filter(intake=OuterRef("intake"), status=Appointment.Status.ATTENDED,
                                            type__code=AppointmentType.EVALUATION)
    return list(InfusionSeries.objects.annotate(
        first_infusion=Min("appointments__start", filter=attended_infusion),
        attended=Count("appointments", filter=attended_infusion),
        evaluated=Exists(evaluation),
    ).filter(first_infusion__isnull=False).values(
        "pk", "intake_id", "planned_count", "first_infusion", "attended", "evaluated", "intake__indication",
        "intake__submitted_at", "intake__document__phq9", "intake__document__gad7", "intake__document__pcl5",
    ).order_by("first_infusion", "pk"))


def clinic_outcomes():
    """Everything the outcomes page shows (and the CSV writes)."""
    severity = get_ruleset(settings.SCREENING_RULESET).settings.get("severity")
    below, fraction = conf.remission_below(), conf.response_fraction()
    courses = _courses()
    intake_ids = {c["intake_id"] for c in courses}
    approved_at = dict(Decision.objects.filter(intake_id__in=intake_ids, kind=Decision.Kind.APPROVE)
                       .values_list("intake_id").annotate(first=Min("created_at")).order_by())
    totals = defaultdict(list)  # (intake, instrument) -> [(answered_at, total)] in time order
    for intake_id, instrument, total, answered_at in (
            PromResponse.objects.filter(intake_id__in=intake_ids).order_by("answered_at", "pk")
            .values_list("intake_id", "instrument", "total", "answered_at")):
        totals[intake_id, instrument].append((answered_at, total))

    by_indication, by_quarter = defaultdict(lambda: [0, 0, 0]), defaultdict(lambda: [0, 0, 0])
    started = completed = 0
    to_decision, to_infusion = [], []
    for course in courses:
        started += 1
        evaluated = course["evaluated"] or course["attended"] >= course["planned_count"]
        completed += bool(evaluated)
        indication = course["intake__indication"] or "other"
        instrument = measures.instrument_for(indication, severity)
        decided = approved_at.get(course["intake_id"])
        submitted = course["intake__submitted_at"]
        if submitted and decided:
            to_decision.append((decided - submitted).total_seconds() / 86400)
        if decided:
            to_infusion.append((course["first_infusion"] - decided).total_seconds() / 86400)
        base = course[f"intake__document__{instrument}"]
        after = [total for at, total in totals.get((course["intake_id"], instrument), ())
                 if at >= course["first_infusion"]]
        if not measures.valid_answers(instrument, base) or not after:
            continue
        last = after[-1]
        responded = measures.is_response(measures.total(base), last, fraction=fraction)
        remitted = measures.is_remission(instrument, last, below=below)
        for group in (by_indication[indication], by_quarter[quarter(course["first_infusion"])]):
            group[0] += 1
            group[1] += responded
            group[2] += remitted

    def rows(groups, labels):
        return [{"label": labels(key), "patients": count_cell(n), "response": rate_cell(r, n),
                 "remission": rate_cell(m, n)} for key, (n, r, m) in groups]

    indications = [(key, by_indication[key]) for key in INDICATION_LABELS if key in by_indication]
    quarters = sorted(by_quarter.items())
    funnel_counts = Intake.objects.exclude(status=Intake.Status.ERASED).aggregate(
        started=Count("pk"),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        approved=Count("pk", filter=Q(decisions__kind=Decision.Kind.APPROVE), distinct=True),
    )
    funnel = [
        {"label": _("Intakes started"), "count": count_cell(funnel_counts["started"])},
        {"label": _("Intakes submitted"), "count": count_cell(funnel_counts["submitted"])},
        {"label": _("Approved for consultation"), "count": count_cell(funnel_counts["approved"])},
        {"label": _("Courses started"), "count": count_cell(started)},
        {"label": _("Courses completed"), "count": count_cell(completed)},
    ]
    return {
        "by_indication": rows(indications, lambda key: str(INDICATION_LABELS[key])),
        "by_quarter": rows(quarters, str),
        "started": count_cell(started),
        "completed": count_cell(completed),
        "median_to_decision": days_cell(to_decision),
        "median_to_infusion": days_cell(to_infusion),
        "funnel": funnel,
        "funnel_max": max([row["count"].value for row in funnel] + [1]),
        "min_group": conf.min_group(),
        "response_percent": round(fraction * 100),
        "remission_below": below,
    }


def outcomes_csv_rows(data):
    """The same aggregates as the page, as CSV rows (hidden groups as "< 5")."""
    yield [_("table"), _("group"), _("patients"), _("response rate (%)"), _("remission rate (%)")]
    for table, key in ((_("by indication"), "by_indication"), (_("by quarter"), "by_quarter")):
        for row in data[key]:
            yield [table, row["label"], str(row["patients"]), str(row["response"]), str(row["remission"])]
    yield []
    yield [_("measure"), _("value")]
    yield [_("Courses started"), str(data["started"])]
    yield [_("Courses completed"), str(data["completed"])]
    yield [_("Median days from intake submitted to decision"), str(data["median_to_decision"])]
    yield [_("Median days from decision to first infusion"), str(data["median_to_infusion"])]
    yield []
    yield [_("funnel step"), _("count")]
    for row in data["funnel"]:
        yield [row["label"], str(row["count"])]
