"""Two team members saving at the same time: every request succeeds, on SQLite as on PostgreSQL.

The requests run in real threads, each with its own database connection, against a database
file (SQLite) or server (PostgreSQL): what production does, unlike one test connection.
"""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from portal.pharmacies.roles import Role
from tests.factories import MembershipFactory
from tests.selfassessment.factories import answer_all, choice

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
