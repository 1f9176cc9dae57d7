from django.core.management.base import BaseCommand

from toolkit.newsletter import resume_newsletters
from toolkit.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Create the due alerts (tool updates, self-assessment and attestation deadlines, news, overdue "
        "incidents, improvement actions and emergency-supply requests) and "
        "email them in batches; finish a newsletter a killed worker left unfinished. Idempotent: safe to "
        "run every hour from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=100, help="Emails per SMTP connection batch.")

    def handle(self, *args, batch_size=100, **options):
        result = send_reminders(batch_size=batch_size)
        self.stdout.write(f"{result.created} notification(s) créée(s), {result.emailed} courriel(s) envoyé(s).")
        resumed = resume_newsletters()
        if resumed:
            self.stdout.write(f"Lettre d'information reprise : {resumed} courriel(s) envoyé(s).")
