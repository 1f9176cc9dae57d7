"""Cached values and the versions that keep them fresh: shared (everyone), per pharmacy, per
account and content values; the version bumps (`touch_*`, `invalidate_*_on_save`) and the site
generation that publishing bumps (`purge`). The page caches (`pages.py`) key on the same versions.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "portal:cache:generation"
PHARMACY_KEY = "portal:cache:pharmacy:{}"
USER_KEY = "portal:cache:user:{}"
ACCOUNT_KEY = "portal:cache:account:{}"
CONTENT_KEY = "portal:cache:content"


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
    incr_many = getattr(cache, "incr_many", None)  # portal.infrastructure.redis_cache: one pipeline
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
    _content_memory["version"], _content_memory["values"] = None, {}  # this process at once; others by the version
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


# Content values also kept in each process's memory under the content version they were read
# under: a write (an autosave, a quiz answer) reads the version (one small read) and no structure
# from the shared cache. Bounded; emptied whenever the version moves.
_content_memory: dict = {"version": None, "values": {}}
CONTENT_MEMORY_ENTRIES = 2000


def for_content(name: str, build, timeout: int = 3600):
    """Derived from content that is not a Wagtail page (questionnaires, courses): cached until
    such content changes (`invalidate_content_on_save`), in the process's memory and the shared
    cache. Never for pharmacy-owned data."""
    version = _version(CONTENT_KEY)
    if _content_memory["version"] != version or len(_content_memory["values"]) >= CONTENT_MEMORY_ENTRIES:
        _content_memory["version"], _content_memory["values"] = version, {}
    values = _content_memory["values"]
    if name not in values:
        values[name] = cache.get_or_set(f"portal:content:{version}:{name}", build, timeout)
    return values[name]


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


def connect_purge() -> None:
    """Publishing, unpublishing, moving or deleting any page purges anonymous pages and menus."""
    from django.db.models.signals import post_delete
    from wagtail.models import Page
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(purge, dispatch_uid=f"portal-cache-purge-{id(signal)}")
    post_delete.connect(purge, sender=Page, dispatch_uid="portal-cache-purge-delete")
