from django import template

register = template.Library()


@register.filter
def is_section_of(menu_page, page) -> bool:
    """True when `page` is `menu_page` or one of its descendants (for aria-current)."""
    return bool(page is not None and getattr(page, "path", "").startswith(menu_page.path))
