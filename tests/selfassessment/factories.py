"""Test data of the self-assessment (factory_boy): questionnaires, answers, submissions."""

import datetime

import factory

from selfassessment.models import (
    Assessment,
    Attestation,
    Choice,
    Question,
    Questionnaire,
    ScoreBand,
)

SCALE = [("Non", 0), ("En partie", 1), ("Le plus souvent", 2), ("Systématiquement", 3)]
BANDS = [(0, 24, "Démarrage"), (25, 49, "Fondamentaux"), (50, 79, "Avancé"), (80, 100, "Maîtrisé")]


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    year = 2026
    version = 1
    title = factory.LazyAttribute(lambda o: f"Questionnaire {o.year}")
    is_published = True


class ScoreBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreBand

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    min_percent, max_percent, label = BANDS[0]
    sentence = factory.LazyAttribute(lambda o: f"Niveau {o.label}.")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question on `principle` with the four-step scale and "Non concerné" (`scale=` to change it)."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    order = 0
    text = factory.LazyAttribute(lambda o: f"Question {o.principle.number}.{o.order} ?")
    recommendations = factory.LazyAttribute(
        lambda o: f"Recommandation A pour {o.principle.number}\nRecommandation B pour {o.principle.number}"
    )

    @factory.post_generation
    def scale(obj, create, extracted, **kwargs):
        if not create:
            return
        for order, (label, points) in enumerate(SCALE if extracted is None else extracted):
            Choice.objects.create(question=obj, order=order, label=label, points=points)
        if kwargs.get("not_applicable", True):
            Choice.objects.create(question=obj, order=9, label="Non concerné", is_not_applicable=True)


def make_questionnaire(principles, year=2026, version=1, per_principle=1, published=True):
    """A questionnaire with its four global bands and `per_principle` questions on each principle."""
    questionnaire = QuestionnaireFactory(year=year, version=version, is_published=published)
    for low, high, label in BANDS:
        ScoreBandFactory(questionnaire=questionnaire, min_percent=low, max_percent=high, label=label)
    for principle in principles:
        for i in range(per_principle):
            QuestionFactory(questionnaire=questionnaire, principle=principle, order=i)
    return questionnaire


def choice(question, points=None, na=False):
    if na:
        return question.choices.get(is_not_applicable=True)
    return question.choices.get(points=points, is_not_applicable=False)


def answer_all(assessment, user, points=3):
    pairs = [(q.pk, choice(q, points).pk) for q in assessment.questionnaire.questions.all()]
    assessment.save_answers(pairs, user)


def submit(pharmacy, user, questionnaire, points=3, when: datetime.datetime | None = None) -> Assessment:
    """A really answered and submitted assessment (`when`: its submission moment)."""
    assessment = Assessment.start_or_resume(pharmacy, questionnaire, user)
    answer_all(assessment, user, points)
    assessment.submit(user)
    if when is not None:
        Assessment.objects.filter(pk=assessment.pk).update(submitted_at=when, started_at=when)
        assessment.refresh_from_db()
    return assessment


def issue_attestation(assessment, pharmacist, when: datetime.datetime | None = None) -> Attestation:
    """A really generated attestation, signed by `pharmacist` (given a name and an RPPS if missing)."""
    if not pharmacist.rpps:
        pharmacist.first_name, pharmacist.last_name, pharmacist.rpps = "Claire", "Martin", "10003456786"
        pharmacist.save()
    attestation = Attestation.issue(assessment, pharmacist)
    if when is not None:
        Attestation.objects.filter(pk=attestation.pk).update(generated_at=when)
        attestation.refresh_from_db()
    return attestation
