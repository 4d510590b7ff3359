from django.core.management.base import BaseCommand

from screening.erasure import retention_run


class Command(BaseCommand):
    help = ("Retention, run daily by cron: delete drafts idle for INTAKE_DRAFT_RETENTION_DAYS (and their e-mail), "
            "erase declined intakes older than INTAKE_DECLINED_RETENTION_MONTHS and urgent drafts a clinician "
            "has closed. --dry-run prints the counts and changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="override INTAKE_DRAFT_RETENTION_DAYS")
        parser.add_argument("--declined-months", type=int, default=None,
                            help="override INTAKE_DECLINED_RETENTION_MONTHS")
        parser.add_argument("--dry-run", action="store_true", help="count only; delete nothing")

    def handle(self, *args, days, declined_months, dry_run, **options):
        c = retention_run(draft_days=days, declined_months=declined_months, dry_run=dry_run)
        prefix = "dry run, nothing changed: would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}deleted: {c['drafts_deleted']} drafts and {c['emails_deleted']} e-mails; "
            f"drafts someone has read, erased instead: {c['read_drafts_erased']}; "
            f"declined erased: {c['declined_erased']}; closed urgent drafts erased: {c['urgent_drafts_erased']}; "
            f"refused: {c['refused']}"
        )
