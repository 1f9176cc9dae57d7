"""The autosave's own work (issue 22): its progress counted from the questionnaire's structure kept
in memory, the same as the pages count it, fresh when the questionnaire changes, in a fixed number
of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from selfassessment.models import overall_progress
from tests.selfassessment.factories import QuestionFactory, choice

pytestmark = pytest.mark.django_db

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def autosave(client, assessment, pairs):
    url = reverse("selfassessment:theme", args=[assessment.pk, 3])
    response = client.post(url, {f"q-{q.pk}": c.pk for q, c in pairs}, **FETCH)
    assert response.status_code == 200, response.content
    return response.json()


def counted_by_the_pages(assessment):
    results = assessment.compute_theme_results()
    return overall_progress(results), {str(r.number): r.progress for r in results}


def test_the_autosave_progress_is_the_progress_the_pages_show(member_client, assessment, owner):
    q31, q32, q41, q42 = assessment.questionnaire.questions.order_by("theme_number", "order", "pk")
    steps = [
        [(q31, choice(q31, 0))],  # a choice worth 0 points is an answer
        [(q41, choice(q41, na=True))],  # "Non concerné" too
        [(q31, choice(q31, 3)), (q32, choice(q32, 2))],  # a changed answer counts once
        [(q42, choice(q42, 1))],
    ]
    for pairs in steps:
        data = autosave(member_client, assessment, pairs)
        assert (data["overall"], data["themes"]) == counted_by_the_pages(assessment)
    assert data["overall"] == 100


def test_the_autosave_progress_counts_the_answers_a_colleague_saved_before(member_client, assessment, preparer):
    q31, q32, q41, _q42 = assessment.questionnaire.questions.order_by("theme_number", "order", "pk")
    assessment.save_answers([(q41.pk, choice(q41, 1).pk), (q32.pk, choice(q32, 2).pk)], preparer)
    data = autosave(member_client, assessment, [(q31, choice(q31, 3)), (q32, choice(q32, 1))])
    assert data["themes"] == {"3": 100, "4": 50} and data["overall"] == 75
    assert (data["overall"], data["themes"]) == counted_by_the_pages(assessment)


def test_a_question_added_to_the_questionnaire_counts_at_once(member_client, assessment, principles):
    q = assessment.questionnaire.questions.filter(theme_number=3).first()
    assert autosave(member_client, assessment, [(q, choice(q, 1))])["themes"]["3"] == 50
    principle = next(p for p in principles if p.theme_number == 3)
    QuestionFactory(questionnaire=assessment.questionnaire, principle=principle, order=5)
    data = autosave(member_client, assessment, [(q, choice(q, 2))])
    assert data["themes"]["3"] == 33 and data["overall"] == 20
    assert (data["overall"], data["themes"]) == counted_by_the_pages(assessment)


def test_the_autosave_writes_in_a_fixed_number_of_queries(member_client, assessment):
    """The assessment read with its answered question ids, one upsert of every answer sent: the
    same number of queries for one answer or a whole theme, none for the questionnaire's structure
    once it is in memory, and none after the write (the progress comes from memory)."""
    questions = list(assessment.questionnaire.questions.filter(theme_number=3))
    autosave(member_client, assessment, [(questions[0], choice(questions[0], 1))])  # structure now in memory
    counts = []
    for pairs in ([(questions[0], choice(questions[0], 2))], [(q, choice(q, 3)) for q in questions]):
        with CaptureQueriesContext(connection) as queries:
            autosave(member_client, assessment, pairs)
        counts.append([q["sql"] for q in queries.captured_queries])
    assert len(counts[0]) == len(counts[1])
    assert not [sql for sql in counts[1] if "selfassessment_choice" in sql or "selfassessment_question" in sql]
    assert sum("selfassessment_answer" in sql for sql in counts[1]) == 2  # the read with the answered ids, the upsert
    assert not [sql for sql in counts[1] if "FOR UPDATE" in sql]
    if connection.vendor == "postgresql":
        # The session (the test settings' database sessions), the read, the upsert guarded by the open assessment.
        assert len(counts[1]) == 3 and "FOR SHARE" in counts[1][-1] and "ON CONFLICT" in counts[1][-1], counts[1]
    else:
        # The session, the read, then in a transaction (a savepoint in a test): the check that the
        # assessment is open, the upsert.
        assert len(counts[1]) == 6 and counts[1][-1].startswith("RELEASE SAVEPOINT"), counts[1]
