"""Register statistics: counts, share resolved, median delay, rates per 10,000 prescriptions.

Rates use the Wilson score interval (95 %) on the proportion incidents / prescriptions, then
multiplied by 10,000: it stays inside [0, 1] and behaves well for small counts.
"""

import datetime
import math
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.caching import values
from portal.rules.anonymity import is_publishable, publishable
from portal.rules.numbers import percent
from registers.models import (
    Incident,
    Nature,
    PrescriptionVolume,
    RegistrationPeriod,
    ReportType,
    Seriousness,
    Stage,
)

PER = 10_000
Z_95 = 1.959964
RATE_METHOD = _("intervalle de confiance à 95 % par la méthode du score de Wilson")

# DOMAIN.md §7: published rates per 10,000 prescriptions (95 % CI).
REFERENCE_RATES = {
    ReportType.CORRECTION: (23.1, 21.7, 24.6),
    ReportType.NEAR_MISS: (2.4, 2.1, 2.7),
    ReportType.DISPENSING_ERROR: (1.4, 1.2, 1.6),
}


def wilson_interval(count: int, total: int, z: float = Z_95) -> tuple[float, float]:
    if total <= 0:
        return (0.0, 0.0)
    p = count / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    low = 0.0 if count == 0 else max(0.0, centre - half)
    high = 1.0 if count >= total else min(1.0, centre + half)
    return (low, high)


@dataclass
class Rate:
    label: str
    count: int
    rate: float
    low: float
    high: float
    reference: tuple | None
    prescriptions: int = 0
    report_type: str = ""
    pharmacies: int | None = None  # national view: how many pharmacies registered the type


@dataclass
class Bar:
    label: str
    count: int
    percent: int = 0


@dataclass
class Statistics:
    total: int
    resolved: int
    never_events: int
    median_days: float | None
    prescriptions: dict
    groups: dict = field(default_factory=dict)
    rates: list = field(default_factory=list)

    @property
    def share_resolved(self) -> int | None:
        return percent(self.resolved, self.total)


def _bars(counts: dict, choices) -> list[Bar]:
    top = max(counts.values(), default=0) or 1
    return [Bar(str(label), counts.get(value, 0), percent(counts.get(value, 0), top)) for value, label in choices]


def rates(counts: dict, prescriptions) -> list[Rate]:
    """The one rate rule: each type's count over its prescriptions (an int for every type, or a dict
    per type: the prescriptions of that type's registration periods), per 10,000, Wilson 95 %.
    A type with no prescriptions (not registered) has no rate."""
    per_type = prescriptions if isinstance(prescriptions, dict) else dict.fromkeys(ReportType.values, prescriptions)
    result = []
    for value, label in ReportType.choices:
        total = per_type.get(value) or 0
        if not total:
            continue
        count = counts.get(value, 0)
        low, high = wilson_interval(count, total)
        result.append(Rate(str(label), count, round(PER * count / total, 1), round(PER * low, 1),
                           round(PER * high, 1), REFERENCE_RATES.get(value), total, value))
    return result


@dataclass
class Figures:
    """One pharmacy's incidents and prescriptions per report type, inside its registration periods."""

    pharmacy_id: int
    postcode: str
    prescriptions: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)


def _in_periods(day, pharmacy_ref: str, report_type) -> Q:
    """`day` falls in a registration period of `report_type`, or the pharmacy declared none (in
    SQL, for many pharmacies; `_in_own_periods` is the same rule for one pharmacy's rows)."""
    periods = RegistrationPeriod.objects.filter(pharmacy=OuterRef(pharmacy_ref))
    return Q(Exists(periods.filter(report_type=report_type, start__lte=day, end__gte=day))) | ~Q(Exists(periods))


def _in_own_periods(day, periods: list, report_type) -> bool:
    """`_in_periods` for one pharmacy whose periods (report type, start, end) are in hand."""
    return not periods or any(kind == report_type and first <= day <= last for kind, first, last in periods)


def _windows(start, end):
    volumes, incidents = PrescriptionVolume.objects.all(), Incident.objects.all()
    if start:
        first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
        volumes, incidents = volumes.filter(month__gte=start.replace(day=1)), incidents.filter(occurred_at__gte=first)
    if end:
        after = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
        volumes, incidents = volumes.filter(month__lte=end), incidents.filter(occurred_at__lt=after)
    return volumes, incidents


# --- Shared between pharmacies, rebuilt when the country's registers change -----------------
NATIONAL_KEY = "registers:national-version"
SNAPSHOT_SECONDS = 600  # bounds what writes that bypass the signals (bulk imports) could leave stale


def national_version() -> int:
    value = cache.get(NATIONAL_KEY)
    if value is None:
        cache.add(NATIONAL_KEY, 1, timeout=None)
        value = cache.get(NATIONAL_KEY) or 1
    return value


def touch_national(*args, **kwargs) -> None:
    """Some pharmacy's incidents, prescriptions, registration periods or postcode changed: the
    shared group figures are stale (signal receiver: any arguments)."""
    try:
        cache.incr(NATIONAL_KEY)
    except ValueError:
        cache.set(NATIONAL_KEY, 2, timeout=None)


def refresh_seconds() -> int:
    return settings.REGISTERS_NATIONAL_REFRESH_SECONDS


def shared_national(name: str, build_value):
    """A value computed from every pharmacy's registers (a group's funnel, the national rate),
    shared by everyone: rebuilt after the country's data changed (`touch_national`), but at most
    once every `refresh_seconds()`; meanwhile the last one is served. Each page draws its own
    pharmacy from its own current figures: only the other pharmacies' anonymous points and the
    national rate may lag that long."""
    version = national_version()
    key = f"registers:national:{values.generation()}:{translation.get_language()}:{name}"
    entry = cache.get(key)
    now = time.time()
    if entry is not None and (entry[0] == version or now - entry[1] < refresh_seconds()):
        return entry[2]
    value = build_value()
    cache.set(key, (version, now, value), SNAPSHOT_SECONDS)
    return value


def connect_national() -> None:
    from django.db.models.signals import post_delete, post_save

    from portal.pharmacies.models import Pharmacy
    from registers.models import Incident, PrescriptionVolume, RegistrationPeriod

    for model in (Incident, PrescriptionVolume, RegistrationPeriod, Pharmacy):
        uid = f"registers-national-{model._meta.label}"
        post_save.connect(touch_national, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(touch_national, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def national_rate(start, end, report_type) -> float:
    """The country's rate per 10,000 for one type, over the pharmacies that registered it and their
    periods of that type: the funnel plot's target. Two aggregates, shared (`shared_national`)."""

    def build():
        volumes, incidents = _windows(start, end)
        prescriptions = volumes.aggregate(
            n=Sum("prescriptions", filter=_in_periods(OuterRef("month"), "pharmacy", report_type)))["n"] or 0
        cases = incidents.filter(report_type=report_type).annotate(day=TruncDate("occurred_at")).filter(
            _in_periods(OuterRef("day"), "pharmacy", report_type)).count()
        return PER * cases / prescriptions if prescriptions else 0.0

    return shared_national(f"rate:{start}:{end}:{report_type}", build)


def figures(start, end, postcode_prefix: str = "", pharmacy=None) -> dict[int, Figures]:
    """Per pharmacy (of a département, or one pharmacy, or all): prescriptions and incidents of
    each type inside that type's registration periods, between `start` and `end`.

    Two queries, aggregated in the database (one row per pharmacy), whatever the number of
    incidents; only pharmacies that entered prescriptions for the period are returned.
    """
    volumes, incidents = _windows(start, end)
    if pharmacy is not None:
        volumes, incidents = volumes.for_pharmacy(pharmacy), incidents.for_pharmacy(pharmacy)
    elif postcode_prefix:
        volumes = volumes.filter(pharmacy__postcode__startswith=postcode_prefix)
        incidents = incidents.filter(pharmacy__postcode__startswith=postcode_prefix)
    rows = volumes.values("pharmacy_id", "pharmacy__postcode").annotate(**{
        value: Sum("prescriptions", filter=_in_periods(OuterRef("month"), "pharmacy", value))
        for value in ReportType.values
    }).order_by()
    result = {
        row["pharmacy_id"]: Figures(row["pharmacy_id"], row["pharmacy__postcode"] or "",
                                    {value: row[value] or 0 for value in ReportType.values})
        for row in rows
    }
    counted = incidents.annotate(day=TruncDate("occurred_at")).filter(
        _in_periods(OuterRef("day"), "pharmacy", OuterRef("report_type"))
    ).values_list("pharmacy_id", "report_type").annotate(n=Count("pk")).order_by()
    for pharmacy_id, report_type, n in counted:
        if pharmacy_id in result:
            result[pharmacy_id].counts[report_type] = n
    return result


# What the pharmacy's statistics and the study's tables count of each incident of the period.
ROW_FIELDS = ("report_type", "nature", "stage", "seriousness", "error_type", "correction_cause", "retrocession",
              "never_event", "occurred_at", "resolved_on")


def incident_rows(pharmacy, start=None, end=None) -> list:
    """The pharmacy's incidents between `start` and `end`, as the fields its statistics count (one
    query, whatever the groupings: `compute` and `study.tables` count them here)."""
    return list(Incident.objects.for_pharmacy(pharmacy).between(start, end).order_by()
                .values_list(*ROW_FIELDS, named=True))


def own_figures(pharmacy, start=None, end=None, rows: list | None = None) -> Figures | None:
    """`figures(start, end, pharmacy=pharmacy)` for one pharmacy, counted here from its incidents of
    the period (`incident_rows`, or `rows`), its months and its periods: two small queries instead
    of two aggregates (the statistics page rebuilds it after each of the pharmacy's changes)."""
    months = PrescriptionVolume.objects.for_pharmacy(pharmacy).order_by()
    if start:
        months = months.filter(month__gte=start.replace(day=1))
    if end:
        months = months.filter(month__lte=end)
    months = list(months.values_list("month", "prescriptions"))
    if not months:
        return None
    periods = list(RegistrationPeriod.objects.for_pharmacy(pharmacy).order_by()
                   .values_list("report_type", "start", "end"))
    if rows is None:
        rows = incident_rows(pharmacy, start, end)
    result = Figures(pharmacy.pk, pharmacy.postcode or "", {
        value: sum(n for month, n in months if _in_own_periods(month, periods, value)) for value in ReportType.values})
    for row in rows:
        if _in_own_periods(timezone.localdate(row.occurred_at), periods, row.report_type):
            result.counts[row.report_type] = result.counts.get(row.report_type, 0) + 1
    return result


def compute(pharmacy, start=None, end=None, own: Figures | None = None, rows: list | None = None) -> Statistics:
    """Counts per grouping, share resolved, median delay and rates: one query for the incidents
    (`incident_rows`, none when `rows` is given), two for the pharmacy's figures inside its
    registration periods (none when `own` is given)."""
    if rows is None:
        rows = incident_rows(pharmacy, start, end)
    groups = {}
    for name, choices in (("report_type", ReportType.choices), ("nature", Nature.choices),
                          ("stage", Stage.choices), ("seriousness", Seriousness.choices)):
        groups[name] = _bars(Counter(getattr(row, name) for row in rows), choices)
    total = sum(bar.count for bar in groups["report_type"])
    resolved = [row for row in rows if row.resolved_on is not None]
    delays = [(row.resolved_on - timezone.localdate(row.occurred_at)).days for row in resolved]
    if own is None:
        own = figures(start, end, pharmacy=pharmacy).get(pharmacy.pk)
    own = own or Figures(pharmacy.pk, pharmacy.postcode)
    return Statistics(
        total=total,
        resolved=len(resolved),
        never_events=sum(1 for row in rows if row.retrocession and row.never_event),
        median_days=statistics.median(delays) if delays else None,
        prescriptions=own.prescriptions,
        groups=groups,
        rates=rates(own.counts, own.prescriptions),
    )


@dataclass
class AreaRow:
    """One département (or the whole country) of the national view: counts and rates only.

    `pharmacies` counts those that entered prescriptions; `registered` those that registered each
    type (its rate counts only them)."""

    label: str
    pharmacies: int
    counts: dict
    prescriptions: dict
    registered: dict = field(default_factory=dict)
    rates: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def total_prescriptions(self) -> int:
        """The prescriptions of the widest registration: the most a type was divided by."""
        return max(self.prescriptions.values(), default=0)

    def add(self, figures: Figures) -> None:
        self.pharmacies += 1
        for value in ReportType.values:
            prescriptions = figures.prescriptions.get(value, 0)
            if prescriptions:
                self.prescriptions[value] = self.prescriptions.get(value, 0) + prescriptions
                self.registered[value] = self.registered.get(value, 0) + 1
                self.counts[value] = self.counts.get(value, 0) + figures.counts.get(value, 0)


def national(start, end) -> tuple[list[AreaRow], int]:
    """Incidents per report type and rates per 10,000 prescriptions, by département (first two
    digits of the postcode) and for the country; a département of fewer than MINIMUM_GROUP_SIZE
    pharmacies with data is hidden, and counted in the second value.

    Each type's rate counts only the pharmacies that registered it, over their periods of that
    type (`figures`: two queries grouped by pharmacy in the database, about 20,000 rows for a year
    of the whole country, then summed by département here).
    """
    areas = {}
    country = AreaRow(str(_("France entière")), 0, {}, {})
    for item in figures(start, end).values():
        code = item.postcode[:2]
        areas.setdefault(code, AreaRow(code, 0, {}, {})).add(item)
        country.add(item)
    shown, hidden = publishable(sorted(areas.values(), key=lambda a: a.label), lambda a: a.pharmacies)
    result = [country, *shown] if is_publishable(country.pharmacies) else []
    for row in result:
        row.rates = rates(row.counts, row.prescriptions)
        for rate in row.rates:
            rate.pharmacies = row.registered.get(rate.report_type, 0)
    return result, hidden
