from django.core.management.base import BaseCommand

from toolkit.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Create the due alerts (tool updates, self-assessment and attestation deadlines, news, overdue "
        "incidents, improvement actions and emergency-supply requests) and "
        "email them in batches. Idempotent: safe to run every hour from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=100, help="Emails per SMTP connection batch.")

    def handle(self, *args, batch_size=100, **options):
        result = send_reminders(batch_size=batch_size)
        self.stdout.write(f"{result.created} notification(s) créée(s), {result.emailed} courriel(s) envoyé(s).")
