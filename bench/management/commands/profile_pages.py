"""Where a built signed-in page spends its time: cProfile over N requests of one person, each built
(a fresh CSRF cookie: never the reader's cached copy), split into queries, templates, the main menu
and the rest (Python rules, middleware, views) by wrapping those three (wall clock, no profiler),
then cProfile's top functions.

    python manage.py profile_pages --page dashboard --page bilan --requests 30

`--write floor --write autosave --write answer` measures the writes instead: several hundred
signed-in, CSRF-checked POSTs each, in the same run as the signed-in write floor (the load test's
POST that writes nothing, `bench/loadtest/floor_urls.py`): wall and CPU ms, SQL queries and Redis
commands per POST, then cProfile's top functions (`--profile`).

Run on the bench database (`make loadtest` prepared it) with the load test's settings.
"""

import cProfile
import io
import os
import pstats
import secrets
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.urls import reverse


def print_profile(profile, stdout, lines) -> None:
    """cProfile's top functions by cumulative time (written at once: the command's output wrapper
    would end each piece pstats writes with a new line)."""
    if os.environ.get("PROFILE_DUMP"):  # a file for pstats or snakeviz
        pstats.Stats(profile).dump_stats(os.environ["PROFILE_DUMP"])
    buffer = io.StringIO()
    pstats.Stats(profile, stream=buffer).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(int(os.environ.get("PROFILE_LINES", lines)))
    stdout.write(buffer.getvalue())


class Timer:
    """Wall-clock time of the queries, of template rendering and of the main menu, and of the queries
    run inside each (a template that evaluates a queryset runs a query): measured without the
    profiler, by wrapping the three."""

    def __init__(self):
        self.totals = dict.fromkeys(("queries", "render", "menu", "queries_in_render", "queries_in_menu", "menu_in_render"), 0.0)
        self.inside = set()

    def query(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.totals["queries"] += spent
            for where in self.inside:
                self.totals[f"queries_in_{where}"] += spent

    def wrap(self, where, function):
        timer = self

        def wrapper(*args, **kwargs):
            if where in timer.inside:
                return function(*args, **kwargs)
            timer.inside.add(where)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.perf_counter() - started
                timer.inside.discard(where)
                timer.totals[where] += spent
                if where == "menu" and "render" in timer.inside:
                    timer.totals["menu_in_render"] += spent

        return wrapper

    def shares(self, total) -> dict:
        t = self.totals
        menu = t["menu"] - t["queries_in_menu"]
        templates = t["render"] - t["queries_in_render"] - (t["menu_in_render"] - 0)
        templates += t["queries_in_menu"] if t["menu_in_render"] else 0  # the menu's queries are queries already
        return {
            "requêtes SQL (ORM compris)": t["queries"],
            "gabarits (hors requêtes et menu)": templates,
            "menu principal (hors requêtes)": menu,
            "reste : vues, règles Python, middleware": total - t["queries"] - templates - menu,
        }


class Command(BaseCommand):
    help = "Profile built signed-in pages of a bench owner (queries, templates, menu, Python)."

    def add_arguments(self, parser):
        parser.add_argument("--page", action="append", choices=["dashboard", "bilan", "theme", "statuses"])
        parser.add_argument("--url", action="append", default=[], help="any signed-in path, e.g. /ma-dqo/registres/")
        parser.add_argument("--requests", type=int, default=30)
        parser.add_argument("--after-change", action="store_true",
                            help="each page built after a change of the pharmacy's data (as after an autosave)")
        parser.add_argument("--email", default="bench-charge1@bench.test")
        parser.add_argument("--write", action="append", choices=list(WRITES), help="measure POSTs instead")
        parser.add_argument("--profile", action="store_true", help="with --write: cProfile's top functions")
        parser.add_argument("--student", default="bench-etudiant299@bench.test", help="with --write answer")

    def handle(self, *args, page, url, requests, email, write, profile, student, after_change, **options):
        if write:
            from django.test.utils import override_settings

            with override_settings(ROOT_URLCONF="bench.loadtest.floor_urls"):
                for name in write:
                    WRITES[name](self, email=email, student=student).run(requests, profile)
            return
        user = get_user_model().objects.get(email=email)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        if after_change:
            from portal.caching.values import touch_pharmacy

            pharmacy_id = user.memberships.first().pharmacy_id

            def get_after_change(client, url):
                touch_pharmacy(pharmacy_id)  # as an autosave or a declared incident does
                return Command.get(client, url)

            self.get = get_after_change
        paths = url
        for name in (page or ([] if paths else ["dashboard", "bilan"])) + paths:
            url = name if name.startswith("/") else self.url(name, user)
            self.get(client, url)  # the worker's first request: warm-up, not counted
            started = time.perf_counter()
            queries = self.count_queries(client, url)
            for _ in range(requests):
                self.get(client, url)
            wall = (time.perf_counter() - started) / (requests + 1) * 1000
            timer = Timer()
            total = self.timed(client, url, requests, timer)
            self.shares(name, url, timer.shares(total), total, requests, wall, queries)
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(requests):
                self.get(client, url)
            profile.disable()
            print_profile(profile, self.stdout, 30)

    @staticmethod
    def url(name, user):
        from selfassessment.models import Assessment

        pharmacy = user.memberships.first().pharmacy
        if name == "dashboard":
            return reverse("toolkit:dashboard")
        if name == "statuses":
            return reverse("toolkit:statuses")
        if name == "bilan":
            return reverse("selfassessment:results", args=[Assessment.objects.for_pharmacy(pharmacy).submitted().first().pk])
        draft = Assessment.objects.for_pharmacy(pharmacy).open().first()
        return reverse("selfassessment:theme", args=[draft.pk, 3])

    @staticmethod
    def get(client, url):
        client.cookies[settings.CSRF_COOKIE_NAME] = secrets.token_hex(16)  # never the cached copy
        response = client.get(url)
        assert response.status_code == 200 and response.get("X-Portal-Cache") != "personal", response.status_code
        return response

    def count_queries(self, client, url) -> int:
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.get(client, url)
        return len(captured)

    def timed(self, client, url, requests, timer) -> float:
        from django.template.backends import django as template_backend

        from portal import context_processors

        render, menu = template_backend.Template.render, context_processors._menu_pages
        template_backend.Template.render = timer.wrap("render", render)
        context_processors._menu_pages = timer.wrap("menu", menu)
        try:
            with connection.execute_wrapper(timer.query):
                started = time.perf_counter()
                for _ in range(requests):
                    self.get(client, url)
                return time.perf_counter() - started
        finally:
            template_backend.Template.render, context_processors._menu_pages = render, menu

    def shares(self, name, url, shares, total, requests, wall, queries):
        self.stdout.write(f"\n{name} ({url}): {wall:.1f} ms par page construite, {queries} requêtes SQL")
        for label, seconds in shares.items():
            self.stdout.write(f"  {label:<42} {seconds / requests * 1000:7.2f} ms  {seconds / total:6.1%}")


class Writes:
    """Signed-in, CSRF-checked POSTs of one person, measured one by one (wall and CPU time, SQL
    queries, Redis commands), after a warm-up."""

    label = ""

    def __init__(self, command, email, student):
        self.command = command
        self.csrf = secrets.token_hex(16)

    def client(self, user):
        client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)
        client.force_login(user)
        client.cookies[settings.CSRF_COOKIE_NAME] = self.csrf
        return client

    def post(self):
        """One POST (and the check of its answer)."""
        raise NotImplementedError

    def finish(self):
        """Remove what the measure left behind."""

    def run(self, requests, profile):
        import redis.connection
        from django.test.utils import CaptureQueriesContext

        for _ in range(10):
            self.post()  # warm-up
        sent = {"redis": 0}
        original = redis.connection.AbstractConnection.send_packed_command

        def counting(connection_, command, check_health=True):
            sent["redis"] += 1
            return original(connection_, command, check_health)

        redis.connection.AbstractConnection.send_packed_command = counting
        try:
            walls, cpus = [], []
            with CaptureQueriesContext(connection) as captured:
                for _ in range(requests):
                    wall, cpu = time.perf_counter(), time.process_time()
                    self.post()
                    walls.append(time.perf_counter() - wall)
                    cpus.append(time.process_time() - cpu)
        finally:
            redis.connection.AbstractConnection.send_packed_command = original
        # The median as well as the mean: on a shared machine, the median of the CPU time is the
        # steadiest figure to compare (a neighbour's burst lengthens a few requests, not all).
        self.command.stdout.write(
            f"{self.label:<32} {sum(walls) / requests * 1000:6.2f} ms mur (médiane {statistics.median(walls) * 1000:5.2f})  "
            f"{sum(cpus) / requests * 1000:6.2f} ms CPU (médiane {statistics.median(cpus) * 1000:5.2f})  "
            f"{len(captured) / requests:5.1f} requêtes SQL  {sent['redis'] / requests:4.1f} commandes Redis  "
            f"({requests} POST)"
        )
        if profile:
            self.command.stdout.write("  " + "\n  ".join(q["sql"][:160] for q in captured.captured_queries[-self.per_post(captured, requests):]))
            stats = cProfile.Profile(time.process_time)  # CPU time: waiting for the database is not work
            stats.enable()
            for _ in range(requests):
                self.post()
            stats.disable()
            calls = pstats.Stats(stats).total_calls
            # Python function calls per POST: a steady measure of the work, whatever the neighbours do.
            self.command.stdout.write(f"  {calls / requests:.0f} appels de fonctions Python par POST")
            print_profile(stats, self.command.stdout, 40)
        self.finish()

    @staticmethod
    def per_post(captured, requests):
        return max(1, round(len(captured) / requests))


class Floor(Writes):
    label = "plancher (POST sans écriture)"

    def __init__(self, command, email, student):
        super().__init__(command, email, student)
        self.http = self.client(get_user_model().objects.get(email=email))

    def post(self):
        response = self.http.post("/loadtest/plancher/", HTTP_X_CSRFTOKEN=self.csrf)
        assert response.status_code == 200, response.status_code


class Autosave(Writes):
    """The autosave of the owner's draft: one answer per POST, each question of the first theme in
    turn, its choices in turn (every POST changes the stored answer)."""

    label = "enregistrement auto (AJAX)"

    def __init__(self, command, email, student):
        from selfassessment.models import Assessment, Question

        super().__init__(command, email, student)
        user = get_user_model().objects.get(email=email)
        self.http = self.client(user)
        draft = Assessment.objects.for_pharmacy(user.memberships.first().pharmacy).open().get()
        questions = list(Question.objects.filter(questionnaire_id=draft.questionnaire_id)
                         .prefetch_related("choices").order_by("theme_number", "order", "pk"))
        number = questions[0].theme_number
        self.url = reverse("selfassessment:theme", args=[draft.pk, number])
        self.bodies = [
            f"q-{question.pk}={choice.pk}"
            for turn in range(4)
            for question in questions if question.theme_number == number
            for choice in [list(question.choices.all())[turn % question.choices.count()]]
        ]
        self.sent = 0

    def post(self):
        body = self.bodies[self.sent % len(self.bodies)]
        self.sent += 1
        response = self.http.post(self.url, body, content_type="application/x-www-form-urlencoded",
                                  HTTP_X_CSRFTOKEN=self.csrf, HTTP_X_REQUESTED_WITH="fetch")
        assert response.status_code == 200 and response.json()["saved"] == 1, response.status_code


class Answer(Writes):
    """A bench student's answers in revision sessions of the bench course, in the load test's order
    (`bench.loadtest.people.answer_bodies`): right and wrong answers, the wrong ones coming back."""

    label = "réponse au quiz"

    def __init__(self, command, email, student):
        from bench.loadtest.people import answer_bodies
        from quizzes.benchmarks import seed

        super().__init__(command, email, student)
        self.course = seed()
        self.student = get_user_model().objects.get(email=student)
        self.http = self.client(self.student)
        self.ids, self.bodies = answer_bodies(self.course)
        self.sessions, self.queue = [], []

    def post(self):
        from quizzes.models import StudySession

        if not self.queue:  # a new session: one INSERT every few dozen answers
            study = StudySession.objects.create(student=self.student, course=self.course,
                                                mode=StudySession.Mode.REVISION, question_ids=self.ids)
            self.sessions.append(study.pk)
            self.url = reverse("quizzes:session", args=[study.pk])
            self.queue = list(self.bodies)
        body = self.queue.pop(0)
        response = self.http.post(self.url, body, content_type="application/x-www-form-urlencoded",
                                  HTTP_X_CSRFTOKEN=self.csrf)
        assert response.status_code == 302 and "/correction/" in response["Location"], (
            response.status_code, response.get("Location"))

    def finish(self):
        from quizzes.models import StudySession

        StudySession.objects.filter(pk__in=self.sessions).delete()


WRITES = {"floor": Floor, "autosave": Autosave, "answer": Answer}
