"""Honest mastery, shuffled choices and graded recall (issue 13 items 1, 2 and 4)."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from fsrs import Rating

from portal.rules import dates
from quizzes.models import Attempt, Choice, MemoryState, Question, StudySession
from quizzes.progress import course_progress
from tests.quizzes.factories import add_question, finish_session

pytestmark = pytest.mark.django_db


def _revise(course, student, question, right: bool, when, dont_know=False):
    session = StudySession.objects.create(
        student=student, course=course, mode=StudySession.Mode.REVISION, question_ids=[question.pk]
    )
    if dont_know:
        return session.answer(question, now=when, dont_know=True)
    if question.kind == Question.Kind.SHORT:
        return session.answer(question, text="2020" if right else "non", now=when)
    if right:
        return session.answer(question, choice_ids=[c.pk for c in question.choices.all() if c.is_correct], now=when)
    return session.answer(question, choice_ids=[c.pk for c in question.choices.all() if not c.is_correct][:1], now=when)


def test_dont_know_counts_as_again_without_a_guess(course, enrolled):
    question = course.questions().get(kind=Question.Kind.SINGLE)
    attempt = _revise(course, enrolled, question, False, timezone.now(), dont_know=True)
    assert (attempt.is_correct, attempt.dont_know, attempt.rating, attempt.response_key) == (False, True, Rating.Again, "")
    assert MemoryState.objects.get(question=question).lapses == 1


def test_rating_is_stored_and_easy_pushes_the_review_further_than_hard(course, enrolled, other_student):
    from quizzes.models import Enrollment

    Enrollment.objects.create(course=course, student=other_student)
    question = course.questions().get(kind=Question.Kind.SINGLE)
    now = timezone.now()
    easy = _revise(course, enrolled, question, True, now)
    hard = _revise(course, other_student, question, True, now)
    assert easy.rating == hard.rating == Rating.Good
    easy_state = easy.regrade(Rating.Easy, course.scheduler())
    hard_state = hard.regrade(Rating.Hard, course.scheduler())
    assert Attempt.objects.get(pk=easy.pk).rating == Rating.Easy
    assert Attempt.objects.get(pk=hard.pk).rating == Rating.Hard
    assert easy_state.due > hard_state.due
    assert easy_state.reviews == hard_state.reviews == 1
    # Regrading replays the review: the same as answering Easy directly.
    direct = MemoryState(student=enrolled, question=question, course=course)
    direct.review(course.scheduler(), Rating.Easy, now)
    assert (easy_state.due, easy_state.stability) == (direct.due, direct.stability)


def test_regrade_replays_from_the_state_before_the_answer(course, enrolled):
    question = course.questions().get(kind=Question.Kind.SINGLE)
    now = timezone.now() - timedelta(days=10)
    _revise(course, enrolled, question, True, now)
    second_when = MemoryState.objects.get(question=question).due + timedelta(hours=1)
    second = _revise(course, enrolled, question, True, second_when)
    state = second.regrade(Rating.Hard, course.scheduler())
    assert state.reviews == 2
    wrong = _revise(course, enrolled, question, False, second_when + timedelta(days=1))
    assert not wrong.can_regrade()
    with pytest.raises(ValueError):
        second.regrade(Rating.Easy, course.scheduler())  # reviewed again since


def test_choices_are_shuffled_per_session_and_stable_on_reload(course, enrolled):
    chapter = course.chapters.first()
    question = add_question(chapter, Question.Kind.SINGLE, "<p>Lettres ?</p>",
                            [(letter, letter == "A") for letter in "ABCDEFGH"])
    orders = set()
    for _ in range(6):
        session = StudySession.objects.create(student=enrolled, course=course, mode="practice", question_ids=[question.pk])
        first = [c.text for c in question.choices_for(session)]
        assert first == [c.text for c in question.choices_for(StudySession.objects.get(pk=session.pk))]
        assert sorted(first) == list("ABCDEFGH")
        orders.add(tuple(first))
    assert len(orders) > 1
    assert any(order[0] != "A" for order in orders)


def test_ordered_and_true_false_questions_keep_their_order(course, enrolled):
    chapter = course.chapters.first()
    question = add_question(chapter, Question.Kind.SINGLE, "<p>Lesquelles ?</p>",
                            [("A", False), ("B", False), ("C", False), ("Toutes les réponses", True)])
    question.ordered = True
    question.save()
    true_false = course.questions().get(kind=Question.Kind.TRUE_FALSE)
    for _ in range(5):
        session = StudySession.objects.create(student=enrolled, course=course, mode="practice", question_ids=[question.pk])
        assert [c.text for c in question.choices_for(session)][-1] == "Toutes les réponses"
        assert [c.text for c in true_false.choices_for(session)] == ["Vrai", "Faux"]


def test_difficult_questions_are_those_with_most_lapses(course, enrolled):
    questions = list(course.questions().order_by("chapter__position", "position"))
    now = timezone.now()
    for minutes in (0, 20, 40):
        _revise(course, enrolled, questions[2], False, now + timedelta(minutes=minutes))
    _revise(course, enrolled, questions[0], False, now)
    _revise(course, enrolled, questions[1], True, now)
    hardest = course_progress(course, enrolled).difficult
    assert [s.question_id for s in hardest] == [questions[2].pk, questions[0].pk]
    assert [(s.question, s.lapses) for s in hardest] == [(str(questions[2]), 3), (str(questions[0]), 1)]
    assert Choice.objects.exists()
    assert [s.forgotten for s in hardest] == ["3 oublis", "1 oubli"]
    assert hardest[0].comes_back == f"revient le {dates.day(hardest[0].due)}"
    with translation.override("en"):
        assert [s.forgotten for s in hardest] == ["3 lapses", "1 lapse"]
        assert hardest[0].comes_back.startswith("comes back on ")


def test_the_course_page_lists_the_difficult_questions(student_client, course, enrolled):
    from django.urls import reverse

    question = course.questions().order_by("chapter__position", "position").first()
    for minutes in (0, 20):
        _revise(course, enrolled, question, False, timezone.now() + timedelta(minutes=minutes))
    page = student_client.get(reverse("quizzes:course", args=[course.pk])).text
    difficult = course_progress(course, enrolled).difficult[0]
    assert f"· 2 oublis · revient le {dates.day(difficult.due)}</span>" in page


def test_student_grades_a_right_answer_and_says_dont_know(student_client, course, enrolled):
    from django.urls import reverse

    student_client.post(reverse("quizzes:start", args=[course.pk, "revision"]))
    session = StudySession.objects.latest("pk")
    url = reverse("quizzes:session", args=[session.pk])
    first = Question.objects.get(pk=session.question_ids[0])
    right = [c.pk for c in first.choices.all() if c.is_correct]
    response = student_client.post(url, {"question": first.pk, "choice": right})
    feedback = student_client.get(response.url).text
    assert "Facile" in feedback and "Difficile" in feedback
    attempt = Attempt.objects.get(question=first)
    assert student_client.post(response.url, {"grade": "facile"}).url == url
    assert Attempt.objects.get(pk=attempt.pk).rating == Rating.Easy
    second = Question.objects.get(pk=session.question_ids[1])
    assert "Je ne sais pas" in student_client.get(url).text
    student_client.post(url, {"question": second.pk, "dont_know": "1"})
    assert Attempt.objects.get(question=second).dont_know
    for question_id in session.question_ids[2:4]:
        student_client.post(url, {"question": question_id, "dont_know": "1"})
    finish_session(student_client, session)  # the three questions not known come back, answered right
    summary = student_client.get(url).text
    assert "Revient le" in summary and "À revoir" in summary and "Je ne savais pas" not in summary
    assert "3 questions sont revenues" in summary
    assert "Mes questions difficiles" in student_client.get(reverse("quizzes:course", args=[course.pk])).text


def test_people_page_shares_plain_links_and_sets_extra_time(teacher_client, course, enrolled):
    from django.urls import reverse

    from quizzes.models import Enrollment

    url = reverse("quizzes:people", args=[course.pk])
    page = teacher_client.get(url).text
    assert "https://wa.me/?text=" in page and "https://teams.microsoft.com/share?href=" in page and "mailto:?" in page
    assert "<script src=\"http" not in page
    teacher_client.post(url, {"action": "extra_time", "user": enrolled.pk, "minutes": "15"})
    assert Enrollment.objects.get(student=enrolled).extra_exam_minutes == 15
    teacher_client.post(url, {"action": "extra_time", "user": enrolled.pk, "minutes": "abc"})
    assert Enrollment.objects.get(student=enrolled).extra_exam_minutes == 15


def test_student_course_page_has_a_fixed_number_of_queries(student_client, course, enrolled):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("quizzes:course", args=[course.pk])
    questions = list(course.questions().prefetch_related("choices"))
    counts = []
    student_client.get(url)  # the shared menu is cached by the first page
    for batch in (questions[:1], questions[1:]):
        for question in batch:
            _revise(course, enrolled, question, False, timezone.now())
        with CaptureQueriesContext(connection) as queries:
            assert student_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_course_page_shared_parts_follow_the_course(student_client, course):
    """The header, the revision card's text and the practice form are shared fragments: kept per
    process under the values they show, so a change of the course shows at once, sanitised."""
    from django.urls import reverse

    from quizzes.models import Chapter, Course

    url = reverse("quizzes:course", args=[course.pk])
    page = student_client.get(url).text
    assert f'<option value="{course.chapters.get(title="Le DP").pk}">Le DP</option>' in page
    assert f"({course.session_size} au plus)" in page and course.session_size != 12
    Chapter.objects.filter(course=course, title="Le DP").update(title="Le dossier pharmaceutique")
    Course.objects.filter(pk=course.pk).update(introduction="<p>Bienvenue<script>alert(1)</script></p>",
                                               session_size=12)
    Course.objects.get(pk=course.pk).save()  # the content version: the course read again
    page = student_client.get(url).text
    assert ">Le dossier pharmaceutique</option>" in page and ">Le DP</option>" not in page
    assert '<div class="prose lead"><p>Bienvenue</p></div>' in page and "<script>alert" not in page
    assert "(12 au plus)" in page
