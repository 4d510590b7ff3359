"""`manage.py bench rules` and `manage.py bench rescreen`.

rules     Generates N varied documents (every rule fires somewhere), serialises them, then times in one
          run: plain `json.loads` of all of them, and validation + evaluation of the parsed documents.
          The last line is `rules: <documents per second> docs/s, <ratio>x json.loads`.
rescreen  Fills the database up to --intakes generated intakes (documents from screening/samples.py, in
          every status, screened under 2026.1; drafts without a result), then times the dry run of
          `manage.py rescreen` over all of them (the report is not saved). The last line is
          `rescreen: <intakes per second> intakes/s`. It adds rows, so it refuses a database that holds
          any other intake: use a database of its own (e.g. clinic_rescreen_bench).
"""

import gc
import json
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from screening.document import validate_intake
from screening.models import REFERENCE_ALPHABET, Intake, ScreeningResult
from screening.rules import evaluate, get_ruleset
from screening.samples import generate_document, generate_documents

BENCH_EMAIL_DOMAIN = "@bench.invalid"
# (status, weight): a tenth are drafts (no result, skipped), the rest at every later stage.
BENCH_STATUSES = (("draft", 10), ("submitted", 35), ("in_review", 15), ("approved", 30), ("declined", 10))


def _best_of(repeats, *funcs):
    """The best time of each function over `repeats` rounds. The functions take turns within a
    round, so a change in the machine's load between rounds affects each of them alike."""
    best = [float("inf")] * len(funcs)
    for _ in range(repeats):
        for i, func in enumerate(funcs):
            gc.collect()
            start = time.perf_counter()
            func()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


class Command(BaseCommand):
    help = "Benchmark: validation + rule evaluation against plain json.loads of the same documents."

    def add_arguments(self, parser):
        parser.add_argument("target", choices=["rules", "rescreen"])
        parser.add_argument("--intakes", type=int, default=100_000, help="rescreen: intakes in the database")
        parser.add_argument("--ruleset", default=None, help="rescreen: ruleset to screen under (default: current)")
        parser.add_argument("-n", "--documents", type=int, default=20000)
        parser.add_argument("--repeats", type=int, default=5, help="best of this many timed passes")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, target, documents, repeats, seed, **options):
        if target == "rescreen":
            return self.rescreen(intakes=options["intakes"], version=options["ruleset"], seed=seed)
        if documents < 1 or repeats < 1:
            raise CommandError("--documents and --repeats must be at least 1")
        ruleset = get_ruleset()
        texts = [json.dumps(doc) for doc in generate_documents(documents, seed)]
        docs = [json.loads(text) for text in texts]
        codes = set()
        for doc in docs:
            if validate_intake(doc):
                raise CommandError("a generated document is invalid; fix screening/samples.py")
            codes.update(flag["code"] for flag in evaluate(doc, ruleset)["flags"])
        every_code = {rule.code for rule in ruleset.rules}

        def parse_all():
            for text in texts:
                json.loads(text)

        def screen_all():
            for doc in docs:
                validate_intake(doc)
                evaluate(doc, ruleset)

        def validate_all():
            for doc in docs:
                validate_intake(doc)

        parse_s, validate_s, rules_s = _best_of(repeats, parse_all, validate_all, screen_all)
        size = sum(len(t) for t in texts) / len(texts)
        out = self.stdout.write
        out(f"documents: {documents} (mean {size:.0f} bytes), ruleset {ruleset.version}, best of {repeats}")
        out(f"rule codes raised: {len(codes)} of {len(every_code)}"
            + (f" (never: {', '.join(sorted(every_code - codes))})" if every_code - codes else ""))
        out(f"json.loads:            {documents / parse_s:10.0f} docs/s  ({parse_s / documents * 1e6:6.1f} us/doc)")
        out(f"validate only:         {documents / validate_s:10.0f} docs/s  ({validate_s / documents * 1e6:6.1f} us/doc)")
        out(f"validate + evaluate:   {documents / rules_s:10.0f} docs/s  ({rules_s / documents * 1e6:6.1f} us/doc)")
        out(f"rules: {documents / rules_s:.0f} docs/s, {rules_s / parse_s:.2f}x json.loads")

    def rescreen(self, *, intakes, version, seed):
        from screening.review.rescreen import rescreen_impact

        if intakes < 1:
            raise CommandError("--intakes must be at least 1")
        try:
            version = get_ruleset(version).version
        except KeyError as exc:
            raise CommandError(str(exc.args[0])) from None
        if Intake.objects.exclude(email__endswith=BENCH_EMAIL_DOMAIN).exists():
            raise CommandError("bench rescreen adds generated intakes: run it on a database of its own "
                               "(e.g. DATABASE_URL=postgres://…/clinic_rescreen_bench), this one holds other intakes.")
        have = Intake.objects.count()
        if have < intakes:
            started = time.perf_counter()
            seed_bench_intakes(intakes - have, first=have, seed=seed + have)
            if connection.vendor == "postgresql":  # table statistics, as autovacuum would gather them
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE screening_intake, screening_screeningresult")
            self.stdout.write(f"seeded {intakes - have} intakes in {time.perf_counter() - started:.1f} s")
        gc.collect()
        started = time.perf_counter()
        impact = rescreen_impact(ruleset_version=version)
        seconds = time.perf_counter() - started
        counts = impact.counts
        read = counts["screened"] + counts["skipped_unreadable"]
        self.stdout.write(f"intakes: {read + counts['skipped_no_result']} ({read} with a screening result, "
                          f"{counts['skipped_no_result']} drafts skipped); ruleset {version}")
        self.stdout.write(f"dry run: {seconds:.1f} s; result differs for {counts['differs']}, "
                          f"outcome changes for {counts['outcome_changed']}")
        self.stdout.write(f"rescreen: {read / seconds:.0f} intakes/s")


def _bench_reference(number):
    digits = []
    for _ in range(7):
        number, digit = divmod(number, len(REFERENCE_ALPHABET))
        digits.append(REFERENCE_ALPHABET[digit])
    code = "B" + "".join(reversed(digits))
    return f"{code[:4]}-{code[4:]}"


def seed_bench_intakes(count, *, first=0, seed=2026, batch=2000):
    """Add `count` generated intakes (numbered from `first`) with their 2026.1 results, in bulk."""
    rng = random.Random(seed)
    ruleset = get_ruleset("2026.1")
    statuses, weights = zip(*BENCH_STATUSES)
    now = timezone.now()
    for start in range(0, count, batch):
        size = min(batch, count - start)
        with transaction.atomic():
            rows = []
            for i in range(size):
                number = first + start + i
                status = rng.choices(statuses, weights)[0]
                rows.append(Intake(reference=_bench_reference(number), status=status, document=generate_document(rng),
                                   name=f"Bench {number}", email=f"bench-{number}{BENCH_EMAIL_DOMAIN}",
                                   submitted_at=None if status == "draft" else now))
            created = Intake.objects.bulk_create(rows)
            results = []
            for intake in created:
                if intake.status == "draft":
                    continue
                result = evaluate(intake.document, ruleset)
                results.append(ScreeningResult(intake_id=intake.pk, ruleset=ruleset.version, outcome=result["outcome"],
                                               crisis=result["crisis"], scores=result["scores"], result=result))
            ScreeningResult.objects.bulk_create(results)
