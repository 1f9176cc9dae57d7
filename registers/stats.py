"""Register statistics: counts, share resolved, median delay, rates per 10,000 prescriptions.

Rates use the Wilson score interval (95 %) on the proportion incidents / prescriptions, then
multiplied by 10,000: it stays inside [0, 1] and behaves well for small counts.
"""

import datetime
import math
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.rules.anonymity import is_publishable, publishable
from portal.rules.numbers import percent
from registers.models import Incident, Nature, PrescriptionVolume, ReportType, Seriousness, Stage

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
    prescriptions: int
    groups: dict = field(default_factory=dict)
    rates: list = field(default_factory=list)

    @property
    def share_resolved(self) -> int | None:
        return percent(self.resolved, self.total)


def _bars(counts: dict, choices) -> list[Bar]:
    top = max(counts.values(), default=0) or 1
    return [Bar(str(label), counts.get(value, 0), percent(counts.get(value, 0), top)) for value, label in choices]


def rates(counts: dict, prescriptions: int) -> list[Rate]:
    if not prescriptions:
        return []
    result = []
    for value, label in ReportType.choices:
        count = counts.get(value, 0)
        low, high = wilson_interval(count, prescriptions)
        result.append(Rate(str(label), count, round(PER * count / prescriptions, 1), round(PER * low, 1),
                           round(PER * high, 1), REFERENCE_RATES.get(value)))
    return result


def compute(pharmacy, start=None, end=None) -> Statistics:
    """Six queries whatever the number of incidents: one per grouping, the delays, the volumes."""
    incidents = Incident.objects.for_pharmacy(pharmacy).between(start, end)
    groups = {}
    for name, choices in (("report_type", ReportType.choices), ("nature", Nature.choices),
                          ("stage", Stage.choices), ("seriousness", Seriousness.choices)):
        counts = dict(incidents.order_by().values_list(name).annotate(n=Count("pk")))
        groups[name] = _bars(counts, choices)
    type_counts = {
        value: bar.count for (value, _label), bar in zip(ReportType.choices, groups["report_type"], strict=True)
    }
    total = sum(type_counts.values())
    summary = incidents.order_by().aggregate(
        resolved=Count("pk", filter=Q(resolved_on__isnull=False)),
        never=Count("pk", filter=Q(retrocession=True) & ~Q(never_event="")),
    )
    delays = [
        (resolved - timezone.localdate(occurred)).days
        for occurred, resolved in incidents.resolved().order_by().values_list("occurred_at", "resolved_on")
    ]
    prescriptions = PrescriptionVolume.objects.for_pharmacy(pharmacy).total_between(start, end)
    return Statistics(
        total=total,
        resolved=summary["resolved"],
        never_events=summary["never"],
        median_days=statistics.median(delays) if delays else None,
        prescriptions=prescriptions,
        groups=groups,
        rates=rates(type_counts, prescriptions),
    )



@dataclass
class AreaRow:
    """One département (or the whole country) of the national view: counts and rates only."""

    label: str
    pharmacies: int
    counts: dict
    prescriptions: int
    rates: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def national(start, end) -> tuple[list[AreaRow], int]:
    """Incidents per report type and rates per 10,000 prescriptions, by département (first two
    digits of the postcode) and for the country; a département of fewer than MINIMUM_GROUP_SIZE
    pharmacies with data is hidden, and counted in the second value.

    Rates are computed over the pharmacies that entered their prescription volumes for the period.
    Two queries, each grouped by pharmacy in the database (no join over the incidents), then
    summed by département here: about 20,000 × 4 rows for a year of the whole country.
    """
    volumes = (
        PrescriptionVolume.objects.filter(month__gte=start.replace(day=1), month__lte=end)
        .values("pharmacy_id", "pharmacy__postcode").annotate(prescriptions=Sum("prescriptions")).order_by()
    )
    area_of, areas = {}, {}
    for row in volumes:
        code = (row["pharmacy__postcode"] or "")[:2]
        area_of[row["pharmacy_id"]] = code
        area = areas.setdefault(code, AreaRow(code, 0, {}, 0))
        area.pharmacies += 1
        area.prescriptions += row["prescriptions"] or 0
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    after = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    incidents = (
        Incident.objects.filter(occurred_at__gte=first, occurred_at__lt=after)
        .values_list("pharmacy_id", "report_type").annotate(n=Count("pk")).order_by()
    )
    for pharmacy_id, report_type, n in incidents:
        code = area_of.get(pharmacy_id)
        if code is not None:
            counts = areas[code].counts
            counts[report_type] = counts.get(report_type, 0) + n
    country = AreaRow(str(_("France entière")), sum(a.pharmacies for a in areas.values()), {},
                      sum(a.prescriptions for a in areas.values()))
    for area in areas.values():
        for report_type, n in area.counts.items():
            country.counts[report_type] = country.counts.get(report_type, 0) + n
    shown, hidden = publishable(sorted(areas.values(), key=lambda a: a.label), lambda a: a.pharmacies)
    result = [country, *shown] if is_publishable(country.pharmacies) else []
    for row in result:
        row.rates = rates(row.counts, row.prescriptions)
    return result, hidden
