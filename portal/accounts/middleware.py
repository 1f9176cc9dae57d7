"""Administrators reach the Wagtail admin only with two-factor authentication turned on."""

from urllib.parse import urlencode

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
