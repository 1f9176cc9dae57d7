"""The newsletter: a published news item is sent once to subscribers, in the background."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from portal.pages.models import NewsPage
from toolkit.models import NewsletterDelivery, NewsletterSending, NewsletterSubscription
from toolkit.reminders import absolute


def newsletter_email(news, user) -> EmailMultiAlternatives:
    unsubscribe = absolute(
        reverse("toolkit:unsubscribe", args=[NewsletterSubscription.unsubscribe_token(user)])
    )
    body = "\n\n".join(
        [
            news.title,
            news.summary,
            _("Lire la suite : %(url)s") % {"url": absolute(news.url or "/")},
            _("Se désabonner en un clic : %(url)s") % {"url": unsubscribe},
        ]
    )
    return EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{news.title}",
        body=body,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def start_sending(news) -> NewsletterSending | None:
    """The sending of this news item with one pending delivery per current subscriber.

    None when it was already finished. Called again after a crash, it adds nobody twice.
    """
    sending, _created = NewsletterSending.objects.get_or_create(news=news)
    if sending.finished_at:
        return None
    subscribers = (
        NewsletterSubscription.objects.active()
        .filter(user__is_active=True)
        .exclude(user__email="")
        .values_list("user_id", flat=True)
    )
    NewsletterDelivery.objects.bulk_create(
        [NewsletterDelivery(sending=sending, user_id=user_id) for user_id in subscribers],
        ignore_conflicts=True,
        batch_size=1000,
    )
    return sending


def send_pending(sending, news, batch_size: int = 100) -> int:
    """Send every pending delivery that no live worker holds (`NewsletterDelivery`: claimed and
    committed before the email leaves, marked sent right after).

    A worker killed between the two leaves one claimed delivery, sent again once its claim is
    stale: at most one repeated email per crash, with the same Message-ID. Confirmed deliveries
    are never sent again, and two workers never send the same one.
    """
    connection = get_connection()
    connection.open()
    try:
        sent = _send_batches(sending, news, connection, batch_size)
    finally:
        connection.close()
    return sent


def _send_batches(sending, news, connection, batch_size: int) -> int:
    sent = 0
    last_pk = 0
    while True:
        pks = list(
            sending.deliveries.claimable(timezone.now())
            .filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not pks:
            return sent
        last_pk = pks[-1]
        for pk in pks:
            sent += _send_one(pk, news, connection)


def _send_one(pk: int, news, connection) -> int:
    if not NewsletterDelivery.objects.claim(pk, timezone.now()):
        return 0  # sent meanwhile, or being sent by another worker
    delivery = NewsletterDelivery.objects.select_related("user").get(pk=pk)
    try:
        message = newsletter_email(news, delivery.user)
        # The same on a repeat after a crash: mail systems can recognise it as one message.
        message.extra_headers["Message-ID"] = f"<newsletter-{delivery.sending_id}-{delivery.user_id}@{DNS_NAME}>"
        message.connection = connection
        sent = message.send()
    except Exception:
        # Refused (the relay answered with an error): it did not leave, the next run sends it.
        NewsletterDelivery.objects.filter(pk=pk).update(claimed_at=None)
        raise
    if not sent:
        NewsletterDelivery.objects.filter(pk=pk).update(claimed_at=None)
        return 0
    NewsletterDelivery.objects.filter(pk=pk).update(sent_at=timezone.now())
    return 1


def send_news(news_id: int, batch_size: int = 100) -> int:
    """Send a news item to every subscriber, once: a second call sends nothing new."""
    news = NewsPage.objects.live().filter(pk=news_id).first()
    if news is None:
        return 0
    sending = start_sending(news)
    if sending is None:
        return 0
    sent = send_pending(sending, news, batch_size)
    if not sending.deliveries.pending().exists():
        sending.recipients = sending.deliveries.count()
        sending.finished_at = timezone.now()
        sending.save(update_fields=["recipients", "finished_at"])
    return sent


def resume_newsletters() -> int:
    """Finish the sendings a killed worker left unfinished (its task is not run again by the
    queue): called by `manage.py send_reminders`, every hour from cron. Returns emails sent."""
    news_ids = NewsletterSending.objects.filter(finished_at__isnull=True).values_list("news_id", flat=True)
    return sum(send_news(news_id) for news_id in news_ids)


@task()
def send_news_task(news_id: int) -> int:
    return send_news(news_id)


def on_page_published(sender, instance, **kwargs):
    """Connected to Wagtail's page_published for news pages: queue the newsletter."""
    news_id = instance.pk
    transaction.on_commit(lambda: send_news_task.enqueue(news_id))
