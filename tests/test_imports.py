"""The one import pipeline: limits before reading, parsing outside transactions, all or nothing."""

import io
import time

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from portal import imports
from portal.anonymity import MINIMUM_GROUP_SIZE, publishable


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
        imports.apply_import(bad, lambda items: [item.save() for item in items])
    assert not Pharmacy.objects.filter(name="A").exists()

    def save_then_fail(items):
        items[0].save()
        raise RuntimeError("disque plein")

    good = imports.ImportPreview.validate([{"name": "A"}, {"name": "B"}], validate)
    with pytest.raises(RuntimeError):
        imports.apply_import(good, save_then_fail)
    assert not Pharmacy.objects.filter(name="A").exists()
    imports.apply_import(good, lambda items: [item.save() for item in items])
    assert Pharmacy.objects.filter(name__in=["A", "B"]).count() == 2


def test_remember_and_recall_keep_the_dataset_once(rf):
    request = rf.post("/")
    request.session = {}
    imports.remember(request, "k", tablib.Dataset(("a", None), headers=["x", "y"]), year=2026)
    dataset, extra = imports.recall(request, "k")
    assert list(dataset) == [("a", "")] and extra == {"year": 2026}
    assert imports.recall(request, "k") is None


def test_small_groups_are_hidden():
    rows = [{"n": MINIMUM_GROUP_SIZE}, {"n": MINIMUM_GROUP_SIZE - 1}, {"n": None}]
    shown, hidden = publishable(rows, lambda row: row["n"])
    assert shown == [{"n": MINIMUM_GROUP_SIZE}] and hidden == 2


@pytest.mark.parametrize(
    ("name", "content"),
    [("notice.pdf", b"<html><script>alert(1)</script>"), ("outils.zip", b"MZ\x90\x00 executable"), ("fiche.docx", b"%PDF-1.4")],
)
def test_documents_whose_content_does_not_match_the_extension_are_refused(name, content):
    from portal.uploads import content_problem

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
