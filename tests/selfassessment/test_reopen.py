"""One assessment per pharmacy and year: reopened by a pharmacist while the campaign is open,
answers kept, submitted again on the same row; the attestation always points to it."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from freezegun import freeze_time

from portal.audit.models import AuditEvent
from selfassessment.models import Assessment
from selfassessment.services import year_status
from tests.selfassessment.factories import answer_all, choice, issue_attestation, make_questionnaire

pytestmark = pytest.mark.django_db

CAMPAIGN_OPEN = "2026-06-15 10:00:00"
CAMPAIGN_CLOSED = "2027-01-05 10:00:00"


def submitted(assessment, owner, points=3):
    answer_all(assessment, owner, points)
    assessment.submit(owner)
    return assessment


def test_a_second_assessment_of_the_year_is_refused_by_the_database(assessment, owner, pharmacy, principles):
    other_version = make_questionnaire(principles, year=2026, version=2)
    with pytest.raises(IntegrityError), transaction.atomic():  # beside a draft
        Assessment.objects.create(pharmacy=pharmacy, questionnaire=other_version)
    submitted(assessment, owner)
    with pytest.raises(IntegrityError), transaction.atomic():  # beside a submitted one
        Assessment.objects.create(pharmacy=pharmacy, questionnaire=assessment.questionnaire)
    Assessment.objects.create(pharmacy=pharmacy, questionnaire=make_questionnaire(principles, year=2027))
    assert Assessment.objects.filter(pharmacy=pharmacy).count() == 2


@freeze_time(CAMPAIGN_OPEN, tick=True)
def test_a_pharmacist_reopens_keeping_the_answers_then_submits_the_same_row(member_client, assessment, owner, pharmacy):
    submitted(assessment, owner, points=1)
    old_attestation = issue_attestation(assessment, owner)
    url = reverse("selfassessment:reopen", args=[assessment.pk])
    page = member_client.get(url).content.decode()
    assert "téléchargez à nouveau l'attestation" in page
    assert Assessment.objects.get(pk=assessment.pk).is_submitted  # the page only asks
    response = member_client.post(url)
    assert response.url == reverse("selfassessment:summary", args=[assessment.pk])
    reopened = Assessment.objects.get(pk=assessment.pk)
    assert not reopened.is_submitted and reopened.score_percent is None and not reopened.theme_scores.exists()
    assert sorted(reopened.answers.values_list("choice__points", flat=True)) == [1, 1, 1, 1]
    event = AuditEvent.objects.get(action=AuditEvent.Action.ASSESSMENT_REOPENED)
    assert (event.actor, event.pharmacy, event.details) == (owner, pharmacy, {"year": 2026})
    verify = member_client.get(reverse("selfassessment:verify", args=[old_attestation.code])).content.decode()
    assert "ne vaut plus" in verify

    question = reopened.questionnaire.questions.filter(theme_number=3).first()
    autosave = member_client.post(reverse("selfassessment:theme", args=[assessment.pk, 3]),
                                  {f"q-{question.pk}": choice(question, 3).pk}, HTTP_X_REQUESTED_WITH="fetch")
    assert autosave.status_code == 200
    member_client.post(reverse("selfassessment:summary", args=[assessment.pk]))
    again = Assessment.objects.get()
    assert again.pk == assessment.pk and again.is_submitted and again.score_percent == 50
    assert again.theme_scores.count() == 2

    new_attestation = issue_attestation(again, owner)
    assert new_attestation.assessment_id == old_attestation.assessment_id == assessment.pk
    assert year_status(pharmacy, 2026)["attestation_url"] == reverse("selfassessment:attestation", args=[assessment.pk])
    old_attestation.refresh_from_db()
    assert new_attestation.is_current and not old_attestation.is_current
    page = member_client.get(reverse("selfassessment:attestation", args=[assessment.pk])).content.decode()
    assert page.count("ne vaut plus (auto-évaluation soumise à nouveau)") == 1


@freeze_time(CAMPAIGN_OPEN, tick=True)
def test_the_restart_button_is_gone_and_starting_again_opens_no_second_assessment(member_client, assessment, owner):
    submitted(assessment, owner)
    html = member_client.get(reverse("selfassessment:index")).content.decode()
    assert "Refaire une auto-évaluation" not in html
    assert reverse("selfassessment:reopen", args=[assessment.pk]) in html
    response = member_client.post(reverse("selfassessment:start"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("selfassessment:results", args=[assessment.pk])
    assert Assessment.objects.get().is_submitted


@freeze_time(CAMPAIGN_OPEN, tick=True)
def test_only_a_pharmacist_reopens(client, assessment, owner, preparer):
    submitted(assessment, owner)
    client.force_login(preparer)
    assert reverse("selfassessment:reopen", args=[assessment.pk]) not in client.get(
        reverse("selfassessment:results", args=[assessment.pk])).content.decode()
    response = client.post(reverse("selfassessment:reopen", args=[assessment.pk]), follow=True)
    assert "ne peut plus être rouverte" in response.content.decode()
    assert Assessment.objects.get().is_submitted
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ASSESSMENT_REOPENED).exists()


def test_after_the_campaign_the_assessment_is_final(assessment, owner, other_owner):
    from django.test import Client

    with freeze_time(CAMPAIGN_OPEN, tick=True):
        submitted(assessment, owner)
    with freeze_time(CAMPAIGN_CLOSED, tick=True):
        member_client, client = Client(), Client()
        member_client.force_login(owner)
        results = member_client.get(reverse("selfassessment:results", args=[assessment.pk])).content.decode()
        assert "La campagne 2026 est close : cette auto-évaluation est définitive." in results
        assert reverse("selfassessment:reopen", args=[assessment.pk]) not in results
        member_client.post(reverse("selfassessment:reopen", args=[assessment.pk]))
        assert Assessment.objects.get().is_submitted
        client.force_login(other_owner)
        assert client.post(reverse("selfassessment:reopen", args=[assessment.pk])).status_code == 404
