import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from portal.pages.models import PrinciplePage
from portal.rules.campaign import attestation_deadline, campaign_year
from selfassessment.models import Assessment
from tests.selfassessment.factories import choice, make_questionnaire, submit
from tests.toolkit.factories import ToolPageFactory
from toolkit import dashboard
from toolkit.models import NewsletterSubscription, ToolStatus

pytestmark = pytest.mark.django_db
DONE, NA = ToolStatus.Status.DONE, ToolStatus.Status.NOT_APPLICABLE
# A dashboard whose board is built: the pending emergency requests (1), the newsletter (1), the
# statuses (1; the themes and the tools' themes are shared until the next publication), the scores
# (1), the year's assessment (1), the programme criterion (1), the registers' card (3), the unread
# alerts (1, the header's count too) and the layout's.
BUILT_DASHBOARD_QUERIES = 11


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
    # Progress, scores, checklist and the registers' card cached per pharmacy and day
    # (portal/caching/): the unread alerts (1, which also gives the header's count) and the layout's.
    with django_assert_num_queries(2):
        assert member_client.get(reverse("toolkit:dashboard")).status_code == 200
    # Built again after a change, with a fixed number of queries too.
    ToolStatus.change(pharmacy=pharmacy, tool=tools["M11"], status=DONE, by=owner)
    with django_assert_num_queries(BUILT_DASHBOARD_QUERIES):
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


def test_the_board_is_cached_per_pharmacy_and_day_and_follows_each_change(member_client, client, tools, pharmacy,
                                                                         owner, questionnaires,
                                                                         django_assert_num_queries):
    """Progress, scores and checklist are rendered once per pharmacy version, day and language;
    a status, a colleague's newsletter subscription, a submission or another day is seen at once,
    and another pharmacy never sees this one's board."""
    from django.core.cache import cache

    from tests.factories import MembershipFactory
    from toolkit.views import _pharmacy_board

    url = reverse("toolkit:dashboard")
    member_client.get(url)
    cached = [key for key in cache._cache if ":dashboard-board:" in key]  # LocMemCache in the tests
    assert len(cached) == 1 and f":pharmacy:{pharmacy.pk}:" in cached[0]
    assert 'aria-valuenow="0"' in member_client.get(url).content.decode()

    ToolStatus.change(pharmacy=pharmacy, tool=tools["M11"], status=DONE, by=owner)
    assert 'aria-valuenow="50"' in member_client.get(url).content.decode()  # theme 4: M11 of M11 + P41

    colleague = MembershipFactory(pharmacy=pharmacy).user
    assert "Personne de l&#x27;équipe n&#x27;est abonné" in member_client.get(url).content.decode()
    NewsletterSubscription.set(colleague, True)
    assert "Au moins une personne de l&#x27;équipe est abonnée." in member_client.get(url).content.decode()
    NewsletterSubscription.set(colleague, False)
    assert "Personne de l&#x27;équipe n&#x27;est abonné" in member_client.get(url).content.decode()

    submit_by_theme(pharmacy, owner, questionnaires[2026], {3: 3, 4: 2}, timezone.now())
    assert "Dernière auto-évaluation : 2026" in member_client.get(url).content.decode()

    other = MembershipFactory(role=owner.memberships.first().role).user
    client.force_login(other)
    html = client.get(url).content.decode()
    assert "Dernière auto-évaluation : 2026" not in html and 'aria-valuenow="50"' not in html

    # The day is in the key: the checklist is rebuilt on the next day, without any change.
    with freeze_time(timezone.now() + datetime.timedelta(days=1)):
        member_client.get(url)
    assert len([key for key in cache._cache if ":dashboard-board:" in key and f":pharmacy:{pharmacy.pk}:" in key]) >= 2
    assert _pharmacy_board(pharmacy, timezone.localdate())["checklist"].year == campaign_year(timezone.localdate())


def test_the_cached_registers_card_counts_a_request_overdue_by_the_clock_alone(member_client, pharmacy, owner):
    """A pending emergency request becomes overdue 48 h after it was sent, without any row
    changing: the cached board is not served past that moment."""
    from tests.registers.factories import EmergencyRequestFactory

    url = reverse("toolkit:dashboard")
    # Yesterday at 10:00, whatever the hour of the run: never ahead of the session's last request,
    # which an idle session's end would count as hours without activity.
    start = (timezone.localtime() - datetime.timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    with freeze_time(start):
        EmergencyRequestFactory(pharmacy=pharmacy, sent_at=start - datetime.timedelta(hours=48) + datetime.timedelta(minutes=2))
        first = member_client.get(url)
        assert first.status_code == 200 and "dépannage d'urgence sans réponse" not in first.content.decode()
        assert "d'urgence sans réponse" not in member_client.get(url).content.decode()  # from the cache
    with freeze_time(start + datetime.timedelta(minutes=3)):  # the same day, nothing saved, the entry alive
        assert "1 dépannage d'urgence sans réponse après 48 h" in member_client.get(url).content.decode()


@pytest.mark.parametrize("unread", [0, 3, 5, 7])
def test_the_header_badge_counts_every_unread_alert_from_the_dashboards_list(member_client, owner, unread):
    """The dashboard reads the 5 latest unread alerts; with fewer, the header's badge reuses their
    number, otherwise it counts them all itself."""
    from tests.toolkit.test_notifications import notify

    for index in range(unread):
        notify(owner, key=f"k{index}", title=f"Alerte {index}")
    html = member_client.get(reverse("toolkit:dashboard")).content.decode()
    badge = html[html.index('class="header-link notifications-link"'):][:1200]
    if unread:
        assert f'<span aria-hidden="true">{unread}</span>' in badge
    else:
        assert "badge-count" not in badge
    assert html.count("Alerte ") == min(unread, 5)


def test_the_themes_and_tools_are_shared_until_the_next_publication(kit, tools, pharmacy, owner,
                                                                    django_assert_num_queries):
    progress = {p.number: p.total for p in dashboard.theme_progress(pharmacy)}
    assert (progress[3], progress[4]) == (2, 2)
    with django_assert_num_queries(1):  # this pharmacy's statuses only
        dashboard.theme_progress(pharmacy)
    ToolPageFactory(parent=kit, code="N31", principle_numbers=["3.1", "3.2"]).save_revision().publish()
    progress = {p.number: p.total for p in dashboard.theme_progress(pharmacy)}
    assert (progress[3], progress[4]) == (3, 2)
