"""Alerts and reminders: in-app notifications, per-user preferences and the newsletter."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

UNSUBSCRIBE_SALT = "toolkit.newsletter.unsubscribe"


class Kind(models.TextChoices):
    TOOL_UPDATE = "tool_update", _("Mise à jour d'un outil")
    DEADLINE = "deadline", _("Échéance")
    NEWS = "news", _("Actualité")


def tool_update_key(tool_id: int, update, pharmacy_id: int) -> str:
    """The key of the alert "this tool you set up has changed" (one per update and pharmacy)."""
    return f"tool-update:{tool_id}:{update.isoformat()}:{pharmacy_id}"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def tool_updates(self, tool, pharmacy_id: int):
        """The team's alerts about this tool's latest update."""
        if tool.last_major_update is None:
            return self.none()
        return self.filter(key=tool_update_key(tool.pk, tool.last_major_update, pharmacy_id))

    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self) -> int:
        """Marks them read; their readers' cached counts and pages are stale (an `update()` sends no
        signal, and a team's alerts belong to several people)."""
        from portal.caching import touch_user

        unread = self.unread()
        readers = set(unread.values_list("user_id", flat=True))
        count = unread.update(read_at=timezone.now())
        for user_id in readers:
            touch_user(user_id)
        return count


class Notification(models.Model):
    """One alert for one person; `key` makes every reminder rule idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices)
    key = models.CharField(max_length=160, help_text="Rule + subject, unique per person: never sent twice.")
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("lien"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("envoyée par courriel le"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_notification_key")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """What a person wants to be told, and how (in the portal, by email)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    tool_updates_app = models.BooleanField(_("outils mis à jour : dans le portail"), default=True)
    tool_updates_email = models.BooleanField(_("outils mis à jour : par courriel"), default=True)
    deadlines_app = models.BooleanField(_("échéances : dans le portail"), default=True)
    deadlines_email = models.BooleanField(_("échéances : par courriel"), default=True)
    news_app = models.BooleanField(_("nouvelles actualités : dans le portail"), default=False)
    news_email = models.BooleanField(_("nouvelles actualités : par courriel"), default=False)
    news_since = models.DateTimeField(null=True, blank=True, help_text="Only news published after opting in.")

    class Meta:
        verbose_name = _("préférences de notification")

    def __str__(self):
        return str(self.user)

    CHANNELS = {
        Kind.TOOL_UPDATE: ("tool_updates_app", "tool_updates_email"),
        Kind.DEADLINE: ("deadlines_app", "deadlines_email"),
        Kind.NEWS: ("news_app", "news_email"),
    }

    @classmethod
    def for_user(cls, user) -> "NotificationPreference":
        """The saved preferences, or the defaults (unsaved) for someone who never chose."""
        try:
            return user.notification_preference
        except cls.DoesNotExist:
            return cls(user=user)

    def wants(self, kind) -> tuple[bool, bool]:
        """(in the portal, by email) for this kind of alert."""
        app, email = self.CHANNELS[kind]
        return getattr(self, app), getattr(self, email)


class NewsletterSubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(subscribed=True)


class NewsletterSubscription(models.Model):
    """A person's subscription to the programme's newsletter (one of the remuneration criteria)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsletter_subscription"
    )
    subscribed = models.BooleanField(_("abonné"), default=True)
    changed_at = models.DateTimeField(_("modifié le"), default=timezone.now)

    objects = NewsletterSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonnement à la lettre d'information")
        verbose_name_plural = _("abonnements à la lettre d'information")

    def __str__(self):
        return str(self.user)

    @classmethod
    def set(cls, user, subscribed: bool) -> "NewsletterSubscription":
        subscription, _created = cls.objects.update_or_create(
            user=user, defaults={"subscribed": subscribed, "changed_at": timezone.now()}
        )
        return subscription

    @staticmethod
    def is_subscribed(user) -> bool:
        return NewsletterSubscription.objects.active().filter(user=user).exists()

    @staticmethod
    def unsubscribe_token(user) -> str:
        return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)

    @staticmethod
    def user_id_from_token(token: str):
        """The user id a token was signed for, or None when it was tampered with."""
        try:
            return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            return None


class NewsletterSending(models.Model):
    """A news item sent to subscribers: at most once per news item.

    Resumable: one `NewsletterDelivery` per recipient records whether that email went out, and
    `finished_at` is set only once every delivery is sent (a crash midway leaves the rest pending;
    the next run of the task sends only those).
    """

    news = models.OneToOneField("pages.NewsPage", on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("envoi de la lettre d'information")

    def __str__(self):
        return f"{self.news_id} ({self.recipients})"


class NewsletterDeliveryQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_at__isnull=True)

    def claimable(self, now):
        """Pending and not being sent: never claimed, or claimed by a worker that died (its claim
        is older than `NewsletterDelivery.CLAIM_SECONDS`)."""
        stale = now - timedelta(seconds=NewsletterDelivery.CLAIM_SECONDS)
        return self.pending().filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))

    def claim(self, pk: int, now) -> bool:
        """Take this delivery for sending, in one committed UPDATE: a second worker's claim of the
        same row finds it taken (no transaction stays open while the email leaves)."""
        return self.claimable(now).filter(pk=pk).update(claimed_at=now) == 1


class NewsletterDelivery(models.Model):
    """One recipient of one newsletter sending.

    `claimed_at` is committed before their email leaves, `sent_at` right after. A claim without
    `sent_at` is an email being sent, or one whose worker died between the two: it is sent again
    only once the claim is `CLAIM_SECONDS` old (the one case that can repeat an email: the worker
    died after the relay took it and before `sent_at` was written, a few milliseconds).
    """

    CLAIM_SECONDS = 600

    sending = models.ForeignKey(NewsletterSending, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = NewsletterDeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("envoi à un abonné")
        verbose_name_plural = _("envois aux abonnés")
        constraints = [
            models.UniqueConstraint(fields=["sending", "user"], name="newsletter_delivery_once_per_user")
        ]

    def __str__(self):
        return f"{self.sending_id} → {self.user_id}"
