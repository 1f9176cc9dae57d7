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
