"""Filters built into every template (settings `builtins`): the one date format, French plurals, French content.

`{{ value|day }}` « 4 mars 2026 », `{{ value|day_time }}` « 4 mars 2026 à 14:05 » (`portal.rules.dates`);
`{% blocktranslate count counter=n|plural_count %}` « 0 point » (`portal.rules.plural`);
`{% blocktranslate with title=tool.title|lang_fr %}` French content inside an interface sentence,
marked `lang="fr"` so that the English interface still reads it in French.
"""

from django import template
from django.utils.html import format_html

from portal.rules import dates, plural

register = template.Library()
register.filter("day", dates.day)
register.filter("day_time", dates.day_time)
register.filter("plural_count", plural.plural_count)


@register.filter
def lang_fr(value):
    """`value` (escaped) in a `<span lang="fr">`."""
    return format_html('<span lang="fr">{}</span>', value)
