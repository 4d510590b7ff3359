"""Generated intakes in bulk, with the rows the services would have written, for the demo
(`manage.py seed_demo --intakes N`) and the benchmarks (`manage.py bench rescreen`).

`seed_intakes(count, shape=..., label=..., seed=...)` adds `count` intakes numbered after the ones a
label already has (recognisable by its e-mail domain, e.g. `@seed.invalid`), so a second run adds
only what is missing and never touches other rows. A `Shape` says in which statuses they are:

- the realistic history (HISTORY): nearly all decided (approved or declined, as the screening
  outcome makes likely), a few open cases and drafts (clinic/scheduling/demo.py then books
  consultations and infusion series for some approved patients);
- every case open (ALL_OPEN): submitted, in review, information requested, resubmitted, and a few
  urgent drafts.

Every row is what the services write for that history (screening/patient/services.py,
screening/review/services.py, clinic/scheduling/services.py): status changes, screening results of
the real rules, claims, flag reviews, decisions, the patient's answer, appointments with their
bookings and history. The rows are inserted in bulk (a batch per transaction), with the times of a
believable history (submitted over the shape's period, decided days later); no e-mail is sent and
no signal fires.

Generating and screening a document costs about 0.15 ms: the documents come from a pool of a few
thousand (generated and screened once per run) that the intakes share, each intake taking one at
random. The first intakes of a run take one document of every outcome and indication and one
intake of every status, so even a small run has them all.
"""

import random
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from clinic.reasons import reason_fields, system_reason
from screening.models import REFERENCE_ALPHABET, Intake, IntakeStatusChange, ScreeningResult
from screening.rules import evaluate, get_ruleset
from screening.samples import generate_candidate_document, generate_document, generate_document_2
from screening.services import document_indication

POOL_SIZE = 4000
BATCH_SIZE = 2000
S = Intake.Status
DECIDED = "decided"  # approved or declined, as the outcome makes likely (see _decide)
URGENT_DRAFT = "urgent_draft"  # a draft marked urgent by the crisis page
CRISIS_RULE = "URG-SUICIDE-HIGH"


@dataclass(frozen=True)
class Shape:
    statuses: tuple  # ((an Intake status, DECIDED or URGENT_DRAFT; weight), ...)
    ruleset: str = None  # the current one
    candidates: float = 0.74  # share of documents of likely candidates (the rest: anything, ~8 % urgent)
    info_request: float = 0.08  # share of decided cases where the clinician asked for information first
    days: int = 730  # decided cases were submitted over this many days; open ones over the last weeks
    appointments: bool = True  # consultations and series for some approved patients


HISTORY = Shape(statuses=((DECIDED, 97.0), (S.SUBMITTED, 1.1), (S.IN_REVIEW, 0.8), (S.INFO_REQUESTED, 0.4),
                          (S.RESUBMITTED, 0.3), (S.DRAFT, 0.3), (URGENT_DRAFT, 0.1)))
ALL_OPEN = Shape(statuses=((S.SUBMITTED, 45.0), (S.IN_REVIEW, 30.0), (S.INFO_REQUESTED, 12.0),
                           (S.RESUBMITTED, 12.0), (URGENT_DRAFT, 1.0)), appointments=False)

NAMES = (("Kari", "Ola", "Ingrid", "Lars", "Sofie", "Emil", "Nora", "Jonas", "Maja", "Henrik", "Ida", "Magnus",
          "Sara", "Aksel", "Amalie", "Filip", "Leah", "Noah", "Eline", "Mohammed"),
         ("Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Berg", "Haugen",
          "Kristiansen", "Jensen", "Karlsen", "Bakken", "Solberg", "Ali", "Eriksen", "Lie", "Dahl", "Moen"))
DECLINE = {
    "urgent": ("Acute suicide risk: the patient was told to contact the emergency services (113) at once.",
               "We cannot offer ketamine treatment now. Please call 113 or the out-of-hours doctor (116 117)."),
    "contraindicated": ("An absolute contraindication in the screening.",
                        "Ketamine treatment is not safe for you because of your health. Talk to your GP."),
    "criteria_not_met": ("The criteria for treatment are not met.",
                         "The treatment is offered when other treatments have been tried first. Talk to your GP."),
    "needs_review": ("After review: the cautions weigh against treatment now.",
                     "We cannot offer the treatment now. Your GP can refer you again later."),
    "meets_criteria": ("After review: treatment elsewhere is a better fit.",
                       "We think another treatment suits you better. Your GP has our letter."),
}
# Share of cases approved per outcome (the rest are declined); cases with an urgent, absolute or
# criteria flag are never approved here (the service would need an override with a reason).
APPROVED_SHARE = {"meets_criteria": 0.9, "needs_review": 0.6}


def reference(prefix, number):
    """`prefix` and `number` in the reference alphabet, as XXXX-XXXX: stable, so a second run skips it."""
    digits = []
    for _ in range(8 - len(prefix)):
        number, digit = divmod(number, len(REFERENCE_ALPHABET))
        digits.append(REFERENCE_ALPHABET[digit])
    code = prefix + "".join(reversed(digits))
    return f"{code[:4]}-{code[4:]}"


@dataclass
class Label:
    """How the generated intakes of one user (the demo, a benchmark) are told from every other row."""

    prefix: str  # of the reference
    email_domain: str  # "@seed.invalid"
    name: str  # of the e-mail addresses: "seed_demo-12@seed.invalid"

    def intakes(self):
        return Intake.objects.filter(email__endswith=self.email_domain)


SEED = Label(prefix="S", email_domain="@seed.invalid", name="seed_demo")


@contextmanager
def times_as_given(*models):
    """Inside, `auto_now`/`auto_now_add` fields of `models` keep the values set on the rows (a history
    is inserted in one go); they are restored on the way out."""
    fields = [f for model in models for f in model._meta.concrete_fields
              if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def bulk_insert(rows):
    """Insert `rows` (unsaved instances of one model) and give them their keys. On PostgreSQL with COPY,
    several times faster than `bulk_create`'s INSERT at these sizes (the keys are taken from the table's
    sequence first); elsewhere with `bulk_create`. No `save()`, no signal; `auto_now` fields are not set
    by COPY (use `times_as_given` for `bulk_create`)."""
    if not rows:
        return rows
    model = type(rows[0])
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(rows)
    meta = model._meta
    fields = meta.concrete_fields
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, meta.pk.column, len(rows)])
        for row, (key,) in zip(rows, cursor.fetchall()):
            row.pk = key
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([_column_value(row, field) for field in fields])
    for row in rows:
        row._state.adding, row._state.db = False, connection.alias
    return rows


def _column_value(row, field):
    value = getattr(row, field.attname)
    if value is None and field.is_relation:  # the parent got its key after this row was made
        parent = field.get_cached_value(row, None)
        value = None if parent is None else parent.pk
    elif isinstance(value, (dict, list)):
        from psycopg.types.json import Jsonb

        value = Jsonb(value)
    return value


class _Pool:
    """Documents and their results under the shape's ruleset, screened once and shared by the intakes."""

    def __init__(self, rng, size, shape, document_format):
        self.ruleset = get_ruleset(shape.ruleset)
        self.entries = []
        for _ in range(size):
            if document_format == "intake/1":
                document = generate_document(rng)
            elif rng.random() < shape.candidates:
                document = generate_candidate_document(rng)
            else:
                document = generate_document_2(rng)
            self.entries.append((document, evaluate(document, self.ruleset)))
        # One entry of every outcome and every indication (blank included) that the pool has.
        firsts = {}
        for index, (document, result) in enumerate(self.entries):
            firsts.setdefault(("outcome", result["outcome"]), index)
            firsts.setdefault(("indication", document_indication(document)), index)
        self.coverage = sorted(set(firsts.values()))

    def pick(self, rng, position):
        if 0 <= position < len(self.coverage):
            return self.entries[self.coverage[position]]
        return self.entries[rng.randrange(len(self.entries))]


@dataclass
class Seeded:
    added: int
    approved: list  # [(intake id, time of the approval)] of the intakes added now


def seed_intakes(count, *, label=SEED, shape=HISTORY, clinician, seed=2026, document_format="intake/2",
                 batch=BATCH_SIZE, progress=None):
    """Add generated intakes until `label` has `count` of them (only the missing ones). `clinician` (a
    user) claims and decides the cases. `progress(done, total)` is called after each batch (a transaction).
    The appointments of the approved ones are for the caller (clinic/scheduling/demo.py)."""
    have = label.intakes().count()
    missing = max(0, count - have)
    seeded = Seeded(added=missing, approved=[])
    if not missing:
        return seeded
    rng = random.Random(seed + have)
    pool = _Pool(rng, min(POOL_SIZE, max(missing, 1000)), shape, document_format)
    statuses, weights = zip(*shape.statuses)
    now = timezone.now()
    writer = _Writer(clinician=clinician, ruleset=pool.ruleset.version)
    with times_as_given(*seeded_models()):
        for start in range(0, missing, batch):
            size = min(batch, missing - start)
            plans = []
            for i in range(start, start + size):
                forced = i < len(statuses)  # the first intakes: one of every status, then every outcome and indication
                status = statuses[i] if forced else rng.choices(statuses, weights)[0]
                document, result = pool.pick(rng, -1 if forced else i - len(statuses))
                plans.append(_plan(rng, number=have + i, label=label, status=status, document=document,
                                   result=result, shape=shape, now=now))
            with transaction.atomic():
                seeded.approved += writer.write(plans)
            if progress:
                progress(start + size, missing)
    return seeded


def analyze(*models):
    """On PostgreSQL, gather the tables' statistics now (autovacuum would, later), so that the
    planner knows their size at once."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(model._meta.db_table for model in models))


def seeded_models():
    """The models of the rows `seed_intakes` writes."""
    from screening.patient.models import IntakeConsent, IntakeDraft
    from screening.review.models import Claim, Decision, FlagReview, InfoResponse

    return (Intake, IntakeStatusChange, ScreeningResult, IntakeConsent, IntakeDraft, Claim, Decision, FlagReview,
            InfoResponse)


@dataclass
class _IntakePlan:
    intake: Intake
    result: dict  # the evaluation of its document (None for a draft)
    status: str  # where it ends
    times: dict  # started, submitted, claimed, requested, answered, reclaimed, decided (as they apply)
    released: bool = False  # an open case in review given back to the queue


def _minutes(rng, low, high):
    return timedelta(minutes=rng.uniform(low, high))


def _plan(rng, *, number, label, status, document, result, shape, now):
    """One intake's row and the times of its history (nothing in the future)."""
    draft = status in (S.DRAFT, URGENT_DRAFT)
    urgent = status == URGENT_DRAFT or (not draft and result["crisis"])
    if draft:
        document = _partial(document, urgent)
        result = None
    if status == DECIDED:
        status = _decide(rng, result["outcome"])
    t = {}
    if status in (S.APPROVED, S.DECLINED):
        t["submitted"] = now - timedelta(days=rng.uniform(2, shape.days))
    else:
        t["submitted"] = now - timedelta(days=rng.uniform(0, 21))
    t["started"] = t["submitted"] - _minutes(rng, 8, 3 * 24 * 60)
    if status not in (S.DRAFT, S.SUBMITTED):
        t["claimed"] = t["submitted"] + (_minutes(rng, 3, 90) if urgent else _minutes(rng, 30, 4 * 24 * 60))
        step = t["claimed"]
        if status in (S.INFO_REQUESTED, S.RESUBMITTED) or (status in (S.APPROVED, S.DECLINED)
                                                            and rng.random() < shape.info_request):
            t["requested"] = step = step + _minutes(rng, 20, 2 * 24 * 60)
            if status != S.INFO_REQUESTED:
                t["answered"] = step = step + _minutes(rng, 60, 7 * 24 * 60)
                if status != S.RESUBMITTED:
                    t["reclaimed"] = step = step + _minutes(rng, 30, 3 * 24 * 60)
        if status in (S.APPROVED, S.DECLINED):
            t["decided"] = step + _minutes(rng, 15, 3 * 24 * 60)
    late = max(t.values()) - now
    if late > timedelta(0):  # an open case of a few days: the same history, a little earlier
        t = {key: value - late - _minutes(rng, 1, 60) for key, value in t.items()}
    first, last = NAMES
    intake = Intake(
        reference=reference(label.prefix, number),
        status=S.DRAFT if draft else status,
        document=document, urgent=urgent,
        name=f"{first[number % len(first)]} {last[(number // len(first)) % len(last)]}",
        email=f"{label.name}-{number}{label.email_domain}",
        phone=f"+47 4{number % 10_000_000:07d}",
        created_at=t["started"], updated_at=max(t.values()),
        submitted_at=None if draft else t["submitted"],
        # the queue's columns, as intake_screen sets them (a draft is not screened)
        outcome="" if draft else result["outcome"], indication="" if draft else document_indication(document),
        escalated=False,
    )
    return _IntakePlan(intake=intake, result=result, status=intake.status, times=t,
                       released=status == S.IN_REVIEW and rng.random() < 0.2)


def _decide(rng, outcome):
    return S.APPROVED if rng.random() < APPROVED_SHARE.get(outcome, 0) else S.DECLINED


def _partial(document, urgent):
    """A draft's document: the steps answered so far (the crisis page follows the suicide questions)."""
    keep = ("format", "locale", "patient", "indication", "phq9", "gad7", "pcl5", "suicide_screen")
    partial = {key: document[key] for key in keep if key in document}
    if urgent:
        partial["suicide_screen"] = {"wish_dead": True, "active_thoughts": True, "method": True, "intent": True,
                                     "plan": False, "behavior": "never"}
    return partial


class _Writer:
    """The rows of one batch of plans, inserted model by model (the parents first, for their keys)."""

    def __init__(self, *, clinician, ruleset):
        from screening.patient.services import CONSENT_VERSION

        self.clinician, self.ruleset = clinician, ruleset
        self.consent_version = CONSENT_VERSION

    def write(self, plans):
        from screening.patient.models import IntakeConsent, IntakeDraft
        from screening.review.models import Claim, Decision, FlagReview, InfoResponse

        bulk_insert([plan.intake for plan in plans])
        results = []  # (plan, "first"/"answer", row)
        for plan in plans:
            if plan.result is None:
                continue
            results.append((plan, "first", self._result(plan, plan.times["submitted"])))
            if "answered" in plan.times:  # the patient's answer is screened again (same document: same result)
                results.append((plan, "answer", self._result(plan, plan.times["answered"])))
        bulk_insert([row for _plan, _when, row in results])
        by_plan = {}
        for plan, when, row in results:
            by_plan.setdefault(id(plan), {})[when] = row

        changes, consents, drafts, claims, reviews, decisions, answers = [], [], [], [], [], [], []
        clinician = self.clinician
        for plan in plans:
            intake, t = plan.intake, plan.times
            rows = by_plan.get(id(plan), {})

            def change(old, new, when, reason, actor=None):
                changes.append(IntakeStatusChange(intake=intake, from_status=old, to_status=new, actor=actor,
                                                  **reason_fields(reason), created_at=when))

            change("", S.DRAFT, t["started"], system_reason("intake_started"))
            consents.append(IntakeConsent(intake=intake, text_version=self.consent_version,
                                          language=intake.document.get("locale") or "nb", given_at=t["started"]))
            if intake.status == S.DRAFT:
                drafts.append(IntakeDraft(intake=intake, wizard={}, created_at=t["started"], updated_at=t["started"]))
                if intake.urgent:
                    change(S.DRAFT, S.DRAFT, t["started"] + timedelta(minutes=4),
                           system_reason("suicide_screen_crisis", rule=CRISIS_RULE))
                continue
            change(S.DRAFT, S.SUBMITTED, t["submitted"], system_reason("intake_submitted"))
            if intake.urgent:
                change(S.SUBMITTED, S.SUBMITTED, t["submitted"],
                       system_reason("screening_urgent", ruleset=self.ruleset))
            if "claimed" not in t:
                continue
            claims.append(Claim(intake=intake, clinician=clinician, created_at=t["claimed"]))
            change(S.SUBMITTED, S.IN_REVIEW, t["claimed"], system_reason("claimed"), clinician)
            if plan.released:
                claims.append(Claim(intake=intake, clinician=clinician, released=True, reason="Back to the queue",
                                    created_at=t["claimed"] + timedelta(minutes=25)))
            latest = rows["first"]
            if "requested" in t:
                request = Decision(intake=intake, result=latest, kind=Decision.Kind.REQUEST_INFO, ruleset=latest.ruleset,
                                   patient_message="Please tell us more about the treatments you have tried.",
                                   actor=clinician, created_at=t["requested"])
                decisions.append(request)
                change(S.IN_REVIEW, S.INFO_REQUESTED, t["requested"], system_reason("decided", decision="request_info"),
                       clinician)
                if "answered" in t:
                    latest = rows["answer"]
                    answers.append(InfoResponse(decision=request, result=latest, created_at=t["answered"],
                                                text="I have also tried two courses of therapy, without effect."))
                    change(S.INFO_REQUESTED, S.RESUBMITTED, t["answered"],
                           system_reason("info_answered"))
                if "reclaimed" in t:
                    change(S.RESUBMITTED, S.IN_REVIEW, t["reclaimed"], system_reason("claimed"), clinician)
            if "decided" not in t:
                continue
            decided = t["decided"]
            if plan.status == S.APPROVED:
                for flag in latest.result["flags"]:
                    reviews.append(FlagReview(intake=intake, result=latest, code=flag["code"], level=flag["level"],
                                              action=FlagReview.Action.ACKNOWLEDGED, ruleset=latest.ruleset,
                                              actor=clinician, created_at=decided - timedelta(minutes=5)))
                decisions.append(Decision(intake=intake, result=latest, kind=Decision.Kind.APPROVE,
                                          ruleset=latest.ruleset, actor=clinician, created_at=decided))
                change(S.IN_REVIEW, S.APPROVED, decided, system_reason("decided", decision="approve"), clinician)
            else:
                reason, message = DECLINE[latest.outcome]
                decisions.append(Decision(intake=intake, result=latest, kind=Decision.Kind.DECLINE, reason=reason,
                                          patient_message=message, ruleset=latest.ruleset, actor=clinician,
                                          created_at=decided))
                change(S.IN_REVIEW, S.DECLINED, decided, reason, clinician)
        bulk_insert(changes)
        bulk_insert(consents)
        bulk_insert(drafts)
        bulk_insert(claims)
        bulk_insert(reviews)
        bulk_insert(decisions)
        bulk_insert(answers)
        return [(plan.intake.pk, plan.times["decided"]) for plan in plans if plan.status == S.APPROVED]

    def _result(self, plan, when):
        result = plan.result
        return ScreeningResult(intake=plan.intake, ruleset=result["ruleset"], outcome=result["outcome"],
                               crisis=result["crisis"], scores=result["scores"], result=result, created_at=when)
