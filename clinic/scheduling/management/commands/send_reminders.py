from django.core.management.base import BaseCommand

from clinic.scheduling.reminders import reminders_run


class Command(BaseCommand):
    help = "Send appointment reminders that are due and retry failed e-mails (run by cron, e.g. every 15 minutes)."

    def handle(self, *args, **options):
        queued, retried = reminders_run()
        self.stdout.write(f"reminders due: {queued}, retried: {retried}")
