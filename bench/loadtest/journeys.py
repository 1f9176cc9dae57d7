"""The people of the load test's mix and the journeys they walk: one list per role, easy to extend.

Each of the 50 connections of the mix (`bench/loadtest/mix.py`, locust) is one signed-in person of
their own pharmacy (or a student), who walks their role's journey from the first step to the last,
then starts again. A step names a page as people call it, how to reach it and what to send:

- `url`: a URL name (`"toolkit:dashboard"`, reversed without arguments: pages of the person's own
  pharmacy) or a key of the person's prepared URLs (`"bilan"`, `"theme"`: see `loadtest.prepare`);
- `method`: GET or POST; `body`: a key of the person's prepared bodies (a list is sent in turn);
- `form`: the POST body is read from the page the previous step received (a quiz answer);
- `repeat`: a real person repeats the previous page here (back button, a second look): the one
  place where a personal-cache hit is expected;
- `fallback`: what a person does instead when a POST sends them back where they were (a student
  with nothing left to revise starts an Entraînement of a chapter).

Signed-in GETs are reported twice, by what the portal answered (`X-Portal-Cache: personal` or not):
« construite » (built) and « en cache » (the reader's cached copy).

To add a page (another engineer's new page): append a `Step` to the role's journey, with a URL
name when the page needs no argument; `measured` puts it in the per-page measures too (alone,
50 people at once, built then cached), under `ENDPOINTS`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Step:
    name: str
    url: str
    method: str = "GET"
    body: str = ""
    form: bool = False
    ajax: bool = False
    repeat: bool = False
    sets: str = ""  # a POST: the person's URL key its redirect sets (the quiz session, the correction)
    # A POST with `sets`: when its redirect leads back to the page the person was on (« Rien à
    # réviser pour l'instant »), they send this prepared URL and body instead (an Entraînement).
    fallback: str = ""
    measured: bool = True  # also measured alone (GET: built and cached; POST: writes)

    def as_dict(self) -> dict:
        return asdict(self)


OWNER = [
    Step("titulaire tableau de bord", "toolkit:dashboard"),
    Step("titulaire thème du questionnaire", "theme"),
    Step("titulaire enregistrement auto (POST)", "theme", "POST", body="autosaves", ajax=True),
    Step("titulaire enregistrement auto (POST)", "theme", "POST", body="autosaves", ajax=True, measured=False),
    Step("titulaire thème suivant", "next_theme", measured=False),
    Step("titulaire enregistrement auto (POST)", "next_theme", "POST", body="next_autosaves", ajax=True,
         measured=False),
    Step("titulaire relecture", "summary"),
    Step("titulaire bilan", "bilan"),
    Step("titulaire bilan", "bilan", repeat=True, measured=False),
    Step("titulaire carte des désaccords", "map"),
    Step("titulaire statuts des outils", "toolkit:statuses"),
    Step("titulaire registre des incidents", "registers:incident_list"),
    Step("titulaire déclaration rapide", "registers:incident_quick"),
    Step("titulaire déclaration rapide (POST)", "registers:incident_quick", "POST", body="incident", measured=False),
    Step("titulaire statistiques du registre", "registers:statistics"),
    Step("titulaire programme d'amélioration", "registers:programme"),
    Step("titulaire tableau de bord", "toolkit:dashboard", measured=False),
]

STUDENT = [
    Step("étudiant page du cours", "course"),
    Step("étudiant nouvelle séance (POST)", "start", "POST", body="start", sets="session", fallback="practice",
         measured=False),
    *[
        step
        for _ in range(5)
        for step in (
            Step("étudiant question", "session", measured=False),
            Step("étudiant réponse (POST)", "session", "POST", form=True, sets="feedback", measured=False),
            Step("étudiant correction", "feedback", measured=False),
        )
    ],
    Step("étudiant page du cours", "course", measured=False),
]

JOURNEYS = {"owner": OWNER, "student": STUDENT}
# How many of the 50 connections each role takes in the mix (a December evening: mostly teams).
SHARES = {"owner": 40, "student": 10}


def measured_pages(role: str) -> list[Step]:
    """The signed-in GET pages of a role measured alone (built, then cached), once each."""
    seen, pages = set(), []
    for step in JOURNEYS[role]:
        if step.method == "GET" and step.measured and step.name not in seen:
            seen.add(step.name)
            pages.append(step)
    return pages


QUESTION_FIELD = re.compile(r'name="question" value="(\d+)"')
CHOICE_FIELD = re.compile(r'name="choice" value="(\d+)"')


def form_from(page: str) -> str:
    """A quiz answer to the question page received: its question and one of its choices (right or
    wrong, depending on the question) sent with the « Sûr » button, or "I don't know" when the
    page has no choice."""
    question = QUESTION_FIELD.search(page or "")
    choices = CHOICE_FIELD.findall(page or "")
    if not question:
        return "dont_know=1"
    if not choices:
        return f"question={question.group(1)}&dont_know=1"
    choice = choices[int(question.group(1)) % len(choices)]
    return f"question={question.group(1)}&choice={choice}&confidence=sur"  # the « Sûr » button
