"""Server-rendered SVG bar chart of the theme scores (no JavaScript, with a text alternative)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# A narrow drawing, shown at most 22rem wide (selfassessment.css): its 15-unit text stays at least
# 12 px on a 320 px phone, where the chart is about 250 px wide, and about 17 px on a computer.
BAR_HEIGHT = 26
GAP = 12
LABEL_WIDTH = 76
CHART_WIDTH = 300
TICKS = (0, 50, 100)


def theme_chart_svg(themes) -> str:
    """Horizontal bars, one per theme, 0-100 %; the SVG has a title and a description."""
    height = len(themes) * (BAR_HEIGHT + GAP) + GAP + 18
    plot = CHART_WIDTH - LABEL_WIDTH - 52
    grid = format_html_join(
        "",
        '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" class="chart-grid"/>'
        '<text x="{0}" y="{3}" class="chart-axis" text-anchor="middle">{4} %</text>',
        (
            (LABEL_WIDTH + plot * tick // 100, GAP // 2, height - 18, height - 4, tick)
            for tick in TICKS
        ),
    )
    bars = []
    description = []
    for i, theme in enumerate(themes):
        value = theme.percent or 0
        y = GAP + i * (BAR_HEIGHT + GAP)
        bars.append(
            format_html(
                '<text x="{}" y="{}" class="chart-label" text-anchor="end">{} {}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="4" class="chart-bar theme-{}-fill"/>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                LABEL_WIDTH - 8, y + BAR_HEIGHT * 0.68, _("Thème"), theme.number,
                LABEL_WIDTH, y, max(plot * value / 100, 2), BAR_HEIGHT, theme.number,
                LABEL_WIDTH + plot * value / 100 + 6, y + BAR_HEIGHT * 0.68,
                "—" if theme.percent is None else f"{value} %",
            )
        )
        description.append(f"{_('Thème')} {theme.number} : {'—' if theme.percent is None else f'{value} %'}")
    return format_html(
        '<svg class="score-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="chart-title chart-desc" '
        'xmlns="http://www.w3.org/2000/svg"><title id="chart-title">{}</title><desc id="chart-desc">{}</desc>{}{}</svg>',
        CHART_WIDTH, height, _("Score par thème"), " ; ".join(description), grid, mark_safe("".join(bars)),  # noqa: S308
    )
