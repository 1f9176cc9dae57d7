from django import template
from django.urls import reverse
from django.utils.html import strip_tags

from portal.pages import lexicon
from portal.rules import campaign, numbers

register = template.Library()


@register.filter
def is_section_of(menu_page, page) -> bool:
    """True when `page` is `menu_page` or one of its descendants (for aria-current)."""
    return bool(page is not None and getattr(page, "path", "").startswith(menu_page.path))


@register.filter
def file_size(value) -> str:
    """`portal.rules.numbers.file_size` as a filter: "12 Ko", "1,3 Mo"."""
    return numbers.file_size(value)


@register.filter
def medium_date(value) -> str:
    """`portal.rules.campaign.medium_date` as a filter: "4 déc. 2026" ("" for no date)."""
    return campaign.medium_date(value) if value else ""


DESCRIPTION_FIELDS = ("search_description", "introduction", "summary", "objectives", "hero_text")


@register.filter
def meta_description(page) -> str:
    """What search engines show under a page's title: its search description, else its lead text."""
    for name in DESCRIPTION_FIELDS:
        value = getattr(page, name, "")
        if value:
            return strip_tags(str(value))
    return ""


@register.filter(needs_autoescape=False)
def lexicon_terms(html) -> str:
    """Mark up the first occurrence of each lexicon term (see `portal.pages.lexicon`)."""
    return lexicon.mark_terms(html, reverse("lexicon"))
