"""`manage.py bench rules`: how fast documents are validated and screened.

Generates N varied documents (every rule fires somewhere), serialises them, then times in one
run: plain `json.loads` of all of them, and validation + evaluation of the parsed documents.
The last line is `rules: <documents per second> docs/s, <ratio>x json.loads`.
"""

import gc
import json
import time

from django.core.management.base import BaseCommand, CommandError

from screening.document import validate_intake
from screening.rules import evaluate, get_ruleset
from screening.samples import generate_documents


def _best_of(repeats, func):
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


class Command(BaseCommand):
    help = "Benchmark: validation + rule evaluation against plain json.loads of the same documents."

    def add_arguments(self, parser):
        parser.add_argument("target", choices=["rules"])
        parser.add_argument("-n", "--documents", type=int, default=20000)
        parser.add_argument("--repeats", type=int, default=5, help="best of this many timed passes")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, target, documents, repeats, seed, **options):
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

        parse_s = _best_of(repeats, parse_all)
        validate_s = _best_of(repeats, validate_all)
        rules_s = _best_of(repeats, screen_all)
        size = sum(len(t) for t in texts) / len(texts)
        out = self.stdout.write
        out(f"documents: {documents} (mean {size:.0f} bytes), ruleset {ruleset.version}, best of {repeats}")
        out(f"rule codes raised: {len(codes)} of {len(every_code)}"
            + (f" (never: {', '.join(sorted(every_code - codes))})" if every_code - codes else ""))
        out(f"json.loads:            {documents / parse_s:10.0f} docs/s  ({parse_s / documents * 1e6:6.1f} us/doc)")
        out(f"validate only:         {documents / validate_s:10.0f} docs/s  ({validate_s / documents * 1e6:6.1f} us/doc)")
        out(f"validate + evaluate:   {documents / rules_s:10.0f} docs/s  ({rules_s / documents * 1e6:6.1f} us/doc)")
        out(f"rules: {documents / rules_s:.0f} docs/s, {rules_s / parse_s:.2f}x json.loads")
