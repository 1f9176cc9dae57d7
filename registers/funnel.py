"""Each pharmacy among its peers: a funnel plot of one report type's rate per 10,000 prescriptions
against the volume of prescriptions, with the national rate and its 95 % and 99.8 % control limits
(Spiegelhalter, "Funnel plots for comparing institutional performance", Stat Med 2005: exact
Poisson limits, interpolated between whole counts).

The points are anonymous (a volume and a rate, never a name); a group of fewer than
MINIMUM_GROUP_SIZE pharmacies is never drawn. The plot is SVG drawn here, on the server.
"""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portal.rules.anonymity import is_publishable
from portal.rules.numbers import count, decimal
from registers.models import ReportType

PER = 10_000
# (name shown, lower and upper tail probabilities)
LIMITS = (("95", 0.025, 0.975), ("99,8", 0.001, 0.999))
WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 44
SAMPLES = 48


def poisson_limits(expected: float, probabilities) -> list[float]:
    """For each probability p, the Poisson(`expected`) count r_p - α where r_p is the smallest r with
    F(r) ≥ p and α = (F(r_p) - p) / (F(r_p) - F(r_p - 1)) interpolates between whole counts."""
    wanted = sorted(probabilities)
    if expected <= 0:
        return [0.0 for _p in probabilities]
    found = {}
    k = max(0, math.floor(expected - 12 * math.sqrt(expected) - 12))  # below, each term is < 1e-30
    before = 0.0
    pmf = math.exp(k * math.log(expected) - expected - math.lgamma(k + 1)) if k else math.exp(-expected)
    cumulative = pmf
    while len(found) < len(wanted):
        for p in wanted:
            if p not in found and cumulative >= p:
                found[p] = k - (cumulative - p) / (cumulative - before)
        k += 1
        before = cumulative
        pmf *= expected / k
        cumulative += pmf
    return [found[p] for p in probabilities]


def control_limits(target_per_10000: float, volume: int) -> dict[str, tuple[float, float]]:
    """The 95 % and 99.8 % limits of the rate per 10,000 for `volume` prescriptions (a lower limit
    under 0 is 0)."""
    if volume <= 0:
        return {name: (0.0, 0.0) for name, _low, _high in LIMITS}
    expected = target_per_10000 / PER * volume
    result = {}
    for name, low, high in LIMITS:
        lower, upper = poisson_limits(expected, (low, high))
        result[name] = (max(0.0, lower) * PER / volume, upper * PER / volume)
    return result


def position(rate: float, limits: dict) -> str:
    """Where a rate stands against the limits of its volume, in words."""
    low95, high95 = limits["95"]
    low998, high998 = limits["99,8"]
    if rate > high998:
        return _("au-dessus de la limite à 99,8 %")
    if rate > high95:
        return _("au-dessus de la limite à 95 %, sous celle à 99,8 %")
    if rate < low998:
        return _("en dessous de la limite basse à 99,8 %")
    if rate < low95:
        return _("en dessous de la limite basse à 95 %")
    return _("dans les limites attendues")


@dataclass
class Funnel:
    report_type: str
    label: str
    area: str
    target: float
    pharmacies: int
    points: list = field(default_factory=list)  # (x, y) in the SVG's coordinates, anonymous
    own: tuple | None = None
    own_rate: float | None = None
    own_volume: int = 0
    standing: str = ""
    curves: dict = field(default_factory=dict)
    target_y: str = ""
    x_ticks: list = field(default_factory=list)
    y_ticks: list = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    plot: tuple = (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM)

    @property
    def summary(self) -> str:
        """The text alternative: where the pharmacy stands, and against what."""
        context = _("taux national : %(target)s pour 10 000 ; %(n)s officines (%(area)s)") % {
            "target": decimal(self.target), "n": count(self.pharmacies), "area": self.area}
        if self.own_rate is None:
            return _("Votre officine n'a pas de taux sur cette période pour ce type (%(context)s).") % {
                "context": context}
        return _("Votre taux, %(rate)s pour 10 000 sur %(volume)s ordonnances, est %(standing)s "
                 "(%(context)s).") % {"rate": decimal(self.own_rate), "volume": count(self.own_volume),
                                     "standing": self.standing, "context": context}


def _ticks(top: float, count_: int = 4) -> list[float]:
    if top <= 0:
        return [0.0]
    raw = top / count_
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(int(top // step) + 1)]


def build(group: dict, report_type: str, target: float, own_id: int | None, area: str) -> Funnel | None:
    """The funnel of `report_type` for the pharmacies of `group` (`stats.figures`) that registered
    it, around the national `target` rate; None under MINIMUM_GROUP_SIZE pharmacies."""
    rows = [(item.pharmacy_id, item.prescriptions.get(report_type, 0), item.counts.get(report_type, 0))
            for item in group.values() if item.prescriptions.get(report_type)]
    if not is_publishable(len(rows)):
        return None
    funnel = Funnel(report_type, str(ReportType(report_type).label), area, round(target, 1), len(rows))
    x_max = max(volume for _pk, volume, _n in rows) * 1.05
    x_min = max(1, min(volume for _pk, volume, _n in rows) / 2)  # the curves start left of every point
    rates = [(pk, volume, PER * n / volume) for pk, volume, n in rows]
    samples = [x_min + (x_max - x_min) * (i / (SAMPLES - 1)) ** 2 for i in range(SAMPLES)]
    limits = [(volume, control_limits(target, round(volume))) for volume in samples]
    smallest = min(volume for _pk, volume, _n in rows)
    y_max = 1.1 * max([rate for _pk, _v, rate in rates] + [target * 2, 1.0,
                                                           control_limits(target, smallest)["99,8"][1]])
    left, top, right, bottom = funnel.plot

    # Coordinates are strings: a float in a template would be localised ("12,5") and break the SVG.
    def x(volume) -> str:
        return f"{left + (right - left) * volume / x_max:.1f}"

    def y(rate) -> str:
        return f"{bottom - (bottom - top) * min(rate, y_max) / y_max:.1f}"

    for name, _low, _high in LIMITS:  # keys for templates: c95_low, c95_high, c998_low, c998_high
        for side, end in ((0, "low"), (1, "high")):
            key = f"c{name.replace(',', '')}_{end}"
            funnel.curves[key] = " ".join(f"{x(v)},{y(lim[name][side])}" for v, lim in limits)
    funnel.target_y = y(target)
    for pk, volume, rate in rates:
        if pk == own_id:
            funnel.own, funnel.own_rate, funnel.own_volume = (x(volume), y(rate)), round(rate, 1), volume
            funnel.standing = position(rate, control_limits(target, volume))
        else:
            funnel.points.append((x(volume), y(rate)))
    funnel.x_ticks = [(x(v), count(round(v))) for v in _ticks(x_max)]
    funnel.y_ticks = [(y(v), decimal(v)) for v in _ticks(y_max)]
    return funnel


def among_peers(pharmacy, start, end, report_type):
    """The pharmacy's funnel among the pharmacies of its département, or of France when its
    département has fewer than MINIMUM_GROUP_SIZE that registered the type; and its own figures
    (taken from the same query: no extra one for the page's rates)."""
    from registers import stats

    code = (pharmacy.postcode or "")[:2]
    group = stats.figures(start, end, postcode_prefix=code) if code else {}
    own = group.get(pharmacy.pk)
    area = _("département %(code)s") % {"code": code}
    if not is_publishable(sum(1 for item in group.values() if item.prescriptions.get(report_type))):
        group, area = stats.figures(start, end), _("France entière")
    target = stats.national_rate(start, end, report_type)
    return build(group, report_type, target, pharmacy.pk, area), own
