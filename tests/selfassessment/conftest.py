"""Fixtures of the self-assessment tests: a small questionnaire on the two-theme framework."""

import pytest

from portal.pages.models import PrinciplePage
from portal.pharmacies.roles import Role
from selfassessment.models import Assessment, Choice, Question, Questionnaire, ScoreBand
from tests.factories import MembershipFactory

SCALE = [("Non", 0), ("En partie", 1), ("Le plus souvent", 2), ("Systématiquement", 3)]


def make_questionnaire(principles, year=2026, version=1, per_principle=1, published=True):
    questionnaire = Questionnaire.objects.create(
        year=year, version=version, title=f"Questionnaire {year}", is_published=published
    )
    for band in [(0, 24, "Démarrage"), (25, 49, "Fondamentaux"), (50, 79, "Avancé"), (80, 100, "Maîtrisé")]:
        ScoreBand.objects.create(
            questionnaire=questionnaire, min_percent=band[0], max_percent=band[1], label=band[2], sentence=f"Niveau {band[2]}."
        )
    for principle in principles:
        for i in range(per_principle):
            question = Question.objects.create(
                questionnaire=questionnaire,
                principle=principle,
                order=i,
                text=f"Question {principle.number}.{i} ?",
                recommendations=f"Recommandation A pour {principle.number}\nRecommandation B pour {principle.number}",
            )
            for order, (label, points) in enumerate(SCALE):
                Choice.objects.create(question=question, order=order, label=label, points=points)
            Choice.objects.create(question=question, order=9, label="Non concerné", is_not_applicable=True)
    return questionnaire


def choice(question, points=None, na=False):
    if na:
        return question.choices.get(is_not_applicable=True)
    return question.choices.get(points=points, is_not_applicable=False)


def answer_all(assessment, user, points=3):
    pairs = [(q.pk, choice(q, points).pk) for q in assessment.questionnaire.questions.all()]
    assessment.save_answers(pairs, user)


@pytest.fixture
def principles(framework):
    return list(PrinciplePage.objects.order_by("path"))


@pytest.fixture
def questionnaire(principles):
    return make_questionnaire(principles)


@pytest.fixture
def assessment(questionnaire, pharmacy, owner):
    return Assessment.start_or_resume(pharmacy, questionnaire, owner)


@pytest.fixture
def preparer(pharmacy):
    return MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR).user


@pytest.fixture
def other_owner(other_pharmacy):
    return MembershipFactory(pharmacy=other_pharmacy, role=Role.TITULAIRE).user
