from collections import namedtuple

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page

from portal.caching.values import shared_in_process
from portal.infrastructure.sites import site_for
from portal.pharmacies.scoping import memberships_of

# One entry of the main menu: what the header shows of a page, and its tree path (aria-current).
MenuItem = namedtuple("MenuItem", "url title path")


def _menu_pages(request) -> list:
    """The main menu of the request's site: kept in each process's memory under the site
    generation (publishing a page or changing a site gives a fresh one)."""
    site = site_for(request)
    if site is None:
        return []

    def build():
        pages = Page.objects.child_of(site.root_page).live().public().in_menu().only("title", "url_path", "path", "depth")
        return [MenuItem(page.get_url(request), page.title, page.path) for page in pages]

    return shared_in_process(("main-menu", site.pk), build)


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
