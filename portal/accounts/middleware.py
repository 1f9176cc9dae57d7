"""Sessions end after a period without activity (default 8 hours for pharmacy teams)."""

import time

from django.conf import settings
from django.contrib.auth import logout

LAST_SEEN = "portal_last_seen"
# Write the session at most this often: the idle clock needs minutes, not every request.
REFRESH_EVERY = 300


def idle_timeout(user) -> int:
    """Seconds without activity after which this user's session ends."""
    if getattr(user, "kind", None) == "pharmacy":
        return settings.SESSION_IDLE_TIMEOUT_PHARMACY
    return settings.SESSION_IDLE_TIMEOUT


def start_idle_clock(sender, request, user, **kwargs):
    """At login (connected to `user_logged_in`): the session starts with its idle clock set."""
    request.session[LAST_SEEN] = int(time.time())
    request.session.set_expiry(idle_timeout(user))


class IdleSessionExpiry:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN, now)
            timeout = idle_timeout(user)
            if now - last_seen > timeout:
                logout(request)
            elif now - last_seen >= REFRESH_EVERY or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
                request.session.set_expiry(timeout)
        return self.get_response(request)
