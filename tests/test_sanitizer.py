"""The XSS corpus every implementation of portal.documents.sanitizer must pass (bleach today)."""

import pytest
from django.template import Context, Template

from portal.documents.sanitizer import clean_html, clean_inline, to_text

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src=x onerror="alert(1)">',
    '<p onclick="alert(1)">texte</p>',
    '<a href="javascript:alert(1)">lien</a>',
    '<a href="JaVaScRiPt:alert(1)">lien</a>',
    '<a href="&#106;avascript:alert(1)">lien</a>',
    '<a href="java\tscript:alert(1)">lien</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">lien</a>',
    '<a href="vbscript:msgbox(1)">lien</a>',
    '<svg onload="alert(1)"><circle r="10"/></svg>',
    '<svg><script>alert(1)</script></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<form action="https://evil.example"><input name="q"><button>Go</button></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<div><p>non fermé<b>gras</div><i>',
    '"><script>alert(1)</script>',
    "<!--<script>alert(1)</script>-->",
    '<a href="https://exemple.fr" target="_blank" onmouseover="alert(1)">ok</a>',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<details open ontoggle="alert(1)">',
    '<video><source onerror="alert(1)"></video>',
]

DANGEROUS = ("<script", "onerror", "onload", "onclick", "onmouseover", "ontoggle", "javascript:",
             "vbscript:", "data:", "<svg", "<iframe", "<object", "<embed", "<style", "style=",
             "<form", "<input", "<meta", "<base", "<img", "<math", "<video", "<details")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_neutralised(payload):
    for cleaner in (clean_html, clean_inline):
        cleaned = cleaner(payload).lower()
        for needle in DANGEROUS:
            assert needle not in cleaned, (cleaner.__name__, payload, cleaned)


def test_allowed_formatting_is_kept():
    html = '<p>Le <strong>DP</strong> et le <em>DMP</em> :</p><ul><li>un</li></ul><a href="https://www.ordre.pharmacien.fr">Ordre</a>'
    cleaned = clean_html(html)
    assert "<strong>DP</strong>" in cleaned
    assert "<ul><li>un</li></ul>" in cleaned
    assert 'href="https://www.ordre.pharmacien.fr"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


def test_malformed_nesting_is_balanced():
    cleaned = clean_html("<p><strong>gras<em>les deux</p>")
    assert cleaned.count("<strong>") == cleaned.count("</strong>")
    assert cleaned.count("<em>") == cleaned.count("</em>")


def test_inline_drops_blocks_but_keeps_emphasis():
    cleaned = clean_inline("<h3>Titre</h3><p><b>gras</b></p>")
    assert "<h3>" not in cleaned and "<p>" not in cleaned
    assert "Titre" in cleaned and "<b>gras</b>" in cleaned


def test_bare_urls_become_safe_links():
    cleaned = clean_html("Voir https://www.ameli.fr pour les droits.")
    assert '<a href="https://www.ameli.fr"' in cleaned


def test_to_text_strips_everything():
    assert to_text("<p>Le <b>DP</b> &amp; le DMP</p>") == "Le DP & le DMP"


def test_template_filter_renders_clean_html():
    rendered = Template("{% load sanitizer %}{{ value|sanitize }}").render(
        Context({"value": '<p onclick="x()">Bonjour <script>alert(1)</script></p>'})
    )
    assert rendered.startswith("<p>Bonjour")
    assert "onclick" not in rendered and "<script" not in rendered and "alert" not in rendered


def test_a_text_shown_again_is_cleaned_once_per_process(monkeypatch):
    from portal.documents import sanitizer

    calls = []
    original = sanitizer.bleach.clean
    monkeypatch.setattr(sanitizer.bleach, "clean", lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs))
    text = '<p>Une question <script>alert(1)</script><img src=x onerror=alert(2)> https://exemple.fr</p>'
    first = clean_html(text + " unique-1")
    assert clean_html(text + " unique-1") == first and len(calls) == 1
    assert "<script" not in first and "onerror" not in first and 'rel="noopener noreferrer nofollow"' in first
    assert clean_inline(text + " unique-1") != first and len(calls) == 2  # other rules, another entry
    long_text = "<p>" + "x" * sanitizer.MEMO_MAX_LENGTH + "</p>"
    clean_html(long_text)
    clean_html(long_text)
    assert len(calls) == 4  # a long text is cleaned each time: the memory stays bounded
