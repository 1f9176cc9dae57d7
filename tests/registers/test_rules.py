"""Rules carried by the models and the statistics, on known data."""

import datetime

import pytest
from django.utils import timezone

from registers import stats
from registers.models import (
    ImprovementAction,
    ImprovementSheet,
    Incident,
    PrescriptionVolume,
    ReportType,
)
from tests.registers.factories import make_incident, make_sheet

pytestmark = pytest.mark.django_db


def test_rates_on_the_published_data_set(pharmacy):
    counts = {ReportType.CORRECTION: 231, ReportType.NEAR_MISS: 24, ReportType.DISPENSING_ERROR: 14}
    rates = {rate.label: rate for rate in stats.rates(counts, 100_000)}
    correction = rates[str(ReportType.CORRECTION.label)]
    assert (correction.rate, rates[str(ReportType.NEAR_MISS.label)].rate,
            rates[str(ReportType.DISPENSING_ERROR.label)].rate) == (23.1, 2.4, 1.4)
    # Wilson 95 % interval around 23.1 per 10,000, close to the published 21.7-24.6.
    assert (correction.low, correction.high) == (20.3, 26.3)
    assert correction.reference == (23.1, 21.7, 24.6)
    assert stats.rates(counts, 0) == []


def test_wilson_interval_stays_within_bounds():
    assert stats.wilson_interval(0, 1000)[0] == 0.0
    low, high = stats.wilson_interval(10, 10)
    assert high == 1.0 and 0.6 < low < 1.0


def test_statistics_of_a_pharmacy(pharmacy, django_assert_num_queries):
    day = timezone.now() - datetime.timedelta(days=20)
    for index in range(4):
        make_incident(pharmacy, occurred_at=day, report_type=ReportType.CORRECTION, seriousness=1 + index % 3,
                      resolved_on=timezone.localdate(day) + datetime.timedelta(days=2 * index) if index < 3 else None)
    make_incident(pharmacy, occurred_at=day, report_type=ReportType.DISPENSING_ERROR, retrocession=True,
                  never_event="interruption")
    make_incident(pharmacy, occurred_at=day - datetime.timedelta(days=400))  # outside the period
    PrescriptionVolume.objects.create(pharmacy=pharmacy, month=timezone.localdate(day), prescriptions=10_000)
    start = timezone.localdate() - datetime.timedelta(days=365)
    with django_assert_num_queries(3):  # the incidents, then volumes and incidents in periods
        result = stats.compute(pharmacy, start, timezone.localdate())
    assert result.total == 5
    assert result.resolved == 3 and result.share_resolved == 60
    assert result.median_days == 2
    assert result.never_events == 1
    assert [bar.count for bar in result.groups["seriousness"]] == [3, 1, 1]
    assert result.rates[0].count == 4 and result.rates[0].rate == 4.0


def test_programme_criterion_needs_an_action_this_year(pharmacy, owner):
    sheets = ImprovementSheet.objects.for_pharmacy(pharmacy)
    year = timezone.localdate().year
    make_sheet(pharmacy)
    assert not sheets.programme_criterion_met(year)
    assert not sheets.programme_criterion_met(year, actions=[])
    make_sheet(pharmacy, owner=owner)
    assert sheets.programme_criterion_met(year)
    assert not sheets.programme_criterion_met(year - 1)
    # The actions already read (the programme's) give the same answer, without a query.
    actions = list(ImprovementAction.objects.for_pharmacy(pharmacy))
    ImprovementAction.objects.update(created_at=datetime.datetime(year - 1, 12, 31, 23, 30, tzinfo=datetime.UTC))
    actions_new_year = list(ImprovementAction.objects.for_pharmacy(pharmacy))  # 00:30 on 1 January in Paris
    assert sheets.programme_criterion_met(year, actions=actions)
    assert sheets.programme_criterion_met(year) and sheets.programme_criterion_met(year, actions=actions_new_year)
    assert not sheets.programme_criterion_met(year - 1, actions=actions_new_year)


def test_overdue_querysets(pharmacy):
    old = make_incident(pharmacy, occurred_at=timezone.now() - datetime.timedelta(days=8))
    make_incident(pharmacy, occurred_at=timezone.now() - datetime.timedelta(days=2))
    make_incident(pharmacy, occurred_at=timezone.now() - datetime.timedelta(days=9),
                  resolved_on=timezone.localdate())
    assert list(Incident.objects.for_pharmacy(pharmacy).overdue()) == [old]


def test_emergency_request_overdue_after_48_hours_without_answer(pharmacy):
    from registers.models import EMERGENCY_ANSWER_HOURS, EmergencyRequest
    from tests.registers.factories import EmergencyRequestFactory

    now = timezone.now()
    late = EmergencyRequestFactory(pharmacy=pharmacy, sent_at=now - datetime.timedelta(hours=EMERGENCY_ANSWER_HOURS, minutes=1))
    recent = EmergencyRequestFactory(pharmacy=pharmacy, sent_at=now - datetime.timedelta(hours=EMERGENCY_ANSWER_HOURS - 1))
    EmergencyRequestFactory(pharmacy=pharmacy, sent_at=now - datetime.timedelta(days=5),
                            answer=EmergencyRequest.Answer.REFUSED, answered_on=timezone.localdate())
    assert EMERGENCY_ANSWER_HOURS == 48
    assert list(EmergencyRequest.objects.for_pharmacy(pharmacy).overdue(now)) == [late]
    assert late.is_overdue and not recent.is_overdue


def test_emergency_request_answer_needs_a_date_not_before_the_request(pharmacy):
    from django.core.exceptions import ValidationError

    from registers.models import EmergencyRequest
    from tests.registers.factories import EmergencyRequestFactory

    request = EmergencyRequestFactory.build(pharmacy=pharmacy, answer=EmergencyRequest.Answer.ACCEPTED)
    with pytest.raises(ValidationError) as error:
        request.clean()
    assert "date de la réponse" in str(error.value)
    request.answered_on = timezone.localdate(request.sent_at) - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        request.clean()
    assert "ne peut pas précéder" in str(error.value)
    request.answered_on = timezone.localdate(request.sent_at)
    request.clean()


def test_actions_past_due_and_not_done_are_overdue(pharmacy, owner):
    from registers.models import ImprovementAction
    from tests.registers.factories import ImprovementActionFactory

    today = timezone.localdate()
    sheet = make_sheet(pharmacy)
    late = ImprovementActionFactory(sheet=sheet, owner=owner, due_on=today - datetime.timedelta(days=1))
    ImprovementActionFactory(sheet=sheet, owner=owner, due_on=today)
    ImprovementActionFactory(sheet=sheet, owner=owner, due_on=today - datetime.timedelta(days=3),
                             status=ImprovementAction.Status.DONE)
    assert list(ImprovementAction.objects.for_pharmacy(pharmacy).overdue(today)) == [late]
