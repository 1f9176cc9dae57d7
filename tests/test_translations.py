"""The English catalogues are complete: every French UI string extracted has a translation.

The project catalogue is `locale/`; an app may keep its own (`<app>/locale/`), which Django
merges with it. Every catalogue is checked.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
APP_CATALOGUES = sorted(
    path
    for pattern in ("*/locale/en/LC_MESSAGES/django.po", "*/*/locale/en/LC_MESSAGES/django.po")
    for path in ROOT.glob(pattern)
    if not {".venv", "node_modules"} & set(path.parts)
)


def entries(catalogue=CATALOGUE):
    text = catalogue.read_text(encoding="utf-8")
    return [block for block in text.split("\n\n") if "msgid" in block][1:]  # skip the header


def test_no_untranslated_or_fuzzy_entry():
    missing = []
    for block in [block for catalogue in [CATALOGUE, *APP_CATALOGUES] for block in entries(catalogue)]:
        empty = re.search(r'^msgstr(?:\[\d\])? ""\n(?!")', block + "\n", flags=re.M)
        if "#, fuzzy" in block or empty:
            missing.append(block)
    assert not missing, f"{len(missing)} entrées sans traduction :\n" + "\n\n".join(missing[:5])


def test_catalogue_is_large_enough_to_cover_the_ui():
    assert len(entries()) > 800
