"""`run_benchmarks` finds every app's benchmarks in `bench/`, and the quizzes' in their own app."""

import json
from io import StringIO

from django.core.management import call_command

from bench.management.commands import run_benchmarks


def test_each_app_benchmarks_are_found_in_bench_or_in_the_app():
    found = [(config.label, module) for config, module in run_benchmarks.benchmark_modules()]
    assert found == [
        ("selfassessment", "bench.measures.selfassessment"),
        ("quizzes", "quizzes.benchmarks"),
        ("registers", "bench.measures.registers"),
    ]
    assert [module for _config, module in run_benchmarks.benchmark_modules(only="registers")] == [
        "bench.measures.registers"
    ]


def test_run_benchmarks_runs_the_chosen_app_and_writes_its_figures(db, settings, tmp_path, monkeypatch):
    from bench.measures import registers

    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(registers, "run", lambda report: report.add("mesure", 1.5, "ms"))
    call_command("run_benchmarks", only="registers", stdout=StringIO())
    rows = json.loads((tmp_path / "bench-results.json").read_text())["rows"]
    assert [(row["name"], row["value"]) for row in rows] == [("mesure", 1.5)]
