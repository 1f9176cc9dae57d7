import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import tablib
from django.http import Http404

from portal.documents.imports import read_table
from portal.documents.spreadsheets import neutralise, restore, spreadsheet_response


@pytest.mark.parametrize("value", ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_quoted_and_restored_on_import(value):
    assert neutralise(value) == "'" + value
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize("value", ["Pharmacie", "", 12, -3, None, "a=b", "'quoted"])
def test_other_values_are_kept(value):
    assert neutralise(value) == value
    assert restore(value) == value


def test_csv_is_utf8_with_bom_semicolons_and_quoted_cells():
    dataset = tablib.Dataset(["=cmd", "ok"], headers=["a", "b"])
    response = spreadsheet_response(dataset, "csv", "export")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeffa;b") and "'=cmd;ok" in body
    assert response["Content-Disposition"] == 'attachment; filename="export.csv"'


def test_xlsx_never_holds_a_formula():
    dataset = tablib.Dataset(['=HYPERLINK("http://x")', "+1"], headers=["a", "b"])
    response = spreadsheet_response(dataset, "xlsx", "export")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.data_type for cell in sheet[2]] == ["s", "s"]
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")'


def test_dates_are_written_in_paris_time():
    utc_noon = datetime.datetime(2026, 7, 1, 12, 0, tzinfo=ZoneInfo("UTC"))
    dataset = tablib.Dataset([utc_noon, datetime.date(2026, 1, 31)], headers=["quand", "jour"])
    body = spreadsheet_response(dataset, "csv", "x").content.decode("utf-8-sig")
    assert "01/07/2026 14:00;31/01/2026" in body


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exported_files_import_back_unchanged(fmt):
    dataset = tablib.Dataset(["-2", "=SOMME(A1)", "texte"], headers=["a", "b", "c"])
    content = spreadsheet_response(dataset, fmt, "x").content
    back = read_table(content, f"x.{fmt}")
    assert list(back) == [("-2", "=SOMME(A1)", "texte")]


def test_unknown_format_is_404():
    with pytest.raises(Http404):
        spreadsheet_response(tablib.Dataset(), "pdf", "x")
