"""Test suite (pytest-django): the development settings, made fast and isolated."""

import os

from .base import DATABASES, VAR_DIR
from .development import *  # noqa: F403

DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Fast hashing keeps the suite quick; never used outside tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The PostgreSQL pass uses its own database per checkout (see the Makefile).
if DATABASES["default"]["ENGINE"].endswith("postgresql") and os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, as in production: an in-memory database cannot show how concurrent requests behave.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Tasks run at once inside the test that enqueues them, so tests about their effects stay short;
# the tests that prove background work (tests/test_background.py) switch to the database backend
# and run its worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Pages are not indexed for the site search as they are saved: that was 11 ms of the 30 ms each page
# the fixtures build cost (docs/benchmarks.md). The tests that search, and the browser journeys,
# index as production does (tests/conftest.py, the `search` mark).
WAGTAILSEARCH_BACKENDS = {"default": {**WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}}  # noqa: F405

# Signed-in pages are built afresh in tests (query counts, data changed behind the ORM's back);
# tests/test_caching.py turns the personal page cache on where it is the subject.
PERSONAL_PAGE_CACHE_SECONDS = 0
