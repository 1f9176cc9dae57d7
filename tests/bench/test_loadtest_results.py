"""The load test's results file: next to the benchmarks' (var/), the figures of each endpoint."""

import json
from io import StringIO

import pytest

from bench.management.commands.loadtest import Command


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


def test_the_journeys_include_the_signed_in_write_floor():
    from bench.management.commands.loadtest import FLOOR, FLOOR_URL

    owner = {"cookie": "sessionid=s; csrftoken=t", "csrf": "t", "theme": "/t/", "autosave": "q-1=2", "bilan": "/b/",
             "map": "/m/"}
    student = {"cookie": "sessionid=u", "course": "/c/", "session": "/s/"}
    answering = {"measure": [{"cookie": "c", "csrf": "t", "url": "/a/", "answers": ["x"]}], "warmup": []}
    journeys = Command.journeys({"home": "/"}, [owner], [student], answering)
    [(method, url, headers, body)] = journeys[FLOOR]
    assert (method, url, body) == ("POST", FLOOR_URL, "x=1")
    assert headers["Cookie"] == owner["cookie"] and headers["X-CSRFToken"] == "t"
    assert journeys["titulaire carte des désaccords"] == [("GET", "/m/", {"Cookie": owner["cookie"]}, None)]


def test_each_bench_pharmacy_gets_a_closed_team_round_for_the_map_journey(db, framework, pharmacy, owner):
    from portal.pages.models import PrinciplePage
    from selfassessment.models import TeamAnswer
    from selfassessment.team import build_map
    from tests.selfassessment.factories import make_questionnaire

    questionnaire = make_questionnaire(list(PrinciplePage.objects.all()))
    team_round = Command.team_round(pharmacy, questionnaire, 1)
    assert Command.team_round(pharmacy, questionnaire, 1) == team_round  # prepared once
    assert not team_round.is_open and team_round.participants.count() == 2
    assert TeamAnswer.objects.filter(participant__round=team_round).count() == 2 * 4
    assert max(row.score for row in build_map(team_round).rows) > 0


@pytest.mark.urls("bench.loadtest.floor_urls")
def test_the_floor_is_a_signed_in_csrf_checked_post_that_writes_nothing(db, owner, pharmacy, django_assert_max_num_queries):
    from django.test import Client

    from bench.management.commands.loadtest import FLOOR_URL

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
