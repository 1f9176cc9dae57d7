"""Caching, in one place: anonymous and personal pages, shared, per-pharmacy and content fragments.

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

- A signed-in page that only its reader may see (dashboard, bilan, a course page) takes
  `@cache_personal`: `PersonalPageCacheMiddleware` keeps it for that browser's session only, with
  the versions of everything it can show (the user's, the pharmacy's, the site generation, the
  questionnaires' and courses'), and answers that same session from the cache until one of them
  changes. Any POST by a signed-in member bumps their own and their pharmacy's versions.
- Data derived from questionnaires or courses goes through `for_content(name, build)`.

Publishing, unpublishing, moving or deleting any page bumps the site generation: every cached
anonymous page and shared fragment is dropped at once (their keys carry the generation).
"""

import functools
import hashlib
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from django.utils.functional import empty
from django.views.decorators.cache import never_cache

GENERATION_KEY = "portal:cache:generation"
PHARMACY_KEY = "portal:cache:pharmacy:{}"
USER_KEY = "portal:cache:user:{}"
ACCOUNT_KEY = "portal:cache:account:{}"
CONTENT_KEY = "portal:cache:content"
CACHEABLE_ATTRIBUTE = "portal_cache_anonymous"
PERSONAL_ATTRIBUTE = "portal_cache_personal"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


# Within a write request, versions to bump are collected and bumped together (one round trip)
# when the response is ready, or before any version is read meanwhile: several saves of one
# request (an answer, a memory state, an attempt) touch the same person once.
_pending_bumps: ContextVar[set | None] = ContextVar("portal_pending_bumps", default=None)


def _version(key: str) -> int:
    flush_bumps()
    value = cache.get(key)
    if value is None:
        cache.add(key, 1, timeout=None)
        value = cache.get(key) or 1
    return value


def _bump(key: str) -> None:
    pending = _pending_bumps.get()
    if pending is not None:
        pending.add(key)
        return
    _bump_now([key])


def _bump_now(keys) -> None:
    incr_many = getattr(cache, "incr_many", None)  # portal.redis_cache: one pipeline
    if incr_many is not None:
        incr_many(keys)
        return
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 2, timeout=None)


def flush_bumps() -> None:
    pending = _pending_bumps.get()
    if pending:
        keys = list(pending)
        pending.clear()
        _bump_now(keys)


@contextmanager
def bumps_collected():
    """Collect the version bumps made inside (see `_pending_bumps`) and make them on leaving."""
    token = _pending_bumps.set(set())
    try:
        yield
    finally:
        try:
            flush_bumps()
        finally:
            _pending_bumps.reset(token)


def generation() -> int:
    return _version(GENERATION_KEY)


def purge(*args, **kwargs) -> None:
    """Drop every anonymous page and shared fragment (signal receiver: any arguments)."""
    _bump(GENERATION_KEY)


def shared(name: str, build, timeout: int | None = None):
    """The same for everyone (in a language): cached until the next publication."""
    from django.utils import translation

    key = f"portal:shared:{generation()}:{translation.get_language()}:{name}"
    return cache.get_or_set(key, build, timeout or settings.PAGE_CACHE_SECONDS or 300)


# --- Per pharmacy --------------------------------------------------------------------------
def pharmacy_version(pharmacy_id: int) -> int:
    return _version(PHARMACY_KEY.format(pharmacy_id))


def touch_pharmacy(pharmacy_id: int | None) -> None:
    """This pharmacy's data changed: its cached fragments and its members' pages are stale."""
    if pharmacy_id is not None:
        _bump(PHARMACY_KEY.format(pharmacy_id))


def touch_user(user_id: int | None) -> None:
    """This person's data changed (account, memberships, notifications, answers): their cached
    pages are stale."""
    if user_id is not None:
        _bump(USER_KEY.format(user_id))


def touch_content(*args, **kwargs) -> None:
    """Content that is not a Wagtail page changed (courses, questions, questionnaires): every
    cached personal page is stale (signal receiver: any arguments)."""
    _bump(CONTENT_KEY)


def touch_account(user_id: int | None) -> None:
    """This person's account or teams changed (the account, a membership, one of their
    pharmacies, a login or logout): their cached account is stale, and so are their pages."""
    if user_id is not None:
        _bump(ACCOUNT_KEY.format(user_id))
        _bump(USER_KEY.format(user_id))


def for_account(user_id: int, build, timeout: int = 600):
    """A signed-in person as each request loads them (portal/accounts/backends.py), cached under a
    version that only `touch_account` bumps: unlike their pages' version, their own writes
    (answers, statuses) leave it alone."""
    return cache.get_or_set(f"portal:account:{user_id}:{_version(ACCOUNT_KEY.format(user_id))}", build, timeout)


def for_content(name: str, build, timeout: int = 3600):
    """Derived from content that is not a Wagtail page (questionnaires, courses): cached until
    such content changes (`invalidate_content_on_save`). Never for pharmacy-owned data."""
    return cache.get_or_set(f"portal:content:{_version(CONTENT_KEY)}:{name}", build, timeout)


def for_pharmacy(pharmacy_id: int, name: str, build, timeout: int = 600):
    """Data of one pharmacy, cached under a key that holds its id and version."""
    from django.utils import translation

    version = f"{pharmacy_version(pharmacy_id)}:{generation()}"  # its data, and the published pages
    key = f"portal:pharmacy:{pharmacy_id}:{version}:{translation.get_language()}:{name}"
    return cache.get_or_set(key, build, timeout)


def _on_save(model, touch, path: str, name: str) -> None:
    from django.db.models.signals import post_delete, post_save

    def receiver(sender, instance, **kwargs):
        value = instance
        for part in path.split("."):
            value = getattr(value, part, None)
        touch(value)

    uid = f"portal-cache-{name}-{model._meta.label}-{path}"
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def invalidate_pharmacy_on_save(model, pharmacy_path: str = "pharmacy_id") -> None:
    """Connect a pharmacy-owned model: saving or deleting a row touches its pharmacy."""
    _on_save(model, touch_pharmacy, pharmacy_path, "pharmacy")


def invalidate_user_on_save(model, user_path: str = "user_id") -> None:
    """Connect a person's model: saving or deleting a row touches that person's pages."""
    _on_save(model, touch_user, user_path, "user")


def invalidate_account_on_save(model, user_path: str = "user_id") -> None:
    """Connect a model of the person's account or teams: saving or deleting a row touches their
    cached account and their pages."""
    _on_save(model, touch_account, user_path, "account")


def invalidate_content_on_save(*models) -> None:
    """Connect content models shown on personal pages (questions, chapters, courses)."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        uid = f"portal-cache-content-{model._meta.label}"
        post_save.connect(touch_content, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(touch_content, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


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
            and not forbids_storing(response)
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not getattr(getattr(request, "user", None), "is_authenticated", False)
        )


# --- Pages no cache may keep ----------------------------------------------------------------------
def no_store(view):
    """Decorator for a page that holds patient references or personal data: `Cache-Control:
    no-store` (nor a browser, a proxy, nor the portal's own caches keep it)."""
    return never_cache(view)


def no_store_urls(included):
    """`include(...)` with every view of the URL configuration under `no_store`, the ones added
    later included."""
    urlconf_module, app_name, namespace = included
    return _no_store_patterns(getattr(urlconf_module, "urlpatterns", urlconf_module)), app_name, namespace


def _no_store_patterns(patterns):
    wrapped = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            wrapped.append(URLResolver(
                pattern.pattern, _no_store_patterns(pattern.url_patterns), pattern.default_kwargs,
                pattern.app_name, pattern.namespace,
            ))
        else:
            wrapped.append(URLPattern(pattern.pattern, no_store(pattern.callback), pattern.default_args, pattern.name))
    return wrapped


def forbids_storing(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


# --- Personal pages ------------------------------------------------------------------------------
def mark_personal(response):
    setattr(response, PERSONAL_ATTRIBUTE, True)
    return response


def cache_personal(view):
    """Decorator for a signed-in view whose page depends only on its reader, their pharmacy, the
    published pages and the course content (never on the clock within a day, nor on a query made
    by someone else): the same session is answered from the cache until one of those changes."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return mark_personal(view(request, *args, **kwargs))

    return wrapper


def remember_pharmacy_version(request, membership) -> None:
    """Called when a request resolves its pharmacy: the version its page will be built from."""
    if membership is not None and getattr(request, "portal_personal", None):
        request.portal_pharmacy_version = (membership.pharmacy_id, pharmacy_version(membership.pharmacy_id))


class PersonalPageCacheMiddleware:
    """Answers a signed-in session from its own cached copy of a page marked `@cache_personal`.

    Placed before the session and authentication middleware. The key is a hash of the session
    cookie, the CSRF cookie (the cached forms carry its token), the host, the language and the URL:
    only the browser that built a page can be answered with it. The entry holds the versions the
    page was built from (the user's, the pharmacy's, the site generation, the course content) and
    the day; a hit reads the entry and those versions (two cache reads, no query, no session read)
    and serves the page only if none has changed. The entry ends when the idle clock needs its
    refresh (the full stack then updates it, or logs the session out), and a logout, a password
    change or any change to the session bumps the user's version.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        from importlib import import_module

        self.session_store = import_module(settings.SESSION_ENGINE).SessionStore

    def __call__(self, request):
        key = self.key(request)
        if key is not None:
            cached = self.lookup(key)
            if cached is not None:
                return cached
            request.portal_personal = self.build_state(request)
        if request.method in SAFE_METHODS:
            return self.finish(request, key, self.get_response(request))
        with bumps_collected():
            response = self.get_response(request)
            self.touch_writer(request)
            return self.finish(request, key, response)

    def finish(self, request, key, response):
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            self.touch_reader(request)  # messages, idle clock, current pharmacy: pages are stale
        elif getattr(request, "portal_personal", None) and self.storable(request, response):
            self.store(request, key, response)
        return response

    @staticmethod
    def key(request) -> str | None:
        cookies = request.COOKIES
        session_key = cookies.get(settings.SESSION_COOKIE_NAME)
        csrf = cookies.get(settings.CSRF_COOKIE_NAME)
        if (
            request.method != "GET"
            or not settings.PERSONAL_PAGE_CACHE_SECONDS
            or not session_key
            or not csrf
            or cookies.get("messages")  # a message to show (a deleted cookie may come back empty)
        ):
            return None
        private = "|".join((session_key, csrf, request.get_host(), request.LANGUAGE_CODE, request.get_full_path()))
        return "portal:personal:" + hashlib.sha256(private.encode()).hexdigest()

    @staticmethod
    def lookup(key):
        entry = cache.get(key)
        if entry is None:
            return None
        version_keys, versions, day, refresh_by, content, headers = entry
        if day != timezone.localdate().isoformat() or time.time() >= refresh_by:
            return None
        current = cache.get_many(version_keys)
        if tuple(current.get(name) for name in version_keys) != versions:
            return None
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["X-Portal-Cache"] = "personal"
        return response

    def build_state(self, request) -> dict | None:
        """Before the page is built: who reads it and the versions it is built from (read first,
        so that a change made while it is built is never hidden)."""
        from portal.accounts.middleware import LAST_SEEN, REFRESH_EVERY

        session = self.session_store(request.COOKIES[settings.SESSION_COOKIE_NAME])
        user_id = session.get(AUTH_SESSION_KEY)
        last_seen = session.get(LAST_SEEN)
        if not user_id or not last_seen or time.time() - last_seen >= REFRESH_EVERY or session.get("_messages"):
            return None
        user_key = USER_KEY.format(user_id)
        return {
            "user_id": str(user_id),
            "version_keys": (user_key, GENERATION_KEY, CONTENT_KEY),
            "versions": (_version(user_key), _version(GENERATION_KEY), _version(CONTENT_KEY)),
            "refresh_by": last_seen + REFRESH_EVERY,
        }

    @staticmethod
    def storable(request, response) -> bool:
        if not (getattr(response, PERSONAL_ATTRIBUTE, False) and response.status_code == 200 and not response.streaming):
            return False
        if forbids_storing(response):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or str(user.pk) != request.portal_personal["user_id"]:
            return False
        # Only the cookies the request already had, unchanged: the cached forms carry their tokens.
        for name, morsel in response.cookies.items():
            if name not in (settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME):
                return False
            if morsel.value != request.COOKIES.get(name):
                return False
        return True

    @staticmethod
    def store(request, key, response) -> None:
        state = request.portal_personal
        version_keys, versions = state["version_keys"], state["versions"]
        membership = getattr(request, "membership", None)
        if membership:
            pharmacy_id, version = getattr(request, "portal_pharmacy_version", (None, None))
            if membership.pharmacy_id != pharmacy_id:
                return  # resolved without its version (should not happen): do not guess
            version_keys += (PHARMACY_KEY.format(pharmacy_id),)
            versions += (version,)
        headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
        entry = (version_keys, versions, timezone.localdate().isoformat(), state["refresh_by"], response.content, headers)
        cache.set(key, entry, settings.PERSONAL_PAGE_CACHE_SECONDS)

    @staticmethod
    def touch_reader(request) -> None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            touch_user(user.pk)

    @staticmethod
    def touch_writer(request) -> None:
        """A signed-in person changed something: their pages and their pharmacy's are stale."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        touch_user(user.pk)
        # Pharmacy-owned data is only reached through the request's membership (scoping.py): a
        # view that did not resolve it changed nothing of the pharmacy's.
        membership = getattr(request, "membership", None)
        if membership is not None and getattr(membership, "_wrapped", None) is not empty and membership:
            touch_pharmacy(membership.pharmacy_id)


def connect_purge() -> None:
    """Publishing, unpublishing, moving or deleting any page purges anonymous pages and menus."""
    from django.db.models.signals import post_delete
    from wagtail.models import Page
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(purge, dispatch_uid=f"portal-cache-purge-{id(signal)}")
    post_delete.connect(purge, sender=Page, dispatch_uid="portal-cache-purge-delete")
