"""`{{ n|count }}` and `{{ rate|decimal }}` / `{{ rate|decimal:2 }}` in every template (a builtin
library, settings TEMPLATES): the one way counts and rates are written (portal/rules/numbers.py)."""

from django import template

from portal.rules import numbers

register = template.Library()


@register.filter(name="count")
def count(value) -> str:
    return numbers.count(value)


@register.filter(name="decimal")
def decimal(value, places=1) -> str:
    return numbers.decimal(value, int(places))
