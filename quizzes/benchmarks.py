"""Benchmark: the teacher's results page of a course with 300 students and 28 questions."""

import random
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.infrastructure.benchmarking import median_ms
from quizzes.models import (
    Attempt,
    Chapter,
    Choice,
    Course,
    Enrollment,
    MemoryState,
    Question,
)

TITLE = "Banc d'essai : 300 étudiants"
STUDENTS = 300
CHAPTERS = 3
QUESTIONS = 28


@transaction.atomic
def seed() -> Course:
    """Idempotent: the course, its 300 students and their history are built once."""
    User = get_user_model()
    teacher, _ = User.objects.get_or_create(
        email="bench-enseignant@bench.test", defaults={"username": "bench-enseignant", "kind": "teacher"}
    )
    course = Course.objects.filter(title=TITLE, owner=teacher).first()
    if course is not None:
        return course
    course = Course.objects.create(title=TITLE, owner=teacher)
    chapters = [Chapter.objects.create(course=course, title=f"Chapitre {n + 1}") for n in range(CHAPTERS)]
    questions = []
    for index in range(QUESTIONS):
        question = Question.objects.create(
            chapter=chapters[index % CHAPTERS], kind=Question.Kind.SINGLE,
            text=f"<p>Question {index + 1} ?</p>", explanation="<p>Explication.</p>",
        )
        Choice.objects.bulk_create(
            Choice(question=question, text=f"Choix {c}", is_correct=c == 0, position=c) for c in range(4)
        )
        questions.append(question)
    choices = {}
    for question_id, pk, is_correct in Choice.objects.filter(question__in=questions).values_list("question_id", "pk", "is_correct"):
        choices.setdefault(question_id, []).append((pk, is_correct))

    existing = set(User.objects.filter(email__startswith="bench-etudiant").values_list("email", flat=True))
    User.objects.bulk_create(
        User(email=f"bench-etudiant{n}@bench.test", username=f"bench-etudiant{n}", kind="student",
             first_name="Étudiant", last_name=f"{n:03d}", password="!")
        for n in range(STUDENTS) if f"bench-etudiant{n}@bench.test" not in existing
    )
    students = list(User.objects.filter(email__startswith="bench-etudiant").order_by("pk")[:STUDENTS])
    Enrollment.objects.bulk_create(Enrollment(course=course, student=s) for s in students)

    rng = random.Random(300)
    now = timezone.now()
    attempts, states = [], []
    for student in students:
        skill = rng.uniform(0.3, 0.95)
        for question in questions:
            if rng.random() < 0.15:
                continue  # not seen yet
            first_moment = now - timedelta(days=rng.randint(3, 20))
            for repeat in range(rng.randint(1, 3)):
                right = rng.random() < skill
                picked = next(pk for pk, ok in choices[question.pk] if ok == right)
                attempts.append(Attempt(
                    student=student, course=course, question=question, mode="revision", is_correct=right,
                    is_first=repeat == 0, response_key=str(picked), answered_at=first_moment + timedelta(days=repeat),
                ))
            last = first_moment + timedelta(days=repeat)
            stability = rng.uniform(0.5, 30)
            states.append(MemoryState(
                student=student, course=course, question=question, state=2, stability=stability,
                difficulty=rng.uniform(2, 8), last_review=last, due=last + timedelta(days=stability),
                reviews=repeat + 1, last_correct=True,
            ))
    Attempt.objects.bulk_create(attempts, batch_size=2000)
    MemoryState.objects.bulk_create(states, batch_size=2000)
    return course


def run(report) -> None:
    course = seed()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(course.owner)
    url = reverse("quizzes:results", args=[course.pk])
    client.get(url)  # warm-up
    assert client.get(url).status_code == 200
    median = median_ms(lambda: client.get(url), 10)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    attempts = Attempt.objects.filter(course=course).count()
    report.add("Résultats d'un cours (300 étudiants, 28 questions)", median, "ms", "< 300 ms",
               f"médiane de 10 requêtes, {attempts} réponses")
    report.add("Résultats d'un cours : requêtes SQL", len(queries), "requêtes", "fixe")
    _import_benchmark(report, course)
    _student_page_benchmark(report, course)


GIFT_QUESTIONS = 1000


# One question of each type GIFT can hold, in turn (single, multiple, true/false, short answer,
# numerical, matching, missing word).
GIFT_TEMPLATES = (
    "::Q{n}::Question {n} ?{{=juste {n} ~faux {n} ~autre {n} ####Explication {n}.}}",
    "::Q{n}::Traits {n} ?{{~%50%nom {n} ~%50%sexe {n} ~%-100%adresse {n}}}",
    "::Q{n}::Affirmation {n}.{{T}}",
    "::Q{n}::Année {n} ?{{=2020 =deux mille vingt}}",
    "::Q{n}::Valeur {n} ?{{#{n}.5:0.1}}",
    "::Q{n}::Associez {n}.{{=DP {n} -> Dossier pharmaceutique =DMP {n} -> Dossier médical =INS {n} -> Identité}}",
    "::Q{n}::Le {{=DP ~DMP}} garde les vaccins (question {n}).",
)


def gift_file(count: int = GIFT_QUESTIONS) -> str:
    """A GIFT file of `count` questions mixing every type GIFT can hold."""
    return "$CATEGORY: Import de masse\n\n" + "\n\n".join(
        GIFT_TEMPLATES[n % len(GIFT_TEMPLATES)].format(n=n) for n in range(count)
    )


def time_gift_import(course, count: int = GIFT_QUESTIONS) -> tuple[float, int]:
    """Seconds to preview then apply `count` GIFT questions (rolled back afterwards), and how many."""
    from quizzes.imports import apply, preview

    text = gift_file(count)
    started = time.perf_counter()
    with transaction.atomic():
        created = apply(course, preview(course, "gift", text), skip_duplicates=True, actor=None)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed, created


def _import_benchmark(report, course) -> None:
    """Importing 1,000 GIFT questions of every type (preview then apply, rolled back afterwards)."""
    elapsed, created = time_gift_import(course)
    report.add("Import GIFT de 1 000 questions (tous types)", elapsed, "s", "< 5 s",
               f"aperçu puis application, {created} questions")


def _student_page_benchmark(report, course) -> None:
    """A student's course page: the same number of queries whatever their history."""
    student = course.enrollments.select_related("student").first().student
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(student)
    url = reverse("quizzes:course", args=[course.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    report.add("Page cours d'un étudiant : requêtes SQL", len(queries), "requêtes", "fixe",
               f"{course.memory_states.filter(student=student).count()} questions vues")
