import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from portal.pages.models import PrinciplePage
from portal.pharmacies.roles import Role
from tests.factories import MembershipFactory
from tests.selfassessment.factories import issue_attestation, make_questionnaire, submit
from toolkit.models import Notification, NotificationPreference, ToolStatus
from toolkit.reminders import send_reminders

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=PARIS)


@pytest.fixture
def questionnaires(framework):
    """A questionnaire per year, on the framework's four principles."""
    principles = list(PrinciplePage.objects.order_by("path"))
    return {year: make_questionnaire(principles, year=year) for year in (2026, 2027)}


@pytest.fixture
def preparer(pharmacy, owner):
    return MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR).user


@pytest.mark.parametrize(
    ("moment", "expected_key"),
    [
        (at(2026, 11, 30, 23), None),
        (at(2026, 12, 1, 0), "assessment:2026:12-01"),
        (at(2026, 12, 14), "assessment:2026:12-01"),
        (at(2026, 12, 15), "assessment:2026:12-15"),
        (at(2026, 12, 31, 23), "assessment:2026:12-15"),
        (at(2027, 1, 2), None),
    ],
)
def test_self_assessment_reminders_around_deadlines(owner, pharmacy, preparer, moment, expected_key):
    send_reminders(now=moment)
    keys = list(Notification.objects.values_list("key", flat=True))
    if expected_key is None:
        assert keys == []
    else:
        assert keys == [f"{expected_key}:{pharmacy.pk}"]  # the pharmacist only, not the preparer
        assert Notification.objects.get().user == owner


def test_no_reminder_once_the_self_assessment_is_submitted(owner, pharmacy, questionnaires):
    submit(pharmacy, owner, questionnaires[2026], when=at(2026, 11, 2))
    assert send_reminders(now=at(2026, 12, 16)).created == 0


@pytest.mark.parametrize(
    ("moment", "expected"),
    [(at(2027, 1, 31, 23), 0), (at(2027, 2, 1, 0), 1), (at(2027, 2, 28, 20), 1), (at(2027, 3, 1), 0)],
)
def test_attestation_reminder_in_february(owner, pharmacy, questionnaires, moment, expected):
    submit(pharmacy, owner, questionnaires[2026], when=at(2026, 11, 2))
    assert send_reminders(now=moment).created == expected
    if expected:
        assert Notification.objects.get().title == "Attestation 2026 à envoyer au plus tard le 28 février"


@pytest.mark.parametrize(("moment", "expected"), [(at(2028, 2, 29, 20), 1), (at(2028, 3, 1), 0)])
def test_attestation_reminder_until_29_february_in_a_leap_year(owner, pharmacy, questionnaires, moment, expected):
    submit(pharmacy, owner, questionnaires[2027], when=at(2027, 11, 2))
    assert send_reminders(now=moment).created == expected
    if expected:
        notification = Notification.objects.get()
        assert notification.title == "Attestation 2027 à envoyer au plus tard le 29 février"
        assert "au plus tard le 29 février." in notification.body


def test_no_attestation_reminder_once_downloaded(owner, pharmacy, questionnaires):
    assessment = submit(pharmacy, owner, questionnaires[2026], when=at(2026, 11, 2))
    issue_attestation(assessment, owner, when=at(2027, 1, 10))
    assert send_reminders(now=at(2027, 2, 5)).created == 0


def test_running_twice_sends_one_email(owner):
    first = send_reminders(now=at(2026, 12, 2))
    second = send_reminders(now=at(2026, 12, 2, 10))
    assert (first.created, first.emailed) == (1, 1)
    assert (second.created, second.emailed) == (0, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email] and "Auto-évaluation 2026" in message.subject
    assert "/ma-dqo/preferences/" in message.body
    # The second stage is a new reminder, sent once too.
    send_reminders(now=at(2026, 12, 15))
    send_reminders(now=at(2026, 12, 15, 11))
    assert len(mail.outbox) == 2


def test_command_is_idempotent(tools, pharmacy, owner, framework, capsys):
    # Whatever today is, this year's and last year's self-assessments are done and attested,
    # so the only alert is the tool update.
    principles = list(PrinciplePage.objects.order_by("path"))
    today = datetime.date.today()
    for year in (today.year - 1, today.year):
        assessment = submit(pharmacy, owner, make_questionnaire(principles, year=year), when=at(year, 6, 1))
        issue_attestation(assessment, owner, when=at(year, 6, 2))
    memo = tools["M11"]
    status = ToolStatus.change(pharmacy=pharmacy, tool=memo, status=ToolStatus.Status.DONE, by=owner)
    ToolStatus.objects.filter(pk=status.pk).update(confirmed_at=at(2020, 1, 1))
    memo.last_major_update = datetime.date(2020, 6, 1)
    memo.save_revision().publish()
    call_command("send_reminders")
    call_command("send_reminders")
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1
    assert "1 notification(s) créée(s), 1 courriel(s) envoyé(s)." in capsys.readouterr().out


def test_preferences_are_respected(owner):
    NotificationPreference.objects.create(user=owner, deadlines_email=False)
    result = send_reminders(now=at(2026, 12, 2))
    assert (result.created, result.emailed, len(mail.outbox)) == (1, 0, 0)
    assert Notification.objects.unread().count() == 1

    NotificationPreference.objects.filter(user=owner).update(deadlines_app=False, deadlines_email=False)
    assert send_reminders(now=at(2026, 12, 16)).created == 0


def test_email_only_preference_leaves_no_unread_badge(owner):
    NotificationPreference.objects.create(user=owner, deadlines_app=False)
    send_reminders(now=at(2026, 12, 2))
    assert len(mail.outbox) == 1 and Notification.objects.unread().count() == 0


def test_tool_update_alert_for_implemented_tools(tools, pharmacy, owner, preparer, other_pharmacy):
    memo = tools["M11"]
    status = ToolStatus.change(pharmacy=pharmacy, tool=memo, status=ToolStatus.Status.DONE, by=owner)
    ToolStatus.objects.filter(pk=status.pk).update(confirmed_at=at(2026, 3, 1))
    other = MembershipFactory(pharmacy=other_pharmacy).user
    ToolStatus.change(pharmacy=other_pharmacy, tool=tools["C31"], status=ToolStatus.Status.TODO, by=other)
    assert send_reminders(now=at(2026, 6, 1)).created == 0  # no update yet

    memo.last_major_update = datetime.date(2026, 5, 20)
    memo.last_major_update_note = "Nouveau script."
    memo.save_revision().publish()
    result = send_reminders(now=at(2026, 6, 1))
    assert result.created == 2  # both team members of the pharmacy, nobody else
    assert set(Notification.objects.values_list("user", flat=True)) == {owner.pk, preparer.pk}
    assert send_reminders(now=at(2026, 6, 2)).created == 0

    status.refresh_from_db()
    status.confirm(owner)
    assert send_reminders(now=at(2026, 6, 3)).created == 0
    memo.last_major_update = timezone.localdate(status.confirmed_at) + datetime.timedelta(days=1)
    memo.save_revision().publish()
    assert send_reminders(now=at(2026, 6, 3)).created == 2  # a later update alerts again


@pytest.mark.parametrize("extra_pharmacies", [0, 6])
def test_deadline_rules_do_not_query_per_pharmacy(owner, extra_pharmacies, django_assert_num_queries):
    from toolkit.reminders import _members_by_pharmacy, deadline_alerts

    for _ in range(extra_pharmacies):
        MembershipFactory(role=Role.TITULAIRE)
    pharmacies, members = _members_by_pharmacy()
    with django_assert_num_queries(1):  # the year's assessments; none submitted, so no attestation lookup
        alerts = deadline_alerts(datetime.date(2026, 12, 2), pharmacies, members)
    assert len(alerts) == 1 + extra_pharmacies


def test_deadline_reminders_follow_the_submit_and_sign_permissions(owner, pharmacy, monkeypatch):
    from portal.pharmacies.roles import PERMISSIONS

    adjoint = MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT).user
    monkeypatch.setitem(PERMISSIONS, "submit_assessment", frozenset({Role.ADJOINT}))
    send_reminders(now=at(2026, 12, 2))
    assert [n.user for n in Notification.objects.all()] == [adjoint]
