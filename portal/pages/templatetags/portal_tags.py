import functools

from django import template
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import strip_tags

from portal.caching.fragments import fragment
from portal.infrastructure.sites import site_for
from portal.pages import lexicon
from portal.rules import numbers

register = template.Library()


@register.filter
def is_section_of(menu_page, page) -> bool:
    """True when `page` is `menu_page` or one of its descendants (for aria-current)."""
    return bool(page is not None and getattr(page, "path", "").startswith(menu_page.path))


@register.filter
def file_size(value) -> str:
    """`portal.rules.numbers.file_size` as a filter: "12 Ko", "1,3 Mo"."""
    return numbers.file_size(value)


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


# --- The layout (templates/includes/header.html): parts rendered once per process -----------------
@register.simple_tag
@functools.cache
def asset(path: str) -> str:
    """`{% static path %}`, looked up once per process (the static files change with a deployment)."""
    return static(path)


@register.simple_tag
def shared_fragment(template_name, **values):
    """`template_name` rendered with these values only, kept in this process's memory under the
    site generation, the language and the values (portal/caching/fragments.py)."""
    return fragment(template_name, **values)


@functools.cache
def _nav_urls() -> tuple[str, str]:
    return reverse("selfassessment:index"), reverse("toolkit:statuses")


@register.simple_tag(takes_context=True)
def main_nav(context):
    """The main navigation: the site's menu pages, then, for a team member, the self-assessment and
    the tool statuses, with `aria-current` on the section of the page shown."""
    request = context["request"]
    site = site_for(request)
    items = context.get("main_menu") or []
    page = context.get("page")
    current = tuple(index for index, item in enumerate(items) if is_section_of(item, page))
    members = bool(context.get("user_memberships"))
    assessment = statuses = False
    if members:
        assessment_url, statuses_url = _nav_urls()
        assessment = request.path[:16] == assessment_url[:16]
        statuses = request.path == statuses_url
    return fragment(
        "includes/main_nav.html", extra={"main_menu": items},
        site=site.pk if site else None, current=current, members=members, assessment=assessment, statuses=statuses,
    )


@register.simple_tag(takes_context=True)
def pharmacy_switch_options(context):
    """The switcher's list: the person's pharmacies, theirs only (the names are the key)."""
    membership = getattr(context["request"], "membership", None)
    return fragment(
        "includes/pharmacy_switch_options.html",
        pharmacies=tuple((m.pharmacy_id, m.pharmacy.name) for m in context.get("user_memberships") or ()),
        selected=membership.pharmacy_id if membership else None,
    )


@register.simple_tag(takes_context=True)
def account_links(context):
    """The signed-in person's links and their unread count (cached under their version)."""
    unread = context.get("unread_notifications")
    return fragment(
        "includes/account_links.html",
        members=bool(context.get("user_memberships")), unread=unread.count if unread is not None else 0,
    )


@register.simple_tag(takes_context=True)
def page_breadcrumbs(context):
    """The breadcrumbs of a published Wagtail page (includes/breadcrumbs.html), rendered once per
    process and page under the site generation (publishing, moving or deleting any page bumps it);
    a preview, whose titles may be a draft's, is rendered afresh."""
    from wagtail.models import Page

    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or not page.pk or getattr(request, "is_preview", False):
        return render_to_string("includes/breadcrumbs.html", {"page": page, "request": request})
    site = site_for(request)  # the links are relative to the request's site
    return fragment("includes/breadcrumbs.html", extra={"page": page, "request": request},
                    page_id=page.pk, site=site.pk if site else None)

