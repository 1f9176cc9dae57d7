"""Filters built into every template (settings `builtins`): the one date format and French plurals.

`{{ value|day }}` « 4 mars 2026 », `{{ value|day_time }}` « 4 mars 2026 à 14:05 » (`portal.rules.dates`);
`{% blocktranslate count counter=n|plural_count %}` « 0 point » (`portal.rules.plural`).
"""

from django import template

from portal.rules import dates, plural

register = template.Library()
register.filter("day", dates.day)
register.filter("day_time", dates.day_time)
register.filter("plural_count", plural.plural_count)
