"""The English catalogue is complete: every French UI string extracted has a translation."""

import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def entries():
    text = CATALOGUE.read_text(encoding="utf-8")
    return [block for block in text.split("\n\n") if "msgid" in block][1:]  # skip the header


def test_no_untranslated_or_fuzzy_entry():
    missing = []
    for block in entries():
        empty = re.search(r'^msgstr(?:\[\d\])? ""\n(?!")', block + "\n", flags=re.M)
        if "#, fuzzy" in block or empty:
            missing.append(block)
    assert not missing, f"{len(missing)} entrées sans traduction :\n" + "\n\n".join(missing[:5])


def test_catalogue_is_large_enough_to_cover_the_ui():
    assert len(entries()) > 800
