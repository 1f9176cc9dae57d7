import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.toolkit.conftest import ToolPageFactory
from toolkit import dashboard, integrations
from toolkit.models import NewsletterSubscription, ToolStatus

pytestmark = pytest.mark.django_db
DONE, NA = ToolStatus.Status.DONE, ToolStatus.Status.NOT_APPLICABLE


@pytest.fixture
def assessment(monkeypatch):
    """Stand-ins for the self-assessment results, to test the dashboard rules alone."""
    state = {"status": None, "scores": []}
    monkeypatch.setattr(integrations, "assessment_year_status", lambda pharmacy, year: state["status"])
    monkeypatch.setattr(integrations, "latest_theme_scores", lambda pharmacy: state["scores"])
    return state


def test_integrations_read_the_real_selfassessment_services(pharmacy):
    status = integrations.assessment_year_status(pharmacy, 2026)
    assert status["assessment"] is None and status["submitted_at"] is None
    assert integrations.latest_theme_scores(pharmacy) == []


def test_theme_progress_counts_applicable_and_implemented(tools, pharmacy, owner):
    ToolStatus.change(pharmacy=pharmacy, tool=tools["P41"], status=DONE, by=owner)  # themes 3 and 4
    ToolStatus.change(pharmacy=pharmacy, tool=tools["C31"], status=NA, by=owner)  # theme 3
    progress = {p.number: p for p in dashboard.theme_progress(pharmacy)}
    assert (progress[3].done, progress[3].applicable, progress[3].percent) == (1, 1, 100)
    assert (progress[4].done, progress[4].applicable, progress[4].percent) == (1, 2, 50)


def test_campaign_year_and_deadlines():
    assert dashboard.campaign_year(datetime.date(2026, 2, 28)) == 2025
    assert dashboard.campaign_year(datetime.date(2026, 3, 1)) == 2026
    assert dashboard.attestation_deadline(2026) == datetime.date(2027, 2, 28)


def test_checklist_says_what_is_missing_and_where_to_fix_it(pharmacy, assessment):
    checklist = dashboard.remuneration_checklist(pharmacy, datetime.date(2026, 11, 22), newsletter_subscribed=False)
    assert checklist.year == 2026 and checklist.done_count == 0
    assessment_item, attestation, newsletter, programme = checklist.items
    assert assessment_item.deadline == datetime.date(2026, 12, 31) and "Aucune auto-évaluation 2026" in assessment_item.detail
    assert attestation.deadline == datetime.date(2027, 2, 28)
    assert newsletter.url == reverse("toolkit:preferences")
    assert not programme.done and "au moins une action" in programme.detail

    submitted = timezone.make_aware(datetime.datetime(2026, 10, 3, 10))
    assessment["status"] = {
        "assessment": object(), "submitted_at": submitted, "attestation_generated_at": None,
        "start_url": "/auto-evaluation/2026/", "results_url": "/auto-evaluation/2026/resultats/",
        "attestation_url": "/auto-evaluation/2026/attestation/",
    }
    checklist = dashboard.remuneration_checklist(pharmacy, datetime.date(2026, 11, 22), newsletter_subscribed=True)
    assert [item.done for item in checklist.items] == [True, False, True, False]
    assert "03/10/2026" in checklist.items[0].detail
    assert checklist.items[1].url == "/auto-evaluation/2026/attestation/"


def test_dashboard_shows_progress_scores_and_checklist(member_client, tools, pharmacy, owner, assessment):
    ToolStatus.change(pharmacy=pharmacy, tool=tools["M11"], status=DONE, by=owner)
    NewsletterSubscription.set(owner, True)
    assessment["scores"] = [
        {"theme_number": 3, "theme_title": "Accueil", "percent": 58, "change": 8, "band_label": "Situation avancée"},
        {"theme_number": 4, "theme_title": "Dispensation", "percent": 67, "change": None, "band_label": ""},
    ]
    response = member_client.get(reverse("toolkit:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-valuenow="50"' in html  # theme 4: M11 of M11 + P41
    assert "58 %" in html and "+8 pts" in html and "Situation avancée" in html
    assert "Auto-évaluation réalisée avant le 31 décembre" in html
    card = html[html.index("registers-title"):][:900]
    assert "Déclarer un incident" in card and "0 incidents non résolus" in card, card
    assert "Au moins une personne de l&#x27;équipe est abonnée." in html


def test_login_lands_pharmacy_members_on_the_dashboard(member_client):
    response = member_client.get(reverse("accounts:home"))
    assert response["Location"] == reverse("toolkit:dashboard")


@pytest.mark.parametrize("extra", [0, 6])
def test_dashboard_query_count_is_fixed(member_client, kit, tools, pharmacy, owner, assessment, extra,
                                        django_assert_num_queries):
    for index in range(extra):
        tool = ToolPageFactory(parent=kit, code=f"X{index}", principle_numbers=["3.1", "4.2"])
        ToolStatus.change(pharmacy=pharmacy, tool=tool, status=DONE if index % 2 else NA, by=owner, note="n")
    member_client.get(reverse("toolkit:dashboard"))  # warm the site cache
    # Progress and scores cached per pharmacy (portal/caching.py), + the registers' programme
    # criterion (1) and card (3).
    with django_assert_num_queries(14):
        assert member_client.get(reverse("toolkit:dashboard")).status_code == 200


def test_a_tool_to_review_is_counted_once_across_themes(member_client, tools, pharmacy, owner, assessment):
    procedure = tools["P41"]  # themes 3 and 4
    status = ToolStatus.change(pharmacy=pharmacy, tool=procedure, status=DONE, by=owner)
    ToolStatus.objects.filter(pk=status.pk).update(confirmed_at=timezone.now() - datetime.timedelta(days=10))
    procedure.last_major_update = timezone.localdate() - datetime.timedelta(days=1)
    procedure.save_revision().publish()
    progress, to_review = dashboard.progress_summary(pharmacy)
    assert to_review == 1
    assert [p.to_review for p in progress if p.number in (3, 4)] == [1, 1]
    html = member_client.get(reverse("toolkit:dashboard")).content.decode()
    assert "1 outil mis en place a été mis à jour depuis : à revoir." in html
