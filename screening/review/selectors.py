"""Reads for the review pages: the queue and the one-page case summary."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from screening import glossary
from screening.models import OPEN_CASES, OPEN_STATUSES, QUEUE_ORDER, REVIEWABLE, Intake, IntakeCount, ScreeningResult
from screening.patient.models import IntakeDraft
from screening.rules import explain, get_ruleset
from screening.rules.engine import LEVELS, psychotherapy_assessment, trial_assessment

from . import wording
from .info_request import document_changes, offered_questions, question_label
from .models import Claim, Decision, FlagReview, IntakeDocumentVersion, RescreenEscalation, RescreenReport
from .services import current_claim

S = Intake.Status
PAGE_SIZE = 25


def reviewable_intakes():
    """Every intake a clinician may open: submitted ones, and drafts only when urgent."""
    return Intake.objects.filter(REVIEWABLE)


def active_escalations():
    """Escalations of the outer intake (OuterRef "pk") that no decision has followed yet, newest first."""
    decided_since = Decision.objects.filter(intake=OuterRef(OuterRef("pk")), created_at__gte=OuterRef("created_at"))
    return (RescreenEscalation.objects.filter(intake=OuterRef("pk")).filter(~Exists(decided_since))
            .order_by("-created_at", "-pk"))


def queue_filter(*, status="open", outcome="", indication=""):
    """The queue's filters as one Q on the queue's keys, which the intakes and their counts (IntakeCount)
    both have. Written as the queue's partial indexes are (screening/models.py), so that PostgreSQL
    reads the intakes from an index."""
    if status == "open":
        keys = OPEN_CASES
    elif status == S.DRAFT:  # the same as reviewable drafts, said so that the database knows they are few
        keys = REVIEWABLE & Q(status=status, urgent=True)
    elif status and status != "all":
        keys = REVIEWABLE & Q(status=status)
    else:
        keys = REVIEWABLE
    if outcome:
        keys &= Q(outcome=outcome)
    if indication:
        keys &= Q(indication=indication)
    return keys


def queue_intakes(*, status="open", outcome="", indication="", search=""):
    """The intakes the queue lists for these filters, unordered and unannotated."""
    intakes = Intake.objects.filter(queue_filter(status=status, outcome=outcome, indication=indication))
    search = search.strip()
    if search:
        intakes = intakes.filter(Q(reference=normal_reference(search)) | Q(name__icontains=search))
    return intakes


def normal_reference(text):
    """A reference code as stored ("ABCD-EFGH"), however it was typed ("abcd efgh", "ABCDEFGH")."""
    code = "".join(c for c in text.upper() if c.isalnum())
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else text.strip().upper()


def status_counts():
    """{status: reviewable intakes}, summed from the counts the database keeps (IntakeCount)."""
    return dict(IntakeCount.objects.filter(REVIEWABLE).values_list("status").annotate(n=Sum("n")).order_by())


def review_queue(*, status="open", outcome="", indication="", search="", page=1):
    """The queue: urgent first (urgent drafts included), then cases the re-screening made more severe
    (open cases until decided, and approved patients with an alert to review), then the oldest waiting;
    filters and counts per status.

    Three queries whatever the number of intakes: the counts per status and the count of the listed
    intakes are sums over the few hundred rows of IntakeCount (a search is counted on the intakes, from
    its index); the page's rows are read from the queue's indexes (their ids in queue order are a
    subquery, so only those 25 rows get their claim holder and re-screening note).
    """
    keys = queue_filter(status=status, outcome=outcome, indication=indication)
    intakes = queue_intakes(status=status, outcome=outcome, indication=indication, search=search)
    counts = status_counts()
    paginator = Paginator(intakes.order_by(*QUEUE_ORDER).values("pk"), PAGE_SIZE)
    if not search.strip():
        paginator.count = IntakeCount.objects.filter(keys).aggregate(n=Sum("n"))["n"] or 0
    page_obj = paginator.get_page(page)
    page_obj.object_list = rows = list(queue_rows(page_obj.object_list))  # the template reads the rows
    outcomes = dict(ScreeningResult.Outcome.choices)
    marks = case_marks(intake.pk for intake in rows)
    for intake in rows:
        intake.outcome_label = outcomes.get(intake.outcome, "")
        intake.indication_label = glossary.indication_name(intake.indication) if intake.indication else ""
        intake.case_marks = marks.get(intake.pk, [])
        # Only an approved patient gets an alert (an open case gets an escalation instead); a case back for
        # another app's mark (a crisis answer) says so instead.
        intake.rescreen_alert = intake.escalated and intake.status == S.APPROVED and not intake.case_marks
        intake.rescreen_note = rescreen_note(RescreenEscalation(
            ruleset=intake.escalation_ruleset, was=intake.escalation_was, now=intake.escalation_now,
        )) if intake.escalation_ruleset else ""
    return {"page": page_obj, "status_counts": [(value, label, counts.get(value, 0)) for value, label in S.choices],
            "open_count": sum(counts.get(s, 0) for s in OPEN_STATUSES)}


# Marks that apps after screening put on a case (e.g. clinic.proms: a questionnaire answer that called for
# crisis help and no clinician has reviewed yet), which screening never imports (STYLE): each source is a
# callable (intake ids) -> {intake id: (label, url)}, registered in its AppConfig.ready(), one query each.
CASE_MARK_SOURCES = []


def case_mark_register(source):
    if source not in CASE_MARK_SOURCES:
        CASE_MARK_SOURCES.append(source)
    return source


def case_marks(intake_ids):
    """{intake id: [(label, url), ...]} from every registered source, for the queue's rows and the case page."""
    marks = {}
    ids = list(intake_ids)
    if not ids:
        return marks
    for source in CASE_MARK_SOURCES:
        for intake_id, mark in source(ids).items():
            marks.setdefault(intake_id, []).append(mark)
    return marks


def queue_rows(page_ids):
    """The intakes of `page_ids` (a query of one page's ids) in queue order, each with its claim holder,
    when it has waited since, and its active escalation (not the document: a list never shows it)."""
    holder = Claim.objects.filter(intake=OuterRef("pk")).order_by("-created_at", "-pk")
    escalation = active_escalations()
    return Intake.objects.filter(pk__in=page_ids).defer("document").annotate(
        claimed_by=Subquery(holder.values("clinician__name")[:1]),
        claimed_by_email=Subquery(holder.values("clinician__email")[:1]),
        claim_released=Subquery(holder.values("released")[:1]),
        waiting_since=Coalesce("submitted_at", "created_at"),
        escalation_ruleset=Subquery(escalation.values("ruleset")[:1]),
        escalation_was=Subquery(escalation.values("was")[:1]),
        escalation_now=Subquery(escalation.values("now")[:1]),
    ).order_by(*QUEUE_ORDER)


@dataclass(frozen=True)
class DrugName:
    """A drug name in the document, what the patient wrote for it, and the dose table's generic name."""

    written: str  # the name in the document (and in the flags' evidence)
    words: str  # the patient's own words
    generic: str | None  # None: not in the dose table


# The web intake's steps with drug rows, and the document list each fills.
WIZARD_DRUG_LISTS = {"medications": "treatments.medications", "current-medicines": "current_medications"}


def typed_drug_names(wizard, step):
    """The drug names the patient typed on a wizard step, in the order of the rows that went into the
    document: the form keeps the rows not removed and not left empty, and a kept row has a name.
    So the n-th name here belongs to the n-th entry of the document's list."""
    data = ((wizard or {}).get("step_data") or {}).get(step) or {}

    def value(key):  # formtools stores each field as a list of values, as posted
        values = data.get(f"{step}-{key}") or [""]
        return str(values[-1] if isinstance(values, list) else values)

    try:
        total = int(value("rows-TOTAL_FORMS"))
    except ValueError:
        return []
    names = []
    for i in range(min(total, 1000)):
        name = value(f"rows-{i}-drug").strip()
        removed = value(f"rows-{i}-DELETE").lower() not in ("", "false")  # as a checkbox reads it
        if name and not removed:
            names.append(name)
    return names


def drug_names(*, intake, ruleset):
    """{path: DrugName} for every drug in the intake's document (`treatments.medications[i]`,
    `current_medications[i]`): what the patient wrote beside the generic name of `ruleset`'s dose table.

    A document from outside holds the patient's words. The web intake stores the generic name, and what
    was typed is in the draft: a typed name is used only when the dose table gives it the same generic
    name as the document's entry (else the document's name). One query.
    """
    document = intake.document or {}
    lookup = ruleset.dose_table.lookup
    wizard = IntakeDraft.objects.filter(intake=intake).values_list("wizard", flat=True).first()
    lists = {
        "treatments.medications": [trial.get("drug") if isinstance(trial, dict) else None
                                   for trial in (document.get("treatments") or {}).get("medications") or ()],
        "current_medications": list(document.get("current_medications") or ()),
    }
    names = {}
    for step, path in WIZARD_DRUG_LISTS.items():
        typed = typed_drug_names(wizard, step) if wizard else []
        for i, written in enumerate(lists[path]):
            if not isinstance(written, str):
                continue
            drug = lookup(written)
            words = typed[i] if i < len(typed) else None
            if drug is None or words is None or lookup(words) != drug:
                words = written.strip()
            names[f"{path}[{i}]"] = DrugName(written, words, drug.generic if drug else None)
    return names


def rescreen_note(escalation):
    """“Re-screened under 2026.2: was X, now Y” in the reader's language."""
    outcomes = dict(ScreeningResult.Outcome.choices)
    return _("Re-screened under %(ruleset)s: was %(was)s, now %(now)s") % {
        "ruleset": escalation.ruleset, "was": outcomes.get(escalation.was, escalation.was),
        "now": outcomes.get(escalation.now, escalation.now)}


def _level_order():
    return {level: i for i, level in enumerate(LEVELS)}


def treatment_table(document, indication, ruleset, drugs=None):
    """Every trial with 'counted' or 'not counted' and why, from the engine's own assessment.
    `drugs`: the drug names in words (drug_names); without it, the names as in the document."""
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
        name = (drugs or {}).get(f"treatments.medications[{i}]")
        rows.append({
            "kind": "medication", "index": i + 1,
            "what": wording.drug_words(name.words, name.generic) if name else trial.get("drug"),
            "drug_class": drug.drug_class if drug else None, "details": wording.medication_details(trial),
            "counts": counts, "reason": reason, "reason_words": words,
        })
    for i, course in enumerate(treatments.get("psychotherapies") or ()):
        counts, reason = psychotherapy_assessment(course, ruleset)
        if reason == "not_failed" and course.get("outcome") == "stopped_side_effects":
            reason = "stopped_side_effects"
        if reason == "counted":
            reason = "counted_course"  # a course has sessions, not a dose
        rows.append({
            "kind": "psychotherapy", "index": i + 1, "what": wording.value_words(course.get("kind")),
            "drug_class": None, "details": wording.psychotherapy_details(course), "counts": counts, "reason": reason,
            "reason_words": str(wording.TRIAL_REASONS[reason]) % {"sessions": settings["tr_min_sessions"]},
        })
    return rows


def _number(value):
    return str(int(value)) if float(value).is_integer() else str(value)


def flag_groups(result, ruleset, reviews, earlier, language, drugs=None):
    """Flags grouped by level, each with explanation in `language`, source, evidence in words (drug names
    through `drugs`), its review on this screening result, and the newest review of the same flag on an
    earlier result (for reference)."""
    groups = {}
    for flag in result.flags if result else ():
        try:
            rule = ruleset.rule(flag["code"])
            explanation = explain(rule, flag, result.result, language)
            source = rule.source.get(language) or rule.source["en"]
        except KeyError:
            explanation, source = "", ""
        groups.setdefault(flag["level"], []).append({
            "code": flag["code"], "level": flag["level"], "explanation": explanation, "source": source,
            "evidence": [wording.evidence_words(path, value, drugs) for path, value in flag["evidence"].items()],
            "review": reviews.get(flag["code"]),
            "earlier_review": earlier.get(flag["code"]),
        })
    order = _level_order()
    return [
        {"level": level, "label": wording.LEVELS.get(level, level), "flags": flags}
        for level, flags in sorted(groups.items(), key=lambda item: order.get(item[0], 99))
    ]


def result_history(results):
    """Every screening result of an intake, newest first, each with what changed since the one before.
    `results` is the list case_summary already read (newest first): no query here."""
    rows = []
    before = None
    for result in reversed(results):
        rows.append({"result": result, "changes": wording.result_changes(before, result)})
        before = result
    return rows[::-1]


def status_history(intake):
    """The intake's status changes, oldest first, each with its statuses in words (`from_label`, `to_label`)."""
    labels = dict(S.choices)
    changes = list(intake.status_changes.select_related("actor").order_by("created_at", "pk"))
    for change in changes:
        change.from_label = labels.get(change.from_status, change.from_status)
        change.to_label = labels.get(change.to_status, change.to_status)
    return changes


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
    drugs = drug_names(intake=intake, ruleset=ruleset)
    versions = document_versions(intake)
    for decision in decisions:
        decision.question_labels = [question_label(key) for key in decision.questions]
        decision.changes = answer_changes(decision, versions)
    treatment_rows = treatment_table(document, indication.get("primary"), ruleset, drugs)
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
        "result_history": result_history(results),
        "ruleset": ruleset.version,
        "claim": current_claim(intake),
        "age": scores.get("age"),
        "bmi": scores.get("bmi"),
        "patient": document.get("patient") or {},
        "indication_primary": wording.answer_words("indication.primary", indication.get("primary")),
        "indication_secondary": (wording.answer_words("indication.secondary", indication["secondary"])
                                 if indication.get("secondary") else ""),
        "episode_months": indication.get("episode_months"),
        "scores": [
            {"key": key, "name": name, "score": scores.get(key), "band": wording.BANDS.get(bands.get(key)) if bands.get(key) else None}
            for key, name in (("phq9", glossary.PHQ9), ("gad7", glossary.GAD7), ("pcl5", glossary.PCL5),
                              ("auditc", "AUDIT-C"))
        ],
        "treatment_resistance": data.get("treatment_resistance"),
        "terms": glossary,
        "treatment_rows": treatment_rows,
        "treatment_kinds": {row["kind"] for row in treatment_rows},
        "treatment_tables": [("medication", glossary.MEDICINES_TRIED, _("No medicines tried.")),
                             ("psychotherapy", glossary.THERAPY, _("No talk therapy."))],
        "medicines_now": wording.answer_words("current_medications", document.get("current_medications"), drugs)
        if "current_medications" in document else None,
        "devices": [
            (wording.path_label(f"treatments.{key}"), wording.value_words((document.get("treatments") or {}).get(key)))
            for key in ("ect", "rtms", "esketamine_or_ketamine")
        ],
        "flag_groups": flag_groups(result, ruleset, reviews, earlier, language, drugs),
        "practical": [
            (wording.path_label(f"practical.{key}"), wording.value_words((document.get("practical") or {}).get(key)))
            for key in ("transport_home", "can_fast", "ongoing_follow_up", "referral")
        ],
        "medical_other": (document.get("medical") or {}).get("other") or "",
        "decisions": decisions,
        "offered_questions": offered_questions(result),
        "versions": versions,
        "notes": list(intake.assessment_notes.select_related("author").order_by("created_at", "pk")),
        "flag_history": flag_history,
        "status_history": status_history(intake),
        "claims": list(intake.review_claims.select_related("clinician").order_by("created_at", "pk")),
    }


def document_versions(intake):
    """Every stored version of the intake's document, oldest first ([] while there is only the one submitted)."""
    return list(IntakeDocumentVersion.objects.filter(intake=intake).order_by("number"))


def answer_changes(decision, versions):
    """What the patient's answer to `decision` changed in the document, in words ([] for free text only)."""
    response = getattr(decision, "response", None)  # None when the patient has not answered
    version = next((v for v in versions if response and v.pk == response.document_version_id), None)
    if version is None:
        return []
    previous = next((v for v in versions if v.number == version.number - 1), None)
    return document_changes(previous.document if previous else {}, version.document)


def all_answers(*, intake, document=None):
    """Every answer of the document (the intake's latest, or an earlier version), section by section, in
    words (drug names as the patient wrote them)."""
    document = (intake.document if document is None else document) or {}
    latest = intake.latest_result
    drugs = drug_names(intake=intake, ruleset=get_ruleset(latest.ruleset if latest else None))
    sections = []
    for key, title in wording.SECTIONS.items():
        value = document.get(key)
        rows = []
        if isinstance(value, dict):
            for name, answer in value.items():
                path = f"{key}.{name}"
                if isinstance(answer, list) and answer and isinstance(answer[0], dict):
                    rows.extend((wording.path_label(f"{path}[{i}]"), wording.answer_words(f"{path}[{i}]", item, drugs))
                                for i, item in enumerate(answer))
                else:
                    rows.append((wording.path_label(path), wording.answer_words(path, answer, drugs)))
        else:
            rows.append((wording.path_label(key), wording.answer_words(key, value, drugs)))
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
