"""The newsletter: a published news item is sent once to subscribers, in the background."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from toolkit.models import NewsletterSending, NewsletterSubscription
from toolkit.reminders import absolute, send_in_batches


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


def send_news(news_id: int, batch_size: int = 100) -> int:
    """Send a news item to every subscriber, once: a second call sends nothing."""
    from portal.pages.models import NewsPage

    news = NewsPage.objects.live().filter(pk=news_id).first()
    if news is None:
        return 0
    try:
        with transaction.atomic():
            sending = NewsletterSending.objects.create(news=news)
    except IntegrityError:
        return 0
    subscribers = NewsletterSubscription.objects.active().select_related("user").filter(user__is_active=True)
    messages = [newsletter_email(news, s.user) for s in subscribers if s.user.email]
    sent = send_in_batches(messages, batch_size)
    sending.recipients = sent
    sending.finished_at = timezone.now()
    sending.save(update_fields=["recipients", "finished_at"])
    return sent


@task()
def send_news_task(news_id: int) -> int:
    return send_news(news_id)


def on_page_published(sender, instance, **kwargs):
    """Connected to Wagtail's page_published for news pages: queue the newsletter."""
    news_id = instance.pk
    transaction.on_commit(lambda: send_news_task.enqueue(news_id))
