"""One rounding and one way to write sizes, in every app (portal/rules/numbers.py)."""

from django.utils import translation

from portal.rules.numbers import file_size, percent, round_half_up


def test_percent_rounds_half_up_everywhere():
    assert [percent(1, 8), percent(1, 3), percent(2, 3), percent(0, 5)] == [13, 33, 67, 0]
    assert percent(5, 0) is None
    assert round_half_up(62.5) == 63 and round_half_up(-0.4) == 0


def test_file_sizes_in_french_units_not_kibibytes():
    with translation.override("fr"):
        assert [file_size(850), file_size(12_400), file_size(1_349_000), file_size(2_500_000_000)] == [
            "850 octets", "12 Ko", "1,3 Mo", "2,5 Go"
        ]
        assert file_size(None) == ""
    with translation.override("en"):
        assert file_size(1_349_000) == "1.3 MB"


def test_counts_and_rates_written_as_french_readers_expect():
    from portal.rules.numbers import count, decimal

    with translation.override("fr"):
        assert count(421809) == "421\u202f809"
        assert count(1_466_043) == "1\u202f466\u202f043"
        assert [count(0), count(999), count(None), count("abc")] == ["0", "999", "", "abc"]
        assert decimal(23.14) == "23,1" and decimal(2.35) == "2,4" and decimal(1.385, 1) == "1,4"
        assert decimal(12345.678, 2) == "12\u202f345,68" and decimal(-0.04) == "0,0"
    with translation.override("en"):
        assert (count(421809), decimal(23.14)) == ("421,809", "23.1")


def test_number_filters_are_in_every_template():
    from django.template import engines

    template = engines["django"].from_string("{{ n|count }} · {{ r|decimal }} · {{ r|decimal:2 }}")
    with translation.override("fr"):
        assert template.render({"n": 958313, "r": 2.3896}) == "958\u202f313 · 2,4 · 2,39"
