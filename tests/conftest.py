import os

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from wagtail.signal_handlers import disable_reference_index_auto_update

from portal.caching.values import forget_process_memory

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# same tests are still synchronous, so Django's async-safety guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.fixtures"]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    forget_process_memory()  # its keys hold versions that the emptied cache starts again
    yield
    cache.clear()
    forget_process_memory()


@pytest.fixture(autouse=True)
def _french(settings):
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture(autouse=True)
def _indexes(request, settings):
    """Saved pages go to the site search index only in the tests that search (the `search` mark) and the
    browser journeys; Wagtail's reference index (the admin's usage counts, which no test reads) is
    not updated in the test's thread."""
    if request.node.get_closest_marker("search") or request.node.get_closest_marker("browser"):
        settings.WAGTAILSEARCH_BACKENDS = {"default": {**django_settings.WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": True}}
    with disable_reference_index_auto_update():
        yield


@pytest.fixture
def admin_user(db, django_user_model):
    """pytest-django's `admin_user`, with the authenticator app every administrator needs."""
    from tests.factories import UserFactory

    return UserFactory(email="admin@exemple.test", username="admin", is_staff=True, is_superuser=True, totp=True)
