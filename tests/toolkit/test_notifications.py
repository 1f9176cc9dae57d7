import pytest
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from portal.pages.models import NewsIndexPage, NewsPage
from tests.factories import UserFactory
from toolkit.models import (
    NewsletterSending,
    NewsletterSubscription,
    Notification,
    NotificationPreference,
)
from toolkit.models.notifications import Kind
from toolkit.newsletter import send_news
from toolkit.reminders import send_reminders

pytestmark = pytest.mark.django_db

# Mid-October: no self-assessment or attestation reminder is due (portal/rules/campaign.py), so the
# alerts under test are the only ones, whatever day the suite runs.
OUTSIDE_CAMPAIGN = "2026-10-15 10:00:00"


def notify(user, key="k1", title="Outil mis à jour"):
    return Notification.objects.create(user=user, kind=Kind.TOOL_UPDATE, key=key, title=title, url="/ma-dqo/")


def test_header_shows_unread_count_and_marking_read_clears_it(member_client, owner, home):
    first = notify(owner, "k1")
    notify(owner, "k2")
    html = member_client.get(reverse("toolkit:notifications")).content.decode()
    assert '<span class="visually-hidden">2 non lues</span>' in html
    response = member_client.post(reverse("toolkit:mark_read", args=[first.pk]), {"open": "1"})
    assert response["Location"] == "/ma-dqo/"
    assert "1 non lue<" in member_client.get(reverse("toolkit:notifications")).content.decode()
    member_client.post(reverse("toolkit:mark_all_read"))
    assert Notification.objects.unread().count() == 0
    assert "non lue" not in member_client.get(reverse("toolkit:notifications")).content.decode()


def test_someone_elses_notification_is_404(member_client, owner):
    theirs = notify(UserFactory())
    assert member_client.post(reverse("toolkit:mark_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_only_signed_in_pages_count_notifications(client, home, owner, django_assert_max_num_queries):
    def notification_queries():
        with django_assert_max_num_queries(50) as captured:
            client.get("/")
        return [q["sql"] for q in captured.captured_queries if "toolkit_notification" in q["sql"]]

    assert notification_queries() == []
    client.force_login(owner)
    assert len(notification_queries()) == 1


def test_preferences_and_newsletter_subscription(member_client, owner):
    response = member_client.post(reverse("toolkit:preferences"), {
        "tool_updates_app": "on", "deadlines_app": "on", "deadlines_email": "on", "news_app": "on",
        "newsletter": "on",
    })
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=owner)
    assert preference.wants(Kind.TOOL_UPDATE) == (True, False)
    assert preference.wants(Kind.NEWS) == (True, False) and preference.news_since is not None
    assert NewsletterSubscription.is_subscribed(owner)
    member_client.post(reverse("toolkit:preferences"), {"tool_updates_app": "on"})
    assert not NewsletterSubscription.is_subscribed(owner)


def test_unsubscribe_link_and_bad_signature(client, owner):
    NewsletterSubscription.set(owner, True)
    token = NewsletterSubscription.unsubscribe_token(owner)
    bad = client.get(reverse("toolkit:unsubscribe", args=[token[:-2] + "xx"]))
    assert bad.status_code == 400 and "Lien de désabonnement non valable" in bad.content.decode()
    assert NewsletterSubscription.is_subscribed(owner)
    page = client.get(reverse("toolkit:unsubscribe", args=[token]))
    assert page.status_code == 200 and "Me désabonner" in page.content.decode()
    assert NewsletterSubscription.is_subscribed(owner), "a GET (mail scanner prefetch) must change nothing"
    good = client.post(reverse("toolkit:unsubscribe", args=[token]))
    assert good.status_code == 200 and "Vous êtes désabonné" in good.content.decode()
    assert not NewsletterSubscription.is_subscribed(owner)


def test_one_click_unsubscribe_post_without_csrf_token(owner):
    """RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` to the header's URL."""
    from django.test import Client

    NewsletterSubscription.set(owner, True)
    token = NewsletterSubscription.unsubscribe_token(owner)
    response = Client(enforce_csrf_checks=True).post(
        reverse("toolkit:unsubscribe", args=[token]), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert not NewsletterSubscription.is_subscribed(owner)


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


def test_publishing_news_sends_it_once_to_subscribers(news_index, owner, django_capture_on_commit_callbacks):
    NewsletterSubscription.set(owner, True)
    NewsletterSubscription.set(UserFactory(), False)
    with django_capture_on_commit_callbacks(execute=True):
        news = publish_news(news_index)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email] and "Nouvel outil M11" in message.subject
    assert "/ma-dqo/lettre/desabonnement/" in message.body and message.extra_headers["List-Unsubscribe"]
    assert NewsletterSending.objects.get(news=news).recipients == 1
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()  # republished: not sent again
    assert send_news(news.pk) == 0
    assert len(mail.outbox) == 1


@freeze_time(OUTSIDE_CAMPAIGN, tick=True)
def test_news_alerts_are_opt_in(news_index, owner):
    other = UserFactory()
    NotificationPreference.objects.create(user=owner, news_app=True)
    publish_news(news_index)
    mail.outbox.clear()
    send_reminders()
    assert list(Notification.objects.values_list("user", "kind")) == [(owner.pk, Kind.NEWS)]
    assert not Notification.objects.filter(user=other).exists()
