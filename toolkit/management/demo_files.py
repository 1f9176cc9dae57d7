"""Downloadable files of a tool, generated from its own content: a PDF and an editable ODT.

Used by the demo only (`toolkit/demo.py`); content is the [type, value] list of a tool of
`toolkit/demo_data/tools.yaml`.
"""

import io
import re
import zipfile
from html import escape
from xml.sax.saxutils import escape as xml_escape

from portal.documents.pdf import FONT_FILES, html_to_pdf

FONT = str(FONT_FILES["regular"])
FONT_BOLD = str(FONT_FILES["bold"])
TYPE_LABELS = {
    "guide": "Guide", "memo": "Mémo", "procedure": "Procédure", "checklist": "Check-list", "record": "Enregistrement",
}


def plain(html: str) -> str:
    """Rich text reduced to plain text (for the ODT)."""
    text = re.sub(r"</(p|li)>", "\n", html)
    text = re.sub(r"<[^>]+>", "", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _flow_lines(value) -> list[str]:
    steps = value["steps"]
    numbers = {step["key"]: index + 1 for index, step in enumerate(steps)}
    lines = []
    for index, step in enumerate(steps, start=1):
        kind = {"decision": "Question", "end": "Fin"}.get(step["kind"], "Action")
        line = f"{index}. [{kind}] {step['text']}"
        if step.get("detail"):
            line += f" — {step['detail']}"
        if step["kind"] == "decision":
            line += f" Oui → étape {numbers.get(step.get('yes_to'), '?')} ; Non → étape {numbers.get(step.get('no_to'), '?')}."
        elif step.get("next_to") and step["next_to"] in numbers:
            line += f" → étape {numbers[step['next_to']]}."
        lines.append(line)
    return lines


def tool_html(tool: dict) -> str:
    parts = [
        f"<p class='kicker'>{escape(TYPE_LABELS[tool['type']])} · {escape(tool['code'])} · "
        f"version {escape(tool.get('version', '1.0'))}</p>",
        f"<h1>{escape(tool['title'])}</h1>",
        f"<p class='lead'>{escape(tool['summary'])}</p>",
    ]
    for kind, value in tool["body"]:
        if kind == "heading":
            parts.append(f"<h2>{escape(value)}</h2>")
        elif kind == "paragraph":
            parts.append(value)
        elif kind == "callout":
            parts.append(f"<div class='callout'><p><b>À retenir</b></p>{value}</div>")
        elif kind == "table":
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in value["rows"]
            )
            head = "".join(f"<th>{escape(cell)}</th>" for cell in value["header"])
            caption = f"<p><b>{escape(value.get('caption', ''))}</b></p>" if value.get("caption") else ""
            parts.append(f"{caption}<table><tr>{head}</tr>{rows}</table>")
        elif kind == "steps":
            if value.get("title"):
                parts.append(f"<h2>{escape(value['title'])}</h2>")
            parts.append("<ol>" + "".join(f"<li>{plain(step)}</li>" for step in value["steps"]) + "</ol>")
        elif kind == "flowchart":
            parts.append(f"<h2>{escape(value['title'])}</h2>")
            parts.append("<ol>" + "".join(f"<li>{escape(line.split('. ', 1)[1])}</li>" for line in _flow_lines(value)) + "</ol>")
    parts.append(
        "<p class='foot'>Outil de la Démarche Qualité Officine : ni exhaustif ni opposable, à adapter à "
        "votre officine. Il ne remplace pas la réglementation.</p>"
    )
    return (
        "<html><head><meta charset='utf-8'><style>"
        f"@font-face {{ font-family: DejaVu; src: url('{FONT}'); }}"
        f"@font-face {{ font-family: DejaVu; font-weight: bold; src: url('{FONT_BOLD}'); }}"
        "@page { size: a4; margin: 2cm; }"
        "body { font-family: DejaVu; font-size: 10pt; color: #1b2733; }"
        "h1 { font-size: 18pt; color: #07513a; } h2 { font-size: 13pt; color: #07513a; margin-top: 12pt; }"
        ".kicker { color: #07513a; font-size: 9pt; } .lead { font-size: 11pt; }"
        ".callout { background-color: #fff3df; padding: 6pt; border-left: 3pt solid #c77700; }"
        "table { border: 0.5pt solid #8795a1; } th { background-color: #eef3f1; text-align: left; }"
        "th, td { border: 0.5pt solid #8795a1; padding: 3pt; vertical-align: top; }"
        ".foot { margin-top: 18pt; font-size: 8pt; color: #4a5866; }"
        "</style></head><body>" + "".join(parts) + "</body></html>"
    )


def tool_pdf(tool: dict) -> bytes:
    return html_to_pdf(tool_html(tool))


ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2"'
)
ODT_STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {ODT_NS}><office:styles>
 <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"><style:text-properties fo:font-size="18pt" fo:font-weight="bold" fo:color="#07513a"/></style:style>
 <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"><style:text-properties fo:font-size="13pt" fo:font-weight="bold" fo:color="#07513a"/></style:style>
</office:styles></office:document-styles>
"""


def _p(text: str, style: str = "") -> str:
    attr = f' text:style-name="{style}"' if style else ""
    return f"<text:p{attr}>{xml_escape(text)}</text:p>"


def tool_odt(tool: dict) -> bytes:
    """A minimal, valid OpenDocument text: mimetype first (stored), manifest, content, styles."""
    body = [
        _p(f"{TYPE_LABELS[tool['type']]} · {tool['code']} · version {tool.get('version', '1.0')}"),
        f'<text:h text:style-name="Heading_20_1" text:outline-level="1">{xml_escape(tool["title"])}</text:h>',
        _p(tool["summary"]),
    ]
    table_count = 0
    for kind, value in tool["body"]:
        if kind == "heading" or (kind in {"steps", "flowchart"} and value.get("title")):
            title = value if kind == "heading" else value["title"]
            body.append(f'<text:h text:style-name="Heading_20_2" text:outline-level="2">{xml_escape(title)}</text:h>')
        if kind in {"paragraph", "callout"}:
            if kind == "callout":
                body.append(_p("À retenir :"))
            body.extend(_p(line) for line in plain(value).splitlines())
        elif kind == "table":
            table_count += 1
            if value.get("caption"):
                body.append(_p(value["caption"]))
            columns = len(value["header"])
            rows = [value["header"], *value["rows"]]
            cells = "".join(
                "<table:table-row>" + "".join(
                    f'<table:table-cell office:value-type="string">{_p(cell)}</table:table-cell>' for cell in row
                ) + "</table:table-row>"
                for row in rows
            )
            body.append(
                f'<table:table table:name="Tableau{table_count}">'
                f'<table:table-column table:number-columns-repeated="{columns}"/>{cells}</table:table>'
            )
        elif kind == "steps":
            items = "".join(f"<text:list-item>{_p(plain(step))}</text:list-item>" for step in value["steps"])
            body.append(f"<text:list>{items}</text:list>")
        elif kind == "flowchart":
            body.extend(_p(line) for line in _flow_lines(value))
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODT_NS}>'
        f"<office:body><office:text>{''.join(body)}</office:text></office:body></office:document-content>"
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", ODT_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("styles.xml", ODT_STYLES, compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()
