"""National figures of the self-assessment for administrators: statistics and result exports.

Everything here is anonymised by `portal.rules.anonymity`: a group of fewer than
`MINIMUM_GROUP_SIZE` pharmacies (a year, a theme, a département) is never shown nor exported, and
the anonymised export carries a stable pseudonym instead of the pharmacy's name, FINESS or town.
Only the named export (`named_result_rows`, behind the `pharmacies.export_named_results`
permission) says which pharmacy is which. Scores are read from what was stored at submission.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.db.models.functions import Substr
from django.utils import timezone

from portal.pages.models import theme_numbers, theme_titles
from portal.rules.anonymity import is_publishable, pseudonym, publishable
from portal.rules.numbers import percent, round_half_up
from selfassessment.models import Assessment, Questionnaire, ThemeScore

DECILES = [(i * 10, i * 10 + 9 if i < 9 else 100) for i in range(10)]


def submitted_per_year() -> tuple[list[dict], int]:
    """Submitted assessments per year (most recent first), years under the threshold hidden."""
    rows = (
        Assessment.objects.submitted()
        .values("questionnaire__year")
        .annotate(n=Count("pharmacy", distinct=True))
        .order_by("-questionnaire__year")
    )
    return publishable(rows, lambda row: row["n"])


def _theme_rows(year: int, bands) -> list[dict]:
    scores = ThemeScore.objects.filter(assessment__submitted_at__isnull=False, assessment__questionnaire__year=year)
    aggregates = {
        "avg": Avg("percent"),
        "n": Count("pk", filter=Q(percent__isnull=False)),
        **{f"d{i}": Count("pk", filter=Q(percent__gte=lo, percent__lte=hi)) for i, (lo, hi) in enumerate(DECILES)},
        **{f"b{b.pk}": Count("pk", filter=Q(percent__gte=b.min_percent, percent__lte=b.max_percent)) for b in bands},
    }
    themes = []
    titles = theme_titles()
    for row in scores.values("theme_number").annotate(**aggregates).order_by("theme_number"):
        if not is_publishable(row["n"]):
            continue  # a theme answered "Non concerné" by almost everyone would show a few pharmacies
        themes.append(
            {
                "number": row["theme_number"],
                "title": titles[row["theme_number"]],
                "average": round_half_up(row["avg"]),
                "count": row["n"],
                "deciles": [
                    {"range": f"{lo}-{hi}", "count": row[f"d{i}"], "share": percent(row[f"d{i}"], row["n"])}
                    for i, (lo, hi) in enumerate(DECILES)
                ],
                "bands": [{"band": b, "count": row[f"b{b.pk}"]} for b in bands],
            }
        )
    return themes


def _global_row(year: int, bands) -> dict:
    return (
        Assessment.objects.submitted()
        .filter(questionnaire__year=year)
        .aggregate(
            avg=Avg("score_percent"),
            n=Count("pharmacy", distinct=True),
            **{
                f"b{b.pk}": Count("pk", filter=Q(score_percent__gte=b.min_percent, score_percent__lte=b.max_percent))
                for b in bands
            },
        )
    )


def national_statistics(year: int | None) -> dict:
    """Assessments per year, average and distribution per theme, count per band, averages per
    département: SQL aggregates, a fixed number of queries whatever the number of assessments.
    Groups under the anonymity threshold are left out (`hidden_*` say how many)."""
    per_year, hidden_years = submitted_per_year()
    if year is None and per_year:
        year = per_year[0]["questionnaire__year"]
    questionnaire = Questionnaire.objects.published().filter(year=year).order_by("-version").first() or (
        Questionnaire.objects.filter(year=year).first()
    )
    bands = [b for b in questionnaire.bands.all() if b.theme_number is None] if questionnaire else []
    global_row = _global_row(year, bands)
    shown = is_publishable(global_row["n"])
    departements, hidden_departements = departement_averages(year) if shown else ([], 0)
    return {
        "year": year,
        "per_year": per_year,
        "hidden_years": hidden_years,
        "too_few": not shown,
        "themes": _theme_rows(year, bands) if shown else [],
        "global_average": round_half_up(global_row["avg"]) if shown else None,
        "global_count": global_row["n"] if shown else None,
        "global_bands": [{"band": b, "count": global_row[f"b{b.pk}"]} for b in bands] if shown else [],
        "departements": departements,
        "hidden_departements": hidden_departements,
    }


def departement_averages(year: int) -> tuple[list[dict], int]:
    """Average global score per département (first two digits of the postcode; overseas
    départements grouped under "97"), départements under the threshold hidden."""
    rows = (
        Assessment.objects.submitted()
        .filter(questionnaire__year=year)
        .annotate(departement=Substr("pharmacy__postcode", 1, 2))
        .values("departement")
        .annotate(n=Count("pharmacy", distinct=True), average=Avg("score_percent"))
        .order_by("departement")
    )
    shown, hidden = publishable(rows, lambda row: row["n"])
    return [{**row, "average": round_half_up(row["average"])} for row in shown], hidden


@dataclass
class ResultRow:
    """One submitted assessment as exported: a pseudonym, never a name (unless `named`)."""

    pseudonym: str
    year: int
    version: int
    month: str
    departement: str
    score: int | None
    themes: dict[int, int | None] = field(default_factory=dict)
    name: str = ""
    finess: str = ""
    postcode: str = ""
    city: str = ""

    def theme(self, number: int) -> int | None:
        return self.themes.get(number)

    def __getattr__(self, name: str):
        # The export's "theme<N>" columns, one per theme the CMS publishes (`theme_columns`).
        if name.startswith(THEME_COLUMN) and name[len(THEME_COLUMN):].isdigit():
            return self.theme(int(name[len(THEME_COLUMN):]))
        raise AttributeError(name)


THEME_COLUMN = "theme"


def theme_columns() -> dict[str, int]:
    """{"theme3": 3, ...}: the export's column per theme the CMS publishes."""
    return {f"{THEME_COLUMN}{number}": number for number in theme_numbers()}


def result_rows_queryset(named: bool = False):
    """Submitted assessments of publishable years, with their theme scores, newest first."""
    years = [row["questionnaire__year"] for row in submitted_per_year()[0]]
    identity = ("pharmacy__name", "pharmacy__finess", "pharmacy__postcode", "pharmacy__city") if named else ()
    return (
        Assessment.objects.submitted()
        .filter(questionnaire__year__in=years)
        .annotate(departement=Substr("pharmacy__postcode", 1, 2))
        .values("pk", "pharmacy_id", "questionnaire__year", "questionnaire__version", "submitted_at",
                "score_percent", "departement", *identity)
        .annotate(**{f"t{n}": Avg("theme_scores__percent", filter=Q(theme_scores__theme_number=n))
                     for n in theme_numbers()})
        .order_by("-submitted_at", "-pk")
    )


def publishable_departements() -> set[tuple[int, str]]:
    """(year, département) groups large enough to be named in the anonymised export."""
    rows = (
        Assessment.objects.submitted()
        .annotate(departement=Substr("pharmacy__postcode", 1, 2))
        .values("questionnaire__year", "departement")
        .annotate(n=Count("pharmacy", distinct=True))
    )
    return {(row["questionnaire__year"], row["departement"]) for row in rows if is_publishable(row["n"])}


def to_result_rows(values, departements: set[tuple[int, str]] | None = None) -> list[ResultRow]:
    """Turn `result_rows_queryset()` values into rows; a département is given only when its group
    is publishable (`departements`), or always for the named export (`departements=None`)."""
    rows = []
    for r in values:
        year = r["questionnaire__year"]
        shown = departements is None or (year, r["departement"]) in departements
        rows.append(
            ResultRow(
                pseudonym=pseudonym("officine", r["pharmacy_id"]),
                year=year,
                version=r["questionnaire__version"],
                month=timezone.localtime(r["submitted_at"]).strftime("%Y-%m"),
                departement=r["departement"] if shown else "",
                score=r["score_percent"],
                themes={int(key[1:]): None if value is None else round_half_up(value)
                        for key, value in r.items() if key[:1] == "t" and key[1:].isdigit()},
                name=r.get("pharmacy__name", ""),
                finess=r.get("pharmacy__finess", ""),
                postcode=r.get("pharmacy__postcode", ""),
                city=r.get("pharmacy__city", ""),
            )
        )
    return rows
