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
    """A question; `choices=[(text, right), ...]` creates its choices in that order (a third item is the
    match of a matching pair)."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    chapter = factory.SubFactory(ChapterFactory)
    kind = Question.Kind.SINGLE
    text = factory.Sequence(lambda n: f"<p>Question {n + 1} ?</p>")
    explanation = "<p>Parce que.</p>"

    @factory.post_generation
    def choices(obj, create, extracted, **kwargs):
        for index, (text, right, *match) in enumerate(extracted or (), start=1):
            Choice.objects.create(question=obj, text=text, is_correct=right, position=index, match_text="".join(match))


def add_question(chapter, kind, text, choices=(), accepted="", explanation="<p>Parce que.</p>"):
    return QuestionFactory(chapter=chapter, kind=kind, text=text, accepted_answers=accepted,
                           explanation=explanation, choices=choices)


def add_matching(chapter, text, pairs, **kwargs):
    """A matching question: `pairs=[(item, match), ...]`."""
    return QuestionFactory(chapter=chapter, kind=Question.Kind.MATCHING, text=text,
                           choices=[(left, True, right) for left, right in pairs], **kwargs)


def add_ordering(chapter, text, items, **kwargs):
    """An ordering question: `items` in the right order."""
    return QuestionFactory(chapter=chapter, kind=Question.Kind.ORDERING, text=text,
                           choices=[(item, True) for item in items], **kwargs)


def add_missing_word(chapter, text, accepted, wrong=(), **kwargs):
    """A missing-word question: `text` holds « _____ »; `wrong` words are offered with the right one."""
    return QuestionFactory(chapter=chapter, kind=Question.Kind.MISSING_WORD, text=text, accepted_answers=accepted,
                           choices=[(word, False) for word in wrong], **kwargs)


def right_post(question) -> dict:
    """The POST data of a right answer to a question of the shared course (choices, or accepted text)."""
    if question.is_free_answer:
        return {"question": question.pk, "text": question.accepted_list()[0]}
    return {"question": question.pk, "choice": [c.pk for c in question.choices.all() if c.is_correct]}


def finish_session(client, session, answer_right=True) -> None:
    """Answer what is left of a session through its page (right, or « Je ne sais pas »)."""
    from django.urls import reverse

    url = reverse("quizzes:session", args=[session.pk])
    for _turn in range(50):
        session.refresh_from_db()
        if session.is_finished:
            return
        question = Question.objects.get(pk=session.current_question_id)
        client.post(url, right_post(question) if answer_right else {"question": question.pk, "dont_know": "1"})
    raise AssertionError("the session never ended")
