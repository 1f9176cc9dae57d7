"""The one PDF pipeline (xhtml2pdf), locked down: no network, local reads only in the font directory.

The font is Debian's fonts-dejavu-core (DejaVu Sans covers every French character, « » € œ
included), embedded through CSS @font-face; nothing is fetched at run time. The QR code is
an inline PNG data URI made with segno. Templates only use CSS that xhtml2pdf supports,
so its log stays quiet. xhtml2pdf (with reportlab) is imported on first use: commands and
workers that never render a PDF start seconds faster; gunicorn workers import it while warming
(`portal/infrastructure/warmup.py`).
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

import segno
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

FONT_DIR = Path(getattr(settings, "PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT_FILES = {
    "regular": FONT_DIR / "DejaVuSans.ttf",
    "bold": FONT_DIR / "DejaVuSans-Bold.ttf",
}


class PDFError(RuntimeError):
    pass


def resource_policy():
    """Every limit on, no remote fetch, local reads confined to the font directory."""
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    return ResourceAccessPolicy.server(base_dir=FONT_DIR, allow_remote=False)


# A transparent 1x1 PNG: what any other resource resolves to. An empty answer would not do:
# xhtml2pdf then falls back to the original URI (tests/test_pdf.py proves it).
NOTHING = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def link_callback(uri: str, rel: str) -> str:
    """Only our font files and inline data resolve; anything else resolves to nothing."""
    if uri.startswith("data:"):
        return uri
    for path in FONT_FILES.values():
        if uri in (str(path), path.name):
            return str(path)
    return NOTHING


def qr_data_uri(url: str) -> str:
    # make_qr: the same symbol as make() (never a Micro QR for a URL), without trying Micro first.
    return segno.make_qr(url, error="m").png_data_uri(scale=4, border=2)


def render_html(template: str, context: dict) -> str:
    """A PDF template rendered to HTML, with the font files it may use (`fonts`)."""
    return render_to_string(template, {**context, "fonts": {k: str(v) for k, v in FONT_FILES.items()}})


def render_pdf(template: str, context: dict) -> bytes:
    return html_to_pdf(render_html(template, context))


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A PDF to download under `filename`."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@functools.cache
def _pisa():
    """xhtml2pdf, imported once, parsing its own default stylesheet once per process.

    Every document starts with xhtml2pdf's default CSS (about 3,000 characters, no @font-face or
    @page: no side effect on the document); its parsed rules are read, never changed, so they are
    kept and shared. The document's own CSS (fonts, page) is parsed for each document as before.
    """
    from xhtml2pdf import parser, pisa
    from xhtml2pdf.context import pisaContext

    parse = pisaContext._parseCSSSource
    parsed = {}

    def parse_once(context, text, source_name):
        if source_name != parser.DEFAULT_CSS_SOURCE:
            return parse(context, text, source_name)
        if text not in parsed:
            parsed[text] = parse(context, text, source_name)
        return parsed[text]

    pisaContext._parseCSSSource = parse_once
    return pisa


def html_to_pdf(html: str) -> bytes:
    pisa = _pisa()
    output = io.BytesIO()
    result = pisa.pisaDocument(
        html,
        dest=output,
        encoding="utf-8",
        link_callback=link_callback,
        resource_policy=resource_policy(),
        path=str(FONT_DIR / "document.html"),
        capacity=-1,  # build in memory: xhtml2pdf leaves its spill-over temporary files open
    )
    if result.err:
        raise PDFError(f"xhtml2pdf: {result.err} error(s)")
    return output.getvalue()
