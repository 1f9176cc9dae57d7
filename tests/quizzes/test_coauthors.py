"""Co-authors: invited, never promoted. The invitee accepts; only an administrator approves a teacher."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.audit.models import AuditEvent
from quizzes.models import TEACHERS_GROUP, CoauthorInvitation, can_teach, grant_teaching
from tests.exports.helpers import exported
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEACHER_PAGES = ("manage", "results", "people", "course_edit", "import")
ANSWER = "Si cette adresse correspond à un enseignant, une invitation lui a été envoyée"


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def _invite(client, course, email):
    return client.post(reverse("quizzes:people", args=[course.pk]), {"action": "collaborator", "collab-email": email})


def _link(message) -> str:
    line = next(line for line in message.body.splitlines() if "/enseignant/invitations/" in line)
    return line[line.index("/revisions/"):]


def _teacher_pages_status(client, course) -> set[int]:
    statuses = {client.get(reverse(f"quizzes:{name}", args=[course.pk])).status_code for name in TEACHER_PAGES}
    export = client.get(reverse("quizzes:results_export", args=[course.pk, "etudiants", "csv"]))
    granted = export.status_code == 302 and export.url.startswith("/exports/")  # the job page
    statuses.add(200 if granted else export.status_code)
    return statuses


@pytest.fixture
def unapproved_teacher(db):
    return UserFactory(email="nouveau-prof@exemple.test", username="nouveauprof", kind="teacher")


def _client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_invitee_has_no_access_until_they_accept(teacher_client, course, other_teacher, enrolled):
    assert _invite(teacher_client, course, "Autre-Prof@exemple.test").status_code == 302
    assert not course.collaborators.exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [other_teacher.email]
    assert course.title in mail.outbox[0].subject
    client = _client_of(other_teacher)
    assert _teacher_pages_status(client, course) == {404}
    assert course.title not in client.get(reverse("quizzes:manage", args=[course.pk])).text

    link = _link(mail.outbox[0])
    page = client.get(link)
    assert "Accepter l'invitation" in page.text and course.title in page.text
    assert client.post(link, {"action": "accept"})["Location"] == reverse("quizzes:manage", args=[course.pk])

    assert list(course.collaborators.all()) == [other_teacher]
    assert not CoauthorInvitation.objects.exists()
    assert _teacher_pages_status(client, course) == {200}
    results = exported(client, reverse("quizzes:results_export", args=[course.pk, "etudiants", "csv"]))
    assert "eleve@exemple.test" in results.content.decode("utf-8-sig")
    assert client.get(link).status_code == 404, "an invitation is accepted once"


def test_acceptance_does_not_approve_a_teacher(teacher_client, course, unapproved_teacher):
    _invite(teacher_client, course, unapproved_teacher.email)
    assert not can_teach(_fresh(unapproved_teacher)), "inviting approves nobody"
    link = _link(mail.outbox[0])
    client = _client_of(unapproved_teacher)
    assert "pas encore validé par un administrateur" in client.get(link).text

    response = client.post(link, {"action": "accept"})
    assert response.status_code == 403
    assert "pas encore validé par un administrateur" in response.text
    assert not can_teach(_fresh(unapproved_teacher))
    assert not course.collaborators.exists()
    assert CoauthorInvitation.objects.filter(course=course).exists(), "kept until an administrator approves"
    assert client.get(reverse("quizzes:course_create")).status_code == 404
    assert _teacher_pages_status(client, course) == {404}
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.COAUTHOR_ACCEPTED).exists()

    grant_teaching(unapproved_teacher)
    client.force_login(_fresh(unapproved_teacher))
    assert client.post(link, {"action": "accept"}).status_code == 302
    assert list(course.collaborators.all()) == [unapproved_teacher]


def test_an_unapproved_person_cannot_read_results_even_after_acceptance(client, course, other_teacher, enrolled):
    invitation = course.invite_coauthor(other_teacher.email, course.owner)
    assert invitation.accept(other_teacher)
    other_teacher.groups.remove(Group.objects.get(name=TEACHERS_GROUP))  # an administrator withdraws the approval
    client.force_login(_fresh(other_teacher))
    assert _teacher_pages_status(client, course) == {404}
    assert course.title not in client.get(reverse("quizzes:courses")).text
    assert not course.can_edit(_fresh(other_teacher))


def test_a_coauthor_of_another_account_kind_reads_nothing(client, course, student, enrolled):
    course.collaborators.add(student)  # a leftover row must not open the results to a student
    client.force_login(student)
    assert client.get(reverse("quizzes:results", args=[course.pk])).status_code == 404


def test_the_form_answers_the_same_whatever_the_address(teacher_client, course, student, other_teacher, unapproved_teacher):
    coauthor = UserFactory(email="coauteur@exemple.test", kind="teacher")
    grant_teaching(coauthor)
    course.collaborators.add(coauthor)
    addresses = {
        "unknown": "inconnu@exemple.test",
        "student": student.email,
        "unapproved teacher": unapproved_teacher.email,
        "approved teacher": other_teacher.email,
        "already co-author": coauthor.email,
    }
    answers = {}
    # The layout's shared parts are rendered once per process (portal/caching/fragments.py): warm
    # them, so that every answer below renders the same templates.
    teacher_client.get(reverse("quizzes:people", args=[course.pk]))
    for kind, email in addresses.items():
        posted = _invite(teacher_client, course, email)
        page = teacher_client.get(posted["Location"])
        answers[kind] = (
            posted.status_code, posted["Location"], [str(m) for m in page.context["messages"]],
            page.status_code, sorted(page.context.keys()),
        )
    first = answers["unknown"]
    assert first[0] == 302 and ANSWER in first[2][0]
    assert all(answer == first for answer in answers.values()), answers
    assert sorted(m.to[0] for m in mail.outbox) == sorted([unapproved_teacher.email, other_teacher.email])


def test_an_invalid_address_is_told_and_kept(teacher_client, course):
    response = _invite(teacher_client, course, "pas-une-adresse")
    assert response.status_code == 200
    assert "adresse e-mail valide" in response.text and 'value="pas-une-adresse"' in response.text
    assert not CoauthorInvitation.objects.exists()


def test_the_invitation_is_only_for_the_invited_account_and_expires(client, course, other_teacher, teacher):
    invitation = course.invite_coauthor(other_teacher.email, teacher)
    url = reverse("quizzes:coauthor_invitation", args=[invitation.pk])
    intruder = UserFactory(email="intrus@exemple.test", kind="teacher")
    grant_teaching(intruder)
    client.force_login(intruder)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "accept"}).status_code == 404
    CoauthorInvitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=31))
    client.force_login(other_teacher)
    assert client.post(url, {"action": "accept"}).status_code == 404
    assert not course.collaborators.exists()


def test_inviting_again_renews_the_invitation(teacher_client, course, other_teacher):
    invitation = course.invite_coauthor(other_teacher.email, course.owner)
    CoauthorInvitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=31))
    _invite(teacher_client, course, other_teacher.email)
    assert not CoauthorInvitation.objects.get().is_expired()


def test_the_invitee_declines(client, course, other_teacher):
    invitation = course.invite_coauthor(other_teacher.email, course.owner)
    client.force_login(other_teacher)
    url = reverse("quizzes:coauthor_invitation", args=[invitation.pk])
    assert client.post(url, {"action": "decline"})["Location"] == reverse("quizzes:courses")
    assert not CoauthorInvitation.objects.exists() and not course.collaborators.exists()


def test_the_owner_cancels_an_invitation_and_removes_a_coauthor(teacher_client, course, other_teacher):
    pending = course.invite_coauthor("attente@exemple.test", course.owner)
    course.invite_coauthor(other_teacher.email, course.owner).accept(other_teacher)
    people = reverse("quizzes:people", args=[course.pk])
    page = teacher_client.get(people).text
    assert "attente@exemple.test" in page and "Annuler cette invitation ?" in page and "Retirer ce co-auteur ?" in page

    coauthor_client = _client_of(other_teacher)  # a co-author cancels nothing
    coauthor_client.post(people, {"action": "cancel_coauthor_invitation", "invitation": pending.pk})
    assert CoauthorInvitation.objects.filter(pk=pending.pk).exists()

    teacher_client.post(people, {"action": "cancel_coauthor_invitation", "invitation": pending.pk})
    assert not CoauthorInvitation.objects.exists()
    teacher_client.post(people, {"action": "remove_collaborator", "user": other_teacher.pk})
    assert not course.collaborators.exists()
    assert coauthor_client.get(reverse("quizzes:manage", args=[course.pk])).status_code == 404


def test_an_invited_teacher_finds_the_invitation_on_their_courses_page(client, course, unapproved_teacher):
    invitation = course.invite_coauthor(unapproved_teacher.email, course.owner)
    client.force_login(unapproved_teacher)
    assert reverse("quizzes:coauthor_invitation", args=[invitation.pk]) in client.get(reverse("quizzes:courses")).text


def test_invitation_and_acceptance_are_in_the_audit_trail(teacher_client, course, other_teacher, teacher):
    _invite(teacher_client, course, other_teacher.email)
    _client_of(other_teacher).post(_link(mail.outbox[0]), {"action": "accept"})
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "actor", "target", "details"))
    target = f"{other_teacher.email} · {course.title}"
    assert events == [
        (AuditEvent.Action.COAUTHOR_INVITED, teacher.pk, target, {"course": course.pk}),
        (AuditEvent.Action.COAUTHOR_ACCEPTED, other_teacher.pk, target, {"course": course.pk}),
    ]


def _teachers_group_pk():
    return Group.objects.get(name=TEACHERS_GROUP).pk


def test_only_an_administrator_approves_a_teacher(admin_client, admin_user, unapproved_teacher):
    url = reverse("wagtailusers_users:edit", args=[unapproved_teacher.pk])
    data = {"username": unapproved_teacher.username, "email": unapproved_teacher.email, "first_name": "Nouveau",
            "last_name": "Prof", "kind": "teacher", "rpps": "", "is_active": "on"}
    assert admin_client.post(url, data).status_code == 302
    assert not AuditEvent.objects.exists(), "an edit that approves nobody is not recorded"

    assert admin_client.post(url, {**data, "groups": [_teachers_group_pk()]}).status_code == 302
    assert can_teach(_fresh(unapproved_teacher))
    assert admin_client.post(url, {**data, "groups": [_teachers_group_pk()]}).status_code == 302
    events = list(AuditEvent.objects.values_list("action", "actor", "target"))
    assert events == [(AuditEvent.Action.TEACHER_APPROVED, admin_user.pk, unapproved_teacher.email)]


def test_an_administrator_approves_teachers_in_bulk(admin_client, admin_user, unapproved_teacher, student):
    url = reverse("wagtail_bulk_action", args=("accounts", "user", "assign_role"))
    url += f"?id={unapproved_teacher.pk}&id={student.pk}"
    assert admin_client.post(url, {"role": _teachers_group_pk()}).status_code == 302
    assert can_teach(_fresh(unapproved_teacher)) and not can_teach(_fresh(student))
    assert list(AuditEvent.objects.values_list("action", "target")) == [
        (AuditEvent.Action.TEACHER_APPROVED, unapproved_teacher.email)
    ]


def test_invitations_are_in_my_data_and_leave_with_the_account(teacher_client, course, other_teacher):
    import json

    from portal.accounts.personal_data import delete_account

    _invite(teacher_client, course, other_teacher.email)
    invitee = _client_of(other_teacher)
    mine = json.loads(invitee.post(reverse("accounts:download_my_data")).content)["coauthor_invitations"]
    assert [(row["course"], row["email"], row["sent_by_me"]) for row in mine] == [
        (course.title, other_teacher.email, False)]
    sent = json.loads(teacher_client.post(reverse("accounts:download_my_data")).content)["coauthor_invitations"]
    assert [row["sent_by_me"] for row in sent] == [True]
    delete_account(other_teacher)
    assert not CoauthorInvitation.objects.exists(), "no invitation addressed to a deleted account stays"
