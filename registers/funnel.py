"""Each pharmacy among its peers: a funnel plot of one report type's rate per 10,000 prescriptions
against the volume of prescriptions, with the national rate and its 95 % and 99.8 % control limits
(Spiegelhalter, "Funnel plots for comparing institutional performance", Stat Med 2005: exact
Poisson limits, interpolated between whole counts).

The points are anonymous (a volume and a rate, never a name); a group of fewer than
MINIMUM_GROUP_SIZE pharmacies is never drawn. The plot is SVG drawn here, on the server.
"""

import math
import re
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
    """One pharmacy's funnel: the shared `Peers` of its group, with its own point drawn."""

    report_type: str
    label: str
    area: str
    target: float
    pharmacies: int
    points_html: str = ""  # the anonymous points, as SVG circles
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
    def points(self) -> list:
        """The anonymous points' (x, y) in the SVG's coordinates, read back from their circles."""
        return CIRCLE_POINT.findall(self.points_html)

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


CIRCLE = '<circle cx="{}" cy="{}" r="3"></circle>'
CIRCLE_POINT = re.compile(r'<circle cx="([^"]+)" cy="([^"]+)" r="3"></circle>')


@dataclass
class Peers:
    """What every member of a group sees alike: the axes, the limits and the anonymous points of the
    pharmacies that registered the type (built once, shared; see `among_peers`). `spans` says where
    each pharmacy's circle is in `points_html`, so that its own members' page can leave it out and
    draw it highlighted instead: the ids never reach a page."""

    report_type: str
    label: str
    area: str
    target: float  # the national rate, exact (shown rounded)
    x_max: float
    y_max: float
    points_html: str = ""
    spans: dict = field(default_factory=dict)  # pharmacy id -> (start, end) in points_html
    curves: dict = field(default_factory=dict)
    target_y: str = ""
    x_ticks: list = field(default_factory=list)
    y_ticks: list = field(default_factory=list)

    @property
    def pharmacies(self) -> int:
        return len(self.spans)

    # Coordinates are strings: a float in a template would be localised ("12,5") and break the SVG.
    def x(self, volume) -> str:
        return f"{LEFT + (WIDTH - RIGHT - LEFT) * min(volume, self.x_max) / self.x_max:.1f}"

    def y(self, rate) -> str:
        bottom = HEIGHT - BOTTOM
        return f"{bottom - (bottom - TOP) * min(rate, self.y_max) / self.y_max:.1f}"

    def group_size(self, own_id: int | None, own_registered: bool) -> int:
        """The pharmacies drawn for `own_id`: the others of the group, and itself if it registered the type."""
        return self.pharmacies - (own_id in self.spans) + bool(own_registered)

    def place(self, own_id: int | None, own_volume: int = 0, own_cases: int = 0) -> Funnel:
        """The funnel seen by the members of `own_id` (None: nobody's), its point from its own figures."""
        funnel = Funnel(self.report_type, self.label, self.area, round(self.target, 1),
                        self.group_size(own_id, bool(own_volume)), curves=self.curves, target_y=self.target_y,
                        x_ticks=self.x_ticks, y_ticks=self.y_ticks)
        span = self.spans.get(own_id)
        if span is None:
            funnel.points_html = self.points_html
        else:
            funnel.points_html = self.points_html[:span[0]] + self.points_html[span[1]:]
        if own_id is not None and own_volume:
            rate = PER * own_cases / own_volume
            funnel.own, funnel.own_rate, funnel.own_volume = (self.x(own_volume), self.y(rate)), round(rate, 1), own_volume
            funnel.standing = position(rate, control_limits(self.target, own_volume))
        return funnel


def peers(group: dict, report_type: str, target: float, area: str) -> Peers | None:
    """The shared part of the funnel of `report_type` for the pharmacies of `group`
    (`stats.figures`) that registered it, around the national `target` rate; None under
    MINIMUM_GROUP_SIZE pharmacies."""
    rows = [(item.pharmacy_id, item.prescriptions.get(report_type, 0), item.counts.get(report_type, 0))
            for item in group.values() if item.prescriptions.get(report_type)]
    if not is_publishable(len(rows)):
        return None
    x_max = max(volume for _pk, volume, _n in rows) * 1.05
    x_min = max(1, min(volume for _pk, volume, _n in rows) / 2)  # the curves start left of every point
    rates = [(pk, volume, PER * n / volume) for pk, volume, n in rows]
    samples = [x_min + (x_max - x_min) * (i / (SAMPLES - 1)) ** 2 for i in range(SAMPLES)]
    limits = [(volume, control_limits(target, round(volume))) for volume in samples]
    smallest = min(volume for _pk, volume, _n in rows)
    y_max = 1.1 * max([rate for _pk, _v, rate in rates] + [target * 2, 1.0,
                                                           control_limits(target, smallest)["99,8"][1]])
    result = Peers(report_type, str(ReportType(report_type).label), str(area), target, x_max, y_max)
    x, y = result.x, result.y
    for name, _low, _high in LIMITS:  # keys for templates: c95_low, c95_high, c998_low, c998_high
        for side, end in ((0, "low"), (1, "high")):
            key = f"c{name.replace(',', '')}_{end}"
            result.curves[key] = " ".join(f"{x(v)},{y(lim[name][side])}" for v, lim in limits)
    result.target_y = y(target)
    circles, offset = [], 0
    for pk, volume, rate in rates:
        circle = CIRCLE.format(x(volume), y(rate))
        circles.append(circle)
        result.spans[pk] = (offset, offset + len(circle))
        offset += len(circle)
    result.points_html = "".join(circles)
    result.x_ticks = [(x(v), count(round(v))) for v in _ticks(x_max)]
    result.y_ticks = [(y(v), decimal(v)) for v in _ticks(y_max)]
    return result


def build(group: dict, report_type: str, target: float, own_id: int | None, area: str) -> Funnel | None:
    """The funnel of `report_type` for the pharmacies of `group` that registered it, around the
    national `target` rate, `own_id`'s point highlighted; None under MINIMUM_GROUP_SIZE pharmacies."""
    shared = peers(group, report_type, target, area)
    if shared is None:
        return None
    own = group.get(own_id)
    volume = own.prescriptions.get(report_type, 0) if own else 0
    return shared.place(own_id, volume, own.counts.get(report_type, 0) if own else 0)


def area_peers(start, end, report_type, code: str) -> Peers | None:
    """The shared funnel of a département (`code`), or of France (""), or None under
    MINIMUM_GROUP_SIZE pharmacies that registered the type."""
    from registers import stats

    def build_value():
        target = stats.national_rate(start, end, report_type)
        if code:
            return peers(stats.figures(start, end, postcode_prefix=code), report_type, target,
                         _("département %(code)s") % {"code": code})
        return peers(stats.figures(start, end), report_type, target, _("France entière"))

    return stats.shared_national(f"funnel:{start}:{end}:{report_type}:{code}", build_value)


def among_peers(pharmacy, start, end, report_type, own) -> Funnel | None:
    """The pharmacy's funnel among the pharmacies of its département, or of France when its
    département has fewer than MINIMUM_GROUP_SIZE that registered the type. The group's points
    are shared (`area_peers`); the pharmacy's own point comes from `own`, its current figures
    (`stats.Figures` or None)."""
    volume = own.prescriptions.get(report_type, 0) if own else 0
    cases = own.counts.get(report_type, 0) if own else 0
    code = (pharmacy.postcode or "")[:2]
    for area in ([code] if code else []) + [""]:
        group = area_peers(start, end, report_type, area)
        if group is not None and is_publishable(group.group_size(pharmacy.pk, bool(volume))):
            return group.place(pharmacy.pk, volume, cases)
    return None
