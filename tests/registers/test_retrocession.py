"""Retrocession (seed 000): the six never events as a short check-list, opened from the incident
forms and from the tool kit, and the city-hospital coordination tool with its PDF and ODT."""

import io
import zipfile
from html import unescape

import pytest
from django.urls import reverse
from pypdf import PdfReader

from registers.models import NEVER_EVENT_CHECKS, RETROCESSION_CHECKLIST_CODE, NeverEvent
from tests.registers.factories import make_incident
from tests.toolkit.factories import ToolIndexPageFactory, ToolPageFactory
from toolkit import demo as toolkit_demo
from toolkit.management.demo_files import tool_odt, tool_pdf

pytestmark = pytest.mark.django_db
TOOLS = {tool["code"]: tool for tool in toolkit_demo.CONTENT["tools"]}


def test_one_check_per_never_event():
    assert list(NEVER_EVENT_CHECKS) == list(NeverEvent)


@pytest.mark.parametrize("page", ["quick", "edit"])
def test_the_checklist_opens_from_the_incident_forms_and_links_the_kit(member_client, home, framework, pharmacy,
                                                                       page):
    kit = ToolIndexPageFactory(parent=home)
    tool = ToolPageFactory(parent=kit, code=RETROCESSION_CHECKLIST_CODE, title="Rétrocession",
                           tool_type="checklist", principle_numbers=["4.1"])
    url = (reverse("registers:incident_quick") if page == "quick"
           else reverse("registers:incident_edit", args=[make_incident(pharmacy).pk]))
    html = unescape(member_client.get(url).content.decode())
    assert "check-list des six événements qui ne devraient jamais arriver" in html
    for event, check in NEVER_EVENT_CHECKS.items():
        assert str(event.label) in html and str(check) in html
    assert f'href="{tool.url}"' in html


def test_the_checklist_is_drawn_once_until_the_next_publication(member_client, home, framework, pharmacy,
                                                                 django_assert_num_queries):
    from django.template import Context, Template

    from portal.caching import purge

    kit = ToolIndexPageFactory(parent=home)
    tool = ToolPageFactory(parent=kit, code=RETROCESSION_CHECKLIST_CODE, title="Rétrocession",
                           tool_type="checklist", principle_numbers=["4.1"])
    template = Template("{% load registers_tags %}{% never_events_checklist %}")
    first = template.render(Context({}))
    assert f'href="{tool.url}"' in first
    with django_assert_num_queries(0):  # shared: the same for everyone
        assert template.render(Context({})) == first
    tool.unpublish()
    purge()  # what unpublishing does through the page signals
    assert "href=" not in template.render(Context({}))


def test_without_the_kit_tool_the_checklist_still_opens(member_client, pharmacy):
    html = unescape(member_client.get(reverse("registers:incident_quick")).content.decode())
    assert "check-list des six événements qui ne devraient jamais arriver" in html and str(NEVER_EVENT_CHECKS[NeverEvent.INTERRUPTION]) in html


def test_the_kits_checklist_says_the_same_six_checks():
    tool = TOOLS[RETROCESSION_CHECKLIST_CODE]
    assert tool["type"] == "checklist" and tool["principles"] == ["4.1"]
    steps = [value for kind, value in tool["body"] if kind == "steps"][0]["steps"]
    assert len(steps) == 6
    for step, (event, check) in zip(steps, NEVER_EVENT_CHECKS.items(), strict=True):
        text = " ".join(unescape(step).split())
        assert str(event.label) in text and str(check) in text


@pytest.mark.parametrize("code, words", [
    ("P41R", ["Coordination ville-hôpital", "ordonnance hospitalière", "dossier pharmaceutique",
              "fiche d'information du patient"]),
    (RETROCESSION_CHECKLIST_CODE, ["six événements qui ne devraient jamais arriver", "Interruption de traitement"]),
])
def test_the_retrocession_tools_have_their_pdf_and_odt(code, words):
    tool = TOOLS[code]
    assert "4.1" in tool["principles"]
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(tool_pdf(tool))).pages)
    pdf_text = " ".join(pdf_text.split())
    with zipfile.ZipFile(io.BytesIO(tool_odt(tool))) as odt:
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        odt_text = unescape(odt.read("content.xml").decode())
    for word in words:
        assert word.lower() in pdf_text.lower() and word.lower() in odt_text.lower(), word
