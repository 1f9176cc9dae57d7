"""Text shown on several pages lives in one include, which each page includes.

(The patient-reference warning of the incident forms is now the field's own help text, said once:
tests/registers/test_loop.py::test_counter_form_says_each_help_once.)"""

import pytest
from django.conf import settings

TEMPLATES = settings.BASE_DIR / "templates"


@pytest.mark.parametrize(("text", "include", "pages"), [
    (
        "après sa mise en place chez vous. Relisez-le puis confirmez.",
        "toolkit/includes/review_notice.html",
        ["toolkit/tool_page.html", "toolkit/tool_status.html"],
    ),
])
def test_shared_text_lives_in_one_include(text, include, pages):
    holders = [
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.html") if text in path.read_text(encoding="utf-8")
    ]
    assert holders == [include]
    for page in pages:
        assert f'{{% include "{include}"' in (TEMPLATES / page).read_text(encoding="utf-8")
