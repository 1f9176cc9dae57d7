"""The themes come from the CMS only, and principle numbers have one sort key (`portal.pages.models`)."""

import csv
import io

import pytest
from django.urls import reverse

from portal.pages.models import principle_sort_key, theme_numbers
from tests.factories import ThemePageFactory, UserFactory
from tests.fixtures import login_with_code


def test_principle_sort_key_follows_the_framework_order():
    numbers = ["4.10", "5.13", "4.2", "4.1a", "4.9", "4.1", "5", "5.2", "", "4.1b", "abc", "3.1", " 4.3 "]
    assert sorted(numbers, key=principle_sort_key) == [
        "3.1", "4.1", "4.1a", "4.1b", "4.2", " 4.3 ", "4.9", "4.10", "5", "5.2", "5.13", "", "abc",
    ]


def test_principle_sort_key_takes_missing_or_odd_parts():
    assert principle_sort_key(None) == principle_sort_key("")
    assert principle_sort_key("4.") > principle_sort_key("4")
    assert principle_sort_key("4..2") < principle_sort_key("4.a")
    assert principle_sort_key(" 4 . 10 ") == principle_sort_key("4.10")


@pytest.mark.django_db
def test_theme_numbers_are_the_published_theme_pages(framework, referential):
    assert theme_numbers() == [3, 4]
    ThemePageFactory(parent=referential, number=7)
    ThemePageFactory(parent=referential, number=5, live=False)
    assert theme_numbers() == [3, 4, 7]


@pytest.mark.django_db
def test_result_exports_have_one_column_per_cms_theme(client, framework, referential):
    from tests.exports.helpers import exported

    ThemePageFactory(parent=referential, number=7)
    login_with_code(client, UserFactory(is_staff=True, is_superuser=True, totp=True))
    for name in ("results", "named_results"):
        response = exported(client, reverse(f"selfassessment_admin:{name}") + "?export=csv")
        headings = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert headings[-4:] == ["score global (%)", "thème 3 (%)", "thème 4 (%)", "thème 7 (%)"]


def test_result_rows_read_each_theme_by_its_number():
    import datetime

    from selfassessment.statistics import to_result_rows

    values = [{"pk": 1, "pharmacy_id": 1, "questionnaire__year": 2026, "questionnaire__version": 1,
               "submitted_at": datetime.datetime(2026, 5, 4, 10, tzinfo=datetime.UTC), "score_percent": 70,
               "departement": "69", "t3": 66.5, "t7": None}]
    row, = to_result_rows(values)
    assert (row.theme3, row.theme7, row.theme4) == (67, None, None)
    with pytest.raises(AttributeError):
        row.themex  # noqa: B018


@pytest.mark.django_db
def test_the_bilan_lists_principles_and_advice_in_framework_order(framework, pharmacy, owner):
    from portal.pages.models import PrinciplePage
    from selfassessment.services import build_results
    from tests.factories import PrinciplePageFactory
    from tests.selfassessment.factories import make_questionnaire, submit

    for number in ("4.10", "4.1a", "4.9"):
        PrinciplePageFactory(parent=framework[1], number=number, title=f"Principe {number}")
    assessment = submit(pharmacy, owner, make_questionnaire(list(PrinciplePage.objects.all())), points=1)
    results = build_results(assessment)
    in_order = ["3.1", "3.2", "4.1", "4.1a", "4.2", "4.9", "4.10"]
    assert [p.number for p in results.principles] == in_order
    assert [a.number for theme in results.themes for a in theme.advice] == in_order  # equal gaps


def test_no_list_of_themes_nor_principle_sort_outside_the_cms_models():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    written = re.compile(r"\(3, 4, 5, 6\)|\[3, 4, 5, 6\]|int\(\w+\) for \w+ in [\w.\[\]]+\.split\(\"\.\"\)")
    found = [
        f"{path.relative_to(root)}:{n}"
        for folder in ("portal", "selfassessment", "toolkit", "registers", "templates")
        for path in (root / folder).rglob("*.py")
        if "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if written.search(line)
    ]
    assert found == []
