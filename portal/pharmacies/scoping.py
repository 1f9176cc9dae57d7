"""The one place that resolves which pharmacy a request works on.

The current pharmacy comes from the user's memberships (the one chosen in the header
switcher, kept in the session), never from an id in the URL, so another pharmacy's data
cannot be reached: lookups go through `Model.objects.for_pharmacy(pharmacy)` and a miss is
a 404.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from portal.caching.values import CURRENT_PHARMACY_SESSION_KEY as SESSION_KEY


def memberships_of(user) -> list:
    """The user's memberships with their pharmacies, oldest first: those cached with the signed-in
    person (portal/accounts/backends.py), else one query."""
    from portal.pharmacies.models import Membership

    cached = getattr(user, "cached_memberships", None)
    if cached is not None:
        return cached
    return list(Membership.objects.filter(user=user).select_related("pharmacy").order_by("joined_at", "pk"))


def get_current_membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    memberships = memberships_of(user)
    wanted = request.session.get(SESSION_KEY)
    chosen = [m for m in memberships if m.pharmacy_id == wanted] or memberships
    return chosen[0] if chosen else None


def set_current_pharmacy(request, pharmacy) -> None:
    request.session[SESSION_KEY] = pharmacy.pk


def _no_pharmacy_response(request):
    messages.info(
        request,
        _("Cette page concerne une officine : créez votre officine ou rejoignez une équipe."),
    )
    return redirect("pharmacies:none")


class PharmacyMemberMixin(LoginRequiredMixin):
    """For class-based views on pharmacy-owned data: sets `self.membership` and `self.pharmacy`.

    `permission` (see roles.PERMISSIONS) restricts the view to some roles.
    """

    permission = "view_pharmacy"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        membership = request.membership
        if not membership:
            return _no_pharmacy_response(request)
        if not membership.can(self.permission):
            raise PermissionDenied(_("Votre rôle dans l'équipe ne permet pas cette action."))
        self.membership = membership
        self.pharmacy = membership.pharmacy
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(membership=self.membership, pharmacy=self.pharmacy)
        return context


def pharmacy_member_required(permission: str = "view_pharmacy"):
    """Function-view twin of PharmacyMemberMixin: the view receives `membership` as kwarg."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = request.membership
            if not membership:
                return _no_pharmacy_response(request)
            if not membership.can(permission):
                raise PermissionDenied(_("Votre rôle dans l'équipe ne permet pas cette action."))
            return view(request, *args, membership=membership, **kwargs)

        return wrapper

    return decorator
