"""Load test: people walking their journeys at 50 connections, against the bare-Django ceiling.

`make loadtest` runs it on the PostgreSQL bench database (20,000 pharmacies): it prepares 50
pharmacy owners, each signed in to their own pharmacy with last year's bilan and this year's draft,
and 50 students (sessions and CSRF tokens), starts gunicorn with the portal, gunicorn with
`bench.loadtest.ceiling` (one query, no middleware) and gunicorn with the signed-in write floor
(`bench/loadtest/floor_urls.py`: a POST through the whole stack that writes nothing), then
measures, in one run:

1. each endpoint alone with `wrk` (50 connections, loopback, a bounded duration): the ceiling
   before and after, the floor, the anonymous pages, each signed-in page **built** (a fresh CSRF
   cookie at each request: never the reader's cached copy) and **cached** (the same session asking
   again), and the two writes;
2. the mix (`bench/loadtest/mix.py`, locust): 50 people at once, each walking their role's journey
   (`bench/loadtest/journeys.py`), per endpoint and for the whole mix: first in a closed loop (no
   pause: the capacity), then at a human pace, each person pausing before each request so that
   the load is `--pace` (half) of what the closed loop reached: the latency people meet when the
   servers run at the share of their capacity `docs/deployment.md` sizes them for;
3. with `--contention`, the same once more beside a bounded CPU hog on one core (`stress-ng`).

It prints README-ready tables (`bench/loadtest/report.py`) and writes `var/loadtest-results.json`.
"""

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from bench.loadtest import mix, report, wrk
from bench.loadtest.journeys import JOURNEYS, SHARES, measured_pages
from bench.loadtest.people import FLOOR_URL, HOST, prepare

CONNECTIONS = 50
WARMUP = " (échauffement)"  # suffix of a journey's own warm-up requests, when it needs fresh ones
FLOOR = "plancher d'une écriture connectée (POST vide)"
BUILT, CACHED = " [construite]", " [en cache]"
AUTOSAVE, ANSWER = report.AUTOSAVE, report.ANSWER
CEILINGS = ("ceiling", "ceiling (après)")
PACE = 0.5  # the paced mix: half the closed loop's throughput, the utilisation docs/deployment.md sizes for
PROBE_SECONDS = 2  # each endpoint's own ceiling, measured just before it (`local_references`)
FLOOR_AFTER = f"{FLOOR} (après)"  # measured again after the pages and writes: the run's floor is the mean


class Command(BaseCommand):
    help = "Load test: people walking their journeys at 50 connections, the bare-Django ceiling beside."
    pace = PACE

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=5, help="seconds per endpoint alone (at most 60)")
        parser.add_argument("--mix", type=int, default=60, help="seconds of the mix (0: none, at most 300)")
        parser.add_argument("--pace", type=float, default=PACE,
                            help="the paced mix's load, as a share of the closed loop's throughput (0: no paced mix)")
        parser.add_argument("--contention", action="store_true",
                            help="measure once more beside a CPU hog on one core (stress-ng, bounded)")
        parser.add_argument("--port", type=int, default=8200)
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--only", default="", help="comma-separated endpoint names (the ceilings stay)")
        parser.add_argument("--warmup", type=int, default=2, help="seconds of load before each measure, not counted")
        parser.add_argument("--request-log", type=Path, default=None,
                            help="keep the portal's request log (JSON lines, CPU per request) in this file and "
                                 "print where its CPU went (with --only none: the mix alone)")
        parser.add_argument("--output", type=Path, default=Path(settings.BASE_DIR) / "var" / "loadtest-results.json")

    def handle(self, *args, duration, mix, pace, contention, port, workers, only, warmup, output, request_log, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk est introuvable : apt-get install wrk")
        if contention and not shutil.which("stress-ng"):
            raise CommandError("stress-ng est introuvable : apt-get install stress-ng")
        duration, mix_seconds, warmup = max(1, min(60, duration)), max(0, min(300, mix)), max(0, min(10, warmup))
        self.stdout.write("Préparation : volume national, 50 titulaires, 50 étudiants…")
        people = prepare(CONNECTIONS)
        self.settle_database()
        endpoints = self.endpoints(people)
        if only:
            wanted = set(only.split(",")) | set(CEILINGS)
            endpoints = {name: reqs for name, reqs in endpoints.items() if name.removesuffix(WARMUP) in wanted}
        self.request_log, self.pace = request_log, max(0.0, min(1.0, pace))
        servers = self.servers(port, workers)
        runs = {}
        try:
            runs["quiet"] = self.phase(endpoints, people, port, duration, warmup, mix_seconds)
            if contention:
                runs["contention"] = self.contended(endpoints, people, port, duration, warmup, mix_seconds)
        finally:
            self.stop(servers)
        report.write(self.stdout, runs, {"duration_s": duration, "mix_s": mix_seconds, "workers": workers,
                                         "connections": CONNECTIONS, "pace": self.pace}, output)
        if request_log:
            self.stdout.write(report.cpu_table(request_log))

    def settle_database(self) -> None:
        """PostgreSQL as production keeps it before the measure: the rows each preparation replaces
        (a year of incidents per owner, the students' sessions) vacuumed and the statistics fresh,
        autovacuum's work (a development server may run without it: the runs then measured the
        dead rows every earlier run had left, tens of thousands in the quiz and register tables),
        then a checkpoint, so that none starts during the measure."""
        if connection.vendor != "postgresql":
            return
        self.stdout.write("Base : VACUUM (ANALYZE) et CHECKPOINT…")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
            with contextlib.suppress(DatabaseError):  # a role without pg_checkpoint: the vacuum is what matters
                cursor.execute("CHECKPOINT")

    # --- What is measured -----------------------------------------------------------------------
    @staticmethod
    def endpoints(people) -> dict:
        """Each endpoint measured alone: name -> wrk requests (method, path, headers, body[, session])."""
        owners, students = people["owner"], people["student"]

        def get(persons, key, built):
            if built:  # the session cookie alone: wrk adds a fresh CSRF cookie at each request
                return [("GET", p["urls"][key], {}, None, p["session_cookie"]) for p in persons]
            return [("GET", p["urls"][key], {"Cookie": p["cookie"]}, None) for p in persons]

        def post(persons, url_key, body, ajax=False):
            headers = {"Content-Type": "application/x-www-form-urlencoded"} | ({"X-Requested-With": "fetch"} if ajax else {})
            return [("POST", p["urls"][url_key], headers | {"Cookie": p["cookie"], "X-CSRFToken": p["csrf"]}, body(p))
                    for p in persons]

        endpoints = {"ceiling": [("GET", "/", {}, None)]}
        endpoints[FLOOR] = post([p | {"urls": {"floor": FLOOR_URL}} for p in owners], "floor", lambda p: "x=1", ajax=True)
        endpoints.update({f"anonyme {name}": [("GET", url, {}, None)] for name, url in people["anonymous"].items()})
        for role, persons in (("owner", owners), ("student", students)):
            for step in measured_pages(role):
                endpoints[step.name + BUILT] = get(persons, step.url, built=True)
                endpoints[step.name + CACHED] = get(persons, step.url, built=False)
        endpoints[AUTOSAVE] = post(owners, "theme", lambda p: p["bodies"]["autosaves"][0], ajax=True)
        answering = people["answering"]
        endpoints[ANSWER] = post(answering["measure"], "session", lambda p: p["answers"])
        endpoints[ANSWER + WARMUP] = post(answering["warmup"], "session", lambda p: p["answers"])
        return endpoints

    def phase(self, endpoints, people, port, duration, warmup, mix_seconds, names=None) -> dict:
        """Each endpoint alone (the ceilings first and last), then the mixes."""
        order = [name for name in endpoints if name != "ceiling" and not name.endswith(WARMUP)]
        if names is not None:
            order = [name for name in order if name in names]
        results, references = {}, []  # references: (kind, req/s, the endpoint measured next or None)
        for name in ["ceiling", *order, *([FLOOR_AFTER] if FLOOR in order else []), "ceiling (après)"]:
            results[name] = self.measure(name, endpoints, port, duration, warmup, references)
        self.local_references(results, references)
        return {"endpoints": results, **self.mixes(people, port, mix_seconds)}

    def mixes(self, people, port, mix_seconds) -> dict:
        """The mix in a closed loop (the capacity), then at the pace that brings the load to `pace`
        of the throughput it reached (the latency people meet)."""
        if not mix_seconds:
            return {"mix": {}, "paced": {}, "think_s": 0.0}
        host = f"http://{HOST}:{port}"
        self.stdout.write(f"  mélange : {CONNECTIONS} personnes, {mix_seconds} s…")
        people_for_mix = {role: [self.mix_person(p, role) for p in people[role]] for role in JOURNEYS}
        mixed = mix.run(people_for_mix, SHARES, host, mix_seconds, CONNECTIONS)
        think = mix.think_for(CONNECTIONS, mixed.get(mix.WHOLE, {}).get("rps", 0.0), self.pace)
        paced = {}
        if think:
            self.stdout.write(f"  mélange au pas : pause moyenne {think:.2f} s avant chaque requête, {mix_seconds} s…")
            paced = mix.run(people_for_mix, SHARES, host, mix_seconds, CONNECTIONS, think=think)
        return {"mix": mixed, "paced": paced, "think_s": think}

    def measure(self, name, endpoints, port, duration, warmup, references) -> dict:
        """One endpoint for `duration` seconds, after its warm-up. A page or a write is preceded by a
        probe of the ceiling (and a write by one of the floor), noted in `references`."""
        is_reference = name in CEILINGS or name in (FLOOR, FLOOR_AFTER)
        requests = endpoints["ceiling" if name in CEILINGS else FLOOR if name == FLOOR_AFTER else name]
        target = port + 1 if name in CEILINGS else port + 2 if name in (FLOOR, FLOOR_AFTER) else port
        if warmup:
            warm = self.drive(endpoints.get(name + WARMUP, requests), target, warmup)
            time.sleep(self.drain(warm))
        if not is_reference:
            references.append(("ceiling", self.drive(endpoints["ceiling"], port + 1, PROBE_SECONDS)["rps"], name))
            if name.endswith(report.WRITE_SUFFIX) and FLOOR in endpoints:
                references.append(("floor", self.drive(endpoints[FLOOR], port + 2, PROBE_SECONDS)["rps"], name))
        result = self.drive(requests, target, duration)
        if is_reference:
            references.append(("ceiling" if name in CEILINGS else "floor", result["rps"], None))
        references.append(("measured", 0.0, name))
        self.stdout.write(f"  {name:<52} {result['rps']:8.1f} req/s  p95 {result['p95_ms']:7.1f} ms  erreurs {result['errors']}")
        return result

    @staticmethod
    def local_references(results, references) -> None:
        """Each endpoint's own ceiling (and a write's own floor): the mean of the ones measured just
        before and just after it (`PROBE_SECONDS` each, or the run's first and last). This machine is
        shared: its speed drifts by a third within a minute (two ceilings 30 s apart, 2,322 and
        3,240 req/s), so a ratio to the run's mean ceiling measured the neighbours as much as the page."""
        for position, (kind, _rps, name) in enumerate(references):
            if kind != "measured" or name in CEILINGS or name in (FLOOR, FLOOR_AFTER):
                continue
            for reference in ("ceiling", "floor"):
                before = [rps for k, rps, _n in references[:position] if k == reference]
                after = [rps for k, rps, _n in references[position + 1:] if k == reference]
                if before and after and (reference == "ceiling" or name.endswith(report.WRITE_SUFFIX)):
                    results[name][f"local_{reference}"] = (before[-1] + after[0]) / 2

    def contended(self, endpoints, people, port, duration, warmup, mix_seconds) -> dict:
        """The ceiling, the floor, the built pages, the writes and the mix beside a CPU hog on one
        core, bounded by stress-ng's own timeout (the phase's length and a margin)."""
        names = {FLOOR, AUTOSAVE, ANSWER, *[n for n in endpoints if n.endswith(BUILT)]}
        planned = (len(names) + 2) * (duration + warmup + 1) + 2 * mix_seconds + 30  # both mixes
        self.stdout.write(f"Contention : stress-ng --cpu 1 --timeout {planned}s")
        hog = subprocess.Popen(["stress-ng", "--cpu", "1", "--timeout", f"{planned}s", "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(2)
            return self.phase(endpoints, people, port, duration, warmup, mix_seconds, names=names)
        finally:
            hog.terminate()
            hog.wait(timeout=30)

    @staticmethod
    def drain(warm) -> float:
        """Seconds to wait after a warm-up: the requests it left queued in the servers are served
        before the measure starts (about one full-queue latency; 5 s when none completed)."""
        if not warm["requests"]:
            return 5.0
        return max(1.0, min(5.0, warm["p99_ms"] / 1000))

    @staticmethod
    def mix_person(person, role) -> dict:
        return {key: person[key] for key in ("cookie", "csrf", "urls", "bodies")} | {
            "steps": [step.as_dict() for step in JOURNEYS[role]]
        }

    @staticmethod
    def drive(requests, port, duration) -> dict:
        return wrk.run(requests, f"http://{HOST}:{port}", duration, CONNECTIONS, settings.CSRF_COOKIE_NAME)

    # --- Servers --------------------------------------------------------------------------------
    def servers(self, port, workers):
        env = {**os.environ, "WEB_CONCURRENCY": str(workers)}
        servers = [
            self.start(["portal.wsgi:application"], port, env, log=getattr(self, "request_log", None)),
            self.start(["bench.loadtest.ceiling:application"], port + 1, env),
            self.start(["portal.wsgi:application"], port + 2,
                       {**env, "DJANGO_SETTINGS_MODULE": "bench.loadtest.floor_settings"}),
        ]
        try:
            self.wait_for(port, "/healthz")
            self.wait_for(port + 1, "/")
            self.wait_for(port + 2, "/healthz")
        except BaseException:
            self.stop(servers)
            raise
        return servers

    def start(self, app, port, env, log=None):
        config = Path(settings.BASE_DIR) / "portal" / "gunicorn.conf.py"
        command = [sys.executable, "-m", "gunicorn", "-c", str(config), "--bind", f"{HOST}:{port}", *app]
        if log is None:
            return subprocess.Popen(command, env={**env, "REQUEST_LOG_LEVEL": "WARNING"}, stdout=subprocess.DEVNULL)
        with open(log, "w", encoding="utf-8") as stream:  # the child keeps its own handle
            return subprocess.Popen(command, env={**env, "REQUEST_LOG_LEVEL": "INFO"}, stdout=subprocess.DEVNULL,
                                    stderr=stream)

    @staticmethod
    def stop(servers):
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()

    @staticmethod
    def wait_for(port, path):
        deadline = time.monotonic() + 300  # nine workers warming up on a busy machine
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=5).read()
                return
            except urllib.error.HTTPError as error:
                raise CommandError(f"le serveur du port {port} répond {error.code} sur {path}") from error
            except OSError:
                time.sleep(0.5)
        raise CommandError(f"le serveur du port {port} ne répond pas")
