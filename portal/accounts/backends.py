"""Authentication backends that load the signed-in person from the cache.

Every signed-in request that is not answered from a cached page loads its user (Django's
`get_user`) and then their membership in the current pharmacy: two queries before the view runs,
the largest share of a small write such as an autosave. Both are kept in the cache under the
person's account version (`portal.caching.for_account`), which any change to the account, a
membership or a pharmacy of theirs, a login or a logout bumps (signals in the accounts and
pharmacies apps), so a deactivated account, a new password or a removal from a team is seen by
the next request. Their permissions are kept with them (a change of their groups or of a group's
permissions bumps the same version). The cache never holds the password hash (see `get_user`).
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from portal.caching import for_account


class CachedUserMixin:
    def get_user(self, user_id):
        def load():
            user = super(CachedUserMixin, self).get_user(user_id)
            if user is not None:
                # Read by portal.pharmacies.scoping.get_current_membership, in its order.
                user.cached_memberships = list(
                    user.memberships.select_related("pharmacy").order_by("joined_at", "pk")
                )
                for membership in user.cached_memberships:
                    membership.user = user
                # Their permissions (the admin's and the user bar's `has_perm`), loaded once and kept
                # with them: a change of their groups or of a group's permissions bumps their
                # account version (portal/accounts/apps.py).
                user.get_all_permissions()
                # The password hash never goes to the cache: the cached person carries the session
                # hash that Django checks at each request, and the password becomes a deferred
                # field (read from the database if a view needs it; `save()` leaves it alone).
                user.cached_session_auth_hash = user.get_session_auth_hash()
                del user.__dict__["password"]
            return user

        return for_account(user_id, load)


class ModelBackend(CachedUserMixin, DjangoModelBackend):
    """Django's username and password backend (tests, management commands)."""


class AuthenticationBackend(CachedUserMixin, AllauthBackend):
    """allauth's backend (the login pages: e-mail and password, codes)."""
