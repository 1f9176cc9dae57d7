from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Build the demo content (framework, accounts, questionnaire, tools, course). "
        "Idempotent: a second run changes nothing. Each installed app may provide a "
        "`demo` module with a `load(log)` function; they run in INSTALLED_APPS order."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never in production)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo refuse de s'exécuter quand DEBUG est désactivé (utilisez --force "
                "uniquement hors production). / Refusing to run with DEBUG off; use --force."
            )
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if find_spec(module_name) is None:
                continue
            module = import_module(module_name)
            with transaction.atomic():
                module.load(self.log)
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration prêt."))

    def log(self, message: str) -> None:
        self.stdout.write(f"  {message}")
