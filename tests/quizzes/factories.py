"""Test data of the revision quizzes (factory_boy): courses, chapters, questions and their choices."""

import factory

from quizzes.models import Chapter, Choice, Course, Question
from tests.factories import UserFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = "Outils numériques"
    owner = factory.SubFactory(UserFactory, kind="teacher")


class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chapter

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Chapitre {n + 1}")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question; `choices=[(text, right), ...]` creates its choices in that order."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    chapter = factory.SubFactory(ChapterFactory)
    kind = Question.Kind.SINGLE
    text = factory.Sequence(lambda n: f"<p>Question {n + 1} ?</p>")
    explanation = "<p>Parce que.</p>"

    @factory.post_generation
    def choices(obj, create, extracted, **kwargs):
        for index, (text, right) in enumerate(extracted or (), start=1):
            Choice.objects.create(question=obj, text=text, is_correct=right, position=index)


def add_question(chapter, kind, text, choices=(), accepted="", explanation="<p>Parce que.</p>"):
    return QuestionFactory(chapter=chapter, kind=kind, text=text, accepted_answers=accepted,
                           explanation=explanation, choices=choices)
