"""`manage.py bench rules`, `bench rescreen`, `bench queue`, `bench submit` and `bench load`.

rules     Generates N varied documents (every rule fires somewhere), serialises them, then times in one
          run: plain `json.loads` of all of them, and validation + evaluation of the parsed documents.
          The last line is `rules: <documents per second> docs/s, <ratio>x json.loads`.
rescreen  Fills the database up to --intakes generated intakes (screening/seeding.py: intake/1 documents
          from screening/samples.py, screened under 2026.1, with their history; drafts without a result,
          submitted, in review and decided cases; made by a bench clinician), then times the dry run of
          `manage.py rescreen` over all of them (the report is not saved). The last line is
          `rescreen: <intakes per second> intakes/s`. It adds rows, so it refuses a database that holds
          any other intake: use a database of its own (e.g. clinic_rescreen_bench).
queue     With the intakes already in the database, times the review queue (first page, page 50, every
          status, every outcome, an indication, a search by name and by reference), a case page and its
          PDF through the test client as a clinician, interleaved with a bare logged-in page, --rounds
          times (screening/review/bench.py). The last line is `queue: <queries> queries, p95 <ms> ms,
          <ratio>x bare page (worst: <page> <ratio>x)` over the queue's pages.
submit    Starts gunicorn (2 workers, production settings) on PostgreSQL, prepares --drafts drafts with every
          step answered, then times their final-step POSTs (the submit) from --clients concurrent clients,
          and in the same run as many POSTs of a bench-only minimal view (read the session, insert one row).
          The last line is `submit: <posts/s> posts/s, <ratio>x minimal view` (screening/bench/submit.py).
load      Starts gunicorn the same way; --patients simulated patients at once each complete a whole intake,
          start page to receipt, with varied answers. Prints errors, intakes submitted and stored (counted in
          the database), latency percentiles per request and per intake, throughput (screening/bench/load.py).
submit and load need PostgreSQL (DATABASE_URL; created and migrated when needed) and a shared cache for
the rate limits (--cache-url, Redis by default). E-mail stays in the workers' memory: nothing is sent.
"""

import gc
import json
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from screening import seeding
from screening.bench import BENCH_EMAIL_DOMAIN
from screening.document import validate_intake
from screening.models import Intake
from screening.rules import evaluate, get_ruleset
from screening.samples import generate_documents

BENCH = seeding.Label(prefix="B", email_domain=BENCH_EMAIL_DOMAIN, name="bench")
# A tenth are drafts (no result, skipped), the rest submitted, in review or decided; one result each.
BENCH_SHAPE = seeding.Shape(statuses=(("draft", 10), ("submitted", 35), ("in_review", 15), (seeding.DECIDED, 40)),
                            ruleset="2026.1", info_request=0, appointments=False)


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


def _visit(value):
    """Touch every value of a parsed document, checking nothing: the least a validator written in Python does."""
    if type(value) is dict:
        for item in value.values():
            _visit(item)
    elif type(value) is list:
        for item in value:
            _visit(item)


class Command(BaseCommand):
    help = "Benchmark: validation + rule evaluation against plain json.loads of the same documents."

    def add_arguments(self, parser):
        parser.add_argument("target", choices=["rules", "rescreen", "queue", "submit", "load"])
        parser.add_argument("--intakes", type=int, default=100_000, help="rescreen: intakes in the database")
        parser.add_argument("--ruleset", default=None, help="rescreen: ruleset to screen under (default: current)")
        parser.add_argument("-n", "--documents", type=int, default=20000)
        parser.add_argument("--repeats", type=int, default=5, help="best of this many timed passes")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--drafts", type=int, default=200, help="submit: final posts timed (and minimal posts)")
        parser.add_argument("--clients", type=int, default=8, help="submit: concurrent clients")
        parser.add_argument("--patients", type=int, default=50, help="load: simulated patients at once")
        parser.add_argument("--workers", type=int, default=2, help="submit, load: gunicorn workers")
        parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/6",
                            help="submit, load: the workers' shared cache (rate-limit counters)")
        parser.add_argument("--rounds", type=int, default=30, help="queue: timed requests per page")

    def handle(self, *args, target, documents, repeats, seed, **options):
        if target == "queue":
            from screening.review.bench import run

            return run(rounds=options["rounds"], out=self.stdout.write, seed=seed)
        if target == "rescreen":
            return self.rescreen(intakes=options["intakes"], version=options["ruleset"], seed=seed)
        if target in ("submit", "load"):
            return self.web(target, seed=seed, **options)
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

        # Two reference points: visiting every value of the documents in Python (checking nothing), and
        # parsing the results' own JSON text in C (objects as many as the results have).
        results = [json.dumps(evaluate(doc, ruleset)) for doc in docs]

        def visit_all():
            for doc in docs:
                _visit(doc)

        def build_results():
            for text in results:
                json.loads(text)

        parse_s, validate_s, rules_s, visit_s, build_s = _best_of(
            repeats, parse_all, validate_all, screen_all, visit_all, build_results)
        size = sum(len(t) for t in texts) / len(texts)
        out = self.stdout.write
        out(f"documents: {documents} (mean {size:.0f} bytes), ruleset {ruleset.version}, best of {repeats}")
        out(f"rule codes raised: {len(codes)} of {len(every_code)}"
            + (f" (never: {', '.join(sorted(every_code - codes))})" if every_code - codes else ""))
        out(f"json.loads:            {documents / parse_s:10.0f} docs/s  ({parse_s / documents * 1e6:6.1f} us/doc)")
        out(f"validate only:         {documents / validate_s:10.0f} docs/s  ({validate_s / documents * 1e6:6.1f} us/doc)")
        out(f"validate + evaluate:   {documents / rules_s:10.0f} docs/s  ({rules_s / documents * 1e6:6.1f} us/doc)")
        out(f"reference: visiting every value in Python {visit_s / parse_s:.2f}x json.loads, "
            f"parsing the results' JSON {build_s / parse_s:.2f}x")
        out(f"rules: {documents / rules_s:.0f} docs/s, {rules_s / parse_s:.2f}x json.loads")

    def rescreen(self, *, intakes, version, seed):
        from screening.review.rescreen import rescreen_impact

        if intakes < 1:
            raise CommandError("--intakes must be at least 1")
        try:
            version = get_ruleset(version).version
        except KeyError as exc:
            raise CommandError(str(exc.args[0])) from None
        if Intake.objects.exclude(email__endswith=BENCH.email_domain).exists():
            raise CommandError("bench rescreen adds generated intakes: run it on a database of its own "
                               "(e.g. DATABASE_URL=postgres://…/clinic_rescreen_bench), this one holds other intakes.")
        started = time.perf_counter()
        clinician = get_user_model().objects.get_or_create(email="clinician@bench.invalid",
                                                           defaults={"name": "Bench Clinician"})[0]
        seeded = seeding.seed_intakes(intakes, label=BENCH, shape=BENCH_SHAPE, clinician=clinician, seed=seed,
                                      document_format="intake/1")
        if seeded.added:
            seeding.analyze(*seeding.seeded_models())
            self.stdout.write(f"seeded {seeded.added} intakes in {time.perf_counter() - started:.1f} s")
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

    def web(self, target, *, seed, drafts, clients, patients, workers, cache_url, **_options):
        from screening.bench.load import run_load
        from screening.bench.site import check_cache, minimal_table, prepare_database, site
        from screening.bench.submit import run_submit

        if min(drafts, clients, patients, workers) < 1:
            raise CommandError("--drafts, --clients, --patients and --workers must be at least 1")
        out = self.stdout.write
        prepare_database(target, out)
        check_cache(cache_url)
        out(f"gunicorn: {workers} workers, database {connection.settings_dict['NAME']}, cache {cache_url}")
        if target == "load":
            with site(workers=workers, cache_url=cache_url) as port:
                result = run_load(port, patients=patients, seed=seed)
            for line in result.lines():
                out(line)
            if result.errors or result.submitted != result.stored:
                raise CommandError("the load run had errors, or not every submitted intake was stored")
            return
        with minimal_table(), site(workers=workers, cache_url=cache_url, bench_views=True) as port:
            submit_rate, minimal_rate, errors, stored = run_submit(port, drafts=drafts, clients=clients, seed=seed,
                                                                   out=out)
        out(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
        out(f"intakes: {drafts} submitted, {stored} stored")
        out(f"submit: {submit_rate:.1f} posts/s, {submit_rate / minimal_rate:.2f}x minimal view")
        if errors or stored != drafts:
            raise CommandError("the submit run had errors, or not every submitted intake was stored")
