"""Account middleware: administrators need two-factor authentication; idle sessions end."""

import functools
import time
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from portal.infrastructure.sessions import LAST_SEEN, REFRESH_EVERY


def passed_code_step(request) -> bool:
    """Whether this session gave a TOTP or recovery code (allauth's login or reauthentication
    step), not only a password: having TOTP set up proves nothing about how the session began."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


class AdminRequiresMFAMiddleware:
    """Before any admin page (logging out stays possible): a staff member, superuser or editor
    without TOTP is sent to the page that explains how to turn it on, and one whose session did
    not pass the code step is asked for a code (allauth's reauthentication), whatever the way the
    session was signed in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._is_admin_page(request.path) and request.user.is_authenticated and request.user.is_administrator:
            next_query = urlencode({"next": request.get_full_path()})
            if not request.user.has_mfa():
                return redirect(f"{reverse('accounts:mfa_required')}?{next_query}")
            if not passed_code_step(request):
                return redirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
        return self.get_response(request)

    @staticmethod
    def _is_admin_page(path: str) -> bool:
        home, logout_url, login_url = _admin_urls()
        return path.startswith(home) and path not in (logout_url, login_url)


@functools.cache
def _admin_urls() -> tuple[str, str, str]:
    """Reversed once per process: this middleware asks at every request."""
    return reverse("wagtailadmin_home"), reverse("wagtailadmin_logout"), reverse("wagtailadmin_login")


# --- Idle sessions: end after a period without activity (8 hours for pharmacy teams) ---------



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
