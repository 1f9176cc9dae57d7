"""Where a built signed-in page spends its time: cProfile over N requests of one person, each built
(a fresh CSRF cookie: never the reader's cached copy), split into queries, templates, the main menu
and the rest (Python rules, middleware, views) by wrapping those three (wall clock, no profiler),
then cProfile's top functions.

    python manage.py profile_pages --page dashboard --page bilan --requests 30

Run on the bench database (`make loadtest` prepared it) with the load test's settings.
"""

import cProfile
import pstats
import secrets
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.urls import reverse


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
        parser.add_argument("--email", default="bench-charge1@bench.test")

    def handle(self, *args, page, url, requests, email, **options):
        user = get_user_model().objects.get(email=email)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
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
            pstats.Stats(profile, stream=self.stdout).sort_stats("cumulative").print_stats(30)

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
