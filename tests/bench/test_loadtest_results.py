"""The load test's results file: next to the benchmarks' (var/), the figures of each endpoint."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.utils import timezone

from bench.loadtest import mix, report, wrk
from bench.management.commands.loadtest import Command


def figures(rps):
    return {"rps": rps, "p50_ms": 10.0, "p95_ms": 20.0, "p99_ms": 30.0, "errors": 0, "timeouts": 0, "requests": 10}


def test_results_are_written_next_to_the_benchmarks_with_each_endpoint_figures(tmp_path, settings):
    default = Command().create_parser("manage.py", "loadtest").parse_args([]).output
    assert default == settings.BASE_DIR / "var" / "loadtest-results.json"

    output = tmp_path / "var" / "loadtest-results.json"
    endpoints = {
        "ceiling": figures(100.0), "plancher d'une écriture connectée (POST vide)": figures(80.0),
        "anonyme home": figures(50.0), "titulaire bilan [construite]": figures(4.0),
        "titulaire tableau de bord [construite]": figures(20.0), "titulaire tableau de bord [en cache]": figures(60.0),
        "titulaire enregistrement auto (POST)": figures(40.0), "ceiling (après)": figures(100.0),
    }
    mixed = {"titulaire bilan [construite]": figures(2.0), "le mélange entier": figures(30.0)}
    stdout = StringIO()
    report.write(stdout, {"quiet": {"endpoints": endpoints, "mix": mixed}},
                 {"duration_s": 5, "mix_s": 60, "workers": 3, "connections": 50}, output)
    data = json.loads(output.read_text())
    home = data["endpoints"]["anonyme home"]
    assert {"rps", "p50_ms", "p95_ms", "p99_ms", "errors", "ratio"} <= home.keys()
    assert home["ratio"] == 0.5 and data["ceiling_rps"] == 100.0
    assert data["endpoints"]["titulaire enregistrement auto (POST)"]["floor_ratio"] == 0.5
    assert data["mix"]["le mélange entier"]["rps"] == 30.0
    printed = stdout.getvalue()
    # The README-ready tables: built and cached rows apart, the whole mix, the targets checked.
    assert "| titulaire tableau de bord [construite] | 20.0 | 0.20 |" in printed
    assert "| titulaire tableau de bord [en cache] | 60.0 | 0.60 |" in printed
    assert "**le mélange entier** (0.30 du plafond)" in printed
    assert "OK  titulaire tableau de bord [construite]: 0.20" in printed
    assert "NON titulaire bilan [construite]: 0.04 du plafond (objectif 0.05)" in printed
    assert "OK  titulaire enregistrement auto (POST): 0.50 du plancher" in printed


def test_the_floor_is_the_mean_of_its_measures_before_and_after():
    endpoints = {"ceiling": figures(100.0), "plancher d'une écriture connectée (POST vide)": figures(90.0),
                 "étudiant réponse (POST)": figures(40.0),
                 "plancher d'une écriture connectée (POST vide) (après)": figures(110.0), "ceiling (après)": figures(100.0)}
    report.with_ratios(endpoints)
    assert report.floor_of(endpoints) == 100.0
    assert endpoints["étudiant réponse (POST)"]["floor_ratio"] == 0.4


def test_each_endpoint_is_compared_with_the_ceiling_and_floor_measured_around_it():
    floor, ceiling = "plancher d'une écriture connectée (POST vide)", "ceiling"
    results = {ceiling: figures(3000.0), floor: figures(1000.0), "titulaire bilan [construite]": figures(300.0),
               "étudiant réponse (POST)": figures(400.0), f"{floor} (après)": figures(1200.0),
               "ceiling (après)": figures(2000.0)}
    references = [("ceiling", 3000.0, None), ("measured", 0.0, ceiling), ("floor", 1000.0, None), ("measured", 0.0, floor),
                  ("ceiling", 2000.0, "titulaire bilan [construite]"), ("measured", 0.0, "titulaire bilan [construite]"),
                  ("ceiling", 4000.0, "étudiant réponse (POST)"), ("floor", 800.0, "étudiant réponse (POST)"),
                  ("measured", 0.0, "étudiant réponse (POST)"), ("floor", 1200.0, None), ("measured", 0.0, f"{floor} (après)"),
                  ("ceiling", 2000.0, None), ("measured", 0.0, "ceiling (après)")]
    Command.local_references(results, references)
    report.with_ratios(results)
    bilan, answer = results["titulaire bilan [construite]"], results["étudiant réponse (POST)"]
    assert bilan["local_ceiling"] == 3000.0 and bilan["ratio"] == 0.1  # the probes just before and after it
    assert "local_floor" not in bilan
    assert answer["local_ceiling"] == 3000.0 and answer["local_floor"] == 1000.0 and answer["floor_ratio"] == 0.4
    assert "local_ceiling" not in results[ceiling] and results[ceiling]["ratio"] == 3000.0 / 2500.0


def test_the_contention_table_compares_each_endpoint_with_its_quiet_ratio():
    quiet = {"ceiling": figures(100.0), "plancher x": figures(50.0), "titulaire bilan [construite]": figures(10.0),
             "titulaire enregistrement auto (POST)": figures(30.0)}
    busy = {"ceiling": figures(50.0), "plancher x": figures(25.0), "titulaire bilan [construite]": figures(2.0),
            "titulaire enregistrement auto (POST)": figures(15.0)}
    report.with_ratios(quiet), report.with_ratios(busy)
    table = report.contention_table(quiet, busy)
    assert "| titulaire bilan [construite] | 0.10 | 0.04 | 0.40 | NON |" in table
    assert "| titulaire enregistrement auto (POST) (du plancher) | 0.60 | 0.60 | 1.00 | oui |" in table


def test_the_endpoints_include_the_signed_in_write_floor_and_built_and_cached_pages():
    from bench.management.commands.loadtest import FLOOR, FLOOR_URL

    urls = {"toolkit:dashboard": "/d/", "toolkit:statuses": "/s/", "theme": "/t/", "summary": "/r/", "bilan": "/b/",
            "registers:incident_list": "/i/", "registers:incident_quick": "/q/", "registers:statistics": "/st/",
            "registers:programme": "/p/", "map": "/m/", "course": "/c/", "session": "/se/"}
    person = {"session_cookie": "sessionid=s", "cookie": "sessionid=s; csrftoken=t", "csrf": "t", "urls": urls,
              "bodies": {"autosaves": ["q-1=2"]}}
    answering = {"measure": [person | {"answers": ["x"]}], "warmup": []}
    people = {"owner": [person], "student": [person], "anonymous": {"home": "/"}, "answering": answering}
    endpoints = Command.endpoints(people)
    [(method, url, headers, body)] = endpoints[FLOOR]
    assert (method, url, body) == ("POST", FLOOR_URL, "x=1")
    assert headers["Cookie"] == person["cookie"] and headers["X-CSRFToken"] == "t"
    # Built: the session cookie alone (wrk adds a fresh CSRF cookie each time); cached: the same cookies again.
    [built] = endpoints["titulaire bilan [construite]"]
    [cached] = endpoints["titulaire bilan [en cache]"]
    assert built == ("GET", "/b/", {}, None, "sessionid=s")
    assert cached == ("GET", "/b/", {"Cookie": person["cookie"]}, None)
    assert wrk.lua_requests([built]).count('"sessionid=s"') == 1


def test_every_journey_step_reaches_a_prepared_url_or_a_url_name():
    from django.urls import reverse

    from bench.loadtest.journeys import JOURNEYS

    prepared = {"theme", "next_theme", "summary", "bilan", "map", "course", "start", "session", "feedback"}
    for steps in JOURNEYS.values():
        for step in steps:
            assert step.url in prepared or reverse(step.url)
            assert step.method == "GET" or step.body or step.form
            assert not step.fallback or (step.method == "POST" and step.sets)


def test_a_student_with_nothing_left_to_revise_falls_back_on_an_entrainement(db, client, course, enrolled, settings):
    from django.http import QueryDict
    from django.urls import resolve

    from bench.loadtest import people
    from bench.loadtest.journeys import JOURNEYS
    from quizzes.models import MemoryState, Question, StudySession

    settings.ALLOWED_HOSTS = [people.HOST, "testserver"]
    prepared = people.student(enrolled, course)
    fallback = next(step.fallback for step in JOURNEYS["student"] if step.fallback)
    client.force_login(enrolled)
    MemoryState.objects.filter(student=enrolled).delete()
    for question in Question.objects.filter(chapter__course=course):
        MemoryState.objects.create(student=enrolled, question=question, course=course,
                                   due=timezone.now() + timedelta(days=3))
    revision = client.post(prepared["urls"]["start"], QueryDict(prepared["bodies"]["start"]))
    assert revision["Location"] == prepared["urls"]["course"], "nothing to revise: back to the course page"
    practice = client.post(prepared["urls"][fallback], QueryDict(prepared["bodies"][fallback]))
    match = resolve(practice["Location"])
    assert match.url_name == "session"
    assert StudySession.objects.get(pk=match.kwargs["session_id"]).mode == StudySession.Mode.PRACTICE


def test_the_mix_reads_locust_statistics():
    rows = [{"Name": "titulaire bilan [construite]", "Requests/s": "2.5", "50%": "40", "95%": "90", "99%": "N/A",
             "Failure Count": "0", "Request Count": "25"},
            {"Name": "Aggregated", "Requests/s": "10", "50%": "30", "95%": "80", "99%": "100",
             "Failure Count": "1", "Request Count": "100"}]
    stats = mix.read_stats(rows)
    assert stats["le mélange entier"]["errors"] == 1
    assert stats["titulaire bilan [construite]"]["p99_ms"] == 0.0 and stats["titulaire bilan [construite]"]["rps"] == 2.5


def test_the_quiz_answer_is_read_from_the_question_page():
    from bench.loadtest.journeys import form_from

    page = '<input type="hidden" name="question" value="12"><input name="choice" value="7"><input name="choice" value="8">'
    assert form_from(page) == "question=12&choice=7&confidence=sur"  # the « Sûr » button
    assert form_from("") == "dont_know=1"


@pytest.mark.urls("bench.loadtest.floor_urls")
def test_the_floor_is_a_signed_in_csrf_checked_post_that_writes_nothing(db, owner, pharmacy, django_assert_max_num_queries):
    from django.test import Client

    from bench.loadtest.people import FLOOR_URL

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    assert browser.post(FLOOR_URL).status_code == 403  # no CSRF token
    token = "a" * 32  # as the load test sends it: the same secret in the cookie and the header
    browser.cookies["csrftoken"] = token
    assert browser.get(FLOOR_URL).status_code == 405
    signed_out = Client(enforce_csrf_checks=True)
    signed_out.cookies["csrftoken"] = token
    assert signed_out.post(FLOOR_URL, HTTP_X_CSRFTOKEN=token).status_code == 302  # to the login page
    browser.post(FLOOR_URL, HTTP_X_CSRFTOKEN=token)  # the person is cached
    with django_assert_max_num_queries(1):  # the session only
        response = browser.post(FLOOR_URL, HTTP_X_CSRFTOKEN=token)
    assert response.json() == {"pharmacy": pharmacy.pk}


def test_the_servers_start_with_files_and_modules_that_exist(monkeypatch):
    from importlib.util import find_spec
    from pathlib import Path

    from bench.management.commands import loadtest

    started = []
    monkeypatch.setattr(loadtest.subprocess, "Popen", lambda command, **kwargs: started.append((command, kwargs)))
    command = Command()
    command.start(["bench.loadtest.ceiling:application"], 8200, {})
    [(argv, kwargs)] = started
    config = Path(argv[argv.index("-c") + 1])
    assert config.is_file() and config.read_text().count("post_worker_init")
    assert find_spec(argv[-1].split(":")[0]) is not None
    assert find_spec("bench.loadtest.floor_settings") is not None


def test_the_measure_waits_for_the_warm_up_queue_to_drain():
    assert Command.drain(figures(10.0) | {"p99_ms": 30.0}) == 1.0
    assert Command.drain(figures(10.0) | {"p99_ms": 2500.0}) == 2.5
    assert Command.drain(figures(10.0) | {"requests": 0}) == 5.0


def test_each_bench_pharmacy_gets_a_closed_team_round_for_the_map_journey(db, framework, pharmacy, owner):
    from bench.loadtest.people import team_round
    from portal.pages.models import PrinciplePage
    from selfassessment.models import TeamAnswer
    from selfassessment.team import build_map
    from tests.selfassessment.factories import make_questionnaire

    questionnaire = make_questionnaire(list(PrinciplePage.objects.all()))
    prepared = team_round(pharmacy, questionnaire, 1)
    assert team_round(pharmacy, questionnaire, 1) == prepared  # prepared once
    assert not prepared.is_open and prepared.participants.count() == 2
    assert TeamAnswer.objects.filter(participant__round=prepared).count() == 2 * 4
    assert max(row.score for row in build_map(prepared).rows) > 0


@pytest.mark.django_db(transaction=True)
def test_the_database_is_vacuumed_and_checkpointed_before_the_measure():
    """As autovacuum would have: the dead rows earlier preparations left are not measured."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        Command().settle_database()
    expected = ["VACUUM (ANALYZE)", "CHECKPOINT"] if connection.vendor == "postgresql" else []
    assert [query["sql"] for query in queries.captured_queries] == expected


def test_the_request_log_is_kept_at_info_only_when_asked_and_summed_per_view(monkeypatch, tmp_path):
    from bench.management.commands import loadtest

    started = []
    monkeypatch.setattr(loadtest.subprocess, "Popen", lambda command, **kwargs: started.append(kwargs))
    log = tmp_path / "requests.log"
    Command().start(["portal.wsgi:application"], 8200, {})
    Command().start(["portal.wsgi:application"], 8200, {}, log=log)
    assert started[0]["env"]["REQUEST_LOG_LEVEL"] == "WARNING" and "stderr" not in started[0]
    assert started[1]["env"]["REQUEST_LOG_LEVEL"] == "INFO" and started[1]["stderr"].name == str(log)

    lines = [
        '[2026-12-06 06:00:00 +0100] [1] [INFO] Booting worker with pid: 1',
        json.dumps({"method": "GET", "view": "toolkit:dashboard", "cpu_ms": 30.0}),
        json.dumps({"method": "GET", "view": "toolkit:dashboard", "cpu_ms": 10.0}),
        json.dumps({"method": "POST", "view": "quizzes:session", "cpu_ms": 10.0}),
        json.dumps({"method": "GET", "view": "", "cpu_ms": 5.0}),  # no view: a 404, not counted
    ]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = report.cpu_table(log).splitlines()
    assert table[3] == "| GET toolkit:dashboard | 2 | 0.0 | 80% | 20.0 |"
    assert table[4] == "| POST quizzes:session | 1 | 0.0 | 20% | 10.0 |"
    assert len(table) == 5


def test_the_paced_mix_brings_the_load_to_its_share_of_the_closed_loop():
    # 50 people, each pausing 50 / (0.5 × 200) = 0.5 s: about 100 requests a second together.
    assert mix.think_for(50, 200.0, 0.5) == 0.5
    assert mix.think_for(50, 0.0, 0.5) == 0.0, "no closed-loop figure: no paced mix"
    assert mix.think_for(50, 200.0, 0.0) == 0.0


def test_the_paced_mix_is_reported_apart_with_the_writes_p95_checked(tmp_path):
    endpoints = {"ceiling": figures(100.0), "ceiling (après)": figures(100.0)}
    closed = {report.AUTOSAVE: figures(40.0), report.ANSWER: figures(20.0), mix.WHOLE: figures(200.0)}
    paced = {report.AUTOSAVE: {**figures(19.0), "p95_ms": 120.0},
             report.ANSWER: {**figures(9.0), "p95_ms": 260.0}, mix.WHOLE: figures(96.0)}
    stdout = StringIO()
    data = report.write(stdout, {"quiet": {"endpoints": endpoints, "mix": closed, "paced": paced, "think_s": 0.5}},
                        {"duration_s": 5, "mix_s": 60, "workers": 3, "connections": 50, "pace": 0.5},
                        tmp_path / "results.json")
    printed = stdout.getvalue()
    assert "| mélange en boucle fermée (50 personnes sans pause, 60 s) |" in printed
    assert "| mélange au pas (50 personnes, 60 s, pause moyenne 0.50 s : 0.48 du débit de la boucle fermée) |" in printed
    assert f"OK  {report.AUTOSAVE} au pas : p95 120 ms (objectif < 250 ms)" in printed
    assert f"NON {report.ANSWER} au pas : p95 260 ms (objectif < 250 ms)" in printed
    assert data["paced"][mix.WHOLE]["rps"] == 96.0


def test_the_mix_is_run_twice_closed_then_paced(monkeypatch):
    runs = []

    def fake_run(people, shares, host, seconds, connections, think=0.0):
        runs.append(think)
        return {mix.WHOLE: figures(200.0 if not think else 95.0)}

    monkeypatch.setattr(mix, "run", fake_run)
    command = Command(stdout=StringIO())
    command.pace = 0.5
    people = {"owner": [], "student": []}
    result = command.mixes(people, 8200, 60)
    assert runs == [0.0, 0.5]
    assert result["paced"][mix.WHOLE]["rps"] == 95.0 and result["think_s"] == 0.5
    assert command.mixes(people, 8200, 0) == {"mix": {}, "paced": {}, "think_s": 0.0}
