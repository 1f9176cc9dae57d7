"""The mix of the load test: locust (headless) drives 50 people at once, each walking their journey
(`bench/loadtest/journeys.py`, `locustfile.py`); the figures per endpoint and for the whole mix."""

import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
WHOLE = "le mélange entier"


def run(people: dict, shares: dict, host: str, seconds: int, connections: int, think: float = 0.0) -> dict:
    """Drive the mix for `seconds` (after everyone has started) and return, per request name and
    for the whole mix (`WHOLE`): rps, p50/p95/p99 (ms), errors, requests. `think`: each person's
    mean pause before each request, in seconds (0: a closed loop)."""
    with tempfile.TemporaryDirectory() as folder:
        people_file = Path(folder) / "people.json"
        people_file.write_text(json.dumps({**people, "shares": shares}, ensure_ascii=False))
        prefix = Path(folder) / "mix"
        command = [
            sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", host,
            "-u", str(connections), "-r", str(connections), "-t", f"{seconds}s", "--stop-timeout", "5",
            "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR", "--exit-code-on-error", "0",
        ]
        subprocess.run(command, env={**os.environ, "LOADTEST_PEOPLE": str(people_file), "LOADTEST_THINK_S": f"{think:.4f}"}, check=True,
                       timeout=seconds + 120, stdout=subprocess.DEVNULL)
        with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
            return read_stats(csv.DictReader(stats))


def number(text: str) -> float:
    try:
        return float(text)
    except ValueError:  # "N/A": no request of that name
        return 0.0


def read_stats(rows) -> dict:
    results = {}
    for row in rows:
        name = WHOLE if row["Name"] == "Aggregated" else row["Name"]
        results[name] = {
            "rps": float(row["Requests/s"]),
            "p50_ms": number(row["50%"]), "p95_ms": number(row["95%"]), "p99_ms": number(row["99%"]),
            "errors": int(row["Failure Count"]), "timeouts": 0, "requests": int(row["Request Count"]),
        }
    return results


def think_for(connections: int, closed_loop_rps: float, pace: float) -> float:
    """The mean pause that brings `connections` people to `pace` of the throughput the closed loop
    reached (each person then sends about one request every connections / (pace × rps) seconds;
    the time each request takes adds to the pause, so the load is, if anything, a little lower)."""
    if closed_loop_rps <= 0 or pace <= 0:
        return 0.0
    return connections / (pace * closed_loop_rps)
