"""The people of the load test, prepared in the bench database: 50 pharmacy owners, each signed in
to their own pharmacy (of the 20,000 seeded), with last year's submitted bilan and this year's
draft, and 50 students of the bench course; their sessions, CSRF tokens, URLs and bodies."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench.loadtest.journeys import JOURNEYS

HOST = "127.0.0.1"
FLOOR_URL = "/loadtest/plancher/"


def prepare(count: int) -> dict:
    from bench.management.commands.seed_assessments import PREFIX
    from bench.measures.selfassessment import PHARMACIES
    from portal.pages.models import PrinciplePage
    from quizzes.benchmarks import seed as seed_course
    from toolkit.models import ToolIndexPage, ToolPage

    call_command("seed_assessments", count=PHARMACIES, verbosity=0)
    course = seed_course()
    owners = [owner(PREFIX, n) for n in range(1, count + 1)]
    User = get_user_model()
    students = [student(user, course) for user in User.objects.filter(email__startswith="bench-etudiant").order_by("pk")[:count]]
    anonymous = {
        "home": "/",
        "principle": PrinciplePage.objects.live().order_by("path").first().url,
        "toolkit": ToolIndexPage.objects.live().first().url,
        "tool": ToolPage.objects.live().order_by("path").first().url,
    }
    return {"owner": owners, "student": students, "anonymous": anonymous, "answering": answering_students(course)}


def owner(prefix: str, n: int) -> dict:
    """The owner of bench pharmacy n: its seeded submitted assessment becomes last year's bilan (once),
    and this year's draft is started, so that the theme pages and the autosave write real answers."""
    from portal.pharmacies.models import Membership, Pharmacy
    from portal.pharmacies.roles import Role
    from selfassessment.models import Assessment, Questionnaire

    pharmacy = Pharmacy.objects.get(name=f"{prefix}{n}")
    user, _created = get_user_model().objects.get_or_create(
        email=f"bench-charge{n}@bench.test",
        defaults={"username": f"bench-charge{n}", "first_name": "Charge", "last_name": f"N{n}"},
    )
    Membership.objects.get_or_create(pharmacy=pharmacy, user=user, defaults={"role": Role.TITULAIRE})
    current = Questionnaire.objects.order_by("-year").first()
    submitted = Assessment.objects.for_pharmacy(pharmacy).submitted().order_by("year").first()
    if submitted.year == current.year:
        Assessment.objects.filter(pk=submitted.pk).update(year=current.year - 1)
    draft = Assessment.start_or_resume(pharmacy, current, user)
    register(pharmacy, user)
    themes = {}
    for question in current.questions.prefetch_related("choices").order_by("theme_number", "order", "pk"):
        choices = list(question.choices.all())
        bodies = themes.setdefault(question.theme_number, [])
        bodies.append(f"q-{question.pk}={choices[len(bodies) % len(choices)].pk}")
    first, second = sorted(themes)[:2]
    info = session(user)
    info["urls"] |= {
        "theme": reverse("selfassessment:theme", args=[draft.pk, first]),
        "next_theme": reverse("selfassessment:theme", args=[draft.pk, second]),
        "summary": reverse("selfassessment:summary", args=[draft.pk]),
        "bilan": reverse("selfassessment:results", args=[submitted.pk]),
        "map": reverse("selfassessment:team_map", args=[team_round(pharmacy, submitted.questionnaire, n).pk]),
    }
    info["bodies"] = {
        "autosaves": themes[first], "next_autosaves": themes[second],
        "incident": (f"report_type=near_miss&nature=dosage&stage=dispensing&error_type=strength&seriousness=2"
                     f"&detection=live_check&declarant={user.pk}"
                     f"&occurred_at={timezone.localtime().strftime('%Y-%m-%dT%H:%M')}&patient_reference=F-1234"
                     f"&details=Doliprane+1000+au+lieu+de+500"),
    }
    return info


def register(pharmacy, user) -> None:
    """The pharmacy's incident register as at every run: a year of incidents as the demo pharmacy
    keeps them (`registers.demo`, ≈ 130, several pages), whatever earlier runs' mixes declared."""
    import random

    from portal.caching import touch_pharmacy
    from registers.demo import year_of_incidents
    from registers.models import Incident

    Incident.objects.for_pharmacy(pharmacy).delete()
    Incident.objects.bulk_create(year_of_incidents(pharmacy, [user], random.Random(pharmacy.pk)))
    touch_pharmacy(pharmacy.pk)


def team_round(pharmacy, questionnaire, n):
    """A closed team round of the pharmacy: the titulaire and a préparateur answered every
    question, disagreeing on some (the disagreement map's journey). Prepared once."""
    from portal.pharmacies.models import Membership
    from portal.pharmacies.roles import Role
    from selfassessment.models import TeamAnswer, TeamRound

    existing = TeamRound.objects.for_pharmacy(pharmacy).filter(year=questionnaire.year).first()
    if existing:
        return existing
    colleague, _created = get_user_model().objects.get_or_create(
        email=f"bench-equipe{n}@bench.test", defaults={"username": f"bench-equipe{n}"})
    Membership.objects.get_or_create(pharmacy=pharmacy, user=colleague, defaults={"role": Role.PREPARATEUR})
    members = Membership.objects.for_pharmacy(pharmacy).filter(role__in=[Role.TITULAIRE, Role.PREPARATEUR])
    new_round = TeamRound.open(pharmacy, questionnaire, list(members), None)
    questions = list(questionnaire.questions.prefetch_related("choices"))
    TeamAnswer.objects.bulk_create(
        TeamAnswer(participant=participant, question=question,
                   choice=question.choices.all()[(index + offset) % len(question.choices.all())])
        for offset, participant in enumerate(new_round.participants.all())
        for index, question in enumerate(questions)
    )
    new_round.close(None)
    return new_round


def student(user, course) -> dict:
    info = session(user)
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    start = reverse("quizzes:start", args=[course.pk, "revision"])
    chapters = list(course.chapters.order_by("position", "pk").values_list("pk", flat=True))
    info["urls"] |= {"course": reverse("quizzes:course", args=[course.pk]), "start": start,
                     "session": client.post(start)["Location"],
                     "practice": reverse("quizzes:start", args=[course.pk, "practice"])}
    # Nothing left to revise (the bench course is soon all seen): 5 questions of a chapter, in turn.
    info["bodies"] = {"start": "mode=revision", "practice": f"chapter={chapters[user.pk % len(chapters)]}&size=5"}
    return info


def answering_students(course) -> dict:
    """Every bench student with two fresh revision sessions of the whole course (one for the
    warm-up, one for the measure): the answer POSTs record real answers (`answer_bodies`)."""
    from quizzes.models import StudySession

    ids, bodies = answer_bodies(course)
    phases = {"measure": [], "warmup": []}
    for user in get_user_model().objects.filter(email__startswith="bench-etudiant").order_by("pk"):
        info = session(user)
        for people in phases.values():
            study = StudySession.objects.create(
                student=user, course=course, mode=StudySession.Mode.REVISION, question_ids=ids
            )
            people.append(info | {"urls": {"session": reverse("quizzes:session", args=[study.pk])}, "answers": bodies})
    return phases


def answer_bodies(course) -> tuple[list[int], list[str]]:
    """The course's question ids, in course order, and the answer POSTs a revision session of them
    receives, in order: each a right or a wrong choice in turn, sent with the « Sûr » button
    (`quizzes.confidence`); a question answered wrong comes back in the session
    (`quizzes.relearning`), and is then answered right."""
    from quizzes import confidence, relearning
    from quizzes.models import Question

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
        bodies.append(f"question={question.pk}&" + "&".join(f"choice={pk}" for pk in picked)
                      + f"&confidence={confidence.SURE}")
        position += 1
        if not question.grade(picked)[0]:  # what the session does with this answer
            queue = relearning.requeue(queue, position, question.pk)
    return ids, bodies


def session(user) -> dict:
    """A signed-in session of `user` with a CSRF token (Django accepts the unmasked secret), and
    the URL names of the journeys that need no argument, reversed."""
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    csrf = secrets.token_hex(16)
    session_cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    urls = {}
    for step in (s for steps in JOURNEYS.values() for s in steps):
        if ":" in step.url:
            urls[step.url] = reverse(step.url)
    return {"session_cookie": session_cookie, "cookie": f"{session_cookie}; {settings.CSRF_COOKIE_NAME}={csrf}",
            "csrf": csrf, "urls": urls}
