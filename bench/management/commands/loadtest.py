"""Load test: the main journeys at 50 concurrent users, against the bare-Django ceiling.

`make loadtest` runs it on the PostgreSQL bench database: it seeds national volume when missing,
prepares 50 signed-in pharmacy users and 50 students (sessions and CSRF tokens), starts gunicorn
with the portal and, beside it, gunicorn with `bench.loadtest.ceiling`, then drives each
endpoint with `wrk` (50 connections, loopback only, a bounded duration) and prints requests per
second, p50/p95/p99, errors and the ratio to the ceiling. A third gunicorn serves the signed-in
write floor (`bench/loadtest/floor_urls.py`: a POST through the whole stack that writes
nothing), measured like an endpoint. Results: `var/loadtest-results.json`,
next to the benchmarks' `var/bench-results.json` (the servers' own VAR_DIR is `var/loadtest/`):
per endpoint `rps`, `p50_ms`, `p95_ms`, `p99_ms`, `errors` and `ratio` (to the mean ceiling).
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse

CONNECTIONS = 50
THREADS = 2  # wrk threads
HOST = "127.0.0.1"
WARMUP = " (échauffement)"  # suffix of a journey's own warm-up requests, when it needs fresh ones
FLOOR = "plancher d'une écriture connectée (POST vide)"
FLOOR_URL = "/loadtest/plancher/"

LUA = r"""
local requests = {REQUESTS}
local threads = 0
local counter = 0
-- Each wrk thread drives its own share of the entries, so that an entry with a list of bodies (a
-- student answering the questions of a session in order) is never sent by two threads.
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function init(args) counter = 0 end
function request()
  local step = {THREADS}
  local index
  if #requests >= step then
    local owned = math.floor((#requests - 1 - tid) / step) + 1
    index = tid + step * (counter % owned) + 1
  else
    index = (counter % #requests) + 1
  end
  counter = counter + 1
  local r = requests[index]
  local body = r[4]
  if type(body) == "table" then
    r.next = (r.next or 0) + 1
    body = body[math.min(r.next, #body)]
  end
  return wrk.format(r[1], r[2], r[3], body)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal here


def lua_body(body) -> str:
    """nil, a string, or a list of strings sent one after the other (then the last one again)."""
    if not body:
        return "nil"
    if isinstance(body, list):
        return "{" + ", ".join(lua_string(item) for item in body) + "}"
    return lua_string(body)


def lua_requests(requests) -> str:
    items = []
    for method, path, headers, body in requests:
        header_table = "{" + ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()) + "}"
        items.append(f"{{{lua_string(method)}, {lua_string(path)}, {header_table}, {lua_body(body)}}}")
    return "{" + ",\n".join(items) + "}"


class Command(BaseCommand):
    help = "Load test of the main pages at 50 concurrent users, with the bare-Django ceiling beside."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint (at most 60)")
        parser.add_argument("--port", type=int, default=8200)
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--only", default="", help="comma-separated endpoint names")
        parser.add_argument("--warmup", type=int, default=3, help="seconds of load before each measure, not counted")
        parser.add_argument("--output", type=Path, default=Path(settings.BASE_DIR) / "var" / "loadtest-results.json")

    def handle(self, *args, duration, port, workers, only, warmup, output, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk est introuvable : apt-get install wrk")
        duration = max(1, min(60, duration))
        journeys = self.prepare()
        if only:
            wanted = set(only.split(","))
            journeys = {name: reqs for name, reqs in journeys.items() if name.removesuffix(WARMUP) in wanted}
        env = {**os.environ, "WEB_CONCURRENCY": str(workers)}
        servers = [
            self.start(["portal.wsgi:application"], port, env),
            self.start(["bench.loadtest.ceiling:application"], port + 1, env),
            self.start(["portal.wsgi:application"], port + 2,
                       {**env, "DJANGO_SETTINGS_MODULE": "bench.loadtest.floor_settings"}),
        ]
        try:
            self.wait_for(port, "/healthz")
            self.wait_for(port + 1, "/")
            self.wait_for(port + 2, "/healthz")
            results = self.measure(journeys, port, duration, max(0, min(10, warmup)))
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
        self.report(results, duration, workers, output)

    # --- Data ------------------------------------------------------------------------------
    def prepare(self) -> dict:
        from bench.management.commands.seed_assessments import PREFIX
        from bench.measures.selfassessment import PHARMACIES
        from portal.pages.models import PrinciplePage
        from portal.pharmacies.models import Membership, Pharmacy
        from portal.pharmacies.roles import Role
        from quizzes.benchmarks import seed as seed_course
        from selfassessment.models import Assessment
        from toolkit.models import ToolIndexPage, ToolPage

        self.stdout.write("Préparation : volume national, 50 titulaires, 50 étudiants…")
        call_command("seed_assessments", count=PHARMACIES, verbosity=0)
        course = seed_course()
        User = get_user_model()
        owners, students = [], []
        for n in range(1, CONNECTIONS + 1):
            pharmacy = Pharmacy.objects.get(name=f"{PREFIX}{n}")
            user, _created = User.objects.get_or_create(
                email=f"bench-charge{n}@bench.test",
                defaults={"username": f"bench-charge{n}", "first_name": "Charge", "last_name": f"N{n}"},
            )
            Membership.objects.get_or_create(pharmacy=pharmacy, user=user, defaults={"role": Role.TITULAIRE})
            submitted = Assessment.objects.for_pharmacy(pharmacy).submitted().first()
            open_assessment = Assessment.start_or_resume(pharmacy, submitted.questionnaire, user)
            question = open_assessment.questionnaire.questions.prefetch_related("choices").first()
            choice = question.choices.all()[0]
            owners.append(self.session(user) | {
                "bilan": reverse("selfassessment:results", args=[submitted.pk]),
                "theme": reverse("selfassessment:theme", args=[open_assessment.pk, question.theme_number]),
                "autosave": f"q-{question.pk}={choice.pk}",
            })
        for student in User.objects.filter(email__startswith="bench-etudiant").order_by("pk")[:CONNECTIONS]:
            client, info = self.session(student, with_client=True)
            response = client.post(reverse("quizzes:start", args=[course.pk, "revision"]), {"size": 50})
            session_url = response["Location"]
            students.append(info | {
                "course": reverse("quizzes:course", args=[course.pk]),
                "session": session_url,
            })
        anonymous = {
            "home": "/",
            "principle": PrinciplePage.objects.live().order_by("path").first().url,
            "toolkit": ToolIndexPage.objects.live().first().url,
            "tool": ToolPage.objects.live().order_by("path").first().url,
        }
        return self.journeys(anonymous, owners, students, self.answering_students(course))

    def answering_students(self, course) -> dict:
        """Every bench student with two fresh revision sessions of the whole course (one for the
        warm-up, one for the measure): the answer POSTs record real answers, in order, each a
        right or a wrong choice in turn; a question answered wrong comes back in the session
        (`quizzes.relearning`), and is then answered right."""
        from quizzes import relearning
        from quizzes.models import Question, StudySession

        User = get_user_model()
        questions = list(
            Question.objects.filter(chapter__course=course).prefetch_related("choices")
            .order_by("chapter__position", "position", "pk")
        )
        ids = [q.pk for q in questions]
        by_id = {q.pk: (index, q) for index, q in enumerate(questions)}
        bodies, queue, position = [], list(ids), 0
        while position < len(queue) and len(bodies) < 3 * len(ids):
            index, question = by_id[queue[position]]
            right = [c.pk for c in question.choices.all() if c.is_correct]
            wrong = [c.pk for c in question.choices.all() if not c.is_correct][:1]
            first = relearning.repeat_number(queue, position, question.pk) == 0
            picked = wrong if first and index % 2 and wrong else right
            bodies.append(f"question={question.pk}&" + "&".join(f"choice={pk}" for pk in picked))
            position += 1
            if not question.grade(picked)[0]:  # what the session does with this answer
                queue = relearning.requeue(queue, position, question.pk)
        phases = {"measure": [], "warmup": []}
        for student in User.objects.filter(email__startswith="bench-etudiant").order_by("pk"):
            info = self.session(student)
            for people in phases.values():
                study = StudySession.objects.create(
                    student=student, course=course, mode=StudySession.Mode.REVISION, question_ids=ids
                )
                people.append(info | {"url": reverse("quizzes:session", args=[study.pk]), "answers": bodies})
        return phases

    def session(self, user, with_client=False):
        client = Client(HTTP_HOST=HOST)
        client.force_login(user)
        csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret
        info = {
            "cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
            f"{settings.CSRF_COOKIE_NAME}={csrf}",
            "csrf": csrf,
        }
        return (client, info) if with_client else info

    @staticmethod
    def journeys(anonymous, owners, students, answering) -> dict:
        def get(people, key):
            return [("GET", p[key], {"Cookie": p["cookie"]}, None) for p in people]

        def post(people, url_key, body_key, extra=None):
            return [
                ("POST", p[url_key], {
                    "Cookie": p["cookie"], "X-CSRFToken": p["csrf"],
                    "Content-Type": "application/x-www-form-urlencoded", **(extra or {}),
                }, p[body_key])
                for p in people
            ]

        journeys = {"ceiling": [("GET", "/", {}, None)]}
        # What the signed-in stack allows a write before it does anything (bench/loadtest/floor_urls.py).
        journeys[FLOOR] = post([p | {"floor": FLOOR_URL, "nothing": "x=1"} for p in owners], "floor", "nothing",
                               {"X-Requested-With": "fetch"})
        journeys.update({f"anonyme {name}": [("GET", url, {}, None)] for name, url in anonymous.items()})
        for name in ("dashboard", "statuses"):
            url = reverse("toolkit:dashboard") if name == "dashboard" else reverse("toolkit:statuses")
            journeys[f"titulaire {name}"] = [("GET", url, {"Cookie": p["cookie"]}, None) for p in owners]
        journeys["titulaire thème du questionnaire"] = get(owners, "theme")
        journeys["titulaire enregistrement auto (POST)"] = post(owners, "theme", "autosave", {"X-Requested-With": "fetch"})
        journeys["titulaire bilan"] = get(owners, "bilan")
        journeys["étudiant page du cours"] = get(students, "course")
        journeys["étudiant question"] = get(students, "session")
        journeys["étudiant réponse (POST)"] = post(answering["measure"], "url", "answers")
        journeys["étudiant réponse (POST)" + WARMUP] = post(answering["warmup"], "url", "answers")
        return journeys

    # --- Servers and load ----------------------------------------------------------------------
    def start(self, app, port, env):
        config = Path(settings.BASE_DIR) / "portal" / "gunicorn.conf.py"
        command = [sys.executable, "-m", "gunicorn", "-c", str(config), "--bind", f"{HOST}:{port}", *app]
        return subprocess.Popen(command, env={**env, "REQUEST_LOG_LEVEL": "WARNING"}, stdout=subprocess.DEVNULL)

    @staticmethod
    def wait_for(port, path):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=5).read()
                return
            except urllib.error.HTTPError as error:
                raise CommandError(f"le serveur du port {port} répond {error.code} sur {path}") from error
            except OSError:
                time.sleep(0.5)
        raise CommandError(f"le serveur du port {port} ne répond pas")

    def measure(self, journeys, port, duration, warmup) -> dict:
        """Each endpoint is driven `warmup` seconds first (the figures of that phase are dropped:
        they show each worker's first requests and each user's first page, built before it is
        cached), then measured; the servers are idle between endpoints."""
        results = {}
        order = ["ceiling", *[name for name in journeys if name != "ceiling" and not name.endswith(WARMUP)],
                 "ceiling (après)"]
        for name in order:
            requests = journeys["ceiling" if name.startswith("ceiling") else name]
            target_port = port + 1 if name.startswith("ceiling") else port + 2 if name == FLOOR else port
            if warmup:
                self.wrk(journeys.get(name + WARMUP, requests), target_port, warmup)
                time.sleep(1)  # requests still queued from the warm-up are served before measuring
            results[name] = self.wrk(requests, target_port, duration)
            r = results[name]
            self.stdout.write(f"  {name:<40} {r['rps']:8.1f} req/s  p95 {r['p95_ms']:7.1f} ms  erreurs {r['errors']}")
        return results

    def wrk(self, requests, port, duration) -> dict:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA.replace("{REQUESTS}", lua_requests(requests)).replace("{THREADS}", str(THREADS)))
        try:
            output = subprocess.run(
                ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "4s", "-s", script.name,
                 f"http://{HOST}:{port}"],
                capture_output=True, text=True, timeout=duration + 60, check=True,
            ).stdout
        finally:
            os.unlink(script.name)
        line = next(line for line in output.splitlines() if line.startswith("RESULT "))
        data = json.loads(line[len("RESULT "):])
        errors = data["connect"] + data["read"] + data["write"] + data["status"] + data["timeout"]
        return {
            "rps": data["requests"] / data["seconds"] if data["seconds"] else 0,
            "p50_ms": data["p50"], "p95_ms": data["p95"], "p99_ms": data["p99"],
            "errors": errors, "timeouts": data["timeout"], "requests": data["requests"],
        }

    def report(self, results, duration, workers, output):
        ceiling = (results["ceiling"]["rps"] + results["ceiling (après)"]["rps"]) / 2
        lines = [
            f"| endpoint ({CONNECTIONS} connexions, {duration} s chacun, gunicorn {workers} workers) | req/s | part du plafond | p50 ms | p95 ms | p99 ms | erreurs |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, r in results.items():
            r["ratio"] = r["rps"] / ceiling if ceiling else 0
            lines.append(
                f"| {name} | {r['rps']:.1f} | {r['ratio']:.2f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} |"
            )
        table = "\n".join(lines)
        self.stdout.write(table)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps({"ceiling_rps": ceiling, "duration_s": duration, "workers": workers,
                                      "connections": CONNECTIONS, "endpoints": results, "table": table},
                                     indent=2, ensure_ascii=False))
        self.stdout.write(self.style.SUCCESS(f"Résultats : {output}"))
