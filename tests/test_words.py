"""Words a pharmacist notices (issue 24 item 10): a title in the feminine said by the profile, never
guessed; « 0 point »; French words for never events."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.pages.models import PrinciplePage
from portal.pharmacies.roles import Role, role_label, signatory_title
from registers.models import Incident
from selfassessment import documents
from tests.factories import MembershipFactory, UserFactory
from tests.selfassessment.factories import issue_attestation, make_questionnaire, submit

pytestmark = pytest.mark.django_db
FEMININE = "feminine"


def test_titles_follow_the_profile_field():
    assert signatory_title(Role.TITULAIRE, True) == "pharmacienne titulaire"
    assert signatory_title(Role.ADJOINT, True) == "pharmacienne adjointe"
    assert signatory_title(Role.TITULAIRE, False) == "pharmacien titulaire"
    assert role_label(Role.PREPARATEUR, True) == "Préparatrice" and role_label(Role.PREPARATEUR, False) == "Préparateur"


def test_attestation_says_pharmacienne_titulaire_only_when_the_profile_says_so(framework, pharmacy, owner):
    questionnaire = make_questionnaire(list(PrinciplePage.objects.order_by("path")))
    assessment = submit(pharmacy, owner, questionnaire)
    owner.first_name, owner.last_name, owner.rpps = "Claire", "Durand", "10003456786"
    owner.save()
    guessed = issue_attestation(assessment, owner)
    assert guessed.signatory_title == "pharmacien titulaire"  # « Claire » is not a profile field

    owner.title_form = FEMININE
    owner.save()
    record = issue_attestation(assessment, owner)
    html = documents._render_attestation(record, assessment, pharmacy, "https://exemple.test/v")
    assert "Claire Durand, pharmacienne titulaire de l'officine" in " ".join(html.split())
    assert "Signature de la pharmacienne" in html
    guessed.refresh_from_db()
    assert guessed.signatory_title == "pharmacien titulaire"  # an issued attestation keeps its words


def test_profile_form_sets_the_title_and_the_team_page_uses_it(client, pharmacy, owner):
    client.force_login(owner)
    response = client.post(reverse("accounts:profile"), {
        "first_name": "Claire", "last_name": "Durand", "kind": "pharmacy", "title_form": FEMININE, "rpps": ""})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.is_feminine
    adjoint = UserFactory(title_form=FEMININE, first_name="Nadia")
    MembershipFactory(pharmacy=pharmacy, user=adjoint, role=Role.ADJOINT)
    MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT)  # nothing said: the usual title
    client.force_login(adjoint)  # a member reads the roles (the owner sees them in select boxes)
    html = client.get(reverse("pharmacies:team")).content.decode()
    assert "Pharmacienne adjointe" in html and "Pharmacien adjoint" in html


@pytest.mark.parametrize(("change", "french", "english"), [
    (0, "0 point", "0 points"), (1, "+1 point", "+1 point"), (3, "+3 points", "+3 points"), (-1, "−1 point", "−1 point"),
    (-4, "−4 points", "−4 points"),
])
def test_points_are_french_plurals(change, french, english):
    from django.template import engines

    template = engines["django"].from_string("{% load score_changes %}{{ change|points }}")
    assert template.render({"change": change}) == french
    with translation.override("en"):
        assert template.render({"change": change}) == english


def test_never_events_have_french_words():
    assert str(Incident._meta.get_field("never_event").verbose_name) == "événement qui ne devrait jamais arriver"
    with translation.override("en"):
        assert str(Incident._meta.get_field("never_event").verbose_name) == "never event"
