from functools import cached_property


class UnreadNotifications:
    """Evaluated only when a template reads `.count`, then cached for the request."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self) -> int:
        if self.user is None or not self.user.is_authenticated:
            return 0
        from portal.caching.values import for_user
        from toolkit.models import Notification

        # Under the person's version: creating, reading or deleting a notification bumps it.
        return for_user(self.user.pk, "unread-notifications", lambda: Notification.objects.for_user(self.user).unread().count())


def notifications(request):
    """The unread count of the header badge: only when a signed-in page shows it, cached under the
    person's version (portal.caching.for_user)."""
    return {"unread_notifications": UnreadNotifications(getattr(request, "user", None))}
