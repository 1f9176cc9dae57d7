"""Each pharmacy among its peers: the funnel plot's control limits, its anonymity and its page."""

import datetime
import re
import time
from html import unescape

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from registers import funnel, stats
from registers.models import Incident, PrescriptionVolume, ReportType
from tests.factories import PharmacyFactory

YEAR = timezone.localdate().year - 1

# Poisson cumulative probabilities, from the table (e^-λ Σ λ^k / k!):
# λ = 1: F(0) .367879, F(2) .919699, F(3) .981012, F(4) .996340, F(5) .999406
# λ = 2: F(0) .135335, F(4) .947347, F(5) .983436, F(6) .995466, F(7) .998903, F(8) .999763
# λ = 10: F(3) .010336, F(4) .029253, F(1) .000499, F(2) .002769, F(15) .951260, F(16) .972958,
#         F(17) .985722, F(19) .996546, F(20) .998412, F(21) .999300
# A limit is (r - α) / volume with r the first count where F(r) ≥ p, α = (F(r) - p) / (F(r) - F(r - 1)).


def hand(r, f_r, f_before, p, volume):
    return (r - (f_r - p) / (f_r - f_before)) / volume * 10_000


@pytest.mark.parametrize("volume, expected", [
    (5_000, {"95": (0.0, hand(3, .981012, .919699, .975, 5_000)),
             "99,8": (0.0, hand(5, .999406, .996340, .999, 5_000))}),
    (10_000, {"95": (0.0, hand(5, .983436, .947347, .975, 10_000)),
              "99,8": (0.0, hand(8, .999763, .998903, .999, 10_000))}),
    (50_000, {"95": (hand(4, .029253, .010336, .025, 50_000), hand(17, .985722, .972958, .975, 50_000)),
              "99,8": (hand(2, .002769, .000499, .001, 50_000), hand(21, .999300, .998412, .999, 50_000))}),
])
def test_control_limits_against_values_computed_by_hand(volume, expected):
    limits = funnel.control_limits(2.0, volume)  # a national rate of 2 per 10,000: λ = 1, 2, 10
    for name in ("95", "99,8"):
        assert limits[name] == pytest.approx(expected[name], abs=2e-3), name
    if volume == 5_000:  # λ = 1: at most 2.90 cases at 95 %, i.e. 5.80 per 10,000
        assert limits["95"][1] == pytest.approx(5.8039, abs=1e-3)


def test_position_in_words():
    limits = funnel.control_limits(2.0, 50_000)
    assert funnel.position(2.5, limits) == "dans les limites attendues"
    assert funnel.position(limits["95"][1] + 0.01, limits) == "au-dessus de la limite à 95 %, sous celle à 99,8 %"
    assert funnel.position(limits["99,8"][1] + 0.01, limits) == "au-dessus de la limite à 99,8 %"
    assert funnel.position(0.0, limits) == "en dessous de la limite basse à 99,8 %"


def make_group(prefix, cases, volume=20_000, report_type=ReportType.CORRECTION):
    created = []
    for index, n in enumerate(cases):
        pharmacy = PharmacyFactory(postcode=f"{prefix}{index:03d}", name=f"Officine secrète {prefix}-{index}")
        PrescriptionVolume.objects.create(pharmacy=pharmacy, month=datetime.date(YEAR, 3, 1),
                                          prescriptions=volume * (index + 1))
        Incident.objects.bulk_create(
            Incident(pharmacy=pharmacy, report_type=report_type,
                     occurred_at=timezone.make_aware(datetime.datetime(YEAR, 3, 5, 10))) for _ in range(n))
        created.append(pharmacy)
    return created


PERIOD = {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"}


@pytest.mark.django_db
def test_funnel_shows_own_point_among_anonymous_peers_in_its_departement(client, django_assert_num_queries):
    from portal.pharmacies.roles import Role
    from tests.factories import MembershipFactory

    rhone = make_group("69", [4, 5, 6, 30, 8])  # the fourth is far above: 30 cases over 80,000
    make_group("35", [1, 1, 1])  # elsewhere: not drawn in the Rhône
    client.force_login(MembershipFactory(pharmacy=rhone[3], role=Role.TITULAIRE).user)
    url = reverse("registers:statistics")
    client.get(url, PERIOD)  # warm the session and site caches
    cache.clear()  # built: the pharmacy's figures, its département's and the national rate
    with django_assert_num_queries(16) as first:
        response = client.get(url, PERIOD)
    with django_assert_num_queries(5):  # the page's own queries: the rest is cached (test_statistics_cache)
        client.get(url, PERIOD)
    more = make_group("69", [2, 2, 2, 2, 2, 2])
    cache.clear()
    with django_assert_num_queries(len(first.captured_queries)):  # no query per pharmacy nor per incident
        client.get(url, PERIOD)
    Incident.objects.filter(pharmacy__in=more).delete()
    PrescriptionVolume.objects.filter(pharmacy__in=more).delete()
    plot = response.context["funnel"]
    assert (plot.area, plot.pharmacies, len(plot.points)) == ("département 69", 5, 4)
    assert plot.target == 1.3  # France: 53 + 3 corrections over 300,000 + 120,000 prescriptions
    html = unescape(response.content.decode())
    assert "au-dessus de la limite à 99,8 %" in html and "<svg" in html and "<desc" in html
    assert "Votre taux, 3,8 pour 10 000 sur 80\u202f000 ordonnances, est au-dessus de la limite à 99,8 %" in html
    assert "Officine secrète" not in re.sub(rf"{re.escape(rhone[3].name)}", "", html)  # only its own name


@pytest.mark.django_db
def test_a_small_departement_falls_back_to_france_and_a_small_country_to_nothing(client, monkeypatch):
    from portal.pharmacies.roles import Role
    from tests.factories import MembershipFactory

    brittany = make_group("35", [1, 2])
    client.force_login(MembershipFactory(pharmacy=brittany[0], role=Role.TITULAIRE).user)
    url = reverse("registers:statistics")
    response = client.get(url, PERIOD)
    assert response.context["funnel"] is None  # 2 pharmacies in France: never drawn
    assert "Pas de graphique" in unescape(response.content.decode())
    make_group("69", [3, 3, 3])
    assert client.get(url, PERIOD).context["funnel"] is None  # other pharmacies: shared, refreshed each minute
    later = time.time() + stats.refresh_seconds() + 1
    monkeypatch.setattr(stats.time, "time", lambda: later)
    plot = client.get(url, PERIOD).context["funnel"]
    assert (plot.area, plot.pharmacies, len(plot.points), plot.own is not None) == ("France entière", 5, 4, True)


@pytest.mark.django_db
def test_funnel_counts_only_pharmacies_that_registered_the_type():
    make_group("69", [1, 1, 1, 1], report_type=ReportType.NEAR_MISS)
    group = stats.figures(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    assert funnel.build(group, ReportType.NEAR_MISS, 1.0, None, "France entière") is None  # k = 4 < 5


@pytest.mark.django_db
def test_the_same_funnel_in_the_national_view_without_any_name(client):
    from tests.factories import UserFactory
    from tests.fixtures import login_with_code

    make_group("69", [4, 5, 6, 30, 8])
    login_with_code(client, UserFactory(is_staff=True, is_superuser=True, totp=True))
    response = client.get(reverse("registers_admin:national") + f"?annee={YEAR}&type=correction")
    html = unescape(response.content.decode())
    plot = response.context["funnel"]
    assert (plot.area, plot.pharmacies, len(plot.points), plot.own) == ("France entière", 5, 5, None)
    assert "funnel-svg" in html and "Officine secrète" not in html and "69000" not in html
    assert "Knudsen P. et al." in html


@pytest.mark.django_db
def test_statistics_cache_own_figures_at_once_others_shared(client, django_assert_num_queries):
    """The pharmacy's own figures are cached under its version: a new incident is seen at once, in
    its rates and its point; the other pharmacies' points are one shared value for the group."""
    from portal.pharmacies.roles import Role
    from tests.factories import MembershipFactory

    rhone = make_group("69", [4, 5, 6, 30, 8])
    client.force_login(MembershipFactory(pharmacy=rhone[3], role=Role.TITULAIRE).user)
    other = MembershipFactory(pharmacy=rhone[0], role=Role.TITULAIRE).user
    url = reverse("registers:statistics")
    client.get(url, PERIOD)
    before = client.get(url, PERIOD).context
    assert (before["funnel"].own_rate, before["stats"].total) == (3.8, 30)
    Incident.objects.create(pharmacy=rhone[3], report_type=ReportType.CORRECTION,
                            occurred_at=timezone.make_aware(datetime.datetime(YEAR, 3, 6, 10)))
    after = client.get(url, PERIOD).context
    assert (after["funnel"].own_rate, after["stats"].total) == (3.9, 31)  # 31 over 80,000, at once
    assert after["funnel"].points_html == before["funnel"].points_html  # the others: unchanged
    exact = stats.national_rate(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31), ReportType.CORRECTION)
    assert after["funnel"].standing == funnel.position(31 / 8, funnel.control_limits(exact, 80_000))  # not rounded
    client.force_login(other)
    client.get(url, PERIOD)
    with django_assert_num_queries(5):  # the group's points and the national rate: shared, not rebuilt
        seen = client.get(url, PERIOD).context["funnel"]
    assert (seen.own_rate, len(seen.points), seen.pharmacies) == (2.0, 4, 5)
    assert seen.points_html.count("<circle") == 4 and seen.points_html not in after["funnel"].points_html


def test_shared_national_values_follow_the_national_version(monkeypatch):
    built = []
    value = lambda: stats.shared_national("test", lambda: built.append(1) or len(built))  # noqa: E731
    assert (value(), value()) == (1, 1)  # built once
    stats.touch_national()
    assert value() == 1  # changed, but built less than a minute ago
    later = time.time() + stats.refresh_seconds() + 1
    monkeypatch.setattr(stats.time, "time", lambda: later)
    assert (value(), value()) == (2, 2)  # rebuilt once, then shared again
