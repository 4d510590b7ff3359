from django.core.management.base import BaseCommand

from clinic.proms.invitations import invitations_send


class Command(BaseCommand):
    help = ("Send the questionnaire links that are due: the day before infusions and the evaluation, and 1 and 3 "
            "months after a series (run by cron, e.g. every 15 minutes; safe to run twice).")

    def handle(self, *args, **options):
        self.stdout.write(f"questionnaire invitations sent: {invitations_send()}")
