"""Caching, in one package: the pages (`pages.py`: anonymous and personal pages, `no_store`) and the
values (`values.py`: shared, per-pharmacy, per-account and content values, version bumps).

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

from portal.caching.pages import (
    AnonymousCachedPage,
    AnonymousPageCacheMiddleware,
    PersonalPageCacheMiddleware,
    cache_anonymous,
    cache_personal,
    forbids_storing,
    mark_cacheable,
    mark_personal,
    no_store,
    no_store_urls,
    page_key,
    remember_pharmacy_version,
)
from portal.caching.values import (
    ACCOUNT_KEY,
    CONTENT_KEY,
    GENERATION_KEY,
    PHARMACY_KEY,
    USER_KEY,
    bumps_collected,
    connect_purge,
    flush_bumps,
    for_account,
    for_content,
    for_pharmacy,
    for_user,
    generation,
    invalidate_account_on_save,
    invalidate_content_on_save,
    invalidate_pharmacy_on_save,
    invalidate_user_on_save,
    pharmacy_version,
    purge,
    shared,
    shared_in_process,
    touch_account,
    touch_content,
    touch_pharmacy,
    touch_user,
)

__all__ = [
    "ACCOUNT_KEY",
    "CONTENT_KEY",
    "GENERATION_KEY",
    "PHARMACY_KEY",
    "USER_KEY",
    "AnonymousCachedPage",
    "AnonymousPageCacheMiddleware",
    "PersonalPageCacheMiddleware",
    "bumps_collected",
    "cache_anonymous",
    "cache_personal",
    "connect_purge",
    "flush_bumps",
    "for_account",
    "for_content",
    "for_pharmacy",
    "for_user",
    "forbids_storing",
    "generation",
    "invalidate_account_on_save",
    "invalidate_content_on_save",
    "invalidate_pharmacy_on_save",
    "invalidate_user_on_save",
    "mark_cacheable",
    "mark_personal",
    "no_store",
    "no_store_urls",
    "page_key",
    "pharmacy_version",
    "purge",
    "remember_pharmacy_version",
    "shared",
    "shared_in_process",
    "touch_account",
    "touch_content",
    "touch_pharmacy",
    "touch_user",
]
