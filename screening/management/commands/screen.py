"""`manage.py screen FILE`: screen intake documents from the command line.

FILE              print the result JSON; exit 0, or exit 2 with the bad path on stderr
--jsonl FILE      one document per line in, one result per line out ('-' reads standard input);
                  an invalid line gives {"error": ..., "path": ...} on its line and the run goes on
--store           also save the Intake and its ScreeningResult
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from screening.document import IntakeInvalid, parse_intake_json
from screening.rules import check_readable, evaluate, get_ruleset, result_json
from screening.services import intake_import

EXIT_INVALID = 2


class Command(BaseCommand):
    help = "Screen an intake document (or JSON lines) and print the screening result."

    def add_arguments(self, parser):
        parser.add_argument("file", help="intake document file, or '-' for standard input")
        parser.add_argument("--jsonl", action="store_true", help="one document per line; one result per line")
        parser.add_argument("--store", action="store_true", help="also save the Intake and its ScreeningResult")
        parser.add_argument("--ruleset", default=None, help="ruleset version (default: the current one)")

    def handle(self, *args, file, jsonl, store, ruleset, **options):
        try:
            rules = get_ruleset(ruleset)
        except KeyError as exc:
            raise CommandError(str(exc.args[0])) from None
        stream = self._open(file)
        try:
            if jsonl:
                self._screen_lines(stream, rules, store)
            else:
                self._screen_one(stream.read(), rules, store)
        finally:
            if stream is not sys.stdin:
                stream.close()

    def _open(self, file):
        if file == "-":
            return sys.stdin
        try:
            return open(file, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None

    def _screen(self, text, rules, store):
        doc = check_readable(parse_intake_json(text), rules)
        result = evaluate(doc, rules)
        if store:
            intake_import(document=doc, reason="manage.py screen --store", ruleset_version=rules.version)
        return result

    def _screen_one(self, text, rules, store):
        try:
            result = self._screen(text, rules, store)
        except IntakeInvalid as exc:
            for error in exc.errors:
                self.stderr.write(f"invalid intake document: {error.path}: {error.message}")
            sys.exit(EXIT_INVALID)
        self.stdout.write(result_json(result))

    def _screen_lines(self, stream, rules, store):
        out = self.stdout
        for line in stream:
            if not line.strip():
                continue
            try:
                result = self._screen(line, rules, store)
            except IntakeInvalid as exc:
                out.write(json.dumps({"error": str(exc.errors[0]), "path": exc.path}, ensure_ascii=False))
                continue
            out.write(result_json(result, indent=None))
