from django.conf import settings
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page, Site

from portal.caching import shared
from portal.pharmacies.scoping import memberships_of


def _menu_pages(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    return shared(
        f"main-menu:{site.pk}",
        lambda: list(
            Page.objects.child_of(site.root_page).live().public().in_menu().only("title", "url_path", "path", "depth")
        ),
    )


def portal(request):
    """What every page needs: site name, main menu, the user's pharmacies for the switcher."""
    user = getattr(request, "user", None)

    def memberships():
        if user is None or not user.is_authenticated:
            return []
        return sorted(memberships_of(user), key=lambda m: m.pharmacy.name.casefold())

    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "main_menu": SimpleLazyObject(lambda: _menu_pages(request)),
        "user_memberships": SimpleLazyObject(memberships),
    }
