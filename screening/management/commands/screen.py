"""`manage.py screen FILE`: screen intake documents from the command line.

FILE              print the result JSON; exit 0, or exit 2 with the bad path on stderr
--jsonl FILE      one document per line in, one result per line out ('-' reads standard input);
                  an invalid line (bad JSON, not UTF-8, too deep, over 1 MB, ...) gives
                  {"error": ..., "path": ...} on its line and the run goes on
--store           also save the Intake and its ScreeningResult
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from screening.document import MAX_DOCUMENT_BYTES, IntakeError, IntakeInvalid, parse_intake_json
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
                # One byte more than the limit is enough to know the document is too large.
                self._screen_one(stream.read(MAX_DOCUMENT_BYTES + 1), rules, store)
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()

    def _open(self, file):
        """A binary stream: the parser decodes each document, so bad UTF-8 is that document's error."""
        if file == "-":
            return sys.stdin.buffer
        try:
            return open(file, "rb")
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
        for line in read_lines(stream, MAX_DOCUMENT_BYTES):
            if line is not None and not line.strip():
                continue
            try:
                if line is None:
                    raise IntakeInvalid([IntakeError("$", f"is larger than {MAX_DOCUMENT_BYTES} bytes")])
                result = self._screen(line, rules, store)
            except IntakeInvalid as exc:
                out.write(json.dumps({"error": str(exc.errors[0]), "path": exc.path}, ensure_ascii=False))
                continue
            out.write(result_json(result, indent=None))


def read_lines(stream, limit):
    """Each line of a binary stream, or None for a line longer than `limit` bytes (never held whole)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = stream.readline(limit)
            yield None
        else:
            yield line
