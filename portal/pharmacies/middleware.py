from django.utils.functional import SimpleLazyObject

from portal.caching import remember_pharmacy_version
from portal.pharmacies.scoping import get_current_membership


class CurrentPharmacyMiddleware:
    """Adds `request.membership` (lazy): the user's membership in their current pharmacy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        def resolve():
            membership = get_current_membership(request)
            remember_pharmacy_version(request, membership)
            return membership

        request.membership = SimpleLazyObject(resolve)
        return self.get_response(request)
