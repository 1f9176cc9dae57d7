"""The quality loop on paper and in spreadsheets: the incident register, the improvement
programme and the emergency-request log, as CSV/XLSX (`portal.spreadsheets`: formulas
neutralised, BOM, semicolons, Paris time) and as landscape PDF (`portal.pdf`).

Each table is declared once (`TABLES`: its title, its columns, its rows) and serves both formats.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import tablib
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.personal_data import member_name
from portal.pdf import render_pdf
from portal.spreadsheets import cell, resource_for
from registers.models import EmergencyRequest, ImprovementAction, Incident


def _yes(value) -> str:
    return str(_("oui")) if value else str(_("non"))




@dataclass
class Table:
    title: str
    filename: str
    columns: list[tuple[str, Callable]]
    rows: Callable  # pharmacy, filtered queryset or None -> iterable of objects
    widths: tuple = ()  # of each paper column, in % (free text gets more room)
    pdf_columns: list | None = None  # on paper, when they differ from the spreadsheet's


INCIDENT_COLUMNS = [
    (_("date et heure"), lambda i: i.occurred_at),
    (_("déclarant"), lambda i: member_name(i.declarant)),
    (_("référence patient"), lambda i: i.patient_reference),
    (_("type de signalement"), lambda i: i.get_report_type_display()),
    (_("nature"), lambda i: i.get_nature_display()),
    (_("étape"), lambda i: i.get_stage_display()),
    (_("type d'erreur"), lambda i: i.get_error_type_display()),
    (_("gravité"), lambda i: i.seriousness),
    (_("détecté par"), lambda i: i.get_detection_display()),
    (_("never event"), lambda i: i.get_never_event_display() if i.is_never_event else ""),
    (_("détails et causes"), lambda i: i.details),
    (_("patient informé"), lambda i: _yes(i.patient_informed)),
    (_("prescripteur contacté"), lambda i: _yes(i.prescriber_contacted)),
    (_("résolu le"), lambda i: i.resolved_on),
    (_("action corrective"), lambda i: i.corrective_action),
    (_("fiche d'amélioration"), lambda i: _yes(i.sheet_count)),
]

ACTION_COLUMNS = [
    (_("responsable"), lambda a: member_name(a.owner)),
    (_("action"), lambda a: a.description),
    (_("fiche d'amélioration"), lambda a: a.sheet.title),
    (_("échéance"), lambda a: a.due_on),
    (_("état"), lambda a: a.get_status_display()),
    (_("en retard"), lambda a: _yes(a.is_overdue)),
]

# On paper, related columns share a cell (one line each): half the cells, twice as fast to render.
INCIDENT_PDF_COLUMNS = [
    (_("date et heure"), lambda i: i.occurred_at),
    (_("déclarant"), lambda i: member_name(i.declarant)),
    (_("référence patient"), lambda i: i.patient_reference),
    (_("signalement"), lambda i: [i.get_report_type_display(), i.get_nature_display(), i.get_stage_display(),
                                  i.get_error_type_display()]),
    (_("gravité, détection"), lambda i: [i.seriousness, i.get_detection_display(),
                                         i.get_never_event_display() if i.is_never_event else ""]),
    (_("détails et causes"), lambda i: i.details),
    (_("patient informé, prescripteur contacté"), lambda i: [_yes(i.patient_informed), _yes(i.prescriber_contacted)]),
    (_("résolution"), lambda i: [i.resolved_on, i.corrective_action]),
    (_("fiche d'amélioration"), lambda i: _yes(i.sheet_count)),
]

REQUEST_COLUMNS = [
    (_("envoyée le"), lambda r: r.sent_at),
    (_("médicament"), lambda r: r.medicine),
    (_("code CIP"), lambda r: r.cip),
    (_("laboratoire"), lambda r: r.laboratory),
    (_("justification"), lambda r: r.justification),
    (_("réponse"), lambda r: r.get_answer_display()),
    (_("date de la réponse"), lambda r: r.answered_on),
    (_("suite pour le patient"), lambda r: r.outcome),
    (_("sans réponse après 48 h"), lambda r: _yes(r.is_overdue)),
]


def _incidents(pharmacy, queryset=None):
    queryset = queryset if queryset is not None else Incident.objects.for_pharmacy(pharmacy)
    return queryset.select_related("declarant").annotate(sheet_count=Count("sheets")).order_by(
        "occurred_at", "pk")


def _actions(pharmacy, queryset=None):
    return ImprovementAction.objects.for_pharmacy(pharmacy).select_related("owner", "sheet").order_by(
        "owner__last_name", "owner__first_name", "due_on", "pk")


def _requests(pharmacy, queryset=None):
    return EmergencyRequest.objects.for_pharmacy(pharmacy).order_by("sent_at", "pk")


TABLES = {
    "incidents": Table(_("Registre des incidents de délivrance"), "registre-incidents", INCIDENT_COLUMNS, _incidents,
                       widths=(8, 9, 7, 15, 10, 20, 8, 15, 8), pdf_columns=INCIDENT_PDF_COLUMNS),
    "programme": Table(_("Programme d'amélioration"), "programme-amelioration", ACTION_COLUMNS, _actions,
                       widths=(15, 35, 25, 10, 8, 7)),
    "depannages": Table(_("Demandes de dépannage d'urgence"), "depannages-urgence", REQUEST_COLUMNS, _requests,
                        widths=(9, 14, 9, 11, 20, 8, 8, 14, 7)),
}


def dataset(table: Table, objects) -> tablib.Dataset:
    """The table through django-import-export; `portal.spreadsheets` then writes it."""
    return resource_for(table.columns).export(objects)


def filename(table: Table) -> str:
    return f"{table.filename}-{timezone.localdate():%Y-%m-%d}"


PDF_CHUNK = 20


def pdf(table: Table, objects, pharmacy) -> bytes:
    """The table on landscape A4 pages, its header repeated on each page."""
    columns = table.pdf_columns or table.columns
    rows = [[_pdf_cell(value(obj)) for _title, value in columns] for obj in objects]
    # Tables of PDF_CHUNK rows, one after the other: reportlab re-lays a whole table at each page
    # break, so one long table costs the square of its length.
    chunks = [rows[start:start + PDF_CHUNK] for start in range(0, len(rows), PDF_CHUNK)]
    return render_pdf("registers/pdf/table.html", {
        "table": table, "chunks": chunks,
        "headers": list(zip([title for title, _value in columns], table.widths, strict=True)),
        "pharmacy": pharmacy, "generated_at": timezone.localtime(),
    })


def _pdf_cell(value) -> list[str]:
    """The lines of one cell: dates as in the spreadsheets (Paris time), text as typed (a PDF
    runs no formula)."""
    values = value if isinstance(value, list) else [value]
    lines = [cell(v) if isinstance(v, datetime.date) else ("" if v is None else str(v)) for v in values]
    return [line for line in lines if line != ""]
