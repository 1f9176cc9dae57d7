from functools import cached_property

# A view that already read the person's unread alerts (all of them) leaves their number here, on
# the request: the header's badge then needs no query of its own.
KNOWN_UNREAD = "toolkit_unread_notifications"


class UnreadNotifications:
    """Evaluated only when a template reads `.count`, then cached for the request."""

    def __init__(self, user, known: int | None = None):
        self.user = user
        self.known = known

    @cached_property
    def count(self) -> int:
        if self.user is None or not self.user.is_authenticated:
            return 0
        if self.known is not None:
            return self.known
        from toolkit.models import Notification

        return Notification.objects.for_user(self.user).unread().count()


def notifications(request):
    """The unread count of the header badge: one query, only when a signed-in page shows it."""
    return {"unread_notifications": UnreadNotifications(getattr(request, "user", None),
                                                        getattr(request, KNOWN_UNREAD, None))}
