import pytest
import tablib
from django.http import Http404

from portal.spreadsheets import neutralise, spreadsheet_response


@pytest.mark.parametrize("value", ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_quoted(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Pharmacie", "", 12, -3, None, "a=b"])
def test_other_values_are_kept(value):
    assert neutralise(value) == value


def test_csv_response_has_bom_and_quoted_cells():
    dataset = tablib.Dataset(["=cmd", "ok"], headers=["a", "b"])
    response = spreadsheet_response(dataset, "csv", "export")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff") and "'=cmd,ok" in body
    assert response["Content-Disposition"] == 'attachment; filename="export.csv"'


def test_round_trip_files_can_keep_cells():
    dataset = tablib.Dataset(["-2", "ok"], headers=["a", "b"])
    body = spreadsheet_response(dataset, "csv", "x", neutralise_formulas=False).content.decode()
    assert "\n-2,ok" in body.replace("\r", "")


def test_unknown_format_is_404():
    with pytest.raises(Http404):
        spreadsheet_response(tablib.Dataset(), "pdf", "x")
