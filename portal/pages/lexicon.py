"""The lexicon ("Lexique"): acronyms and terms of the framework and of digital health.

Terms are Wagtail snippets edited by administrators (`Term` in models.py). On principle and
tool pages, the first occurrence of each term in the body is marked up as an abbreviation
linked to its entry: the definition is one tap or one Tab away, never a hover-only tooltip.
"""

import re
from dataclasses import dataclass
from html import escape

from django.core.cache import cache
from django.utils.safestring import mark_safe

CACHE_KEY = "lexicon:terms"
TAG = re.compile(r"(<[^>]*>)")
# Text inside these elements is never marked up (a link inside a link, a term in a heading…).
SKIPPED = {"a", "abbr", "h1", "h2", "h3", "h4", "code", "script", "style", "button", "label"}


@dataclass(frozen=True)
class Entry:
    term: str
    definition: str
    anchor: str


def entries() -> list[Entry]:
    """Every term, longest first (so "Mon espace santé" wins over a shorter term in it); cached."""
    cached = cache.get(CACHE_KEY)
    if cached is None:
        from portal.pages.models import Term

        cached = sorted((Entry(t.term, t.definition, t.anchor) for t in Term.objects.all()),
                        key=lambda e: -len(e.term))
        cache.set(CACHE_KEY, cached, 3600)
    return cached


def forget(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def pattern(term: str) -> re.Pattern:
    # Whole words only ("INS" is not in "INSTALLATION"), and exactly as written: acronyms are
    # capitals, and "dp" in a word is not the DP.
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])")


def mark_terms(html: str, lexicon_url: str, terms: list[Entry] | None = None) -> str:
    """`html` with the first occurrence of each term wrapped in a link to its lexicon entry."""
    terms = entries() if terms is None else terms
    if not terms or not html:
        return html
    remaining = {e.term: (e, pattern(e.term)) for e in terms}
    parts = TAG.split(str(html))
    open_skipped = []
    for index, part in enumerate(parts):
        if not part:
            continue
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if name and name.group(1).lower() in SKIPPED:
                if part.startswith("</"):
                    if open_skipped:
                        open_skipped.pop()
                elif not part.endswith("/>"):
                    open_skipped.append(name.group(1).lower())
            continue
        if open_skipped or not remaining:
            continue
        parts[index] = _mark_text(part, remaining, lexicon_url)
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped text and the page's own HTML


def _mark_text(text: str, remaining: dict, lexicon_url: str) -> str:
    for term in list(remaining):
        entry, regex = remaining[term]
        match = regex.search(text)
        if not match:
            continue
        link = (f'<a class="term" href="{escape(lexicon_url)}#{entry.anchor}">'
                f'<abbr title="{escape(entry.definition)}">{match.group(0)}</abbr></a>')
        # The rest of the text is searched again for the other terms, never inside this link.
        before, after = text[:match.start()], text[match.end():]
        del remaining[term]
        return _mark_text(before, remaining, lexicon_url) + link + _mark_text(after, remaining, lexicon_url)
    return text
