from functools import cached_property


class UnreadNotifications:
    """Evaluated only when a template reads `.count`, then cached for the request."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self) -> int:
        if self.user is None or not self.user.is_authenticated:
            return 0
        from toolkit.models import Notification

        return Notification.objects.for_user(self.user).unread().count()


def notifications(request):
    """The unread count of the header badge: one query, only when a signed-in page shows it."""
    return {"unread_notifications": UnreadNotifications(getattr(request, "user", None))}
