import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.pages.models import PrinciplePage
from portal.rules.campaign import attestation_deadline, campaign_year
from selfassessment.models import Assessment
from tests.selfassessment.factories import choice, make_questionnaire, submit
from tests.toolkit.factories import ToolPageFactory
from toolkit import dashboard
from toolkit.models import NewsletterSubscription, ToolStatus

pytestmark = pytest.mark.django_db
DONE, NA = ToolStatus.Status.DONE, ToolStatus.Status.NOT_APPLICABLE


@pytest.fixture
def questionnaires(framework):
    """The questionnaires of 2025 and 2026 on the framework's four principles (themes 3 and 4)."""
    principles = list(PrinciplePage.objects.order_by("path"))
    return {year: make_questionnaire(principles, year=year) for year in (2025, 2026)}


def submit_by_theme(pharmacy, user, questionnaire, points_by_theme, when):
    """A submitted assessment whose answers give each theme the points asked (per question)."""
    assessment = Assessment.start_or_resume(pharmacy, questionnaire, user)
    questions = questionnaire.questions.all()
    assessment.save_answers([(q.pk, choice(q, points_by_theme[q.theme_number]).pk) for q in questions], user)
    assessment.submit(user)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=when)
    return assessment


def test_theme_progress_counts_applicable_and_implemented(tools, pharmacy, owner):
    ToolStatus.change(pharmacy=pharmacy, tool=tools["P41"], status=DONE, by=owner)  # themes 3 and 4
    ToolStatus.change(pharmacy=pharmacy, tool=tools["C31"], status=NA, by=owner)  # theme 3
    progress = {p.number: p for p in dashboard.theme_progress(pharmacy)}
    assert (progress[3].done, progress[3].applicable, progress[3].percent) == (1, 1, 100)
    assert (progress[4].done, progress[4].applicable, progress[4].percent) == (1, 2, 50)


def test_campaign_year_and_deadlines():
    assert campaign_year(datetime.date(2026, 2, 28)) == 2025
    assert campaign_year(datetime.date(2026, 3, 1)) == 2026
    assert attestation_deadline(2026) == datetime.date(2027, 2, 28)
    assert attestation_deadline(2027) == datetime.date(2028, 2, 29)  # a leap year
    assert campaign_year(datetime.date(2028, 2, 29)) == 2027


def test_checklist_says_what_is_missing_and_where_to_fix_it(pharmacy, owner, questionnaires):
    checklist = dashboard.remuneration_checklist(pharmacy, datetime.date(2026, 11, 22), newsletter_subscribed=False)
    assert checklist.year == 2026 and checklist.done_count == 0
    assessment_item, attestation, newsletter, programme = checklist.items
    assert assessment_item.deadline == datetime.date(2026, 12, 31) and "Aucune auto-évaluation 2026" in assessment_item.detail
    assert attestation.deadline == datetime.date(2027, 2, 28)
    assert attestation.label == "Attestation téléchargée, à envoyer au plus tard le 28 février"
    assert newsletter.url == reverse("toolkit:preferences")
    assert not programme.done and "au moins une action" in programme.detail

    submitted = submit(pharmacy, owner, questionnaires[2026], when=timezone.make_aware(datetime.datetime(2026, 10, 3, 10)))
    checklist = dashboard.remuneration_checklist(pharmacy, datetime.date(2026, 11, 22), newsletter_subscribed=True)
    assert [item.done for item in checklist.items] == [True, False, True, False]
    assert "3 oct. 2026" in checklist.items[0].detail
    assert checklist.items[1].url == reverse("selfassessment:attestation", args=[submitted.pk])


def test_leap_year_checklist_gives_29_february(pharmacy, owner, framework):
    checklist = dashboard.remuneration_checklist(pharmacy, datetime.date(2028, 2, 10), newsletter_subscribed=False)
    assert checklist.year == 2027
    assert checklist.items[1].deadline == datetime.date(2028, 2, 29)
    assert checklist.items[1].label.endswith("le 29 février")


def test_dashboard_shows_progress_scores_and_checklist(member_client, tools, pharmacy, owner, questionnaires):
    ToolStatus.change(pharmacy=pharmacy, tool=tools["M11"], status=DONE, by=owner)
    NewsletterSubscription.set(owner, True)
    now = timezone.now()
    submit_by_theme(pharmacy, owner, questionnaires[2025], {3: 2, 4: 2}, now - datetime.timedelta(days=300))
    submit_by_theme(pharmacy, owner, questionnaires[2026], {3: 3, 4: 2}, now - datetime.timedelta(days=1))
    response = member_client.get(reverse("toolkit:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-valuenow="50"' in html  # theme 4: M11 of M11 + P41
    scores = html[html.index("Thème numéro 3"):]
    # Theme 3: 6 of 6 points (+33 on 4 of 6), "Maîtrisé"; theme 4: 4 of 6 again, "Avancé", no change.
    assert "100 %" in scores and "+33 pts" in scores and "Maîtrisé" in scores
    assert "67 %" in scores and "Avancé" in scores
    assert "Dernière auto-évaluation : 2026" in html  # the card says which year
    assert "Auto-évaluation réalisée avant le 31 décembre" in html
    card = html[html.index("registers-title"):][:900]
    assert "Déclarer un incident" in card and "0 incidents non résolus" in card, card
    assert "Au moins une personne de l&#x27;équipe est abonnée." in html


def test_login_lands_pharmacy_members_on_the_dashboard(member_client):
    response = member_client.get(reverse("accounts:home"))
    assert response["Location"] == reverse("toolkit:dashboard")


@pytest.mark.parametrize("extra", [0, 6])
def test_dashboard_query_count_is_fixed(member_client, kit, tools, pharmacy, owner, questionnaires, extra,
                                        django_assert_num_queries):
    for index in range(extra):
        tool = ToolPageFactory(parent=kit, code=f"X{index}", principle_numbers=["3.1", "4.2"])
        ToolStatus.change(pharmacy=pharmacy, tool=tool, status=DONE if index % 2 else NA, by=owner, note="n")
    member_client.get(reverse("toolkit:dashboard"))  # warm the site cache
    # Progress and scores cached per pharmacy (portal/caching/), + the year's assessment (1;
    # nothing submitted, so no attestation lookup), the registers' programme criterion (1) and card (3).
    with django_assert_num_queries(8):
        assert member_client.get(reverse("toolkit:dashboard")).status_code == 200


def test_a_tool_to_review_is_counted_once_across_themes(member_client, tools, pharmacy, owner):
    procedure = tools["P41"]  # themes 3 and 4
    status = ToolStatus.change(pharmacy=pharmacy, tool=procedure, status=DONE, by=owner)
    ToolStatus.objects.filter(pk=status.pk).update(confirmed_at=timezone.now() - datetime.timedelta(days=10))
    procedure.last_major_update = timezone.localdate() - datetime.timedelta(days=1)
    procedure.save_revision().publish()
    progress, to_review = dashboard.progress_summary(pharmacy)
    assert to_review == 1
    assert [p.to_review for p in progress if p.number in (3, 4)] == [1, 1]
    html = member_client.get(reverse("toolkit:dashboard")).content.decode()
    assert "1 outil mis en place a changé depuis : relisez-le et confirmez sa mise en place." in html


def test_main_navigation_leads_members_to_their_self_assessment_and_tool_statuses(member_client, client, home):
    html = member_client.get(reverse("toolkit:statuses")).content.decode()
    nav = html[html.index('class="main-nav"'):html.index("</nav>", html.index('class="main-nav"'))]
    assert f'href="{reverse("selfassessment:index")}"' in nav
    assert f'href="{reverse("toolkit:statuses")}" aria-current="page"' in nav
    client.logout()
    html = client.get("/").content.decode()
    nav = html[html.index('class="main-nav"'):html.index("</nav>", html.index('class="main-nav"'))]
    assert reverse("toolkit:statuses") not in nav
