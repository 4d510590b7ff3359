from django.core.management.base import BaseCommand

from clinic.mail.services import mail_retry_pending


class Command(BaseCommand):
    help = "Send queued e-mails and retry failed ones (run by cron, e.g. every 5 minutes)."

    def handle(self, *args, **options):
        sent = mail_retry_pending()
        self.stdout.write(f"sent: {sent}")
