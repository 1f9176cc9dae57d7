from django import template

from portal import numbers

register = template.Library()


@register.filter
def is_section_of(menu_page, page) -> bool:
    """True when `page` is `menu_page` or one of its descendants (for aria-current)."""
    return bool(page is not None and getattr(page, "path", "").startswith(menu_page.path))


@register.filter
def percent(value, total) -> int:
    """Whole percentage of value over total (`portal.numbers.percent`), 0 when total is 0."""
    try:
        return numbers.percent(value, total) or 0
    except TypeError:
        return 0
