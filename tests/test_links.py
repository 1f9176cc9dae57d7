"""`url_of`: reverse's URL, from a pattern reversed once per process."""

import pytest
from django.urls import NoReverseMatch, reverse

from portal.infrastructure.links import url_of


@pytest.mark.parametrize(("name", "ids"), [
    ("quizzes:session", (7,)),
    ("quizzes:feedback", (12, 345)),
    ("registers:incident_edit", (987654322,)),  # an id equal to a marker of another position
    ("registers:sheet_detail", (1,)),
])
def test_the_url_is_the_reversed_one(name, ids):
    assert url_of(name, *ids) == reverse(name, args=ids)
    assert url_of(name, *(i + 1 for i in ids)) == reverse(name, args=[i + 1 for i in ids])


def test_only_integers_go_into_a_url():
    with pytest.raises(ValueError):
        url_of("quizzes:session", "1/../../admin")
    with pytest.raises(NoReverseMatch):
        url_of("quizzes:feedback", 1)  # the pattern takes two, as reverse says
