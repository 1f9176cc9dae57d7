"""Data rights: "Mes données" downloads everything about me; deleting my account keeps the
pharmacy's records, attributed to "ancien membre"; a last owner must hand over first."""

import json

import pytest
from django.urls import reverse

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.pharmacies.models import Membership
from portal.pharmacies.roles import Role
from selfassessment.models import Answer
from tests.factories import PASSWORD, MembershipFactory
from tests.selfassessment.factories import choice

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(pharmacy):
    user = MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR).user
    user.set_password(PASSWORD)
    user.save()
    return user


def test_my_data_holds_profile_memberships_and_answers(client, colleague, assessment):
    question = assessment.questionnaire.questions.first()
    assessment.save_answers([(question.pk, choice(question, 2).pk)], colleague)
    client.force_login(colleague)
    assert "Télécharger (JSON)" in client.get(reverse("accounts:my_data")).content.decode()
    assert client.get(reverse("accounts:download_my_data")).status_code == 405
    response = client.post(reverse("accounts:download_my_data"))
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    data = json.loads(response.content)
    assert data["profile"]["email"] == colleague.email
    assert data["memberships"][0]["role"] == Role.PREPARATEUR
    assert data["selfassessment_answers"][0]["question"] == question.text
    assert {"attestations", "tool_statuses", "notifications", "courses", "quiz_attempts", "incidents_declared"} <= set(data)


def test_deleting_my_account_keeps_the_pharmacys_records_as_former_member(client, colleague, assessment, pharmacy, owner):
    question = assessment.questionnaire.questions.first()
    assessment.save_answers([(question.pk, choice(question, 2).pk)], colleague)
    client.force_login(colleague)
    url = reverse("accounts:delete_account")
    refused = client.post(url, {"password": "faux", "understood": "on"})
    assert refused.status_code == 400 and "Mot de passe incorrect" in refused.content.decode()
    assert client.post(url, {"password": PASSWORD}).status_code == 400  # the tick is required
    assert User.objects.filter(pk=colleague.pk).exists()
    response = client.post(url, {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=colleague.pk).exists()
    answer = Answer.objects.get(question=question)
    assert answer.answered_by is None
    client.force_login(owner)
    page = client.get(reverse("selfassessment:theme", args=[assessment.pk, question.theme_number]))
    assert "Répondu par ancien membre" in page.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCOUNT_DELETED, pharmacy=pharmacy).exists()


def test_the_last_owner_cannot_delete_without_handing_over(member_client, owner, pharmacy):
    owner.set_password(PASSWORD)
    owner.save()
    member_client.force_login(owner)
    page = member_client.get(reverse("accounts:my_data")).content.decode()
    assert "dernier titulaire" in page
    response = member_client.post(reverse("accounts:delete_account"), {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 400 and "dernier titulaire" in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()
    MembershipFactory(pharmacy=pharmacy, role=Role.TITULAIRE)
    response = member_client.post(reverse("accounts:delete_account"), {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert not Membership.objects.filter(user_id=owner.pk).exists()
