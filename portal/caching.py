"""Caching, in one place: anonymous pages, shared fragments and per-pharmacy fragments.

How to use it on a page (see docs/caching.md):

- A Wagtail page model that looks the same for every anonymous visitor inherits
  `AnonymousCachedPage` (before `Page`); a Django view takes `@cache_anonymous`. The
  `AnonymousPageCacheMiddleware` then answers the next anonymous visitors from the cache without
  touching the database. Signed-in people, visitors with a session or pending messages, POSTs,
  and responses that set a cookie or use a CSRF token are never cached.
- Data shown to everyone (the main menu, footers) goes through `shared(name, build)`.
- Data of one pharmacy goes through `for_pharmacy(pharmacy_id, name, build)`: its key holds the
  pharmacy id and that pharmacy's version, which `touch_pharmacy()` bumps whenever its data
  changes (connect the model with `invalidate_pharmacy_on_save(Model, "pharmacy_id")`). Two
  pharmacies can never share a key, and a change is seen at once.

Publishing, unpublishing, moving or deleting any page bumps the site generation: every cached
anonymous page and shared fragment is dropped at once (their keys carry the generation).
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

GENERATION_KEY = "portal:cache:generation"
PHARMACY_KEY = "portal:cache:pharmacy:{}"
CACHEABLE_ATTRIBUTE = "portal_cache_anonymous"


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    return value


def purge(*args, **kwargs) -> None:
    """Drop every anonymous page and shared fragment (signal receiver: any arguments)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def shared(name: str, build, timeout: int | None = None):
    """The same for everyone (in a language): cached until the next publication."""
    from django.utils import translation

    key = f"portal:shared:{generation()}:{translation.get_language()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout or settings.PAGE_CACHE_SECONDS or 300)
    return value


# --- Per pharmacy --------------------------------------------------------------------------
def pharmacy_version(pharmacy_id: int) -> int:
    key = PHARMACY_KEY.format(pharmacy_id)
    value = cache.get(key)
    if value is None:
        cache.add(key, 1, timeout=None)
        value = cache.get(key) or 1
    return value


def touch_pharmacy(pharmacy_id: int | None) -> None:
    """This pharmacy's data changed: its cached fragments are stale."""
    if pharmacy_id is None:
        return
    key = PHARMACY_KEY.format(pharmacy_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def for_pharmacy(pharmacy_id: int, name: str, build, timeout: int = 600):
    """Data of one pharmacy, cached under a key that holds its id and version."""
    from django.utils import translation

    version = f"{pharmacy_version(pharmacy_id)}:{generation()}"  # its data, and the published pages
    key = f"portal:pharmacy:{pharmacy_id}:{version}:{translation.get_language()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value


def invalidate_pharmacy_on_save(model, pharmacy_path: str = "pharmacy_id") -> None:
    """Connect a pharmacy-owned model: saving or deleting a row touches its pharmacy."""
    from django.db.models.signals import post_delete, post_save

    def receiver(sender, instance, **kwargs):
        value = instance
        for part in pharmacy_path.split("."):
            value = getattr(value, part, None)
        touch_pharmacy(value)

    uid = f"portal-cache-{model._meta.label}"
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


# --- Anonymous pages ---------------------------------------------------------------------------
def mark_cacheable(response):
    setattr(response, CACHEABLE_ATTRIBUTE, True)
    return response


def cache_anonymous(view):
    """Decorator for a Django view whose page is the same for every anonymous visitor."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return mark_cacheable(view(request, *args, **kwargs))

    return wrapper


class AnonymousCachedPage:
    """Mixin for Wagtail page models (put it before `Page`): anonymous views are cached."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if self.get_view_restrictions().exists():  # private pages are never cached
            return response
        return mark_cacheable(response)


def page_key(request) -> str | None:
    """The cache key of this request's page, or None when it must not come from the cache."""
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None  # someone with a session (signed in, or in the middle of something)
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    host = request.get_host()
    return f"portal:page:{generation()}:{host}:{request.LANGUAGE_CODE}:{path}"


class AnonymousPageCacheMiddleware:
    """Answers anonymous visitors from the cache; stores pages marked cacheable.

    Placed after the language middleware (the key holds the language) and before the session
    and authentication ones have any reason to touch the database: a visitor without a session
    cookie is anonymous.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = page_key(request)
        if key is not None:
            cached = cache.get(key)
            if cached is not None:
                content, content_type = cached
                response = HttpResponse(content, content_type=content_type)
                response["X-Portal-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if key is not None and self.storable(request, response):
            cache.set(key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
            response["X-Portal-Cache"] = "miss"
        return response

    @staticmethod
    def storable(request, response) -> bool:
        return (
            getattr(response, CACHEABLE_ATTRIBUTE, False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not getattr(getattr(request, "user", None), "is_authenticated", False)
        )


def connect_purge() -> None:
    """Publishing, unpublishing, moving or deleting any page purges anonymous pages and menus."""
    from django.db.models.signals import post_delete
    from wagtail.models import Page
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(purge, dispatch_uid=f"portal-cache-purge-{id(signal)}")
    post_delete.connect(purge, sender=Page, dispatch_uid="portal-cache-purge-delete")
