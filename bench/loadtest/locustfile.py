"""The load test's mix (locust, headless): each connection is one signed-in person walking their
role's journey (`bench/loadtest/journeys.py`), with the people `loadtest` prepared.

Run by `manage.py loadtest` (`bench/loadtest/mix.py`), never by hand: the people file is named by
`LOADTEST_PEOPLE` (JSON: {"owner": [...], "student": [...]}, each person with its cookie, its CSRF
token, its URLs, its bodies and its steps). No Django here: locust only sends requests.
"""

import itertools
import json
import os
import random
import sys
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from journeys import form_from  # noqa: E402  (the journeys' module, without Django)

with open(os.environ["LOADTEST_PEOPLE"], encoding="utf-8") as people_file:
    PEOPLE = json.load(people_file)
SHARES = PEOPLE.pop("shares")
# The mean pause before each page or write, in seconds (`LOADTEST_THINK_S`, 0: none). Drawn from an
# exponential law, so that 50 people together send requests as independent arrivals do.
THINK_S = float(os.environ.get("LOADTEST_THINK_S", "0"))
_next_person = {role: itertools.count() for role in PEOPLE}

class Person(FastHttpUser):
    """One person of one role: their own session, their own pharmacy, their journey in a loop."""

    abstract = True
    role = ""
    # A closed loop: the next page as soon as one arrives (capacity); with `THINK_S`, a pause before
    # each step instead (people reading a page before the next: the latency they meet).
    wait_time = constant(0)
    network_timeout = 4.0
    connection_timeout = 4.0

    def on_start(self):
        people = PEOPLE[self.role]
        self.person = people[next(_next_person[self.role]) % len(people)]
        self.urls = dict(self.person["urls"])
        self.sent = {}  # body key: how many sent, to walk a list of bodies in turn
        self.page = self.last_url = ""

    def body(self, step) -> str:
        if step["form"]:
            return form_from(self.page)
        bodies = self.person["bodies"][step["body"]]
        if isinstance(bodies, list):
            count = self.sent.get(step["body"], 0)
            self.sent[step["body"]] = count + 1
            return bodies[count % len(bodies)]
        return bodies

    @task
    def journey(self):
        for step in self.person["steps"]:
            self.walk(step)

    def walk(self, step):
        url = self.urls.get(step["url"])
        if not url:
            return
        if THINK_S:
            gevent.sleep(random.expovariate(1 / THINK_S))
        headers = {"Cookie": self.person["cookie"]}
        if step["method"] == "POST":
            headers |= {"X-CSRFToken": self.person["csrf"], "Content-Type": "application/x-www-form-urlencoded"}
            if step["ajax"]:
                headers["X-Requested-With"] = "fetch"
            location = self.post(url, self.body(step), headers, step)
            if step["fallback"] and location == self.last_url:  # sent back: nothing to do there
                self.post(self.urls[step["fallback"]], self.person["bodies"][step["fallback"]], headers, step)
            return
        with self.client.get(url, headers=headers, name=step["name"], allow_redirects=False,
                             catch_response=True) as response:
            cached = (response.headers or {}).get("X-Portal-Cache") == "personal"
            response.request_meta["name"] = f"{step['name']} [{'en cache' if cached else 'construite'}]"
            self.check(response, (200,))
            self.page = response.text or ""
            self.last_url = url

    def post(self, url, body, headers, step) -> str | None:
        """POST `body`; the redirect's location, kept under the step's `sets` key."""
        with self.client.post(url, data=body, headers=headers, name=step["name"], allow_redirects=False,
                              catch_response=True) as response:
            self.check(response, (200, 302))
            location = response.headers.get("Location") if response.status_code == 302 else None
        if step["sets"] and location:
            self.urls[step["sets"]] = location
        return location

    @staticmethod
    def check(response, expected):
        if response.status_code in expected:
            response.success()
        else:
            response.failure(f"HTTP {response.status_code}")


class Owner(Person):
    role = "owner"
    fixed_count = SHARES["owner"]


class Student(Person):
    role = "student"
    fixed_count = SHARES["student"]
