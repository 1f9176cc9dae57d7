"""One date format everywhere: `portal.rules.dates`, and the `day` / `day_time` template filters."""

import datetime
import re
from pathlib import Path

from django.template import Context, Template
from django.utils import timezone, translation

from portal.rules import dates
from portal.rules.concurrency import display_value

ROOT = Path(__file__).resolve().parents[1]
EVENING = datetime.datetime(2026, 12, 1, 22, 30, tzinfo=datetime.UTC)  # 23:30 in Paris, same day


def test_the_rule_in_french_and_english():
    assert dates.day(datetime.date(2026, 12, 4)) == "4 déc. 2026"
    assert dates.day(datetime.date(2026, 12, 1)) == "1er déc. 2026"
    assert dates.day_time(EVENING) == "1er déc. 2026 à 23:30"
    assert dates.day(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)) == "1er janv. 2027"  # Paris day
    assert [dates.day(datetime.date(2026, month, 9)).split()[1] for month in range(1, 13)] == [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
    assert dates.day(None) == "" and dates.day_time(None) == ""
    with translation.override("en"):
        assert dates.day(datetime.date(2026, 12, 4)) == "4 Dec 2026"
        assert dates.day_time(EVENING) == "1 Dec 2026 at 23:30"


def test_a_list_writes_its_dates_in_the_language_and_zone_active_when_it_began():
    values = [EVENING, datetime.date(2026, 4, 1), datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC), None]
    write = dates.DateWriter()
    assert [write.day_time(v) for v in values] == [dates.day_time(v) for v in values] == [
        "1er déc. 2026 à 23:30", "1er avr. 2026", "1er janv. 2027 à 00:30", ""]
    assert [write.day(v) for v in values] == [dates.day(v) for v in values]
    with translation.override("en"), timezone.override(datetime.UTC):
        english = dates.DateWriter()
        assert english.day_time(EVENING) == dates.day_time(EVENING) == "1 Dec 2026 at 22:30"
        assert write.day_time(EVENING) == "1er déc. 2026 à 23:30"  # built in French, in Paris
    assert english.day(values[2]) == "31 Dec 2026"


def test_filters_are_built_into_every_template():
    html = Template("{{ d|day }} · {{ t|day_time }}").render(Context({"d": datetime.date(2026, 2, 28), "t": EVENING}))
    assert html == "28 févr. 2026 · 1er déc. 2026 à 23:30"


def test_conflict_values_use_the_rule():
    assert display_value(None, None, datetime.date(2026, 3, 9)) == "9 mars 2026"


def test_no_page_or_message_writes_a_date_another_way():
    human = re.compile(r"""\|date:["'](?!Y-m-d|F Y["'])|strftime\(["']%d|SHORT_DATE(TIME)?_FORMAT""")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("portal", "selfassessment", "toolkit", "registers", "quizzes", "templates")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in (".py", ".html", ".txt") and "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if human.search(line)
    ]
    assert found == []
