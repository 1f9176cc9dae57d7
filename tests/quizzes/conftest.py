"""Small data sets for the revision quizzes: one course, two chapters, one question of each kind."""

import pytest

from quizzes.models import Enrollment, Question, grant_teaching
from tests.factories import UserFactory
from tests.quizzes.factories import ChapterFactory, CourseFactory, add_question


@pytest.fixture
def teacher(db):
    user = UserFactory(email="prof@exemple.test", username="prof", kind="teacher")
    grant_teaching(user)
    return user


@pytest.fixture
def other_teacher(db):
    user = UserFactory(email="autre-prof@exemple.test", username="autreprof", kind="teacher")
    grant_teaching(user)
    return user


@pytest.fixture
def student(db):
    return UserFactory(email="eleve@exemple.test", username="eleve", kind="student", first_name="Inès", last_name="Lambert")


@pytest.fixture
def other_student(db):
    return UserFactory(email="eleve2@exemple.test", username="eleve2", kind="student")


@pytest.fixture
def course(teacher):
    course = CourseFactory(owner=teacher, join_code="ACDEFGHJ")
    first = ChapterFactory(course=course, title="Le DP")
    second = ChapterFactory(course=course, title="Le Ségur")
    add_question(first, Question.Kind.SINGLE, "<p>Durée des vaccins dans le DP ?</p>",
                 [("12 mois", False), ("3 ans", False), ("21 ans", True)])
    add_question(first, Question.Kind.MULTIPLE, "<p>Traits de l'INS ?</p>",
                 [("Nom de naissance", True), ("Sexe", True), ("Adresse", False)])
    add_question(first, Question.Kind.TRUE_FALSE, "<p>Le DP est créé automatiquement.</p>", [("Vrai", True), ("Faux", False)])
    add_question(second, Question.Kind.SHORT, "<p>Année du Ségur ?</p>", accepted="2020\ndeux mille vingt")
    return course


@pytest.fixture
def enrolled(course, student):
    Enrollment.objects.create(course=course, student=student)
    return student


@pytest.fixture
def student_client(client, enrolled):
    client.force_login(enrolled)
    return client


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client
