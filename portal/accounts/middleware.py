"""Account middleware: administrators need two-factor authentication; idle sessions end."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse


class AdminRequiresMFAMiddleware:
    """Send a staff member, superuser or editor without TOTP to the page that explains how to
    turn it on, before any admin page (logging out stays possible).

    Every login goes through allauth (the admin login URLs redirect to it), so an administrator
    with TOTP has given a code; this closes the other half: an administrator without TOTP.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._is_admin_page(request.path) and request.user.is_authenticated and request.user.must_set_up_mfa():
            return redirect(f"{reverse('accounts:mfa_required')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _is_admin_page(path: str) -> bool:
        return path.startswith(reverse("wagtailadmin_home")) and path not in (
            reverse("wagtailadmin_logout"),
            reverse("wagtailadmin_login"),
        )


# --- Idle sessions: end after a period without activity (8 hours for pharmacy teams) ---------

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
