"""Warm a fresh worker before it serves: its first request must not be slow.

Imports every view (URL resolution), compiles the main templates into the cached loader, loads
both languages' catalogues, opens the database connection and imports the PDF pipeline. Called by
gunicorn's `post_worker_init` hook (portal/gunicorn.conf.py); safe to call twice.
"""

import logging

from django.conf import settings
from django.db import connection
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import get_resolver, reverse
from django.utils import translation

logger = logging.getLogger(__name__)

TEMPLATES = [
    "base.html",
    "pages/home_page.html",
    "pages/principle_page.html",
    "pages/theme_page.html",
    "toolkit/tool_index_page.html",
    "toolkit/tool_page.html",
    "toolkit/dashboard.html",
    "toolkit/statuses.html",
    "selfassessment/theme.html",
    "selfassessment/results.html",
    "quizzes/course.html",
    "quizzes/session.html",
]


def warm() -> None:
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports every view module
    for language in ("fr", "en"):
        with translation.override(language):
            translation.gettext("Aller au contenu")
            if "toolkit" in settings.INSTALLED_APPS:
                reverse("toolkit:dashboard")  # builds the URL reverser of this language
    for name in TEMPLATES:
        try:
            get_template(name)
        except TemplateDoesNotExist:
            logger.debug("warm-up: no template %s", name)
    try:
        connection.ensure_connection()
        if "wagtail" in settings.INSTALLED_APPS:  # not in the load test's bare ceiling server
            from wagtail.models import Site

            Site.get_site_root_paths()  # Wagtail's site lookup, cached
    except Exception:  # the database may be down at start: the request will say so
        logger.warning("warm-up: database unavailable")
    from portal.documents.pdf import _pisa

    _pisa()  # xhtml2pdf and reportlab are slow to import: portal.documents.pdf imports them on first use
