"""The campaign calendar (`portal.rules.campaign`): its two years, its deadlines and reminder dates, and
every label that gives one of them, on the days where the calendar turns."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from portal.pages.models import PrinciplePage
from portal.rules import campaign
from tests.selfassessment.factories import make_questionnaire
from toolkit import dashboard, reminders

JANUARY = datetime.date(2027, 1, 10)
FEB_28 = datetime.date(2028, 2, 28)
FEB_29 = datetime.date(2028, 2, 29)  # 2028 is a leap year
DEC_31 = datetime.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("today", "campaign_year", "questionnaire_year"),
    [(JANUARY, 2026, 2027), (FEB_28, 2027, 2028), (FEB_29, 2027, 2028), (DEC_31, 2026, 2026),
     (datetime.date(2028, 3, 1), 2028, 2028)],
)
def test_campaign_and_questionnaire_years(today, campaign_year, questionnaire_year):
    assert campaign.campaign_year(today) == campaign_year
    assert campaign.questionnaire_year(today) == questionnaire_year
    # The questionnaire offered is always one that may still be submitted.
    assert campaign.assessment_is_open(campaign.questionnaire_year(today), today)


@pytest.mark.parametrize(
    ("today", "stage", "attestation_year"),
    [(JANUARY, None, None), (FEB_28, None, 2027), (FEB_29, None, 2027), (datetime.date(2028, 3, 1), None, None),
     (datetime.date(2026, 11, 30), None, None), (datetime.date(2026, 12, 1), "12-01", None),
     (datetime.date(2026, 12, 14), "12-01", None), (datetime.date(2026, 12, 15), "12-15", None),
     (DEC_31, "12-15", None)],
)
def test_reminder_dates_come_from_the_calendar(today, stage, attestation_year):
    assert reminders.assessment_stage(today) == stage
    assert reminders.attestation_year_due(today) == attestation_year
    assert campaign.assessment_reminder_dates(2026) == (datetime.date(2026, 12, 1), datetime.date(2026, 12, 15))


def test_short_date_in_french_and_english():
    assert campaign.short_date(DEC_31) == "31 décembre"
    assert campaign.short_date(FEB_29) == "29 février"
    assert campaign.short_date(datetime.date(2026, 12, 1)) == "1er décembre"
    with translation.override("en"):
        assert campaign.short_date(DEC_31) == "31 December"
        assert campaign.short_date(datetime.date(2027, 2, 1)) == "1 February"


@pytest.fixture
def questionnaires(framework):
    principles = list(PrinciplePage.objects.order_by("path"))
    return {year: make_questionnaire(principles, year=year) for year in (2026, 2027, 2028)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "assessment_label", "attestation_label", "english"),
    [
        (JANUARY, "Auto-évaluation réalisée avant le 31 décembre",
         "Attestation téléchargée, à envoyer au plus tard le 28 février", "Self-assessment completed by 31 December"),
        (FEB_28, "Auto-évaluation réalisée avant le 31 décembre",
         "Attestation téléchargée, à envoyer au plus tard le 29 février", "Self-assessment completed by 31 December"),
        (FEB_29, "Auto-évaluation réalisée avant le 31 décembre",
         "Attestation téléchargée, à envoyer au plus tard le 29 février", "Self-assessment completed by 31 December"),
        (DEC_31, "Auto-évaluation réalisée avant le 31 décembre",
         "Attestation téléchargée, à envoyer au plus tard le 28 février", "Self-assessment completed by 31 December"),
    ],
)
def test_checklist_labels_print_the_deadlines(pharmacy, framework, today, assessment_label, attestation_label, english):
    items = dashboard.remuneration_checklist(pharmacy, today, newsletter_subscribed=False).items
    assert (items[0].label, items[1].label) == (assessment_label, attestation_label)
    with translation.override("en"):
        assert dashboard.remuneration_checklist(pharmacy, today, newsletter_subscribed=False).items[0].label == english


@pytest.mark.django_db
def test_in_january_the_dashboard_and_the_self_assessment_page_agree(client, owner, questionnaires):
    with freeze_time("2027-01-10 09:00:00", tick=True):
        client.force_login(owner)
        in_january(client, questionnaires)


def in_january(member_client, questionnaires):
    html = member_client.get(reverse("toolkit:dashboard")).content.decode()
    assert "Indicateur qualité 2026" in html  # the attestation of 2026 is still due
    assert "Auto-évaluation 2026 non validée au 31 décembre : la campagne est close. Celle de 2027 est ouverte." in html
    assert "Faire l&#x27;auto-évaluation 2027" in html
    page = member_client.get(reverse("selfassessment:index"))
    assert page.context["year"] == 2027 and page.context["questionnaire"] == questionnaires[2027]
    started = member_client.post(reverse("selfassessment:start"))
    assert started.status_code == 302
    assert member_client.get(started.url, follow=True).context["assessment"].questionnaire_id == questionnaires[2027].pk


@pytest.mark.django_db
def test_on_31_december_the_year_is_still_open_everywhere(client, owner, questionnaires):
    with freeze_time("2026-12-31 09:00:00", tick=True):
        client.force_login(owner)
        html = client.get(reverse("toolkit:dashboard")).content.decode()
        assert "Indicateur qualité 2026" in html and "Faire l&#x27;auto-évaluation 2026" in html
        assert client.get(reverse("selfassessment:index")).context["questionnaire"] == questionnaires[2026]


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "text"), [
    ("fr", "Auto-évaluation non validée au 1er décembre puis au 15 décembre ; attestation non téléchargée au 1er février."),
    ("en", "Self-assessment not completed by 1 December, then by 15 December; certificate not downloaded by 1 February."),
])
def test_preferences_page_gives_the_reminder_dates(member_client, language, text):
    member_client.cookies["django_language"] = language
    assert text in member_client.get(reverse("toolkit:preferences")).content.decode()


@pytest.mark.django_db
def test_assessment_reminder_title_prints_the_deadline(pharmacy, owner):
    statuses = {}
    alert, = reminders._assessment_alerts(2026, "12-15", pharmacy, [pharmacy.memberships.get()], statuses.get(1))
    assert alert.title == "Auto-évaluation 2026 à valider avant le 31 décembre"
    with translation.override("en"):
        alert, = reminders._assessment_alerts(2026, "12-15", pharmacy, [pharmacy.memberships.get()], None)
    assert alert.title == "Self-assessment 2026 to complete by 31 December"


def test_no_calendar_date_is_written_outside_the_calendar():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    literal = re.compile(r"\b\d{1,2}(er)? (janvier|février|décembre)|date\(today\.year, (12|2), ")
    found = [
        f"{path.relative_to(root)}:{n}"
        for folder in ("portal", "selfassessment", "toolkit", "registers", "templates")
        for path in (root / folder).rglob("*")
        if path.suffix in (".py", ".html", ".txt") and path != root / "portal" / "rules" / "campaign.py"
        and "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert found == []
