"""Fixtures of the self-assessment tests: a small questionnaire on the two-theme framework."""

import pytest

from portal.pages.models import PrinciplePage
from portal.pharmacies.roles import Role
from selfassessment.models import Assessment
from tests.factories import MembershipFactory
from tests.selfassessment.factories import make_questionnaire


@pytest.fixture
def principles(framework):
    return list(PrinciplePage.objects.order_by("path"))


@pytest.fixture
def questionnaire(principles):
    return make_questionnaire(principles)


@pytest.fixture
def assessment(questionnaire, pharmacy, owner):
    return Assessment.start_or_resume(pharmacy, questionnaire, owner)


@pytest.fixture
def preparer(pharmacy):
    return MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR).user


@pytest.fixture
def other_owner(other_pharmacy):
    return MembershipFactory(pharmacy=other_pharmacy, role=Role.TITULAIRE).user
