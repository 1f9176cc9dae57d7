"""Background work really runs in the background: enqueued by the request, run by the worker.

These tests use the production task backend (django-tasks' database backend) and its worker,
`manage.py db_worker --batch`, instead of the test settings' immediate backend.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from portal.pages.models import NewsIndexPage, NewsPage
from tests.factories import UserFactory
from tests.toolkit.factories import make_document
from toolkit.models import NewsletterDelivery, NewsletterSending, NewsletterSubscription
from toolkit.newsletter import send_news

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def run_worker():
    """The real worker command, once over the queue. It closes "old" connections between tasks,
    which inside a test's transaction would close the test's own connection: that part is off."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def queued(name):
    return DBTaskResult.objects.ready().filter(task_path__endswith=name).count()


@pytest.fixture
def news_index(home):
    index = NewsIndexPage(title="Actualités", slug="actualites")
    home.add_child(instance=index)
    return index


def publish_news(index, title="Nouvel outil M11"):
    news = NewsPage(title=title, slug=title.lower().replace(" ", "-"), date="2026-11-20", summary="Le mémo change.")
    index.add_child(instance=news)
    news.save_revision().publish()
    return news


def test_publishing_news_only_queues_the_newsletter_the_worker_sends_it(
    database_tasks, news_index, django_capture_on_commit_callbacks
):
    subscribers = UserFactory.create_batch(3)
    for user in subscribers:
        NewsletterSubscription.set(user, True)
    with django_capture_on_commit_callbacks(execute=True):
        news = publish_news(news_index)
    # Published: the editor's request is over, nothing was sent, the task waits for the worker.
    assert mail.outbox == [] and queued("send_news_task") == 1
    assert not NewsletterSending.objects.filter(news=news).exists()

    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in subscribers)
    assert queued("send_news_task") == 0
    assert DBTaskResult.objects.successful().filter(task_path__endswith="send_news_task").count() == 1
    sending = NewsletterSending.objects.get(news=news)
    assert sending.finished_at and sending.recipients == 3
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_newsletter_resumes_after_a_crash_without_sending_twice(news_index):
    users = UserFactory.create_batch(4)
    for user in users:
        NewsletterSubscription.set(user, True)
    news = publish_news(news_index)  # its on_commit hook never runs here: nothing queued

    from toolkit import newsletter

    real = newsletter.newsletter_email
    calls = []

    def crash_on_third(news, user):
        calls.append(user.pk)
        if len(calls) == 3:
            raise ConnectionError("SMTP server went away")
        return real(news, user)

    with mock.patch("toolkit.newsletter.newsletter_email", side_effect=crash_on_third), pytest.raises(ConnectionError):
        send_news(news.pk)
    sending = NewsletterSending.objects.get(news=news)
    assert len(mail.outbox) == 2
    assert sending.finished_at is None  # not marked sent before every email went out
    assert NewsletterDelivery.objects.pending().count() == 2

    assert send_news(news.pk) == 2  # resumed: only the two left
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    sending.refresh_from_db()
    assert sending.finished_at and sending.recipients == 4
    assert send_news(news.pk) == 0 and len(mail.outbox) == 4  # idempotent


def test_tools_zip_is_built_by_the_worker_never_in_the_visitors_request(database_tasks, client, tools):
    memo = tools["M11"]
    memo.pdf_file = make_document("M11 PDF", "m11.pdf")
    memo.save_revision().publish()  # no on_commit here: as if the worker had not run yet
    kit = memo.get_parent()

    html = client.get(kit.url).content.decode()
    assert "Télécharger tous les outils" not in html  # not ready: no link, and no build here
    assert client.get(reverse("toolkit:download_all")).status_code == 404
    _directories, files = default_storage.listdir("toolkit") if default_storage.exists("toolkit") else ([], [])
    assert not [name for name in files if name.endswith(".zip")]
    assert queued("rebuild_archive") == 1
    client.get(kit.url)
    assert queued("rebuild_archive") == 1  # queued once, not once per visitor

    run_worker()
    _directories, files = default_storage.listdir("toolkit")
    assert len([name for name in files if name.endswith(".zip")]) == 1
    html = client.get(kit.url).content.decode()
    assert "Télécharger tous les outils" in html
    response = client.get(reverse("toolkit:download_all"))
    assert b"".join(response.streaming_content)[:2] == b"PK"
    for close in response._resource_closers:
        close()


# --- The worker is killed in the middle of a newsletter (docs/deployment.md, "Pannes") ------------
class WorkerKilled(BaseException):
    """What SIGKILL does to the worker: nothing of the task runs after it (not an Exception)."""


class KillingBackend(locmem.EmailBackend):
    """The outbox, killing the worker at its `kill_at`-th email: before the email leaves, or
    just after the relay took it (`after_leaving`). Checks that no transaction is open while an
    email leaves and that its claim is already committed."""

    count = 0
    kill_at = None
    after_leaving = False
    outside_transactions = False  # checked in a transactional test only

    def send_messages(self, messages):
        if KillingBackend.outside_transactions:
            assert not connection.in_atomic_block, "a transaction (a lock) is held while an email leaves"
        for message in messages:
            if KillingBackend.outside_transactions:
                claimed = NewsletterDelivery.objects.filter(user__email=message.to[0], claimed_at__isnull=False)
                assert claimed.exists(), "an email leaves before its claim is committed"
            KillingBackend.count += 1
            if KillingBackend.count == KillingBackend.kill_at and not KillingBackend.after_leaving:
                raise WorkerKilled
            super().send_messages([message])
            if KillingBackend.count == KillingBackend.kill_at:
                raise WorkerKilled
        return len(messages)


@pytest.fixture
def killing_backend(settings):
    settings.EMAIL_BACKEND = f"{__name__}.KillingBackend"
    KillingBackend.count, KillingBackend.kill_at = 0, None
    KillingBackend.after_leaving = KillingBackend.outside_transactions = False
    return KillingBackend


def minutes_later(minutes=NewsletterDelivery.CLAIM_SECONDS // 60 + 1):
    """Move every claim back in time, as if the clock had run."""
    NewsletterDelivery.objects.filter(claimed_at__isnull=False).update(
        claimed_at=F("claimed_at") - timedelta(minutes=minutes)
    )


def subscribed(count):
    users = UserFactory.create_batch(count)
    for user in users:
        NewsletterSubscription.set(user, True)
    return users


@pytest.mark.django_db(transaction=True)
def test_worker_killed_three_times_mid_newsletter_every_subscriber_gets_exactly_one_email(killing_backend, home):
    index = NewsIndexPage(title="Actualités", slug="actualites")
    home.add_child(instance=index)
    users = subscribed(10)
    with mock.patch("toolkit.newsletter.send_news_task"):  # the worker starts it below, and dies
        news = publish_news(index)
    killing_backend.outside_transactions = True
    for kill_at in (3, 6, 9):  # the worker dies at its 3rd email, then at the 6th, then at the 9th
        killing_backend.kill_at = kill_at
        with pytest.raises(WorkerKilled):
            send_news(news.pk) if kill_at == 3 else call_command("send_reminders", verbosity=0)
        minutes_later()  # the next hourly cron run: the dead worker's claim is stale
    killing_backend.kill_at = None
    call_command("send_reminders", verbosity=0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)  # each once
    assert NewsletterSending.objects.get(news=news).finished_at is not None
    call_command("send_reminders", verbosity=0)
    assert len(mail.outbox) == 10


def test_killed_after_the_relay_took_the_email_it_is_the_only_one_repeated_once_with_its_message_id(
    killing_backend, news_index
):
    users = subscribed(5)
    news = publish_news(news_index)
    killing_backend.kill_at, killing_backend.after_leaving = 2, True
    with pytest.raises(WorkerKilled):
        send_news(news.pk)
    killing_backend.kill_at = None
    assert send_news(news.pk) == 3  # another worker at once: the dead one's email is not repeated
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert NewsletterSending.objects.get(news=news).finished_at is None  # one claim left unconfirmed

    minutes_later()
    assert send_news(news.pk) == 1
    repeated = [m for m in mail.outbox if m.to == mail.outbox[1].to]
    assert len(repeated) == 2 and len({m.extra_headers["Message-ID"] for m in repeated}) == 1
    assert NewsletterSending.objects.get(news=news).finished_at is not None
