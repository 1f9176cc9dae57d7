from django.utils.functional import SimpleLazyObject

from portal.pharmacies.scoping import get_current_membership


class CurrentPharmacyMiddleware:
    """Adds `request.membership` (lazy): the user's membership in their current pharmacy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: get_current_membership(request))
        return self.get_response(request)
