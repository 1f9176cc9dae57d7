"""The Danish study's design (DOMAIN.md §7, Knudsen et al.) held by one pharmacy in one year:
each report type registered over its own period, each rate divided by that period's prescriptions."""

import datetime

import pytest
from django.utils import timezone

from registers import stats
from registers.models import Incident, PrescriptionVolume, RegistrationPeriod, ReportType
from tests.factories import PharmacyFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year - 1


def at(month, day=10):
    return timezone.make_aware(datetime.datetime(YEAR, month, day, 10))


def study_year(pharmacy):
    """Corrections registered in January (421,809 prescriptions, a group's month), near misses from
    February to April (958,313), dispensing errors from May to August (1,466,043)."""
    volumes = {1: 421_809, 2: 300_000, 3: 330_000, 4: 328_313, 5: 360_000, 6: 370_000, 7: 366_043, 8: 370_000,
               9: 350_000, 10: 350_000}
    PrescriptionVolume.objects.bulk_create(
        PrescriptionVolume(pharmacy=pharmacy, month=datetime.date(YEAR, month, 1), prescriptions=n)
        for month, n in volumes.items()
    )
    for report_type, first, last in ((ReportType.CORRECTION, 1, 1), (ReportType.NEAR_MISS, 2, 4),
                                     (ReportType.DISPENSING_ERROR, 5, 8)):
        RegistrationPeriod.objects.create(pharmacy=pharmacy, report_type=report_type,
                                          start=datetime.date(YEAR, first, 1), end=datetime.date(YEAR, last, 1))
    rows = ([(ReportType.CORRECTION, at(1, 1 + i % 28)) for i in range(976)]
            + [(ReportType.NEAR_MISS, at(2 + i % 3, 1 + i % 28)) for i in range(229)]
            + [(ReportType.DISPENSING_ERROR, at(5 + i % 4, 1 + i % 28)) for i in range(203)]
            # registered outside the type's period: counted in the register, never in a rate
            + [(ReportType.NEAR_MISS, at(1)), (ReportType.CORRECTION, at(9)), (ReportType.DISPENSING_ERROR, at(10))])
    Incident.objects.bulk_create(Incident(pharmacy=pharmacy, report_type=t, occurred_at=when) for t, when in rows)


def test_the_study_in_one_year_of_one_pharmacy_gives_the_published_rates():
    pharmacy = PharmacyFactory(postcode="69001")
    study_year(pharmacy)
    result = stats.compute(pharmacy, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    assert result.total == 976 + 229 + 203 + 3
    shown = {rate.report_type: (rate.count, rate.prescriptions, rate.rate, rate.low, rate.high) for rate in result.rates}
    assert shown == {
        ReportType.CORRECTION: (976, 421_809, 23.1, 21.7, 24.6),
        ReportType.NEAR_MISS: (229, 958_313, 2.4, 2.1, 2.7),
        ReportType.DISPENSING_ERROR: (203, 1_466_043, 1.4, 1.2, 1.6),
    }  # adverse drug events were not registered: no rate at all, rather than 0 over the year
    assert [rate.reference for rate in result.rates] == [(23.1, 21.7, 24.6), (2.4, 2.1, 2.7), (1.4, 1.2, 1.6)]


def test_without_periods_every_type_is_registered_over_every_month():
    pharmacy = PharmacyFactory()
    PrescriptionVolume.objects.create(pharmacy=pharmacy, month=datetime.date(YEAR, 3, 1), prescriptions=10_000)
    Incident.objects.create(pharmacy=pharmacy, report_type=ReportType.ADVERSE_EVENT, occurred_at=at(3))
    result = stats.compute(pharmacy, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    assert [(rate.report_type, rate.prescriptions, rate.count) for rate in result.rates] == [
        (ReportType.CORRECTION, 10_000, 0), (ReportType.NEAR_MISS, 10_000, 0),
        (ReportType.DISPENSING_ERROR, 10_000, 0), (ReportType.ADVERSE_EVENT, 10_000, 1)]


def test_national_view_counts_only_the_pharmacies_that_registered_a_type():
    registering = [PharmacyFactory(postcode=f"69{i:03d}") for i in range(5)]
    for pharmacy in registering:
        PrescriptionVolume.objects.create(pharmacy=pharmacy, month=datetime.date(YEAR, 3, 1), prescriptions=20_000)
        PrescriptionVolume.objects.create(pharmacy=pharmacy, month=datetime.date(YEAR, 4, 1), prescriptions=30_000)
        Incident.objects.create(pharmacy=pharmacy, report_type=ReportType.CORRECTION, occurred_at=at(4))
    # the first two registered near misses in March only; the others corrections in April only
    for pharmacy in registering[:2]:
        RegistrationPeriod.objects.create(pharmacy=pharmacy, report_type=ReportType.NEAR_MISS,
                                          start=datetime.date(YEAR, 3, 1), end=datetime.date(YEAR, 3, 31))
        Incident.objects.create(pharmacy=pharmacy, report_type=ReportType.NEAR_MISS, occurred_at=at(3))
    for pharmacy in registering[2:]:
        RegistrationPeriod.objects.create(pharmacy=pharmacy, report_type=ReportType.CORRECTION,
                                          start=datetime.date(YEAR, 4, 1), end=datetime.date(YEAR, 4, 30))
    rows, hidden = stats.national(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    country = rows[0]
    assert hidden == 0 and country.pharmacies == 5
    assert country.registered == {ReportType.NEAR_MISS: 2, ReportType.CORRECTION: 3}
    assert country.prescriptions == {ReportType.NEAR_MISS: 40_000, ReportType.CORRECTION: 90_000}
    assert country.counts == {ReportType.NEAR_MISS: 2, ReportType.CORRECTION: 3}
    assert [(rate.report_type, rate.rate) for rate in country.rates] == [
        (ReportType.CORRECTION, round(3 / 90_000 * 10_000, 1)), (ReportType.NEAR_MISS, 0.5)]


def test_a_period_covers_whole_months():
    period = RegistrationPeriod.objects.create(pharmacy=PharmacyFactory(), report_type=ReportType.CORRECTION,
                                               start=datetime.date(YEAR, 2, 14), end=datetime.date(YEAR, 2, 3))
    assert (period.start, period.end.month, period.end.day in (28, 29)) == (datetime.date(YEAR, 2, 1), 2, True)


def test_the_study_tables_beside_the_published_distributions():
    from registers import study
    from registers.models import CorrectionCause, ErrorType, Stage

    pharmacy = PharmacyFactory()
    rows = ([(ReportType.CORRECTION, CorrectionCause.SUSPECTED_ERROR, "", "")] * 3
            + [(ReportType.CORRECTION, CorrectionCause.NOT_IN_STOCK, "", "")]
            + [(ReportType.DISPENSING_ERROR, "", Stage.TRANSCRIPTION, ErrorType.MISSING_SCORE)] * 2
            + [(ReportType.ADVERSE_EVENT, "", Stage.TRANSCRIPTION, ErrorType.STRENGTH),
               (ReportType.ADVERSE_EVENT, "", Stage.DISPENSING, ErrorType.MEDICINE),
               (ReportType.NEAR_MISS, "", Stage.TRANSCRIPTION, ErrorType.STRENGTH)])  # a near miss never reached
    Incident.objects.bulk_create(
        Incident(pharmacy=pharmacy, report_type=t, correction_cause=cause, stage=stage or Stage.DISPENSING,
                 error_type=error or ErrorType.OTHER, occurred_at=at(3)) for t, cause, stage, error in rows)
    Incident.objects.create(pharmacy=PharmacyFactory(), report_type=ReportType.CORRECTION,
                            correction_cause=CorrectionCause.ILLEGIBLE, occurred_at=at(3))  # another pharmacy
    tables = study.tables(pharmacy, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    clinical, administrative = (row for row in tables.causes if row.group)
    assert (clinical.count, clinical.share, clinical.published) == (3, 75.0, 51.3)
    assert (administrative.count, administrative.share, administrative.published) == (1, 25.0, 48.7)
    assert tables.reached == 4 and tables.transcription == 3
    stages = {row.label: (row.count, row.share, row.published) for row in tables.stages}
    assert stages["Retranscription"] == (3, 75.0, 64.9) and stages["Délivrance"] == (1, 25.0, 15.6)
    types = {row.label: (row.count, row.published) for row in tables.transcription_types}
    assert types["Comprimé sécable : sécabilité non indiquée"] == (2, 2.6)
    assert "Knudsen" in str(tables.source)


def test_a_correction_cause_only_on_a_correction():
    from django.core.exceptions import ValidationError

    incident = Incident(pharmacy=PharmacyFactory(), report_type=ReportType.NEAR_MISS,
                        correction_cause="illegible", occurred_at=at(3))
    with pytest.raises(ValidationError) as error:
        incident.full_clean()
    assert "correction_cause" in error.value.message_dict


@pytest.mark.parametrize("window", [(1, 12), (2, 6), (None, None)])
def test_one_pharmacys_figures_counted_in_python_match_the_aggregates(window):
    """The statistics page counts its own pharmacy's figures from its rows (`own_figures`): the
    same rule as `figures`, in SQL, for many pharmacies; at the edges of periods in local time too."""
    pharmacy, bare = PharmacyFactory(postcode="69001"), PharmacyFactory(postcode="35000")
    study_year(pharmacy)
    edges = [(ReportType.CORRECTION, timezone.make_aware(datetime.datetime(YEAR, 1, 31, 23, 30))),
             (ReportType.CORRECTION, timezone.make_aware(datetime.datetime(YEAR, 2, 1, 0, 30))),
             (ReportType.NEAR_MISS, timezone.make_aware(datetime.datetime(YEAR, 1, 31, 23, 59)))]
    Incident.objects.bulk_create(Incident(pharmacy=pharmacy, report_type=t, occurred_at=when) for t, when in edges)
    PrescriptionVolume.objects.create(pharmacy=bare, month=datetime.date(YEAR, 3, 1), prescriptions=10_000)
    Incident.objects.create(pharmacy=bare, report_type=ReportType.ADVERSE_EVENT, occurred_at=at(3))
    start, end = (None, None) if window[0] is None else (datetime.date(YEAR, window[0], 1),
                                                           datetime.date(YEAR, window[1], 28))
    for each in (pharmacy, bare):
        assert stats.own_figures(each, start, end) == stats.figures(start, end, pharmacy=each)[each.pk]
    assert stats.own_figures(bare, datetime.date(YEAR, 5, 1), datetime.date(YEAR, 6, 30)) is None
    assert not stats.figures(datetime.date(YEAR, 5, 1), datetime.date(YEAR, 6, 30), pharmacy=bare)
