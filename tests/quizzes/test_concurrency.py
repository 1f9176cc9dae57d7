"""Two co-authors edit the same question: the stale save is refused and both versions shown."""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from portal.rules.concurrency import CONFLICT_MESSAGE
from tests.edit_forms import posted

pytestmark = pytest.mark.django_db


def test_a_stale_question_form_is_refused_and_shows_both_versions(teacher_client, other_teacher, course):
    course.collaborators.add(other_teacher)
    coauthor = Client()
    coauthor.force_login(other_teacher)
    question = course.questions().get(kind="short")
    url = reverse("quizzes:question_edit", args=[course.pk, question.pk])
    opened = coauthor.get(url).context
    page = teacher_client.get(url).context
    assert teacher_client.post(url, posted(page["form"], page["formset"], explanation="Le Ségur date de 2020.")
                               ).status_code == 302

    response = coauthor.post(url, posted(opened["form"], opened["formset"], accepted_answers="2020"))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert str(CONFLICT_MESSAGE) in html
    assert ">Le Ségur date de 2020.</td>" in html
    question.refresh_from_db()
    assert question.explanation == "Le Ségur date de 2020." and question.accepted_answers == "2020\ndeux mille vingt"

    again = posted(response.context["form"], response.context["formset"])
    assert coauthor.post(url, again).status_code == 302
    question.refresh_from_db()
    assert question.accepted_answers == "2020"
