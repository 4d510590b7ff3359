from django.core.management.base import BaseCommand

from screening.patient.services import drafts_purge


class Command(BaseCommand):
    help = "Delete unfinished (draft) intakes older than INTAKE_DRAFT_RETENTION_DAYS; run daily by cron."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="override the retention setting")

    def handle(self, *args, days, **options):
        deleted, kept = drafts_purge(older_than_days=days)
        self.stdout.write(f"deleted: {deleted}, kept (referenced elsewhere): {kept}")
