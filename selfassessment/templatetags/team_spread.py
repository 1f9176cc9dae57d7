"""The spread of a team's answers to one question (the disagreement map and the consolidation):
`{{ row.spread|spread_list }}`, one filter per question instead of an included template (the
markup is joined as plain strings: every value is escaped here, `html.escape` as Django does)."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _width(count: int, answered: int) -> str:
    """As `{% widthratio count answered 100 %}`."""
    return str(round(count / answered * 100)) if answered else "0"


def _item(opening: str, label: str, count: int, answered: int, names) -> str:
    named = f'<span class="team-names muted">{escape(", ".join(names))}</span>' if names else ""
    return (f'{opening}<span class="team-level">{escape(label)}</span><span class="team-bar" aria-hidden="true">'
            f'<span style="width: {_width(count, answered)}%"></span></span><span class="team-count">{count}</span>'
            f'{named}</li>')


@register.filter
def spread_list(spread) -> str:
    answered = spread.answered
    levels = "".join(_item("<li>", level.label, level.count, answered, level.names) for level in spread.levels)
    apart = ""
    if spread.not_applicable_id:
        apart = _item('<li class="team-na">', gettext("Non concerné (compté à part)"), spread.not_applicable,
                      answered, spread.not_applicable_names)
    return mark_safe(f'<ul class="team-spread">\n  {levels}\n  {apart}\n</ul>\n')
