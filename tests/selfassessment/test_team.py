"""The team round end to end on the server: who opens it and takes part, answering alone, the
disagreement map, the consolidation into the year's assessment, the bilan and the sheet."""

import re

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.caching import touch_pharmacy
from portal.pharmacies.roles import Role
from registers.models import ImprovementSheet
from selfassessment.models import (
    Assessment,
    Decision,
    Participant,
    TeamAnswer,
    TeamRound,
    TeamRoundError,
)
from selfassessment.team import build_map, consolidated_answers
from selfassessment.team_forms import ConsolidationForm
from tests.edit_forms import posted
from tests.factories import MembershipFactory, UserFactory
from tests.selfassessment.factories import QuestionFactory, choice, submit

pytestmark = pytest.mark.django_db
JSON = {"HTTP_X_REQUESTED_WITH": "fetch"}


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def team(pharmacy, owner):
    """The titulaire, an adjoint, a préparateur, and a student (role « autre »)."""
    adjoint = MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT, user=UserFactory(first_name="Paul", last_name="Adjoint"))
    preparer = MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR, user=UserFactory(first_name="Léa", last_name="Prépa"))
    student = MembershipFactory(pharmacy=pharmacy, role=Role.AUTRE, user=UserFactory(first_name="Élève", last_name="Stagiaire"))
    return {"owner": owner, "adjoint": adjoint.user, "preparer": preparer.user, "student": student.user}


@pytest.fixture
def team_round(questionnaire, pharmacy, owner, team):
    memberships = pharmacy.memberships.exclude(role=Role.AUTRE)
    return TeamRound.open(pharmacy, questionnaire, list(memberships), owner)


def answer(team_round, user, points_by_question):
    """The participant's answers: {question: points, or "na"}."""
    participant = team_round.participant_for(user)
    participant.save_answers([(q.pk, choice(q, na=True).pk if p == "na" else choice(q, p).pk)
                              for q, p in points_by_question.items()])


@pytest.fixture
def answered(team_round, team, questionnaire):
    """q1 unanimous (3), q2 split 0 / 3 / 3, q3 neighbours 2 / 3 / « Non concerné », q4 answered by two."""
    q1, q2, q3, q4 = questionnaire.questions.order_by("theme_number", "pk")
    answer(team_round, team["owner"], {q1: 3, q2: 0, q3: 2, q4: 1})
    answer(team_round, team["adjoint"], {q1: 3, q2: 3, q3: 3, q4: 1})
    answer(team_round, team["preparer"], {q1: 3, q2: 3, q3: "na"})
    return q1, q2, q3, q4


# Opening -----------------------------------------------------------------------------------

def test_owner_opens_the_round_with_pharmacists_and_preparers_never_a_student(member_client, team, questionnaire, pharmacy):
    url = reverse("selfassessment:team")
    response = member_client.get(url)
    offered = response.context["form"].fields["participants"].queryset
    assert {m.user for m in offered} == {team["owner"], team["adjoint"], team["preparer"]}
    student = pharmacy.memberships.get(user=team["student"])
    refused = member_client.post(url, {"participants": [student.pk, *[m.pk for m in offered]]})
    assert refused.status_code == 400 and not TeamRound.objects.exists()
    assert "participants" in refused.context["form"].errors
    response = member_client.post(url, {"participants": [m.pk for m in offered]})
    assert response.status_code == 302
    team_round = TeamRound.objects.get()
    assert team_round.year == questionnaire.year
    assert set(team_round.participants.values_list("user", flat=True)) == {u.pk for k, u in team.items() if k != "student"}
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TEAM_ROUND_OPENED, pharmacy=pharmacy).count() == 1


def test_round_rules_refuse_a_student_a_lone_participant_and_a_second_round(team, pharmacy, questionnaire, owner):
    student = pharmacy.memberships.get(user=team["student"])
    alone = pharmacy.memberships.get(user=owner)
    with pytest.raises(TeamRoundError):
        TeamRound.open(pharmacy, questionnaire, [alone, student], owner)  # the student is left out: one remains
    TeamRound.open(pharmacy, questionnaire, list(pharmacy.memberships.all()), owner)
    assert not Participant.objects.filter(user=team["student"]).exists()
    with pytest.raises(TeamRoundError):
        TeamRound.open(pharmacy, questionnaire, list(pharmacy.memberships.all()), owner)


def test_only_the_owner_opens_and_closes(team, team_round):
    adjoint = logged_in(team["adjoint"])
    assert "form" not in adjoint.get(reverse("selfassessment:team")).context or \
        adjoint.get(reverse("selfassessment:team")).context["form"] is None
    assert adjoint.post(reverse("selfassessment:team_close", args=[team_round.pk])).status_code == 403
    team_round.refresh_from_db()
    assert team_round.is_open


# Answering alone ---------------------------------------------------------------------------

def test_each_participant_answers_alone_with_autosave_and_sees_only_their_own_answers(team, team_round, questionnaire):
    q1 = questionnaire.questions.order_by("theme_number", "pk").first()
    owner, adjoint = logged_in(team["owner"]), logged_in(team["adjoint"])
    url = reverse("selfassessment:team_answer", args=[team_round.pk, q1.theme_number])
    saved = owner.post(url, {f"q-{q1.pk}": choice(q1, 3).pk}, **JSON)
    assert saved.status_code == 200 and saved.json()["saved"] == 1
    adjoint.post(url, {f"q-{q1.pk}": choice(q1, 0).pk}, **JSON)
    assert TeamAnswer.objects.count() == 2
    html = adjoint.get(url).content.decode()
    checked = re.findall(r'value="(\d+)" checked', html)
    assert checked == [str(choice(q1, 0).pk)]  # the adjoint's own answer, never the owner's
    assert team["owner"].get_full_name() not in html
    # The team page shows how many each answered, never what.
    page = adjoint.get(reverse("selfassessment:team")).content.decode()
    assert "1 sur 4 questions" in page and "Systématiquement" not in page


def test_a_choice_of_another_question_is_refused(team, team_round, questionnaire):
    q1, q2 = questionnaire.questions.order_by("theme_number", "pk")[:2]
    url = reverse("selfassessment:team_answer", args=[team_round.pk, q1.theme_number])
    response = logged_in(team["owner"]).post(url, {f"q-{q1.pk}": choice(q2, 3).pk}, **JSON)
    assert response.status_code == 400 and not TeamAnswer.objects.exists()


def test_students_and_members_left_out_never_take_part(team, team_round):
    url = reverse("selfassessment:team_answer", args=[team_round.pk])
    assert logged_in(team["student"]).get(url).status_code == 403  # the role cannot take part at all
    extra = MembershipFactory(pharmacy=team_round.pharmacy, role=Role.PREPARATEUR).user
    assert logged_in(extra).get(url).status_code == 403  # a préparateur not chosen for this round


def test_answers_close_with_the_round(team, team_round, questionnaire):
    q1 = questionnaire.questions.order_by("theme_number", "pk").first()
    team_round.close(team["owner"])
    url = reverse("selfassessment:team_answer", args=[team_round.pk, q1.theme_number])
    response = logged_in(team["adjoint"]).post(url, {f"q-{q1.pk}": choice(q1, 3).pk}, **JSON)
    assert response.status_code == 409 and not TeamAnswer.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TEAM_ROUND_CLOSED).count() == 1


def test_consent_to_be_named_is_given_before_the_first_answer_only(team, team_round, questionnaire):
    client = logged_in(team["preparer"])
    url = reverse("selfassessment:team_consent", args=[team_round.pk])
    client.post(url, {"show_name": "on"})
    assert team_round.participant_for(team["preparer"]).show_name
    answer(team_round, team["preparer"], {questionnaire.questions.first(): 3})
    client.post(url, {})
    assert team_round.participant_for(team["preparer"]).show_name  # unchanged once answering started


# Another pharmacy --------------------------------------------------------------------------

def test_another_pharmacys_round_is_a_404_everywhere(team_round, answered, other_pharmacy):
    stranger = MembershipFactory(pharmacy=other_pharmacy, role=Role.TITULAIRE).user
    client = logged_in(stranger)
    team_round.close(team_round.opened_by)
    pk, question = team_round.pk, answered[0].pk
    for name, args in [("team_answer", [pk]), ("team_map", [pk]), ("team_consolidate", [pk])]:
        assert client.get(reverse(f"selfassessment:{name}", args=args)).status_code in (403, 404)
    assert client.get(reverse("selfassessment:team_map", args=[pk])).status_code == 404
    assert client.get(reverse("selfassessment:team_consolidate", args=[pk])).status_code == 404
    assert client.post(reverse("selfassessment:team_close", args=[pk])).status_code == 404
    assert client.post(reverse("selfassessment:team_harmonise", args=[pk, question])).status_code == 404
    assert not ImprovementSheet.objects.exists()


# The map -----------------------------------------------------------------------------------

def test_map_waits_for_the_close_and_is_for_pharmacists(team, team_round, answered):
    url = reverse("selfassessment:team_map", args=[team_round.pk])
    assert logged_in(team["owner"]).get(url).status_code == 302  # still open
    team_round.close(team["owner"])
    assert logged_in(team["adjoint"]).get(url).status_code == 200
    assert logged_in(team["preparer"]).get(url).status_code == 403


def test_map_lists_the_most_disputed_first_with_counts_and_no_names_by_default(team, team_round, answered):
    q1, q2, q3, q4 = answered
    team_round.close(team["owner"])
    response = logged_in(team["owner"]).get(reverse("selfassessment:team_map", args=[team_round.pk]))
    built = build_map(team_round)  # what the page shows (it keeps its HTML only)
    assert [row.question.pk for row in built.disputed] == [q2.pk, q3.pk, q1.pk, q4.pk]
    html = response.content.decode()
    positions = [html.index(f'<h3 class="h4" id="q-{q.pk}">') for q in (q2, q3, q1, q4)]
    assert positions == sorted(positions)
    assert f"{built.participants} participants, {team_round.year}" in html
    assert [row.score for row in built.disputed] == [67, 33, 0, 0]
    q3_row = built.disputed[1]
    assert q3_row.spread.not_applicable == 1 and q3_row.spread.split_on_relevance
    html = response.content.decode()
    assert "Désaccord 67/100" in html and "Non concerné (compté à part)" in html
    for user in team.values():
        assert user.last_name not in html
    # The heat map: one cell per principle, the hottest shade for q2's principle.
    assert [[cell.number for cell in theme.principles] for theme in built.themes] == [["3.1", "3.2"], ["4.1", "4.2"]]
    assert built.themes[0].principles[1].heat == 3
    assert 'class="heat heat-3"' in html


def test_names_appear_only_for_participants_who_agreed(team, team_round, questionnaire):
    Participant.objects.filter(user=team["adjoint"]).update(show_name=True)
    q1 = questionnaire.questions.order_by("theme_number", "pk").first()
    answer(team_round, team["owner"], {q1: 0})
    answer(team_round, team["adjoint"], {q1: 3})
    team_round.close(team["owner"])
    html = logged_in(team["owner"]).get(reverse("selfassessment:team_map", args=[team_round.pk])).content.decode()
    assert "Paul Adjoint" in html
    assert team["owner"].get_full_name() not in html.split("<main", 1)[-1]


def test_map_is_built_in_a_fixed_number_of_queries(team, team_round, answered, questionnaire, principles,
                                                    django_assert_num_queries):
    team_round.close(team["owner"])
    client = logged_in(team["owner"])
    url = reverse("selfassessment:team_map", args=[team_round.pk])
    client.get(url)  # the signed-in person and their teams are now cached
    # The map kept: the round with its stamp (`map_stamp`), 1 of every signed-in page (the session).
    with django_assert_num_queries(2):
        kept = client.get(url)
    touch_pharmacy(team_round.pharmacy_id)  # the rest of its data changed (this year's draft, the registers): kept
    with django_assert_num_queries(2):
        client.get(url)
    decided(team_round)  # its decisions changed: built again
    # 4 of the map (round, participants, answers, decisions; the questionnaire's structure is cached),
    # 1 of every signed-in page
    with django_assert_num_queries(5):
        built = client.get(url)
    assert built.content.decode().count("team-spread") == kept.content.decode().count("team-spread") == 4
    for order in (1, 2, 3):  # more questions, more answers: the same queries
        extra = QuestionFactory(questionnaire=questionnaire, principle=principles[0], order=order)
        for user, points in zip(team.values(), (0, 3, 2), strict=False):
            TeamAnswer.objects.create(participant=team_round.participant_for(user), question=extra,
                                      choice=choice(extra, points))
    assert client.get(url).content.decode().count("team-spread") == 7  # new questions: the structure read again
    decided(team_round)
    with django_assert_num_queries(5):
        client.get(url)


def decided(team_round) -> None:
    """As the consolidation form does when it saves the team's decisions: the round's version moves."""
    TeamRound.objects.filter(pk=team_round.pk).update(version=F("version") + 1)


def test_the_map_stamp_moves_with_the_rounds_version_and_its_sheets_only(team, team_round, answered, pharmacy):
    from selfassessment.team import harmonise_sheet

    def stamp():
        read = TeamRound.objects.with_map_stamp().get(pk=team_round.pk)
        assert read.map_stamp() == TeamRound.objects.get(pk=team_round.pk).map_stamp()  # one rule, read two ways
        return read.map_stamp()

    team_round.close(team["owner"])
    closed = stamp()
    touch_pharmacy(pharmacy.pk)
    assert stamp() == closed
    harmonise_sheet(team_round, answered[1].pk)
    opened = stamp()
    assert opened != closed
    ImprovementSheet.objects.all().delete()  # the decision keeps no sheet
    assert stamp() == closed  # its link goes with it
    decided(team_round)
    assert stamp() != closed


# Consolidation -----------------------------------------------------------------------------

def test_consolidation_defaults_to_the_median_and_writes_the_years_assessment(team, team_round, answered, pharmacy):
    q1, q2, q3, q4 = answered
    team_round.close(team["owner"])
    client = logged_in(team["adjoint"])  # an adjoint may consolidate
    url = reverse("selfassessment:team_consolidate", args=[team_round.pk])
    form = client.get(url).context["form"]
    assert form[f"choice-{q2.pk}"].value() == choice(q2, 3).pk  # median of 0, 3, 3
    assert form[f"choice-{q3.pk}"].value() == choice(q3, 2).pk  # 2 and 3, « Non concerné » apart: lower middle
    data = posted(form, **{f"choice-{q2.pk}": str(choice(q2, 1).pk), f"note-{q2.pk}": "Double contrôle pas toujours fait"})
    assert client.post(url, data).status_code == 302
    decision = Decision.objects.get(question=q2)
    assert (decision.choice, decision.note) == (choice(q2, 1), "Double contrôle pas toujours fait")
    assert not Decision.objects.filter(question=q1).exists()  # the default is not stored
    form = client.get(url).context["form"]
    response = client.post(url, posted(form, validate="1"))
    assessment = Assessment.objects.get(pharmacy=pharmacy)
    assert response.url == reverse("selfassessment:results", args=[assessment.pk])
    assert assessment.is_submitted
    chosen = dict(assessment.answers.values_list("question", "choice"))
    assert chosen == {q1.pk: choice(q1, 3).pk, q2.pk: choice(q2, 1).pk, q3.pk: choice(q3, 2).pk, q4.pk: choice(q4, 1).pk}
    team_round.refresh_from_db()
    assert team_round.assessment == assessment and team_round.is_consolidated
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TEAM_ROUND_CONSOLIDATED).count() == 1


def test_a_question_nobody_answered_must_be_decided(team, team_round, questionnaire):
    q1 = questionnaire.questions.first()
    answer(team_round, team["owner"], {q1: 3})
    team_round.close(team["owner"])
    assert len(consolidated_answers(team_round)) == 1
    with pytest.raises(TeamRoundError):
        team_round.consolidate(team["owner"])
    assert not Assessment.objects.exists()


def test_a_stale_consolidation_form_saves_nothing_and_shows_both_versions(team, team_round, answered):
    q2 = answered[1]
    team_round.close(team["owner"])
    url = reverse("selfassessment:team_consolidate", args=[team_round.pk])
    owner, adjoint = logged_in(team["owner"]), logged_in(team["adjoint"])
    owner_form, adjoint_form = owner.get(url).context["form"], adjoint.get(url).context["form"]
    owner.post(url, posted(owner_form, **{f"note-{q2.pk}": "Décidé en réunion"}))
    response = adjoint.post(url, posted(adjoint_form, **{f"choice-{q2.pk}": str(choice(q2, 0).pk)}))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.conflict and form.conflict[0][0] == q2.text
    assert "Décidé en réunion" in form.conflict[0][1]
    assert Decision.objects.get(question=q2).choice_id is None  # the owner's note only
    # Posting again (the saved version now carried) saves.
    assert adjoint.post(url, dict(form.data.items())).status_code == 302
    assert Decision.objects.get(question=q2).choice == choice(q2, 0)


def test_consolidation_respects_the_one_assessment_per_year_rule(team, team_round, answered, pharmacy, questionnaire):
    submit(pharmacy, team["owner"], questionnaire, points=0)  # the year's assessment, filled alone
    team_round.close(team["owner"])
    with pytest.raises(TeamRoundError):
        team_round.consolidate(team["owner"])
    assert Assessment.objects.count() == 1
    assessment = Assessment.objects.get()
    assessment.reopen(pharmacy.memberships.get(user=team["owner"]), team["owner"])  # the reopen rule, as today
    team_round.consolidate(team["owner"])
    assessment.refresh_from_db()
    assert assessment.is_submitted and Assessment.objects.count() == 1
    assert assessment.answers.get(question=answered[0]).choice == choice(answered[0], 3)


def test_preparer_cannot_consolidate(team, team_round):
    team_round.close(team["owner"])
    assert logged_in(team["preparer"]).get(
        reverse("selfassessment:team_consolidate", args=[team_round.pk])).status_code == 403


def test_consolidation_form_keeps_the_version_of_the_round(team_round, answered):
    team_round.close(team_round.opened_by)
    form = ConsolidationForm(team_round=team_round, rows=build_map(team_round).disputed)
    assert form["version"].value() == TeamRound.objects.get().version


# The bilan and the improvement sheet ---------------------------------------------------------

def test_bilan_shows_per_principle_where_the_team_disagreed(team, team_round, answered):
    team_round.close(team["owner"])
    assessment = team_round.consolidate(team["owner"])
    html = logged_in(team["owner"]).get(reverse("selfassessment:results", args=[assessment.pk])).content.decode()
    section = html[html.index('id="team-disagreement-title"'):].split("</section>")[0]
    assert "67/100" in section and "Principe 3.2" in section
    assert "Principe 3.1" not in section  # the team agreed there
    assert reverse("selfassessment:team_map", args=[team_round.pk]) in section


def test_the_team_bilan_is_kept_with_its_disagreements(team, team_round, answered, django_assert_num_queries):
    team_round.close(team["owner"])
    assessment = team_round.consolidate(team["owner"])
    url = reverse("selfassessment:results", args=[assessment.pk])
    map_url = reverse("selfassessment:team_map", args=[team_round.pk])

    def section(html):
        return html[html.index('id="team-disagreement-title"'):].split("</section>")[0]

    owner = logged_in(team["owner"])
    built = owner.get(url).content.decode()
    with django_assert_num_queries(2):  # the assessment with its round, 1 of every signed-in page: no map built again
        kept = owner.get(url).content.decode()
    assert section(kept) == section(built) and "67/100" in section(kept) and map_url in section(kept)
    preparer = section(logged_in(team["preparer"]).get(url).content.decode())  # the same kept bilan
    assert "67/100" in preparer and map_url not in preparer  # the map's link: pharmacists only


def test_a_solo_assessment_has_no_team_section(member_client, pharmacy, owner, questionnaire):
    assessment = submit(pharmacy, owner, questionnaire)
    html = member_client.get(reverse("selfassessment:results", args=[assessment.pk])).content.decode()
    assert "team-disagreement-title" not in html


def test_a_disputed_question_becomes_a_harmonise_sheet_in_one_step_once(team, team_round, answered, pharmacy):
    q2 = answered[1]
    team_round.close(team["owner"])
    client = logged_in(team["adjoint"])
    map_url = reverse("selfassessment:team_map", args=[team_round.pk])
    assert "Voir la fiche" not in client.get(map_url).content.decode()  # the page is now in the personal cache
    url = reverse("selfassessment:team_harmonise", args=[team_round.pk, q2.pk])
    response = client.post(url)
    sheet = ImprovementSheet.objects.get()
    assert response.url == sheet.get_absolute_url()
    assert sheet.pharmacy == pharmacy and sheet.principle == q2.principle
    assert sheet.source == ImprovementSheet.Source.DISAGREEMENT
    assert sheet.title.startswith("Harmoniser la pratique : 3.2")
    assert "Non : 1" in sheet.problem and "Systématiquement : 2" in sheet.problem
    client.post(url)
    assert ImprovementSheet.objects.count() == 1  # a second click opens the same sheet
    html = client.get(map_url).content.decode()
    assert sheet.get_absolute_url() in html  # the cached map followed the new sheet
    assert logged_in(team["preparer"]).post(url).status_code == 403


def test_after_the_close_a_participant_reads_their_own_answers_without_a_form_to_save(team, team_round, answered):
    team_round.close(team["owner"])
    url = reverse("selfassessment:team_answer", args=[team_round.pk, answered[0].theme_number])
    html = logged_in(team["preparer"]).get(url).content.decode()
    assert "elles ne peuvent plus changer" in html
    assert 'name="go"' not in html and " disabled" in html


def test_the_map_comes_from_the_readers_cache_until_the_team_changes_something(settings, team, team_round, answered,
                                                                             django_assert_num_queries):
    settings.PERSONAL_PAGE_CACHE_SECONDS = 120
    team_round.close(team["owner"])
    client = logged_in(team["owner"])
    url = reverse("selfassessment:team_map", args=[team_round.pk])
    client.get(url)
    client.get(url)  # the first sets the CSRF cookie, the second stores the page
    with django_assert_num_queries(0):
        assert client.get(url)["X-Portal-Cache"] == "personal"
    logged_in(team["adjoint"]).post(reverse("selfassessment:team_harmonise", args=[team_round.pk, answered[1].pk]))
    fresh = client.get(url)
    assert "X-Portal-Cache" not in fresh and "Voir la fiche" in fresh.content.decode()


def test_the_kept_map_carries_each_readers_own_csrf_token(team, team_round, answered):
    team_round.close(team["owner"])
    url = reverse("selfassessment:team_map", args=[team_round.pk])
    tokens = []
    for user in (team["owner"], team["adjoint"]):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = client.get(url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        tokens.append(token)
        question = answered[1]  # strongly disputed: its form opens a sheet
        response = client.post(reverse("selfassessment:team_harmonise", args=[team_round.pk, question.pk]),
                               {"csrfmiddlewaretoken": token})
        assert response.status_code == 302
    assert tokens[0] != tokens[1]
