import json
import time
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection


class Report:
    """Collects benchmark figures; printed as a table and written to var/bench-results.json."""

    def __init__(self, stdout):
        self.stdout = stdout
        self.rows: list[dict] = []

    def add(self, name: str, value, unit: str = "", target: str = "", note: str = "") -> None:
        row = {"name": name, "value": value, "unit": unit, "target": target, "note": note}
        self.rows.append(row)
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        extra = f"  (cible : {target})" if target else ""
        extra += f"  {note}" if note else ""
        self.stdout.write(f"  {name:<55} {shown:>12} {unit}{extra}")


def benchmark_modules(only: str | None = None) -> list[tuple]:
    """Each app's benchmarks, in the order of INSTALLED_APPS: `bench.measures.<app label>`, or the
    app's own `<app>.benchmarks` (the quizzes keep theirs); each module has a `run(report)`."""
    modules = []
    for app_config in apps.get_app_configs():
        if only and app_config.label != only:
            continue
        for name in (f"bench.measures.{app_config.label}", f"{app_config.name}.benchmarks"):
            if find_spec(name) is not None:
                modules.append((app_config, name))
                break
    return modules


class Command(BaseCommand):
    help = (
        "Run every app's benchmarks (`bench.measures.<app>` or `<app>.benchmarks`, each with a "
        "`run(report)` function) on realistic volume, and report figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", help="Run only this app's benchmarks (app label).")

    def handle(self, *args, only=None, **options):
        report = Report(self.stdout)
        self.stdout.write(f"Base de données : {connection.vendor} ({settings.DATABASES['default']['NAME']})")
        started = time.perf_counter()
        for app_config, module_name in benchmark_modules(only):
            self.stdout.write(self.style.MIGRATE_HEADING(f"== {app_config.verbose_name} =="))
            import_module(module_name).run(report)
        output = Path(settings.VAR_DIR) / "bench-results.json"
        output.write_text(json.dumps({"database": connection.vendor, "rows": report.rows}, indent=2, ensure_ascii=False))
        self.stdout.write(self.style.SUCCESS(f"Terminé en {time.perf_counter() - started:.1f} s ; résultats : {output}"))
