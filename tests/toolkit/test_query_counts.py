import pytest
from django.urls import reverse

from tests.toolkit.factories import ToolPageFactory, make_document
from toolkit.models import ToolStatus

pytestmark = pytest.mark.django_db


def add_tools(kit, pharmacy, owner, team, count):
    for index in range(count):
        tool = ToolPageFactory(parent=kit, code=f"X{index}", principle_numbers=["3.1", "4.1"])
        tool.pdf_file = make_document(f"X{index}", f"x{index}.pdf")
        tool.save_revision().publish()
        ToolStatus.change(pharmacy=pharmacy, tool=tool, status=ToolStatus.Status.DONE, by=owner,
                          responsible=team["preparer"])


@pytest.mark.parametrize("extra", [0, 5])
def test_tool_list_and_statuses_queries_do_not_grow(member_client, kit, tools, pharmacy, owner, team, extra,
                                                    django_assert_num_queries):
    add_tools(kit, pharmacy, owner, team, extra)
    member_client.get(kit.url)  # warm the site cache and build the ZIP
    member_client.get(reverse("toolkit:statuses"))  # the live tools, shared until the next publication
    # The tool page: + the lexicon's terms (1, then cached). The statuses: the pharmacy's statuses
    # (1) and the layout's.
    for url, count in ((kit.url, 19), (reverse("toolkit:statuses"), 6), (tools["M11"].url, 19)):
        with django_assert_num_queries(count):
            assert member_client.get(url).status_code == 200
