"""Screening every stored intake again under another ruleset (`manage.py rescreen`, the medical lead's page).

`rescreen_impact` reads every intake that has a screening result, streamed in chunks (the intake's
document and its latest result, one query), screens the document under the given ruleset in memory
and counts what would change: nothing is written. `rescreen_apply` then stores a new ScreeningResult
(through `intake_screen`, the same code path as every other screening) for each intake whose result
differs, one intake per transaction with its row locked, so it is safe to run again after an
interruption and a second run changes nothing. With the new result come a history row, an escalation
for open cases that became more severe, and an alert (plus an e-mail to the on-duty clinicians) for
approved patients who gained an urgent or absolute flag; the alert blocks booking more treatment
until a clinician has reviewed it.
"""

import json
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clinic.reasons import system_reason
from screening.document import IntakeInvalid
from screening.models import OPEN_STATUSES, Intake, IntakeStatusChange, ScreeningResult
from screening.rules import check_readable, evaluate, get_ruleset, result_json
from screening.services import intake_screen

from .models import RescreenAlert, RescreenEscalation, RescreenReport
from .services import intake_escalation_refresh, on_duty_mail

logger = logging.getLogger(__name__)

S = Intake.Status
# Most severe first; "most severe first" lists sort by the new outcome in this order, then by reference.
SEVERITY = ("urgent", "contraindicated", "criteria_not_met", "needs_review", "meets_criteria")
_RANK = {outcome: i for i, outcome in enumerate(SEVERITY)}
# A flag of these levels, new for an approved patient, stops further treatment until reviewed.
GRAVE_LEVELS = ("urgent", "absolute")
# What makes a result different; the "ruleset" field alone does not.
COMPARED_KEYS = ("outcome", "flags", "scores", "bands", "treatment_resistance")
CHUNK_SIZE = 2000

BLOCKED_MESSAGE = gettext_lazy(
    "A new flag from the re-screening must be reviewed by a clinician before more treatment is booked.")


def severity(outcome):
    """0 for the most severe outcome (urgent); unknown outcomes count as the least severe."""
    return _RANK.get(outcome, len(SEVERITY))


def more_severe(now, was):
    return severity(now) < severity(was)


def result_differs(old, new):
    """True when `new` (fresh from the engine) differs from the stored result `old` in outcome, flags
    (code, level, evidence), scores, bands or treatment resistance."""
    if all(old.get(key) == new.get(key) for key in COMPARED_KEYS):
        return False
    # The stored one went through JSON (tuples became lists): compare on equal terms before saying so.
    new = json.loads(result_json(new, indent=None))
    return any(old.get(key) != new.get(key) for key in COMPARED_KEYS)


def _codes(result, levels=None):
    return {flag["code"] for flag in result.get("flags") or () if levels is None or flag["level"] in levels}


def grave_codes_gained(old, new):
    """Codes raised at an urgent or absolute level in `new` that were not at such a level in `old`."""
    return _codes(new, GRAVE_LEVELS) - _codes(old, GRAVE_LEVELS)


class NoProgress:
    def start(self, total, label):
        pass

    def advance(self, n=1):
        pass

    def close(self):
        pass


@dataclass
class Impact:
    """What screening every stored intake under `ruleset` changes (or changed, after apply)."""

    ruleset: str
    counts: Counter = field(default_factory=Counter)
    transitions: Counter = field(default_factory=Counter)  # (before, after) -> n
    flags_added: Counter = field(default_factory=Counter)
    flags_removed: Counter = field(default_factory=Counter)
    changed: list = field(default_factory=list)  # intakes whose outcome changes, most severe first
    gained: list = field(default_factory=list)  # approved patients who gain an urgent or absolute flag
    unreadable: list = field(default_factory=list)  # references
    differing: list = field(default_factory=list)  # intake ids whose result differs (what apply stores)
    seconds: float = 0.0

    def transition_rows(self):
        return [[before, after, n] for (before, after), n in
                sorted(self.transitions.items(), key=lambda item: (severity(item[0][0]), severity(item[0][1])))]

    @staticmethod
    def flag_rows(counter):
        return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def rescreen_candidates():
    """(intake id, reference, status, document, latest result or None) of every intake, in id order,
    streamed in chunks: one query (the latest result is a correlated subquery on the intake's index,
    so the plan does not depend on table statistics), never all rows in memory."""
    latest = ScreeningResult.objects.filter(intake=OuterRef("pk")).order_by("-created_at", "-pk").values("result")[:1]
    return (Intake.objects.annotate(latest_result=Subquery(latest)).order_by("pk")
            .values_list("pk", "reference", "status", "document", "latest_result")
            .iterator(chunk_size=CHUNK_SIZE))


def rescreen_candidate_count():
    """How many intakes have a screening result (what a re-screening reads)."""
    return Intake.objects.filter(Exists(ScreeningResult.objects.filter(intake=OuterRef("pk")))).count()


def rescreen_impact(*, ruleset_version, progress=None):
    """Screen every stored intake under the ruleset, in memory, and return the Impact. Writes nothing."""
    ruleset = get_ruleset(ruleset_version)
    progress = progress or NoProgress()
    started = timezone.now()
    impact = Impact(ruleset=ruleset.version)
    counts = impact.counts
    counts["skipped_no_result"] = 0
    progress.start(Intake.objects.count(), _("Screening under %(ruleset)s") % {"ruleset": ruleset.version})
    for row in rescreen_candidates():
        progress.advance()
        _assess(impact, ruleset, *row)
    progress.close()
    counts["skipped_unreadable"] = len(impact.unreadable)
    counts["outcome_changed"] = len(impact.changed)
    _mark_booked(impact.changed + impact.gained)
    impact.changed.sort(key=lambda row: (severity(row["after"]), row["reference"]))
    impact.gained.sort(key=lambda row: (severity(row["after"]), row["reference"]))
    impact.seconds = (timezone.now() - started).total_seconds()
    return impact


def _assess(impact, ruleset, intake_id, reference, status, document, old):
    """Screen one streamed intake under the ruleset and count what would change."""
    counts = impact.counts
    if old is None:
        counts["skipped_no_result"] += 1
        return
    try:
        check_readable(document, ruleset)
    except IntakeInvalid:
        impact.unreadable.append(reference)
        return
    new = evaluate(document, ruleset)
    counts["screened"] += 1
    before, after = old.get("outcome"), new["outcome"]
    impact.transitions[before, after] += 1
    if not result_differs(old, new):
        return
    counts["differs"] += 1
    impact.differing.append(intake_id)
    old_codes, new_codes = _codes(old), _codes(new)
    added, removed = sorted(new_codes - old_codes), sorted(old_codes - new_codes)
    impact.flags_added.update(added)
    impact.flags_removed.update(removed)
    row = {"reference": reference, "intake_id": intake_id, "status": status, "before": before, "after": after,
           "added": added, "removed": removed, "booked": False}
    if before != after:
        impact.changed.append(row)
    gained = grave_codes_gained(old, new)
    if status == S.APPROVED and gained:
        impact.gained.append({**row, "codes": sorted(gained)})


def _mark_booked(rows):
    """Set row["booked"]: the patient has booked appointments that have not begun (read through the
    intake's reverse relation, so the screening domain does not import the scheduling app)."""
    ids = sorted({row["intake_id"] for row in rows})
    booked = set()
    now = timezone.now()
    for i in range(0, len(ids), 500):
        booked.update(Intake.objects.filter(pk__in=ids[i:i + 500], appointments__status="booked",
                                            appointments__start__gt=now).values_list("pk", flat=True))
    for row in rows:
        row["booked"] = row["intake_id"] in booked


def rescreen_report_save(*, impact, mode=RescreenReport.Mode.DRY_RUN, created_by=None, source="command line"):
    return RescreenReport.objects.create(
        ruleset=impact.ruleset, mode=mode, created_by=created_by, source=source, seconds=impact.seconds,
        counts=dict(impact.counts), transitions=impact.transition_rows(),
        flags_added=Impact.flag_rows(impact.flags_added), flags_removed=Impact.flag_rows(impact.flags_removed),
        changed=impact.changed, gained=impact.gained, unreadable=impact.unreadable,
    )


def rescreen_apply(*, ruleset_version, actor=None, progress=None):
    """Store a new result for every intake whose result differs under the ruleset (see the module
    docstring). Returns the Impact, with counts["stored"] the number of results stored by this run."""
    progress = progress or NoProgress()
    impact = rescreen_impact(ruleset_version=ruleset_version, progress=progress)
    ruleset = get_ruleset(ruleset_version)
    stored = 0
    progress.start(len(impact.differing), _("Storing results under %(ruleset)s") % {"ruleset": ruleset.version})
    for intake_id in impact.differing:
        if rescreen_intake(intake_id=intake_id, ruleset_version=ruleset.version, actor=actor) is not None:
            stored += 1
        progress.advance()
    progress.close()
    impact.counts["stored"] = stored
    return impact


@transaction.atomic
def rescreen_intake(*, intake_id, ruleset_version, actor=None):
    """Screen one intake again under the ruleset and, when its result differs from the latest one,
    store the new result with its history row, escalation or alert. Returns the new ScreeningResult,
    or None when nothing changed (so running it twice stores one row)."""
    ruleset = get_ruleset(ruleset_version)
    intake = Intake.objects.select_for_update().get(pk=intake_id)
    current = intake.results.order_by("-created_at", "-pk").first()
    if current is None:
        return None
    try:
        check_readable(intake.document, ruleset)
    except IntakeInvalid:
        return None
    if not result_differs(current.result, evaluate(intake.document, ruleset)):
        return None
    result = intake_screen(intake=intake, ruleset_version=ruleset.version)
    was, now = current.outcome, result.outcome
    IntakeStatusChange.objects.create(intake=intake, from_status=intake.status, to_status=intake.status, actor=actor,
                                      reason=system_reason("rescreened", ruleset=ruleset.version, was=was, now=now))
    if intake.status in OPEN_STATUSES and more_severe(now, was):
        RescreenEscalation.objects.create(intake=intake, result=result, ruleset=ruleset.version, was=was, now=now)
    gained = grave_codes_gained(current.result, result.result)
    if intake.status == S.APPROVED and gained:
        alert = RescreenAlert.objects.create(intake=intake, result=result, ruleset=ruleset.version, was=was, now=now,
                                             codes=sorted(gained))
        transaction.on_commit(lambda: rescreen_notify_alert(alert=alert))
    intake_escalation_refresh(intake=intake)
    return result


def rescreen_notify_alert(*, alert):
    """Tell the on-duty clinicians that an approved patient's re-screening needs a review. Once per
    intake, result and address."""
    return on_duty_mail(
        intake=alert.intake, kind="rescreen_alert", dedupe_key=f"rescreen-alert:{alert.intake_id}:{alert.result_id}",
        what="re-screening alert on intake", subject=gettext_lazy("Re-screening to review: %(reference)s"),
        lead=gettext_lazy("A patient approved for treatment was screened again under new rules. A clinician must "
                          "review the case before more treatment is booked."),
    )


# --- the alert: review, and what it blocks ------------------------------------------------------

def unreviewed_alerts(intake):
    return RescreenAlert.objects.filter(intake=intake, reviewed_at__isnull=True)


def treatment_blocked(intake):
    """True while a re-screening alert on the intake waits for a clinician's review."""
    return unreviewed_alerts(intake).exists()


def check_treatment_not_blocked(intake):
    """Raise ValidationError while a re-screening alert blocks booking more treatment for the intake."""
    if treatment_blocked(intake):
        raise ValidationError(BLOCKED_MESSAGE, code="rescreen_alert")


@transaction.atomic
def rescreen_alert_review(*, alert, clinician, reason, password_confirmed=False):
    """A clinician has reviewed the new flag(s): with a reason and their password again (as for
    overriding an urgent or absolute flag). Writes a history row; booking is possible again."""
    Intake.objects.select_for_update().filter(pk=alert.intake_id).values_list("pk").first()
    alert = RescreenAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.reviewed_at is not None:
        raise ValidationError(_("This alert has already been reviewed."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for your review of the new flag."))
    if not password_confirmed:
        raise ValidationError(_("Reviewing a new urgent or absolute flag needs your password again."))
    alert.reviewed_by, alert.reviewed_at, alert.reason = clinician, timezone.now(), reason
    alert.password_confirmed = True
    alert.save(update_fields=["reviewed_by", "reviewed_at", "reason", "password_confirmed"])
    intake = alert.intake
    IntakeStatusChange.objects.create(
        intake=intake, from_status=intake.status, to_status=intake.status, actor=clinician,
        reason=system_reason("rescreen_alert_reviewed", codes=list(alert.codes), ruleset=alert.ruleset, note=reason))
    intake_escalation_refresh(intake=intake)
    return alert


def changed_csv_rows(changed):
    """The list of intakes whose outcome changes as CSV rows, header first (the command and the page)."""
    yield [_("reference"), _("status"), _("booked"), _("outcome before"), _("outcome after"), _("flags added"),
           _("flags removed")]
    for row in changed:
        yield [row["reference"], row["status"], _("yes") if row.get("booked") else _("no"), row["before"],
               row["after"], " ".join(row["added"]), " ".join(row["removed"])]
