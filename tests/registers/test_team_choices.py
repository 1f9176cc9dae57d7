"""The team offered by the registers' forms (declarant, action owner): listed from a copy kept under
the pharmacy's version, validated against the team in the database."""

import re

import pytest
from django.urls import reverse

from portal.pharmacies.roles import Role
from registers.forms import NOT_IN_TEAM
from registers.models import Incident
from tests.factories import MembershipFactory, UserFactory
from tests.registers.test_views import quick_data

pytestmark = pytest.mark.django_db


def declarant_options(client) -> dict[str, str]:
    html = client.get(reverse("registers:incident_quick")).content.decode()
    select = re.search(r'<select name="declarant"[^>]*>(.*?)</select>', html, re.S).group(1)
    return dict(re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select))


def test_the_counter_form_lists_the_team_and_follows_its_changes(client, team, pharmacy):
    client.force_login(team["preparateur"])
    options = declarant_options(client)
    assert set(options) == {"", *(str(user.pk) for user in team.values())}
    assert options[str(team["adjoint"].pk)] == team["adjoint"].get_full_name()

    newcomer = MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR)
    assert str(newcomer.user.pk) in declarant_options(client), "a member who joins is offered at once"
    newcomer.delete()
    assert str(newcomer.user.pk) not in declarant_options(client), "a member who leaves is no longer offered"


def test_the_listed_team_costs_no_query_once_kept(client, team, django_assert_max_num_queries):
    client.force_login(team["preparateur"])
    declarant_options(client)
    with django_assert_max_num_queries(20) as kept:
        declarant_options(client)
    assert not [q for q in kept.captured_queries if "pharmacies_membership" in q["sql"]]


def test_someone_outside_the_team_is_refused_as_declarant(client, team, other_pharmacy):
    outsider = MembershipFactory(pharmacy=other_pharmacy, role=Role.ADJOINT).user
    client.force_login(team["preparateur"])
    declarant_options(client)  # the team's list is kept
    response = client.post(reverse("registers:incident_quick"), quick_data(team["preparateur"], declarant=outsider.pk))
    assert response.status_code == 200 and not Incident.objects.exists()
    assert response.context["form"].errors["declarant"] == [str(NOT_IN_TEAM)]
    stranger = UserFactory()
    response = client.post(reverse("registers:incident_quick"), quick_data(team["preparateur"], declarant=stranger.pk))
    assert response.context["form"].errors["declarant"] == [str(NOT_IN_TEAM)]
