"""Reads for the review pages: the queue and the one-page case summary."""

from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from screening.models import Intake, ScreeningResult
from screening.rules import get_ruleset
from screening.rules.engine import LEVELS, psychotherapy_assessment, trial_assessment

from . import wording
from .models import Claim, Decision, FlagReview, RescreenAlert, RescreenEscalation, RescreenReport
from .services import REVIEWABLE, current_claim

S = Intake.Status
OPEN_STATUSES = (S.SUBMITTED, S.IN_REVIEW, S.INFO_REQUESTED, S.RESUBMITTED)
PAGE_SIZE = 25


def reviewable_intakes():
    """Every intake a clinician may open: submitted ones, and drafts only when urgent."""
    return Intake.objects.filter(Q(status__in=REVIEWABLE) | Q(status=S.DRAFT, urgent=True))


def active_escalations():
    """Escalations of the outer intake (OuterRef "pk") that no decision has followed yet, newest first."""
    decided_since = Decision.objects.filter(intake=OuterRef(OuterRef("pk")), created_at__gte=OuterRef("created_at"))
    return (RescreenEscalation.objects.filter(intake=OuterRef("pk")).filter(~Exists(decided_since))
            .order_by("-created_at", "-pk"))


def review_queue(*, status="open", outcome="", indication="", search="", page=1):
    """The queue: urgent first (urgent drafts included), then cases the re-screening made more severe
    (open cases until decided, and approved patients with an alert to review), then the oldest waiting;
    filters and counts.

    A fixed number of queries whatever the number of intakes: counts (1), page count (1), page (1),
    and the re-screening notes of the page's rows (1, only when there are any).
    """
    latest = ScreeningResult.objects.filter(intake=OuterRef("pk")).order_by("-created_at", "-pk")
    holder = Claim.objects.filter(intake=OuterRef("pk")).order_by("-created_at", "-pk")
    alert = RescreenAlert.objects.filter(intake=OuterRef("pk"), reviewed_at__isnull=True)
    intakes = reviewable_intakes().annotate(
        outcome=Subquery(latest.values("outcome")[:1]),
        claimed_by=Subquery(holder.values("clinician__name")[:1]),
        claimed_by_email=Subquery(holder.values("clinician__email")[:1]),
        claim_released=Subquery(holder.values("released")[:1]),
        waiting_since=Coalesce("submitted_at", "created_at"),
        indication=F("document__indication__primary"),
        escalation_id=Subquery(active_escalations().values("pk")[:1]),
        rescreen_alert=Exists(alert),
    ).annotate(
        escalated=Case(When(Q(escalation_id__isnull=False) | Q(rescreen_alert=True), then=Value(True)),
                       default=Value(False), output_field=BooleanField()),
    )
    counts = dict(reviewable_intakes().values_list("status").annotate(n=Count("pk")).order_by())
    if status == "open":
        intakes = intakes.filter(Q(status__in=OPEN_STATUSES) | Q(status=S.DRAFT) | Q(rescreen_alert=True))
    elif status and status != "all":
        intakes = intakes.filter(status=status)
    if outcome:
        intakes = intakes.filter(outcome=outcome)
    if indication:
        intakes = intakes.filter(document__indication__primary=indication)
    search = search.strip()
    if search:
        intakes = intakes.filter(Q(reference__icontains=search) | Q(name__icontains=search))
    intakes = intakes.order_by("-urgent", "-escalated", "waiting_since", "pk")
    page_obj = Paginator(intakes, PAGE_SIZE).get_page(page)
    outcomes = dict(ScreeningResult.Outcome.choices)
    rows = list(page_obj)  # the page is read once here; the template reuses the list
    escalations = RescreenEscalation.objects.in_bulk([i.escalation_id for i in rows if i.escalation_id])
    for intake in rows:
        intake.outcome_label = outcomes.get(intake.outcome, "")
        intake.indication_label = wording.value_words(intake.indication) if intake.indication else ""
        escalation = escalations.get(intake.escalation_id)
        intake.rescreen_note = rescreen_note(escalation) if escalation else ""
    status_counts = [(value, label, counts.get(value, 0)) for value, label in S.choices]
    return {"page": page_obj, "status_counts": status_counts, "open_count": sum(counts.get(s, 0) for s in OPEN_STATUSES)}


def rescreen_note(escalation):
    """“Re-screened under 2026.2: was X, now Y” in the reader's language."""
    outcomes = dict(ScreeningResult.Outcome.choices)
    return _("Re-screened under %(ruleset)s: was %(was)s, now %(now)s") % {
        "ruleset": escalation.ruleset, "was": outcomes.get(escalation.was, escalation.was),
        "now": outcomes.get(escalation.now, escalation.now)}


def _level_order():
    return {level: i for i, level in enumerate(LEVELS)}


def treatment_table(document, indication, ruleset):
    """Every trial with 'counted' or 'not counted' and why, from the engine's own assessment."""
    treatments = (document or {}).get("treatments") or {}
    rows = []
    settings = ruleset.settings
    for i, trial in enumerate(treatments.get("medications") or ()):
        if indication in settings["tr_classes"]:
            counts, reason, drug = trial_assessment(trial, indication, ruleset)
        else:
            counts, reason, drug = False, "class_not_counted", ruleset.dose_table.lookup(trial.get("drug"))
        if reason == "not_failed" and trial.get("outcome") == "stopped_side_effects":
            reason = "stopped_side_effects"
        words = str(wording.TRIAL_REASONS[reason]) % {
            "minimum": _number(drug.min_daily_dose_mg) if drug and drug.min_daily_dose_mg else "",
            "weeks": settings["tr_min_weeks"].get(indication, ""),
        }
        rows.append({
            "kind": "medication", "index": i + 1, "what": trial.get("drug"),
            "drug_class": drug.drug_class if drug else None, "details": wording.medication_words(trial),
            "counts": counts, "reason": reason, "reason_words": words,
        })
    for i, course in enumerate(treatments.get("psychotherapies") or ()):
        counts, reason = psychotherapy_assessment(course, ruleset)
        if reason == "not_failed" and course.get("outcome") == "stopped_side_effects":
            reason = "stopped_side_effects"
        rows.append({
            "kind": "psychotherapy", "index": i + 1, "what": wording.value_words(course.get("kind")),
            "drug_class": None, "details": wording.psychotherapy_words(course), "counts": counts, "reason": reason,
            "reason_words": str(wording.TRIAL_REASONS[reason]) % {"sessions": settings["tr_min_sessions"]},
        })
    return rows


def _number(value):
    return str(int(value)) if float(value).is_integer() else str(value)


def flag_groups(result, ruleset, reviews, earlier, language):
    """Flags grouped by level, each with explanation in `language`, source, evidence in words, its review
    on this screening result, and the newest review of the same flag on an earlier result (for reference)."""
    groups = {}
    for flag in result.flags if result else ():
        try:
            rule = ruleset.rule(flag["code"])
            explanation = rule.explanation.get(language) or rule.explanation["en"]
            source = rule.source.get(language) or rule.source["en"]
        except KeyError:
            explanation, source = "", ""
        groups.setdefault(flag["level"], []).append({
            "code": flag["code"], "level": flag["level"], "explanation": explanation, "source": source,
            "evidence": [wording.evidence_words(path, value) for path, value in flag["evidence"].items()],
            "review": reviews.get(flag["code"]),
            "earlier_review": earlier.get(flag["code"]),
        })
    order = _level_order()
    return [
        {"level": level, "label": wording.LEVELS.get(level, level), "flags": flags}
        for level, flags in sorted(groups.items(), key=lambda item: order.get(item[0], 99))
    ]


def case_summary(*, intake):
    """Everything the one-page summary shows, read with a fixed number of queries."""
    language = (get_language() or "nb")[:2]
    document = intake.document or {}
    results = list(intake.results.order_by("-created_at", "-pk"))
    result = results[0] if results else None
    ruleset = get_ruleset(result.ruleset if result else None)
    data = result.result if result else {}
    scores = data.get("scores", {})
    bands = data.get("bands", {})
    indication = (document.get("indication") or {})
    flag_history = list(FlagReview.objects.filter(intake=intake).select_related("actor").order_by("created_at", "pk"))
    reviews, earlier = {}, {}
    for review in flag_history:  # newest last: the dicts keep the newest per code
        (reviews if result and review.result_id == result.pk else earlier)[review.code] = review
    decisions = list(Decision.objects.filter(intake=intake).select_related("actor", "response").order_by("created_at", "pk"))
    escalation = (RescreenEscalation.objects.filter(intake=intake).order_by("-created_at", "-pk").first()
                  if intake.status not in (S.APPROVED, S.DECLINED) else None)
    if escalation is not None and any(d.created_at >= escalation.created_at for d in decisions):
        escalation = None  # a clinician has decided the case since
    return {
        "rescreen_note": rescreen_note(escalation) if escalation else "",
        "rescreen_alerts": list(intake.rescreen_alerts.select_related("reviewed_by").order_by("-created_at", "-pk")),
        "intake": intake,
        "result": result,
        "results": results,
        "ruleset": ruleset.version,
        "claim": current_claim(intake),
        "age": scores.get("age"),
        "bmi": scores.get("bmi"),
        "patient": document.get("patient") or {},
        "indication_primary": wording.value_words(indication.get("primary")),
        "indication_secondary": wording.value_words(indication["secondary"]) if indication.get("secondary") else "",
        "episode_months": indication.get("episode_months"),
        "scores": [
            {"name": name, "score": scores.get(key), "band": wording.BANDS.get(bands.get(key)) if bands.get(key) else None}
            for key, name in (("phq9", "PHQ-9"), ("gad7", "GAD-7"), ("pcl5", "PCL-5"), ("auditc", "AUDIT-C"))
        ],
        "treatment_resistance": data.get("treatment_resistance"),
        "treatment_rows": treatment_table(document, indication.get("primary"), ruleset),
        "devices": [
            (wording.path_label(f"treatments.{key}"), wording.value_words((document.get("treatments") or {}).get(key)))
            for key in ("ect", "rtms", "esketamine_or_ketamine")
        ],
        "flag_groups": flag_groups(result, ruleset, reviews, earlier, language),
        "practical": [
            (wording.path_label(f"practical.{key}"), wording.value_words((document.get("practical") or {}).get(key)))
            for key in ("transport_home", "can_fast", "referral")
        ],
        "medical_other": (document.get("medical") or {}).get("other") or "",
        "decisions": decisions,
        "notes": list(intake.assessment_notes.select_related("author").order_by("created_at", "pk")),
        "flag_history": flag_history,
        "status_history": list(intake.status_changes.select_related("actor").order_by("created_at", "pk")),
        "claims": list(intake.review_claims.select_related("clinician").order_by("created_at", "pk")),
    }


def all_answers(*, intake):
    """Every answer of the document, section by section, in words."""
    document = intake.document or {}
    sections = []
    for key, title in wording.SECTIONS.items():
        value = document.get(key)
        rows = []
        if isinstance(value, dict):
            for name, answer in value.items():
                path = f"{key}.{name}"
                if isinstance(answer, list) and answer and isinstance(answer[0], dict):
                    rows.extend((wording.path_label(f"{path}[{i}]"), wording.value_words(item)) for i, item in enumerate(answer))
                else:
                    rows.append((wording.path_label(path), wording.value_words(answer)))
        else:
            rows.append((wording.path_label(key), wording.value_words(value)))
        sections.append({"title": title, "rows": rows})
    return sections


RESCREEN_PAGE_ROWS = 500


def rescreen_page(*, ruleset, versions):
    """The medical lead's page: when each ruleset's newest report was made, and that report for
    `ruleset` with outcome labels (the changed list cut at RESCREEN_PAGE_ROWS; the CSV has all)."""
    newest = {}
    for row in (RescreenReport.objects.filter(ruleset__in=versions).order_by("ruleset", "-created_at", "-pk")
                .values("pk", "ruleset", "created_at", "mode")):
        newest.setdefault(row["ruleset"], row)
    report = None
    if ruleset in newest:
        report = RescreenReport.objects.select_related("created_by").get(pk=newest[ruleset]["pk"])
    outcomes = dict(ScreeningResult.Outcome.choices)
    statuses = dict(S.choices)

    def labelled(rows):
        return [{**row, "before_label": outcomes.get(row["before"], row["before"]),
                 "after_label": outcomes.get(row["after"], row["after"]),
                 "status_label": statuses.get(row["status"], row["status"])} for row in rows]

    data = {"ruleset": ruleset, "versions": [(version, newest.get(version)) for version in versions],
            "report": report}
    if report is not None:
        data.update({
            "transitions": [(outcomes.get(b, b), outcomes.get(a, a), n, b != a) for b, a, n in report.transitions],
            "changed_rows": labelled(report.changed[:RESCREEN_PAGE_ROWS]),
            "changed_more": max(0, len(report.changed) - RESCREEN_PAGE_ROWS),
            "gained_rows": labelled(report.gained),
        })
    return data
