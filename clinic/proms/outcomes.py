"""The clinic's outcomes for the medical lead: aggregates only, no patient is named or countable.

A course is an infusion series with at least one attended infusion; it started on its first attended
infusion. It is completed when the patient attended an evaluation after it started, or attended as many
infusions of it as were planned. A course's outcome is the questionnaire answered at the evaluation (the
last one after the course started when there is none; an incomplete answer is never one), against the
baseline of the same instrument in the intake's first submitted document version (response: a fall of at
least PROMS_RESPONSE_FRACTION; remission: below PROMS_REMISSION_BELOW).

Every number counts patients (distinct intakes), never courses: a patient with several series counts once
in "patients who started a course" (any course started), once in "patients who completed a course" (any
completed), once in the medians
(days to the first approval, and from it to the patient's first infusion), and has one outcome: that of
their latest completed course, or of their latest course when none is completed yet.

Suppression (PROMS_MIN_GROUP, 5), the same in the table, the chart and the CSV:
- a count of 1 to 4 patients is shown as "< 5";
- complementary suppression within a breakdown (by indication, by quarter): when any row is hidden, the next
  smallest rows are hidden too until at least two rows are hidden and the hidden rows add up to at least
  5 patients, so that a hidden row cannot be worked out by subtracting the shown rows from the total that
  the other breakdown gives;
- a rate is shown only for a shown row with at least 5 patients on each side (at least 5 responders and
  at least 5 non-responders; the same for remission), since a rate over fewer reveals the answer of 1–4
  identifiable patients; otherwise "< 5";
- complementary suppression of the rates within a breakdown, for response and for remission each: a shown
  rate times its shown patient count gives that row's responders, and the other breakdown gives the total,
  so one hidden rate could be worked out by subtraction (depression 10 patients hidden, anxiety 20 at 50 %,
  the one quarter 30 at 43 % => 13 - 10 = 3 responders with depression). So when any rate of a breakdown is
  hidden, the rates of its next smallest rows are hidden too until at least two rates are hidden and the
  hidden rows' responders add up to at least 5 and their non-responders to at least 5. What subtraction
  then gives is only the sum over two or more hidden rows, itself not a small group, and no single hidden
  row can be pinned down from it (both sides of the sum being at least 5, the shown patient counts bound a
  row's share but never fix it);
- the funnel: its steps are nested groups (intakes started, submitted, approved, patients who started a
  course, patients who completed one), so the difference between two shown steps counts the patients who
  dropped out between them. A step whose count differs from the last shown step before it by 1 to 4 is
  not shown (written "not shown"), nor is a step of 1 to 4 ("< 5"); every difference between two shown
  steps is then 0 or at least 5. The summary's patients who started or completed a course are the funnel's
  cells, so they hide the same way;
- a median needs at least 5 patients.

A fixed number of queries whatever the number of patients: the courses with their dates and baselines,
the first approvals, the questionnaire totals, and the funnel's counts.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, JSONField, Min, OuterRef, Q, Subquery
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clinic.scheduling.models import Appointment, AppointmentType, InfusionSeries
from screening.models import Intake
from screening.review.models import Decision, IntakeDocumentVersion
from screening.rules import get_ruleset

from . import conf, measures
from .models import PromInvitation, PromResponse

INDICATION_LABELS = {"depression": gettext_lazy("Depression"), "anxiety": gettext_lazy("Anxiety"),
                     "ptsd": gettext_lazy("PTSD"), "other": gettext_lazy("Other")}
SMALL = "< 5"


@dataclass
class Cell:
    """A number shown for a group: hidden ("< 5") when the group is smaller than the minimum."""

    value: float | int | None
    hidden: bool = False
    text: str | None = None  # what a hidden cell says instead of "< 5"

    def __str__(self):
        """As the page shows it, with the reader's decimal mark (9,9 in Norwegian)."""
        if self.hidden or self.value is None:
            return self.csv
        return number_format(self.value)

    @property
    def csv(self):
        """As the CSV file writes it: a point as the decimal mark, whatever the language."""
        if self.hidden:
            return str(self.text) if self.text else small_label()
        if self.value is None:
            return "–"
        return str(self.value)


def small_label():
    return f"< {conf.min_group()}"


def count_cell(n, *, hidden=None):
    return Cell(n, hidden=(0 < n < conf.min_group()) if hidden is None else hidden)


def rate_cell(numerator, denominator, *, hidden=False):
    """A percentage (whole number) over `denominator` patients: shown only when the row is shown and both
    those counted and those not counted are at least the minimum (see the module's suppression rule)."""
    minimum = conf.min_group()
    if hidden or numerator < minimum or denominator - numerator < minimum:
        return Cell(None, hidden=denominator > 0)
    return Cell(round(100 * numerator / denominator))


def hidden_rows(counts):
    """Which of a breakdown's counts are hidden: those under the minimum, and then (complementary
    suppression) the next smallest until at least two are hidden and the hidden ones add up to at least
    the minimum. Returns a list of booleans in the order of `counts`."""
    minimum = conf.min_group()
    hidden = [0 < n < minimum for n in counts]
    order = sorted((n, i) for i, n in enumerate(counts) if n > 0)
    while any(hidden) and (sum(hidden) < 2 or sum(n for n, h in zip(counts, hidden) if h) < minimum):
        shown = [(n, i) for n, i in order if not hidden[i]]
        if not shown:
            break
        hidden[shown[0][1]] = True
    return hidden


def hidden_rates(groups, hidden_counts):
    """Which rates of a breakdown are hidden, for one measure: `groups` is [(patients, counted)] in the
    breakdown's order, `hidden_counts` the rows whose patient count is hidden. A rate is hidden with its
    row, or when fewer than the minimum are on either side; then (complementary suppression, see the module)
    the next smallest rows' rates are hidden too until at least two are hidden and the hidden rows hold at
    least the minimum counted and at least the minimum not counted. Returns a list of booleans."""
    minimum = conf.min_group()
    hidden = [n > 0 and (h or k < minimum or n - k < minimum) for (n, k), h in zip(groups, hidden_counts)]
    order = sorted((n, i) for i, (n, _k) in enumerate(groups) if n > 0)

    def safe():
        rows = [(n, k) for (n, k), h in zip(groups, hidden) if h]
        return (len(rows) >= 2 and sum(k for _n, k in rows) >= minimum
                and sum(n - k for n, k in rows) >= minimum)

    while any(hidden) and not safe():
        shown = [i for _n, i in order if not hidden[i]]
        if not shown:
            break
        hidden[shown[0]] = True
    return hidden


def funnel_cells(counts):
    """The funnel's cells (see the module): a count of 1 to 4 is "< 5"; a count that differs from the last
    shown step before it by 1 to 4 is "not shown", so that no difference between shown steps is a small
    group."""
    minimum = conf.min_group()
    cells, last = [], None
    for n in counts:
        if 0 < n < minimum:
            cells.append(Cell(n, hidden=True))
        elif last is not None and 0 < abs(last - n) < minimum:
            cells.append(Cell(n, hidden=True, text=_("not shown")))
        else:
            cells.append(Cell(n))
            last = n
    return cells


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
    first_version = IntakeDocumentVersion.objects.filter(intake=OuterRef("intake"), number=1)
    # The baseline: the first submitted document version when there is one (the document may change after
    # a request for more information), else the intake's document.
    baselines = {f"baseline_{code}": Coalesce(Subquery(first_version.values(f"document__{code}")[:1]),
                                              KeyTransform(code, "intake__document"), output_field=JSONField())
                 for code in measures.INSTRUMENTS}
    return list(InfusionSeries.objects.annotate(
        first_infusion=Min("appointments__start", filter=attended_infusion),
        attended=Count("appointments", filter=attended_infusion),
        evaluated=Exists(evaluation),
        **baselines,
    ).filter(first_infusion__isnull=False).values(
        "pk", "intake_id", "planned_count", "first_infusion", "attended", "evaluated", "intake__indication",
        "intake__submitted_at", *baselines,
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
    for intake_id, instrument, total, answered_at, reason in (
            PromResponse.objects.filter(intake_id__in=intake_ids, partial=False, resent=False)
            .order_by("answered_at", "pk")
            .values_list("intake_id", "instrument", "total", "answered_at", "invitation__reason")):
        totals[intake_id, instrument].append((answered_at, total, reason))

    patients = defaultdict(list)  # intake -> its courses in the order they started
    for course in courses:
        patients[course["intake_id"]].append(course)
    by_indication, by_quarter = defaultdict(lambda: [0, 0, 0]), defaultdict(lambda: [0, 0, 0])
    started = len(patients)
    completed = 0
    to_decision, to_infusion = [], []
    for intake_id, own in patients.items():
        done = [c for c in own if c["evaluated"] or c["attended"] >= c["planned_count"]]
        completed += bool(done)
        course = (done or own)[-1]  # the outcome course: the latest completed, else the latest
        indication = course["intake__indication"] or "other"
        instrument = measures.instrument_for(indication, severity)
        decided = approved_at.get(intake_id)
        submitted = course["intake__submitted_at"]
        if submitted and decided:
            to_decision.append((decided - submitted).total_seconds() / 86400)
        if decided:
            to_infusion.append((own[0]["first_infusion"] - decided).total_seconds() / 86400)
        base = course[f"baseline_{instrument}"]
        after = [(total, reason) for at, total, reason in totals.get((intake_id, instrument), ())
                 if at >= course["first_infusion"]]
        if not measures.valid_answers(instrument, base) or not after:
            continue
        # The course's outcome: the answer at the evaluation when there is one, else the last one since.
        evaluation = [total for total, reason in after if reason == PromInvitation.Reason.EVALUATION]
        last = evaluation[-1] if evaluation else after[-1][0]
        responded = measures.is_response(measures.total(base), last, fraction=fraction)
        remitted = measures.is_remission(instrument, last, below=below)
        for group in (by_indication[indication], by_quarter[quarter(course["first_infusion"])]):
            group[0] += 1
            group[1] += responded
            group[2] += remitted

    def rows(groups, labels):
        hidden = hidden_rows([n for _key, (n, _r, _m) in groups])
        responses = hidden_rates([(n, r) for _key, (n, r, _m) in groups], hidden)
        remissions = hidden_rates([(n, m) for _key, (n, _r, m) in groups], hidden)
        return [{"label": labels(key), "patients": count_cell(n, hidden=hide),
                 "response": rate_cell(r, n, hidden=hide_r), "remission": rate_cell(m, n, hidden=hide_m)}
                for (key, (n, r, m)), hide, hide_r, hide_m in zip(groups, hidden, responses, remissions)]

    indications = [(key, by_indication[key]) for key in INDICATION_LABELS if key in by_indication]
    quarters = sorted(by_quarter.items())
    funnel_counts = Intake.objects.exclude(status=Intake.Status.ERASED).aggregate(
        started=Count("pk"),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        approved=Count("pk", filter=Q(decisions__kind=Decision.Kind.APPROVE), distinct=True),
    )
    labels = [_("Intakes started"), _("Intakes submitted"), _("Approved for consultation"),
              _("Patients who started a course"), _("Patients who completed a course")]
    cells = funnel_cells([funnel_counts["started"], funnel_counts["submitted"], funnel_counts["approved"],
                          started, completed])
    funnel = [{"label": label, "count": cell} for label, cell in zip(labels, cells)]
    return {
        "by_indication": rows(indications, lambda key: str(INDICATION_LABELS[key])),
        "by_quarter": rows(quarters, str),
        "started": cells[3],
        "completed": cells[4],
        "median_to_decision": days_cell(to_decision),
        "median_to_infusion": days_cell(to_infusion),
        "funnel": funnel,
        "funnel_max": max([row["count"].value for row in funnel if not row["count"].hidden] + [1]),
        "min_group": conf.min_group(),
        "response_percent": round(fraction * 100),
        "remission_below": below,
    }


def outcomes_csv_rows(data):
    """The same aggregates as the page, as CSV rows (hidden groups as "< 5")."""
    yield [_("table"), _("group"), _("patients"), _("response rate (%)"), _("remission rate (%)")]
    for table, key in ((_("by indication"), "by_indication"), (_("by quarter"), "by_quarter")):
        for row in data[key]:
            yield [table, row["label"], row["patients"].csv, row["response"].csv, row["remission"].csv]
    yield []
    yield [_("measure"), _("value")]
    yield [_("Patients who started a course"), data["started"].csv]
    yield [_("Patients who completed a course"), data["completed"].csv]
    yield [_("Median days from intake submitted to decision"), data["median_to_decision"].csv]
    yield [_("Median days from decision to first infusion"), data["median_to_infusion"].csv]
    yield []
    yield [_("funnel step"), _("count")]
    for row in data["funnel"]:
        yield [row["label"], row["count"].csv]
