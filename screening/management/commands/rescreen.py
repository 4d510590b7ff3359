"""`manage.py rescreen --ruleset VERSION (--dry-run | --apply) [--csv FILE]`: screen every stored intake again.

--dry-run   screen every intake that has a screening result under the ruleset, in memory, and print the
            impact: outcome transitions, flags added and removed, the intakes whose outcome changes (most
            severe first) and the approved patients who gain an urgent or absolute flag. Stores only the
            report (the medical lead's page at /review/rescreen/ shows it); no result, no history.
--apply     the same, then store a new ScreeningResult for every intake whose result differs (with its
            history row, queue escalation or alert). Safe to run again: a second run stores nothing.
--csv FILE  also write the intakes whose outcome changes as CSV.

A progress bar on a terminal (stderr), plain lines every 10 % otherwise. Exit 0, or an error
(exit 1) for an unknown ruleset; argparse refuses a run without exactly one of --dry-run/--apply.
"""

import csv

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from screening.review.models import RescreenReport
from screening.review.rescreen import changed_csv_rows, rescreen_apply, rescreen_impact, rescreen_report_save
from screening.rules import get_ruleset


class TerminalProgress:
    """A tqdm bar on the terminal."""

    def __init__(self, stream):
        self.stream, self.bar = stream, None

    def start(self, total, label):
        from tqdm import tqdm

        self.bar = tqdm(total=total, desc=label, unit=" intakes", file=self.stream, dynamic_ncols=True)

    def advance(self, n=1):
        self.bar.update(n)

    def close(self):
        self.bar.close()


class LineProgress:
    """One plain line every 10 % (logs, cron, pipes)."""

    def __init__(self, write):
        self.write = write

    def start(self, total, label):
        self.total, self.label, self.done, self.next_tenth = total, label, 0, 1

    def advance(self, n=1):
        self.done += n
        while self.total and self.next_tenth <= 10 and self.done * 10 >= self.next_tenth * self.total:
            self.write(f"{self.label}: {self.next_tenth * 10} % ({self.done} / {self.total})")
            self.next_tenth += 1

    def close(self):
        pass


class Command(BaseCommand):
    help = "Screen every stored intake under a ruleset: --dry-run shows the impact, --apply stores new results."

    def add_arguments(self, parser):
        parser.add_argument("--ruleset", required=True, help="ruleset version, e.g. 2026.2")
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="show the impact; store no result")
        mode.add_argument("--apply", action="store_true", help="store a new result for each intake that differs")
        parser.add_argument("--csv", dest="csv_path", metavar="FILE",
                            help="write the intakes whose outcome changes to FILE as CSV")
        parser.add_argument("--show", type=int, default=100,
                            help="list at most this many changed intakes here (0: all; the CSV has all)")

    def handle(self, *args, ruleset, dry_run, apply, csv_path, show, **options):
        try:
            version = get_ruleset(ruleset).version
        except KeyError as exc:
            raise CommandError(str(exc.args[0])) from None
        progress = TerminalProgress(self.stderr._out) if self.stderr.isatty() else LineProgress(self.stderr.write)
        if apply:
            impact = rescreen_apply(ruleset_version=version, progress=progress)
            mode = RescreenReport.Mode.APPLY
        else:
            impact = rescreen_impact(ruleset_version=version, progress=progress)
            mode = RescreenReport.Mode.DRY_RUN
        report = rescreen_report_save(impact=impact, mode=mode)
        if csv_path:
            self._write_csv(csv_path, report.changed)
        self._print(report, show)

    def _write_csv(self, path, changed):
        with open(path, "w", newline="", encoding="utf-8") as stream:
            csv.writer(stream).writerows(changed_csv_rows(changed))

    def _print(self, report, show):
        out = self.stdout.write
        counts = report.counts
        if report.mode == RescreenReport.Mode.APPLY:
            out(_("Re-screening under %(ruleset)s: applied. %(n)s new screening results stored.")
                % {"ruleset": report.ruleset, "n": counts.get("stored", 0)})
        else:
            out(_("Re-screening under %(ruleset)s: dry run, no screening result was stored.")
                % {"ruleset": report.ruleset})
        out(_("Intakes screened: %(screened)s; result differs: %(differs)s; outcome changes: %(changed)s.")
            % {"screened": counts.get("screened", 0), "differs": counts.get("differs", 0),
               "changed": counts.get("outcome_changed", 0)})
        out(_("Skipped: %(none)s without a screening result, %(unreadable)s that the ruleset cannot read.")
            % {"none": counts.get("skipped_no_result", 0), "unreadable": counts.get("skipped_unreadable", 0)})
        if report.unreadable:
            out("  " + _("Cannot read: %(references)s") % {"references": ", ".join(report.unreadable)})
        out("")
        out(_("Outcome transitions (current result → under %(ruleset)s):") % {"ruleset": report.ruleset})
        rows = [(_("before"), _("after"), _("intakes"))] + [(b, a, str(n)) for b, a, n in report.transitions]
        self._table(rows, right=(2,))
        for title, flags in ((_("Flags added:"), report.flags_added), (_("Flags removed:"), report.flags_removed)):
            out("")
            out(title)
            if flags:
                self._table([(_("flag"), _("intakes"))] + [(code, str(n)) for code, n in flags.items()], right=(1,))
            else:
                out("  " + _("none"))
        out("")
        out(_("Intakes whose outcome changes, most severe first: %(n)s") % {"n": len(report.changed)})
        listed = report.changed if show <= 0 else report.changed[:show]
        if listed:
            self._table([(_("reference"), _("status"), _("booked"), _("before"), _("after"), _("added"), _("removed"))]
                        + [(r["reference"], r["status"], _("yes") if r["booked"] else _("no"), r["before"], r["after"],
                            " ".join(r["added"]) or "–", " ".join(r["removed"]) or "–") for r in listed])
        if len(listed) < len(report.changed):
            out("  " + _("… and %(n)s more (all of them with --csv FILE).") % {"n": len(report.changed) - len(listed)})
        out("")
        out(_("Approved or booked patients who gain an urgent or absolute flag: %(n)s") % {"n": len(report.gained)})
        if report.gained:
            self._table([(_("reference"), _("booked"), _("before"), _("after"), _("new flags"))]
                        + [(r["reference"], _("yes") if r["booked"] else _("no"), r["before"], r["after"],
                            " ".join(r["codes"])) for r in report.gained])
        out("")
        out(_("Report saved (%(seconds).1f s); the medical lead sees it at /review/rescreen/.")
            % {"seconds": report.seconds})

    def _table(self, rows, right=()):
        widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            cells = [str(cell).rjust(w) if i in right else str(cell).ljust(w)
                     for i, (cell, w) in enumerate(zip(row, widths))]
            self.stdout.write("  " + "  ".join(cells).rstrip())
