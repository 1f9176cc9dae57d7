import io
import zipfile
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from portal.pages import demo as pages_demo
from portal.pharmacies import demo as pharmacies_demo
from toolkit import demo
from toolkit.management.demo_files import tool_odt, tool_pdf
from toolkit.models import ToolPage, ToolStatus

MEMO = next(tool for tool in demo.CONTENT["tools"] if tool["code"] == "M11")


def test_generated_pdf_holds_the_tools_content():
    text = PdfReader(io.BytesIO(tool_pdf(MEMO))).pages[0].extract_text()
    assert "Le double contrôle" in text and "En différé" in text


def test_generated_odt_is_a_valid_opendocument():
    with zipfile.ZipFile(io.BytesIO(tool_odt(MEMO))) as odt:
        first = odt.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = ElementTree.fromstring(odt.read("content.xml"))
        ElementTree.fromstring(odt.read("META-INF/manifest.xml"))
    table_ns = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    rows = content.findall(f".//{table_ns}table-row")
    assert len(rows) == 6  # header + 5 rows of the comparison table


@pytest.mark.django_db
def test_demo_tools_cover_the_four_themes_and_is_idempotent(monkeypatch):
    monkeypatch.setattr(demo, "tool_pdf", lambda tool: b"%PDF-1.4 stub")  # real PDFs: tests above
    logs = []
    pharmacies_demo.load(logs.append)
    pages_demo.load(logs.append)
    demo.load(logs.append)
    tools = ToolPage.objects.live()
    assert tools.count() >= 12
    themes = {number for tool in tools.prefetch_related("principles") for number in tool.theme_numbers}
    assert themes == {3, 4, 5, 6}
    assert {"M11", "P41", "E01"} <= set(tools.values_list("code", flat=True))
    assert set(tools.values_list("tool_type", flat=True)) == {"guide", "memo", "procedure", "checklist", "record"}
    assert all(tool.pdf_file and tool.editable_file.file.name.endswith(".odt") for tool in tools)
    memo = tools.get(code="M11")
    assert any(block.block_type == "table" for block in memo.body)
    assert any(block.block_type == "flowchart" for block in tools.get(code="P41").body)
    assert ToolStatus.objects.filter(tool=memo).get().needs_review

    counts = (ToolPage.objects.count(), ToolStatus.objects.count())
    demo.load(logs.append)
    assert (ToolPage.objects.count(), ToolStatus.objects.count()) == counts
