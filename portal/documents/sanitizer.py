"""The portal's one HTML sanitiser: every piece of formatted text written by users goes through here.

Built on bleach (announced unmaintained in June 2026): callers only use `clean_html`,
`clean_inline` and the `sanitize` template filter, so the engine can be swapped behind this module
without touching them. `tests/test_sanitizer.py` holds the XSS corpus that any replacement must pass.

Templates: ``{% load sanitizer %}{{ text|sanitize }}`` (registered in settings TEMPLATES libraries).
"""

import functools
import re

import bleach
from bleach.linkifier import Linker
from django import template
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "em", "h3", "h4", "i", "li", "ol", "p",
        "pre", "strong", "sub", "sup", "u", "ul",
    }
)
INLINE_TAGS = frozenset({"a", "abbr", "b", "br", "code", "em", "i", "strong", "sub", "sup", "u"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


def _set_link_rel(attrs, new=False):
    """External links never get the opener (tabnabbing) and never pass ranking."""
    attrs[(None, "rel")] = "noopener noreferrer nofollow"
    return attrs


_linker = Linker(callbacks=[_set_link_rel], skip_tags={"pre", "code"})


# Elements whose content is code, not text: dropped with their content before bleach runs
# (bleach keeps the text of stripped elements, which would show scripts as text).
_CODE_ELEMENTS = re.compile(
    r"<(script|style|template|noscript|iframe|object|textarea|title)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


# The same text always gives the same HTML: texts shown again and again (a question to every
# student of a course, its explanation, a course's introduction) are cleaned once per process.
MEMO_ENTRIES, MEMO_MAX_LENGTH = 1024, 10_000  # at most about 20 MB: longer texts are cleaned each time


def _clean(text: str | None, tags: frozenset[str], linkify: bool) -> str:
    if not text:
        return ""
    text = str(text)
    if len(text) > MEMO_MAX_LENGTH:
        return _clean_now(text, tags, linkify)
    return _clean_remembered(text, tags, linkify)


def _clean_now(text: str, tags: frozenset[str], linkify: bool) -> str:
    cleaned = bleach.clean(
        _CODE_ELEMENTS.sub("", text),
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    if linkify:
        cleaned = _linker.linkify(cleaned)
    return cleaned


_clean_remembered = functools.lru_cache(maxsize=MEMO_ENTRIES)(_clean_now)


def clean_html(text: str | None, *, linkify: bool = True) -> str:
    """Formatted text (paragraphs, lists, emphasis, links) with everything else stripped."""
    return _clean(text, ALLOWED_TAGS, linkify)


def clean_inline(text: str | None) -> str:
    """A single line of formatted text: emphasis and links only, no blocks."""
    return _clean(text, INLINE_TAGS, linkify=False)


def to_text(text: str | None) -> str:
    """Plain text: every tag removed (for exports, titles, attributes)."""
    if not text:
        return ""
    return bleach.clean(str(text), tags=set(), strip=True, strip_comments=True).replace("&amp;", "&")


def safe_html(text: str | None) -> SafeString:
    """Clean then mark safe: the only way the portal renders user HTML."""
    return mark_safe(clean_html(text))  # noqa: S308 - cleaned just above


register = template.Library()


@register.filter(name="sanitize")
def sanitize_filter(value) -> SafeString:
    return safe_html(value)


@register.filter(name="sanitize_inline")
def sanitize_inline_filter(value) -> SafeString:
    return mark_safe(clean_inline(value))  # noqa: S308 - cleaned just above
