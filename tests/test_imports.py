"""The one import pipeline: limits before reading, parsing outside transactions, all or nothing."""

import io
import time

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from portal.documents import imports
from portal.rules.anonymity import MINIMUM_GROUP_SIZE, publishable


def xlsx_bytes(rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_file_over_the_size_limit_is_refused_before_reading(settings):
    settings.IMPORT_MAX_BYTES = 1000
    upload = SimpleUploadedFile("big.csv", b"a;b\n" + b"x;y\n" * 400)
    with pytest.raises(imports.ImportFileError, match="trop volumineux"):
        imports.check_upload(upload)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"%PDF-1.4", "Type de fichier"),
        ("fake.xlsx", b"not a zip at all", "XLSX valide"),
        ("binary.csv", b"a;b\x00\x01", "fichier texte"),
        ("empty.csv", b"", "vide"),
    ],
)
def test_wrong_types_get_a_clear_message(name, content, message):
    with pytest.raises(imports.ImportFileError, match=message):
        imports.check_upload(SimpleUploadedFile(name, content))


def test_sixty_thousand_rows_are_refused_quickly(settings):
    settings.IMPORT_MAX_ROWS = 5000
    data = xlsx_bytes([["chapitre", "type", "enonce"], *[["c", "single", f"q{i}"] for i in range(60_000)]])
    started = time.perf_counter()
    with pytest.raises(imports.ImportFileError, match="Trop de lignes"):
        imports.read_table(data, "huge.xlsx")
    assert time.perf_counter() - started < 15  # seconds, never minutes, and outside any transaction
    csv_data = ("a;b\n" + "1;2\n" * 6000).encode()
    with pytest.raises(imports.ImportFileError, match="Trop de lignes"):
        imports.read_table(csv_data, "huge.csv")


def test_read_table_sniffs_the_separator_and_checks_columns():
    dataset = imports.read_table("nom;valeur\nA;1\n\nB;2\n".encode("utf-8-sig"), "x.csv", required_columns=["nom"])
    assert dataset.headers == ["nom", "valeur"]
    assert list(dataset) == [("A", "1"), ("B", "2")]
    with pytest.raises(imports.ImportFileError, match="Colonnes manquantes : code"):
        imports.read_table(b"nom,valeur\nA,1\n", "x.csv", required_columns=["nom", "code"])
    with pytest.raises(imports.ImportFileError, match="UTF-8"):
        imports.read_table("nom;valeur\nÉ;1\n".encode("latin-1"), "x.csv")


def test_preview_collects_errors_per_line_and_apply_is_all_or_nothing(db):
    from portal.pharmacies.models import Pharmacy

    def validate(values):
        if not values["name"]:
            raise ValidationError({"name": "Nom obligatoire."})
        return Pharmacy(name=values["name"], address="1 rue", postcode="69002", city="Lyon", finess="69000000" + str(ord(values["name"]) % 10))

    bad = imports.ImportPreview.validate([{"name": "A"}, {"name": ""}], validate)
    assert bad.has_errors and bad.error_count == 1
    assert bad.rows[1].number == 3 and bad.rows[1].errors == ["name : Nom obligatoire."]
    with pytest.raises(imports.ImportFileError):
        imports.apply_import(bad, lambda items: [item.save() for item in items], actor=None, what="test")
    assert not Pharmacy.objects.filter(name="A").exists()

    def save_then_fail(items):
        items[0].save()
        raise RuntimeError("disque plein")

    good = imports.ImportPreview.validate([{"name": "A"}, {"name": "B"}], validate)
    with pytest.raises(RuntimeError):
        imports.apply_import(good, save_then_fail, actor=None, what="test")
    assert not Pharmacy.objects.filter(name="A").exists()
    imports.apply_import(good, lambda items: [item.save() for item in items], actor=None, what="test")
    assert Pharmacy.objects.filter(name__in=["A", "B"]).count() == 2


def test_remember_and_recall_keep_the_dataset_once(rf):
    request = rf.post("/")
    request.session = {}
    digest = imports.remember(request, "k", tablib.Dataset(("a", None), headers=["x", "y"]), year=2026)
    dataset, extra = imports.recall(request, "k", digest)
    assert list(dataset) == [("a", "")] and extra == {"year": 2026}
    assert imports.recall(request, "k", digest) is None


def test_only_the_previewed_dataset_can_be_recalled(rf):
    request = rf.post("/")
    request.session = {}
    first = imports.remember(request, "k", tablib.Dataset(("a",), headers=["x"]))
    second = imports.remember(request, "k", tablib.Dataset(("b",), headers=["x"]))
    assert first != second
    with pytest.raises(imports.ImportFileError, match="n'est plus celui prévisualisé"):
        imports.recall(request, "k", first)
    assert imports.recall(request, "k", second) is None  # a mismatch drops the pending import
    imports.remember(request, "k", tablib.Dataset(("a",), headers=["x"]))
    imports.forget(request, "k")
    assert imports.recall(request, "k", first) is None
    posted = rf.post("/", {imports.DIGEST_FIELD: first})
    posted.session = {}
    imports.remember(posted, "k", tablib.Dataset(("a",), headers=["x"]))
    assert list(imports.recall(posted, "k")[0]) == [("a",)]  # the posted digest by default


def far_right_workbook(rows: int) -> bytes:
    """A sheet of `rows` short rows, each with one value in column XFD (the last one)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["date", "nature", "details et causes"])
    for row in range(2, rows + 2):
        sheet.cell(row, 1, "03/02/2026")
        sheet.cell(row, 2, "autre")
        sheet.cell(row, 3, f"détail {row}")
        sheet.cell(row, 16384, f"x{row}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_value_far_to_the_right_is_refused_quickly():
    data = far_right_workbook(1000)
    started = time.perf_counter()
    with pytest.raises(imports.ImportFileError, match="Trop de colonnes : 50 au maximum.*colonne AX"):
        imports.read_table(data, "registre.xlsx")
    assert time.perf_counter() - started < 1  # it took 11 s and 400 MB when every row was padded to XFD


def test_the_column_bound_holds_without_a_dimension_and_in_csv(settings):
    # A write-only workbook has no dimension tag: the bound is checked on each row's cells.
    padded = [None] * 16384
    padded[:2], padded[-1] = ["03/02/2026", "autre"], "loin"
    data = xlsx_bytes([["date", "nature"], ["03/02/2026", "autre"], padded])
    with pytest.raises(imports.ImportFileError, match="Trop de colonnes"):
        imports.read_table(data, "registre.xlsx")
    settings.IMPORT_MAX_COLUMNS = 3
    wide = xlsx_bytes([["a", "b", "c"], ["1", None, "3", None, None]])
    assert list(imports.read_table(wide, "x.xlsx")) == [("1", "", "3")]
    assert list(imports.read_table(b"a;b;c\n1;;3;;;\n", "x.csv")) == [("1", "", "3")]  # empty cells past it are fine
    with pytest.raises(imports.ImportFileError, match="Trop de colonnes : 3 au maximum"):
        imports.read_table(b"a;b;c\n1;2;3;4\n", "x.csv")


def test_small_groups_are_hidden():
    rows = [{"n": MINIMUM_GROUP_SIZE}, {"n": MINIMUM_GROUP_SIZE - 1}, {"n": None}]
    shown, hidden = publishable(rows, lambda row: row["n"])
    assert shown == [{"n": MINIMUM_GROUP_SIZE}] and hidden == 2


@pytest.mark.parametrize(
    ("name", "content"),
    [("notice.pdf", b"<html><script>alert(1)</script>"), ("outils.zip", b"MZ\x90\x00 executable"), ("fiche.docx", b"%PDF-1.4")],
)
def test_documents_whose_content_does_not_match_the_extension_are_refused(name, content):
    from portal.documents.uploads import content_problem

    assert "ne correspond pas" in content_problem(name, content)
    assert content_problem("vrai.pdf", b"%PDF-1.7 ...") is None


def test_wagtail_document_upload_checks_size_and_content(admin_client, settings):
    from wagtail.documents.models import Document

    fake = SimpleUploadedFile("notice.pdf", b"<html>pas un PDF</html>", content_type="application/pdf")
    response = admin_client.post("/admin/documents/add/", {"title": "Notice", "file": fake, "collection": 1})
    assert "ne correspond pas" in response.content.decode()
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 10
    big = SimpleUploadedFile("vrai.pdf", b"%PDF-1.4 " + b"x" * 100, content_type="application/pdf")
    response = admin_client.post("/admin/documents/add/", {"title": "Gros", "file": big, "collection": 1})
    assert response.status_code == 200 and not Document.objects.exists()
