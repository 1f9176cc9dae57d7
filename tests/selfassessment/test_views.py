"""Filling in, autosave, submission, results, permissions and isolation."""

from datetime import timedelta

import pytest
from django.urls import reverse

from portal.caching import touch_pharmacy
from selfassessment.models import Assessment
from selfassessment.services import build_results
from tests.exports.helpers import exported
from tests.selfassessment.factories import QuestionFactory, answer_all, choice, make_questionnaire

pytestmark = pytest.mark.django_db

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def theme_url(assessment, number=3):
    return reverse("selfassessment:theme", args=[assessment.pk, number])


def test_start_creates_then_resumes(member_client, questionnaire, pharmacy, settings):
    from django.utils import timezone

    questionnaire.year = timezone.localdate().year
    questionnaire.save()
    response = member_client.post(reverse("selfassessment:start"))
    assessment = Assessment.objects.get(pharmacy=pharmacy)
    assert response.url == reverse("selfassessment:fill", args=[assessment.pk])
    member_client.post(reverse("selfassessment:start"))
    assert Assessment.objects.filter(pharmacy=pharmacy).count() == 1
    response = member_client.get(response.url)
    assert response.url == theme_url(assessment, 3)


def test_index_shows_history(member_client, assessment, owner):
    answer_all(assessment, owner)
    assessment.submit(owner)
    response = member_client.get(reverse("selfassessment:index"))
    assert response.status_code == 200
    assert reverse("selfassessment:results", args=[assessment.pk]) in response.content.decode()


def test_theme_page_shows_questions_and_saved_answers(member_client, assessment, owner):
    q = assessment.questionnaire.questions.filter(theme_number=3).first()
    assessment.save_answers([(q.pk, choice(q, 2).pk)], owner)
    response = member_client.get(theme_url(assessment))
    html = response.content.decode()
    assert f'name="q-{q.pk}" value="{choice(q, 2).pk}" checked' in html
    assert "Répondu par" in html
    assert "data-autosave" in html


def test_theme_page_in_a_fixed_number_of_queries(member_client, assessment, owner, preparer,
                                                 django_assert_num_queries):
    q31, q32 = assessment.questionnaire.questions.filter(theme_number=3).order_by("pk")
    assessment.save_answers([(q31.pk, choice(q31, 3).pk)], owner)
    assessment.save_answers([(q32.pk, choice(q32, na=True).pk)], preparer)
    member_client.get(theme_url(assessment))  # the questionnaire's structure is now in the content cache
    with django_assert_num_queries(2):  # the assessment with its answers and who gave them, 1 of every page
        html = member_client.get(theme_url(assessment)).content.decode()
    assert f'name="q-{q31.pk}" value="{choice(q31, 3).pk}" checked' in html
    assert f'name="q-{q32.pk}" value="{choice(q32, na=True).pk}" checked' in html
    assert f"Répondu par {owner.get_full_name()}" in html and f"Répondu par {preparer.get_full_name()}" in html
    assert html.count('aria-current="step"') == 1 and f'href="{theme_url(assessment, 3)}" aria-current="step"' in html
    preparer.delete()  # their answer stays, its author becomes « ancien membre »
    for order in (1, 2, 3):  # more questions and answers: the same queries
        extra = QuestionFactory(questionnaire=assessment.questionnaire, principle=q31.principle, order=order)
        assessment.save_answers([(extra.pk, choice(extra, 1).pk)], owner)
    member_client.get(theme_url(assessment))
    with django_assert_num_queries(2):
        html = member_client.get(theme_url(assessment)).content.decode()
    assert "Répondu par ancien membre" in html and html.count("checked") == 5


def test_autosave_returns_json_with_progress(member_client, assessment):
    q = assessment.questionnaire.questions.filter(theme_number=3).first()
    response = member_client.post(theme_url(assessment), {f"q-{q.pk}": choice(q, 1).pk}, **FETCH)
    assert response.status_code == 200
    data = response.json()
    assert data["saved"] == 1 and data["overall"] == 25 and data["themes"]["3"] == 50
    assert assessment.answers.get().choice.points == 1


def test_save_without_javascript_redirects_to_next_theme(member_client, assessment):
    questions = assessment.questionnaire.questions.filter(theme_number=3)
    data = {f"q-{q.pk}": choice(q, 3).pk for q in questions}
    response = member_client.post(theme_url(assessment), {**data, "go": "4"})
    assert response.url == theme_url(assessment, 4)
    assert assessment.answers.count() == 2


def test_choice_of_another_question_is_400_and_nothing_saved(member_client, assessment):
    q1, q2 = assessment.questionnaire.questions.all()[:2]
    response = member_client.post(
        theme_url(assessment), {f"q-{q1.pk}": choice(q1, 1).pk, f"q-{q2.pk}": choice(q1, 3).pk}, **FETCH
    )
    assert response.status_code == 400
    assert not assessment.answers.exists()
    response = member_client.post(theme_url(assessment), {f"q-{q1.pk}": "abc"}, **FETCH)
    assert response.status_code == 400


def test_another_pharmacys_assessment_is_404(client, assessment, other_owner):
    client.force_login(other_owner)
    q = assessment.questionnaire.questions.first()
    for name in ("fill", "summary", "results", "results_pdf", "attestation"):
        assert client.get(reverse(f"selfassessment:{name}", args=[assessment.pk])).status_code == 404, name
    assert client.get(theme_url(assessment)).status_code == 404
    response = client.post(theme_url(assessment), {f"q-{q.pk}": choice(q, 1).pk}, **FETCH)
    assert response.status_code == 404
    assert not assessment.answers.exists()


def test_answers_after_submission_are_refused_with_a_message(member_client, assessment, owner):
    answer_all(assessment, owner, points=1)
    assessment.submit(owner)
    q = assessment.questionnaire.questions.first()
    response = member_client.post(theme_url(assessment), {f"q-{q.pk}": choice(q, 3).pk}, **FETCH)
    assert response.status_code == 409
    assert "déjà soumise" in response.json()["error"]
    response = member_client.post(theme_url(assessment), {f"q-{q.pk}": choice(q, 3).pk}, follow=True)
    assert "déjà soumise" in response.content.decode()
    assert assessment.answers.get(question=q).choice.points == 1


def test_summary_lists_unanswered_questions_with_links(member_client, assessment):
    response = member_client.get(reverse("selfassessment:summary", args=[assessment.pk]))
    html = response.content.decode()
    assert "4 questions sans réponse" in html
    q = assessment.questionnaire.questions.first()
    assert f"{theme_url(assessment, q.theme_number)}#q-{q.pk}" in html
    response = member_client.post(reverse("selfassessment:summary", args=[assessment.pk]), follow=True)
    assert "avant la soumission" in response.content.decode()
    assessment.refresh_from_db()
    assert not assessment.is_submitted


def test_review_shows_every_answer_who_and_when_and_flags_the_ones_to_check(
    member_client, assessment, owner, preparer, django_assert_num_queries
):
    q31, q32, q41, q42 = assessment.questionnaire.questions.order_by("theme_number", "pk")
    assessment.save_answers([(q31.pk, choice(q31, 3).pk), (q32.pk, choice(q32, na=True).pk)], owner)
    assessment.save_answers([(q41.pk, choice(q41, 0).pk)], preparer)  # q42 left unanswered
    url = reverse("selfassessment:summary", args=[assessment.pk])
    member_client.get(url)  # the questionnaire's structure is now in the content cache
    with django_assert_num_queries(2):  # the assessment with its answers and who gave them, 1 of every page
        response = member_client.get(url)
    review = response.context["review"]
    assert [(t.number, t.title, t.attention_count) for t in review] == [(3, "Thème numéro 3", 1), (4, "Thème numéro 4", 2)]
    rows = [row for theme in review for row in theme.rows]
    assert [row.needs_attention for row in rows] == [False, True, True, True]
    assert rows[2].answer.answered_by == preparer
    html = response.content.decode()
    review_html = html[html.index('id="review-title"'):]
    assert "Systématiquement" in review_html and "Non concerné" in review_html and "Sans réponse" in review_html
    assert f"{theme_url(assessment, 4)}#q-{q42.pk}" in review_html
    assert preparer.get_full_name() in review_html
    unanswered = html[html.index('class="sa-unanswered"'):html.index('id="review-title"')]
    assert "1 question sans réponse" in html and unanswered.count("<li>") == 1
    assert f'<li><a href="{theme_url(assessment, 4)}#q-{q42.pk}">' in unanswered
    assert 'data-theme-count="3">2</span>/2' in html and 'data-theme-count="4">1</span>/2' in html

    for order in (1, 2, 3):  # more questions and answers: the same queries
        extra = QuestionFactory(questionnaire=assessment.questionnaire, principle=q31.principle, order=order)
        assessment.save_answers([(extra.pk, choice(extra, 1).pk)], owner)
    member_client.get(url)  # new questions: the questionnaire's structure is read again, once
    with django_assert_num_queries(2):
        html = member_client.get(url).content.decode()
    assert 'data-theme-count="3">5</span>/5' in html and 'style="width: 100%" data-theme-progress="3"' in html


def test_submit_twice_gives_one_submission(member_client, assessment, owner):
    answer_all(assessment, owner)
    url = reverse("selfassessment:summary", args=[assessment.pk])
    first = member_client.post(url)
    second = member_client.post(url)
    assert first.url == second.url == reverse("selfassessment:results", args=[assessment.pk])
    assert assessment.theme_scores.count() == 2


def test_preparer_answers_but_cannot_submit_nor_generate(client, assessment, preparer, owner):
    client.force_login(preparer)
    q = assessment.questionnaire.questions.first()
    assert client.post(theme_url(assessment), {f"q-{q.pk}": choice(q, 1).pk}, **FETCH).status_code == 200
    answer_all(assessment, owner)
    client.post(reverse("selfassessment:summary", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert not assessment.is_submitted
    assessment.submit(owner)
    assert client.get(reverse("selfassessment:attestation", args=[assessment.pk])).status_code == 403


def resubmitted(assessment) -> None:
    """As if reopened and submitted again a second later, answers unchanged."""
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=assessment.submitted_at + timedelta(seconds=1))


def test_results_page_in_a_fixed_number_of_queries(member_client, assessment, owner, questionnaire, pharmacy, django_assert_num_queries, principles):
    answer_all(assessment, owner, points=1)
    assessment.submit(owner)
    second = Assessment.start_or_resume(pharmacy, make_questionnaire(principles, year=2027), owner)
    answer_all(second, owner, points=2)
    second.submit(owner)
    url = reverse("selfassessment:results", args=[second.pk])
    member_client.get(url)  # warm the site-root cache, the questionnaire's structure and the bilan
    with django_assert_num_queries(2):  # the bilan kept for the pharmacy: the assessment, 5 of every page
        response = member_client.get(url)
    touch_pharmacy(pharmacy.pk)  # the rest of its data changed (this year's draft, the registers): kept
    with django_assert_num_queries(2):
        member_client.get(url)
    resubmitted(second)  # submitted again (after a reopening): the bilan is built again
    with django_assert_num_queries(6):
        rebuilt = member_client.get(url)
    def bilan(page):
        html = page.content.decode()
        return html[html.index('class="card sa-chart"'):html.index("Détail par principe")]

    assert bilan(rebuilt) == bilan(response)
    html = response.content.decode()
    assert "67 %" in html and "Avancé" in html
    assert "+34 points" in html
    assert "Recommandation A pour 3.1" in html
    assert principles[0].url in html
    assert "<svg" in html and "<desc" in html


def test_bilan_groups_recommendations_by_principle_largest_gap_first_with_tools_once(
    member_client, assessment, owner, questionnaire, pharmacy, principles, home
):
    from tests.toolkit.factories import ToolIndexPageFactory, ToolPageFactory

    kit = ToolIndexPageFactory(parent=home)
    ToolPageFactory(parent=kit, code="M11", title="Le double contrôle", principle_numbers=["4.1"])
    answer_all(assessment, owner, points=2)
    assessment.submit(owner)
    second = Assessment.start_or_resume(pharmacy, make_questionnaire(principles, year=2027), owner)
    q31, q32, q41, q42 = second.questionnaire.questions.order_by("theme_number", "pk")
    second.save_answers([(q31.pk, choice(q31, 3).pk), (q32.pk, choice(q32, 2).pk),
                         (q41.pk, choice(q41, 2).pk), (q42.pk, choice(q42, 0).pk)], owner)
    second.submit(owner)
    response = member_client.get(reverse("selfassessment:results", args=[second.pk]))
    theme3, theme4 = build_results(second).themes  # what the page shows (it keeps its HTML and headline only)
    assert [a.number for a in theme3.advice] == ["3.2"]  # 3.1 at the top: nothing to recommend
    assert [(a.number, a.gap) for a in theme4.advice] == [("4.2", 3), ("4.1", 1)]  # largest gap first
    assert [r.text for r in theme4.advice[0].recommendations] == ["Recommandation A pour 4.2", "Recommandation B pour 4.2"]
    assert [t.code for t in theme4.advice[1].tools] == ["M11"]
    assert (theme3.previous, theme3.percent, theme3.change) == (67, 83, 16)
    assert (theme4.advice[0].score.previous, theme4.advice[0].score.percent) == (67, 0)
    html = response.content.decode()
    theme4_html = html[html.index('id="theme-4-title"'):]
    assert theme4_html.index("4.2") < theme4_html.index("4.1")
    assert theme4_html.count("M11 – Le double contrôle") == 1  # once per principle, not per recommendation
    assert "67 %</span> <span aria-hidden=\"true\">→</span>" in html and "+16 points" in html


def test_results_queries_do_not_grow_with_questions(member_client, principles, pharmacy, owner, django_assert_num_queries):
    from tests.selfassessment.factories import make_questionnaire

    big = make_questionnaire(principles, year=2027, per_principle=6)
    assessment = Assessment.start_or_resume(pharmacy, big, owner)
    answer_all(assessment, owner, points=1)
    assessment.submit(owner)
    url = reverse("selfassessment:results", args=[assessment.pk])
    member_client.get(url)
    resubmitted(assessment)  # built again, not the bilan kept for its submission
    with django_assert_num_queries(5):
        member_client.get(url)


def test_results_pdf(member_client, assessment, owner, caplog):
    import io
    import logging

    from pypdf import PdfReader

    answer_all(assessment, owner, points=2)
    assessment.submit(owner)
    with caplog.at_level(logging.WARNING):
        response = exported(member_client, reverse("selfassessment:results_pdf", args=[assessment.pk]))
    assert not [r for r in caplog.records if r.name.startswith(("xhtml2pdf", "reportlab"))], caplog.text
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Bilan de l'auto-évaluation 2026" in text and "Recommandation A pour 3.1" in text
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_cached_questionnaire_page_shows_a_teammates_autosave_at_once(settings, assessment, owner, preparer):
    """Personal page cache (portal/caching/): a page one member keeps in the cache is rebuilt as
    soon as a teammate answers, and never shows the teammate's page."""
    from django.test import Client

    settings.PERSONAL_PAGE_CACHE_SECONDS = 120
    reader, writer = Client(), Client()
    reader.force_login(owner)
    writer.force_login(preparer)
    url = theme_url(assessment)
    reader.get(url)
    reader.get(url)
    cached = reader.get(url)
    assert cached["X-Portal-Cache"] == "personal"
    q = assessment.questionnaire.questions.filter(theme_number=3).first()
    answer = choice(q, 1)
    assert writer.post(url, {f"q-{q.pk}": answer.pk}, **FETCH).status_code == 200
    rebuilt = reader.get(url)
    assert rebuilt.get("X-Portal-Cache") != "personal"
    checked = f'name="q-{q.pk}" value="{answer.pk}" checked'
    assert checked not in cached.content.decode() and checked in rebuilt.content.decode()


def test_the_bilan_pdf_is_built_by_the_worker_and_only_for_a_member(member_client, assessment, owner, settings):
    from portal.exports.models import ExportJob
    from portal.exports.tasks import run_export

    answer_all(assessment, owner, points=2)
    assessment.submit(owner)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    response = member_client.get(reverse("selfassessment:results_pdf", args=[assessment.pk]))
    job = ExportJob.objects.get()
    assert (response.status_code, response.url, job.status) == (302, job.get_absolute_url(), "queued")
    owner.memberships.all().delete()  # left the team before the worker ran
    run_export.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "failed" and not job.file
