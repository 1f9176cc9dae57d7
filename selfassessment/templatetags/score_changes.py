"""How a score moved, written once in Python so that a bilan row calls a filter, not two includes:
`{{ change|points }}` (« +3 points », « −1 point ») and `{{ change|score_change }}` (the same in a
coloured span, « stable » for 0, « — » without a previous score)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from portal.rules.plural import plural_count

register = template.Library()


@register.filter
def points(change) -> str:
    change = int(change or 0)
    if change > 0:
        return ngettext("+%(n)s point", "+%(n)s points", plural_count(change)) % {"n": change}
    if change < 0:
        return ngettext("−%(n)s point", "−%(n)s points", plural_count(change)) % {"n": -change}
    return ngettext("0 point", "0 points", plural_count(0))


@register.filter
def score_change(change) -> str:
    if change is None:
        return "—"
    if change > 0:
        return format_html('<span class="sa-up">{}</span>', points(change))
    if change < 0:
        return format_html('<span class="sa-down">{}</span>', points(change))
    return gettext("stable")
