"""Faults (docs/deployment.md, "Pannes"): the database fails or drops the connection during an
autosave. Nothing half written, a clear 503 to retry, and the next autosave works.

The answers are written in one statement in autocommit (`GuardedUpsert`), so nothing can be half
written; the faults meet that statement. PostgreSQL is never restarted (others use it): the test
terminates its own backend with `pg_terminate_backend` from a second connection, just before it.
"""

import pytest
from django.test import Client
from django.urls import reverse

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch", "HTTP_ACCEPT": "application/json"}


@pytest.fixture
def autosave(owner):
    from tests.selfassessment.factories import choice

    client = Client(raise_request_exception=False)
    client.force_login(owner)

    def post(assessment, question, step):
        url = reverse("selfassessment:theme", args=[assessment.pk, question.theme_number])
        return client.post(url, {f"q-{question.pk}": choice(question, step).pk}, **FETCH)

    return post


def saved(assessment):
    from selfassessment.models import Answer

    return dict(Answer.objects.filter(assessment=assessment).values_list("question_id", "choice__order"))


def writing_after(fault, patch):
    """The autosave's write (`GuardedUpsert.write` of the answers) meets `fault` first."""
    from selfassessment.models.assessments import _ANSWERS_WHILE_OPEN

    real = _ANSWERS_WHILE_OPEN.write

    def write(*args, **kwargs):
        fault()
        return real(*args, **kwargs)

    patch.setattr(_ANSWERS_WHILE_OPEN, "write", write)


def assert_retry_later(response):
    assert response.status_code == 503 and response["Retry-After"]
    assert response.json()["retry"] is True
    assert "Enregistrement impossible pour l'instant" in response.json()["error"]


@pytest.mark.django_db(transaction=True)
def test_database_error_during_an_autosave_is_a_503_to_retry_and_half_of_nothing_is_saved(
    monkeypatch, assessment, autosave
):
    from django.db import OperationalError

    first, second = assessment.questionnaire.questions.order_by("pk")[:2]
    assert autosave(assessment, first, 1).status_code == 200

    def fail():
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        writing_after(fail, patch)
        assert_retry_later(autosave(assessment, second, 2))
    assert saved(assessment) == {first.pk: saved(assessment)[first.pk]}  # the earlier one kept, no new one
    assert autosave(assessment, second, 2).status_code == 200
    assert set(saved(assessment)) == {first.pk, second.pk}


@pytest.mark.django_db(transaction=True)
def test_postgresql_connection_terminated_mid_autosave_loses_nothing_and_the_next_one_reconnects(
    monkeypatch, assessment, autosave
):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: pg_terminate_backend")
    questions = list(assessment.questionnaire.questions.order_by("pk")[:2])
    assert autosave(assessment, questions[0], 1).status_code == 200
    before = saved(assessment)
    killer = connection.get_new_connection(connection.get_connection_params())
    killer.autocommit = True

    def terminate():
        pid = connection.connection.info.backend_pid
        killer.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])

    try:
        with monkeypatch.context() as patch:
            writing_after(terminate, patch)
            assert_retry_later(autosave(assessment, questions[1], 2))
    finally:
        killer.close()
    assert saved(assessment) == before  # nothing written on a terminated connection
    assert autosave(assessment, questions[1], 2).status_code == 200  # a new connection
    assert set(saved(assessment)) == {q.pk for q in questions}


def test_the_autosave_script_says_it_will_retry(db, client, owner, assessment):
    client.force_login(owner)
    page = client.get(reverse("selfassessment:theme", args=[assessment.pk, 3])).content.decode()
    assert 'data-retry="Enregistrement impossible pour l’instant, nouvel essai…"' in page
