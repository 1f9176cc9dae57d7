"""Two team members saving at the same time: every request succeeds, on SQLite as on PostgreSQL.

The requests run in real threads, each with its own database connection, against a database
file (SQLite) or server (PostgreSQL): what production does, unlike one test connection.
"""

import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.pharmacies.roles import Role
from selfassessment.models import Assessment, AssessmentError
from tests.factories import MembershipFactory
from tests.selfassessment.factories import answer_all, choice
from tests.services import wait_for_a_waiting_lock

pytestmark = pytest.mark.django_db(transaction=True)

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def run_together(jobs):
    """Start every job at the same instant in its own thread; return their results."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_twenty_concurrent_autosaves_from_two_members_all_succeed(assessment, owner, pharmacy):
    colleague = MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT).user
    clients = [logged_in(owner), logged_in(colleague)]
    questions = list(assessment.questionnaire.questions.filter(theme_number=3))
    url = reverse("selfassessment:theme", args=[assessment.pk, 3])

    def autosave(index):
        question = questions[index % len(questions)]
        data = {f"q-{question.pk}": choice(question, index % 4).pk}
        return lambda: clients[index % 2].post(url, data, **FETCH).status_code

    statuses = run_together([autosave(i) for i in range(20)])
    assert statuses == [200] * 20, statuses
    assert assessment.answers.count() == len(questions)


def test_concurrent_submits_give_one_submission_and_no_error(assessment, owner, pharmacy):
    answer_all(assessment, owner)
    colleague = MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT).user
    clients = [logged_in(owner), logged_in(colleague), logged_in(owner), logged_in(colleague)]
    url = reverse("selfassessment:summary", args=[assessment.pk])
    statuses = run_together([lambda client=client: client.post(url).status_code for client in clients])
    assert statuses == [302] * 4, statuses
    assessment.refresh_from_db()
    assert assessment.is_submitted and assessment.theme_scores.count() == 2


def test_an_autosave_meeting_a_submission_waits_for_it_and_writes_nothing(assessment, owner, pharmacy):
    """PostgreSQL, two connections: the submission holds the assessment's row; the autosave's one
    statement waits for it, then sees the assessment submitted and writes nothing."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent statements: PostgreSQL")
    answer_all(assessment, owner, points=3)
    question = assessment.questionnaire.questions.order_by("pk").first()
    outcome = {}

    def autosave():
        try:
            Assessment.objects.save_answers(pharmacy, assessment.pk, [(question.pk, choice(question, 0).pk)], owner)
            outcome["autosave"] = "written"
        except AssessmentError:
            outcome["autosave"] = "refused"
        finally:
            connection.close()

    with transaction.atomic():  # a submission, its row held until it commits
        Assessment.objects.select_for_update().get(pk=assessment.pk)
        Assessment.objects.filter(pk=assessment.pk).update(submitted_at=timezone.now())
        waiting = threading.Thread(target=autosave)
        waiting.start()
        wait_for_a_waiting_lock(connection, "the autosave")
    waiting.join(10)
    assert outcome == {"autosave": "refused"}
    assert assessment.answers.get(question=question).choice_id == choice(question, 3).pk
