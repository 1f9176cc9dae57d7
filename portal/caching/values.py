"""Cached values and the versions that keep them fresh: shared (everyone), per pharmacy, per
account and content values; the version bumps (`touch_*`, `invalidate_*_on_save`) and the site
generation that publishing bumps (`purge`). The page caches (`pages.py`) key on the same versions.
"""

import pickle
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "portal:cache:generation"
PHARMACY_KEY = "portal:cache:pharmacy:{}"
# The session key of the person's current pharmacy (written by portal.pharmacies.scoping): read here
# too, so that the pharmacy's version comes in the request's one round trip of versions.
CURRENT_PHARMACY_SESSION_KEY = "current_pharmacy_id"
USER_KEY = "portal:cache:user:{}"
ACCOUNT_KEY = "portal:cache:account:{}"
CONTENT_KEY = "portal:cache:content"


# Within a write request, versions to bump are collected and bumped together (one round trip)
# when the response is ready, or before any version is read meanwhile: several saves of one
# request (an answer, a memory state, an attempt) touch the same person once.
_pending_bumps: ContextVar[set | None] = ContextVar("portal_pending_bumps", default=None)


# Within a request (`versions_remembered`, opened by the page cache middlewares around every
# request), each version is read once, most of them together in one round trip (`read_versions`);
# a bump made meanwhile forgets the bumped ones, so the next read sees the new value.
_request_versions: ContextVar[dict | None] = ContextVar("portal_request_versions", default=None)


@contextmanager
def versions_remembered():
    if _request_versions.get() is not None:  # already inside one
        yield
        return
    token = _request_versions.set({})
    try:
        yield
    finally:
        _request_versions.reset(token)


def _version(key: str) -> int:
    return read_versions((key,))[0]


def read_versions(keys) -> tuple:
    """The current value of these version keys, in one round trip for those this request has not
    read yet (a missing version starts at 1)."""
    flush_bumps()
    remembered = _request_versions.get()
    known = remembered if remembered is not None else {}
    missing = [key for key in keys if key not in known]
    if missing:
        found = cache.get_many(missing) if len(missing) > 1 else {missing[0]: cache.get(missing[0])}
        values = {}
        for key in missing:
            value = found.get(key)
            if value is None:
                cache.add(key, 1, timeout=None)
                value = cache.get(key) or 1
            values[key] = value
        if remembered is None:
            return tuple(values[key] for key in keys)
        remembered.update(values)
    return tuple(known[key] for key in keys)


def _bump(key: str) -> None:
    pending = _pending_bumps.get()
    if pending is not None:
        pending.add(key)
        return
    _bump_now([key])


def _bump_now(keys) -> None:
    remembered = _request_versions.get()
    if remembered:
        for key in keys:
            remembered.pop(key, None)
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


def forget_process_memory() -> None:
    """Empty every value this process keeps in memory (tests, after emptying the cache)."""
    _content_memory["version"], _content_memory["values"] = None, {}
    for memory in ProcessMemory.all:
        memory.clear()


def generation() -> int:
    return _version(GENERATION_KEY)


def purge(*args, **kwargs) -> None:
    """Drop every anonymous page and shared fragment (signal receiver: any arguments)."""
    _bump(GENERATION_KEY)


class ProcessMemory:
    """Values kept in this process's memory under keys that hold the versions they were built
    from: bounded (emptied when full) and each entry kept `seconds` at most, so that a version
    counter lost by Redis and started again cannot bring back an old entry for long."""

    all: list = []

    def __init__(self, entries: int, seconds: float):
        self.entries, self.seconds, self.values = entries, seconds, {}
        ProcessMemory.all.append(self)

    def get(self, key, build):
        entry = self.values.get(key)
        now = time.monotonic()
        if entry is not None and entry[0] > now:
            return entry[1]
        value = build()
        self.set(key, value)
        return value

    def peek(self, key, default=None):
        """The value kept, or `default`: nothing is built."""
        entry = self.values.get(key)
        return entry[1] if entry is not None and entry[0] > time.monotonic() else default

    def set(self, key, value) -> None:
        if len(self.values) >= self.entries:
            self.values.clear()
        self.values[key] = (time.monotonic() + self.seconds, value)

    def clear(self):
        self.values.clear()


_shared_memory = ProcessMemory(entries=2000, seconds=300)


def shared_in_process(name: str, build):
    """As `shared`, kept in this process's memory under the site generation (read once per
    request): the main menu and the layout's fragments, with no round trip to the cache."""
    from django.utils import translation

    return _shared_memory.get((generation(), translation.get_language(), name), build)


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


_account_memory = ProcessMemory(entries=5000, seconds=120)


def for_account(user_id: int, build, timeout: int = 600):
    """A signed-in person as each request loads them (portal/accounts/backends.py), cached under a
    version that only `touch_account` bumps: unlike their pages' version, their own writes
    (answers, statuses) leave it alone. Kept pickled in this process's memory too (each request
    gets its own copy, since views change `request.user`): a request reads the version only,
    with the content version in the same round trip (a write that the page caches did not look up,
    an autosave or a quiz answer, reads its questionnaire or course under it)."""
    version = read_versions((ACCOUNT_KEY.format(user_id), CONTENT_KEY))[0]
    key = f"portal:account:{user_id}:{version}"

    def pickled():
        value = cache.get_or_set(key, build, timeout)
        return None if value is None else pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

    data = _account_memory.get(key, pickled)
    return None if data is None else pickle.loads(data)


def for_user(user_id: int, name: str, build, timeout: int = 600):
    """A value of one person's own data (their unread notifications), kept under their pages'
    version (`touch_user`: any write of theirs, any change to a connected row), in this process's
    memory and the shared cache."""
    key = f"portal:user:{user_id}:{_version(USER_KEY.format(user_id))}:{name}"
    return _user_memory.get(key, lambda: cache.get_or_set(key, build, timeout))


_user_memory = ProcessMemory(entries=5000, seconds=300)


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


def for_pharmacy(pharmacy_id: int, name: str, build, timeout: int = 600, in_process: bool = False,
                 stamp: str | None = None):
    """Data of one pharmacy, cached under a key that holds its id and version. `in_process`: kept
    in this process's memory too, read with no round trip (its team's next page, the register's
    next request): for small values only, and the value is shared, so never changed by a caller.
    `stamp`: what the value depends on, in place of the pharmacy's version, for a record that the
    rest of its data leaves alone (a submitted assessment's bilan: its submission time); kept
    `timeout` seconds at most, whatever else changes."""
    from django.utils import translation

    # Its data (or the record's stamp), and the published pages.
    version = f"{pharmacy_version(pharmacy_id) if stamp is None else f's{stamp}'}:{generation()}"
    key = f"portal:pharmacy:{pharmacy_id}:{version}:{translation.get_language()}:{name}"
    if in_process:
        return _pharmacy_memory.get(key, lambda: cache.get_or_set(key, build, timeout))
    return cache.get_or_set(key, build, timeout)


_pharmacy_memory = ProcessMemory(entries=5000, seconds=120)


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
    """Publishing, unpublishing, moving or deleting any page, or changing a site, purges anonymous
    pages, menus and the sites each process keeps."""
    from django.db.models.signals import post_delete
    from wagtail.models import Page
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(purge, dispatch_uid=f"portal-cache-purge-{id(signal)}")
    post_delete.connect(purge, sender=Page, dispatch_uid="portal-cache-purge-delete")
    # The sites too: each process keeps them under the generation (portal/infrastructure/sites.py).
    from django.db.models.signals import post_save
    from wagtail.models import Site

    post_save.connect(purge, sender=Site, dispatch_uid="portal-cache-purge-site-save")
    post_delete.connect(purge, sender=Site, dispatch_uid="portal-cache-purge-site-delete")
