from django.utils.functional import SimpleLazyObject


def notifications(request):
    """The unread count of the header badge: one query, only when a signed-in page shows it."""
    user = getattr(request, "user", None)

    def unread():
        if user is None or not user.is_authenticated:
            return 0
        from toolkit.models import Notification

        return Notification.objects.for_user(user).unread().count()

    return {"unread_notifications": SimpleLazyObject(unread)}
