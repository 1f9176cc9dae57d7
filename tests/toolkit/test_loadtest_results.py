"""The load test's results file: next to the benchmarks' (var/), the figures of each endpoint."""

import json
from io import StringIO

from toolkit.management.commands.loadtest import Command


def figures(rps):
    return {"rps": rps, "p50_ms": 10.0, "p95_ms": 20.0, "p99_ms": 30.0, "errors": 0, "timeouts": 0, "requests": 10}


def test_results_are_written_next_to_the_benchmarks_with_each_endpoint_figures(tmp_path, settings):
    default = Command().create_parser("manage.py", "loadtest").parse_args([]).output
    assert default == settings.BASE_DIR / "var" / "loadtest-results.json"

    output = tmp_path / "var" / "loadtest-results.json"
    results = {"ceiling": figures(100.0), "anonyme home": figures(50.0), "ceiling (après)": figures(100.0)}
    Command(stdout=StringIO()).report(results, 5, 3, output)
    data = json.loads(output.read_text())
    home = data["endpoints"]["anonyme home"]
    assert {"rps", "p50_ms", "p95_ms", "p99_ms", "errors", "ratio"} <= home.keys()
    assert home["ratio"] == 0.5 and data["ceiling_rps"] == 100.0
