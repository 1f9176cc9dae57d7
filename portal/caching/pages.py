"""Cached pages: anonymous pages (`AnonymousPageCacheMiddleware`, `@cache_anonymous`,
`AnonymousCachedPage`), each signed-in reader's own pages (`PersonalPageCacheMiddleware`,
`@cache_personal`) and the pages no cache may keep (`no_store`, `no_store_urls`). Their keys
and entries carry the versions of `values.py`.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from django.utils.functional import empty
from django.views.decorators.cache import never_cache

from portal.caching.values import (
    ACCOUNT_KEY,
    CONTENT_KEY,
    CURRENT_PHARMACY_SESSION_KEY,
    GENERATION_KEY,
    PHARMACY_KEY,
    USER_KEY,
    ProcessMemory,
    bumps_collected,
    generation,
    pharmacy_version,
    read_versions,
    touch_pharmacy,
    touch_user,
    versions_remembered,
)
from portal.infrastructure.sessions import LAST_SEEN, REFRESH_EVERY

CACHEABLE_ATTRIBUTE = "portal_cache_anonymous"
PERSONAL_ATTRIBUTE = "portal_cache_personal"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


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
        with versions_remembered():  # each version read once per request (values.py)
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


# The pharmacy each person's last request in this process resolved to: `build_state` reads its
# version with the others, in one round trip, when the session does not name it (a guess: the
# version of the pharmacy resolved is read anyway, from that round trip when the guess was right).
_last_pharmacy = ProcessMemory(entries=20000, seconds=3600)


def remember_pharmacy_version(request, membership) -> None:
    """Called when a request resolves its pharmacy: the version its page will be built from."""
    if membership is not None and getattr(request, "portal_personal", None):
        request.portal_pharmacy_version = (membership.pharmacy_id, pharmacy_version(membership.pharmacy_id))
        _last_pharmacy.set(str(membership.user_id), membership.pharmacy_id)


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
        self.sessions_in_cache = self.sessions_share_the_cache(self.session_store)

    @staticmethod
    def sessions_share_the_cache(store) -> bool:
        """Whether the sessions live in the same Redis, under the same keys, as the portal's cache
        (production): then one MGET reads the cached page and the session together."""
        from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
        from django.core.cache import caches
        from django.core.cache.backends.redis import RedisCache

        if not issubclass(store, CacheSessionStore):
            return False
        sessions, default = caches[settings.SESSION_CACHE_ALIAS], caches["default"]
        return (
            isinstance(sessions, RedisCache) and isinstance(default, RedisCache)
            and sessions._servers == default._servers
            and (sessions.key_prefix, sessions.version, sessions.key_func) == (default.key_prefix, default.version, default.key_func)
        )

    def read_with_session(self, request, key):
        """The cached entry of this page; with it, in the same round trip when the sessions share the
        cache, the session (kept for `build_state` and the session middleware)."""
        if not self.sessions_in_cache:
            return cache.get(key)
        session = self.session_store(request.COOKIES[settings.SESSION_COOKIE_NAME])
        if session.session_key is None:  # not a valid key: no session to read
            return cache.get(key)
        found = cache.get_many([key, session.cache_key])
        data = found.get(session.cache_key)
        if data is not None:
            session._session_cache = data  # as `load()` would have found it; else it reads it itself
        request.portal_session = session
        return found.get(key)

    def __call__(self, request):
        with versions_remembered():  # each version read once per request (values.py)
            key = self.key(request)
            if key is not None:
                cached = self.lookup(key, self.read_with_session(request, key))
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
    def lookup(key, entry):
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
        session = getattr(request, "portal_session", None) or self.session_store(request.COOKIES[settings.SESSION_COOKIE_NAME])
        user_id = session.get(AUTH_SESSION_KEY)
        last_seen = session.get(LAST_SEEN)
        request.portal_session = session  # read once: the session middleware takes it (infrastructure/sessions.py)
        if not user_id or not last_seen or time.time() - last_seen >= REFRESH_EVERY or session.get("_messages"):
            return None
        user_key = USER_KEY.format(user_id)
        version_keys = (user_key, GENERATION_KEY, CONTENT_KEY)
        # In the same round trip, the versions the rest of the request reads: the person's account
        # (portal/accounts/backends.py) and their current pharmacy (CurrentPharmacyMiddleware).
        also = [ACCOUNT_KEY.format(user_id)]
        pharmacy_id = session.get(CURRENT_PHARMACY_SESSION_KEY) or _last_pharmacy.peek(str(user_id))
        if pharmacy_id:
            also.append(PHARMACY_KEY.format(pharmacy_id))
        versions = read_versions(version_keys + tuple(also))[: len(version_keys)]
        return {
            "user_id": str(user_id),
            "version_keys": version_keys,
            "versions": versions,
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
