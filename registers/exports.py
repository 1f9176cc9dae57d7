"""The quality loop on paper and in spreadsheets: the incident register, the improvement
programme and the emergency-request log, as CSV/XLSX (`portal.documents.spreadsheets`: formulas
neutralised, BOM, semicolons, Paris time) and as landscape PDF (`portal.documents.pdf`).

Each table is declared once (`TABLES`: its title, its columns, its rows) and serves both formats.
They grow with the registers, so they are built by the background worker (`build_export`, the
builder of the "registers" jobs of `portal.exports`), never in a request.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import tablib
from django.db.models import Count
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.accounts.personal_data import member_name
from portal.audit.models import AuditEvent, record
from portal.documents.pdf import render_pdf
from portal.documents.spreadsheets import CONTENT_TYPES, cell, resource_for, spreadsheet_bytes
from portal.exports.registry import Built, builder
from registers.models import EmergencyRequest, ImprovementAction, Incident, emergency


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


# The one column that identifies a patient: only members allowed to `export_patient_references`
# get it (portal/pharmacies/roles.py), and each export carrying it goes to the audit trail.
PATIENT_REFERENCE = _("référence patient")

INCIDENT_COLUMNS = [
    (_("date et heure"), lambda i: i.occurred_at),
    (_("déclarant"), lambda i: member_name(i.declarant)),
    (PATIENT_REFERENCE, lambda i: i.patient_reference),
    (_("type de signalement"), lambda i: i.get_report_type_display()),
    (_("nature"), lambda i: i.get_nature_display()),
    (_("étape"), lambda i: i.get_stage_display()),
    (_("type d'erreur"), lambda i: i.get_error_type_display()),
    (_("gravité"), lambda i: i.seriousness),
    (_("détecté par"), lambda i: i.get_detection_display()),
    (_("événement qui ne devrait jamais arriver"), lambda i: i.get_never_event_display() if i.is_never_event else ""),
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
    (PATIENT_REFERENCE, lambda i: i.patient_reference),
    (_("signalement"), lambda i: [i.get_report_type_display(), i.get_nature_display(), i.get_stage_display(),
                                  i.get_error_type_display()]),
    (_("gravité, détection"), lambda i: [i.seriousness, i.get_detection_display(),
                                         i.get_never_event_display() if i.is_never_event else ""]),
    (_("détails et causes"), lambda i: i.details),
    (_("patient informé, prescripteur contacté"), lambda i: [_yes(i.patient_informed), _yes(i.prescriber_contacted)]),
    (_("résolution"), lambda i: [i.resolved_on, i.corrective_action]),
    (_("fiche d'amélioration"), lambda i: _yes(i.sheet_count)),
]

def _unanswered_title() -> str:
    return gettext("sans réponse après %(hours)s h") % {"hours": emergency.EMERGENCY_ANSWER_HOURS}


REQUEST_COLUMNS = [
    (_("envoyée le"), lambda r: r.sent_at),
    (_("médicament"), lambda r: r.medicine),
    (_("code CIP"), lambda r: r.cip),
    (_("laboratoire"), lambda r: r.laboratory),
    (_("justification"), lambda r: r.justification),
    (_("réponse"), lambda r: r.get_answer_display()),
    (_("date de la réponse"), lambda r: r.answered_on),
    (_("réponse du laboratoire"), lambda r: r.answer_text),
    (_("suite pour le patient"), lambda r: r.outcome),
    (lazy(_unanswered_title, str)(), lambda r: _yes(r.is_overdue)),
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
                        widths=(8, 13, 8, 10, 16, 7, 7, 14, 11, 6)),
}


def has_patient_references(table: Table) -> bool:
    return any(title is PATIENT_REFERENCE for title, _value in table.columns)


def _without_patient(columns, widths=None):
    """The columns (and their paper widths) without the patient reference; its width goes to the
    widest column."""
    kept = [i for i, (title, _value) in enumerate(columns) if title is not PATIENT_REFERENCE]
    if widths is None:
        return [columns[i] for i in kept], None
    new_widths = [widths[i] for i in kept]
    new_widths[new_widths.index(max(new_widths))] += sum(widths) - sum(new_widths)
    return [columns[i] for i in kept], tuple(new_widths)


def dataset(table: Table, objects, with_patient: bool = True) -> tablib.Dataset:
    """The table through django-import-export; `portal.documents.spreadsheets` then writes it."""
    columns = table.columns if with_patient else _without_patient(table.columns)[0]
    return resource_for(columns).export(objects)


def filename(table: Table) -> str:
    return f"{table.filename}-{timezone.localdate():%Y-%m-%d}"


PDF_CHUNK = 20
# xhtml2pdf lays out about 30 rows a second on this kind of table (1,000 incidents: 31 s in the
# worker): beyond this many rows the PDF shows the latest ones and says the spreadsheets have all.
PDF_MAX_ROWS = 1000


def pdf(table: Table, objects, pharmacy, with_patient: bool = True, omitted: int = 0) -> bytes:
    """The table on landscape A4 pages, its header repeated on each page; `omitted` earlier rows
    left out are announced on the first page."""
    columns, widths = table.pdf_columns or table.columns, table.widths
    if not with_patient:
        columns, widths = _without_patient(columns, widths)
    rows = [[_pdf_cell(value(obj)) for _title, value in columns] for obj in objects]
    # Tables of PDF_CHUNK rows, one after the other: reportlab re-lays a whole table at each page
    # break, so one long table costs the square of its length.
    chunks = [rows[start:start + PDF_CHUNK] for start in range(0, len(rows), PDF_CHUNK)]
    return render_pdf("registers/pdf/table.html", {
        "table": table, "chunks": chunks,
        "headers": list(zip([title for title, _value in columns], widths, strict=True)),
        "pharmacy": pharmacy, "generated_at": timezone.localtime(), "omitted": omitted, "shown": len(rows),
    })


def _pdf_cell(value) -> list[str]:
    """The lines of one cell: dates as in the spreadsheets (Paris time), text as typed (a PDF
    runs no formula)."""
    values = value if isinstance(value, list) else [value]
    lines = [cell(v) if isinstance(v, datetime.date) else ("" if v is None else str(v)) for v in values]
    return [line for line in lines if line != ""]


@builder("registers")
def build_export(job) -> Built:
    """A register export job: parameters `what` (a key of TABLES), `fmt` (csv, xlsx, pdf),
    `filters` (the incident list's query) and `with_patient`."""
    from registers.forms import IncidentFilterForm

    what, fmt, pharmacy = job.parameters["what"], job.parameters["fmt"], job.pharmacy
    table = TABLES[what]
    with_patient = job.parameters.get("with_patient", False) and has_patient_references(table)
    queryset = None
    if what == "incidents":
        queryset = IncidentFilterForm(job.parameters.get("filters") or None).filter(
            Incident.objects.for_pharmacy(pharmacy))
    objects = list(job.track(table.rows(pharmacy, queryset)))
    notes = []
    if has_patient_references(table) and not with_patient:
        notes.append(str(_("Sans la colonne « référence patient » : seuls les pharmaciens l'exportent.")))
    if fmt == "pdf":
        omitted = max(len(objects) - PDF_MAX_ROWS, 0)
        if omitted:
            notes.append(str(_("Ce PDF présente les %(shown)s dernières lignes sur %(total)s : l'export CSV ou "
                               "XLSX les contient toutes.") % {"shown": PDF_MAX_ROWS, "total": len(objects)}))
        content = pdf(table, objects[omitted:], pharmacy, with_patient=with_patient, omitted=omitted)
        content_type = "application/pdf"
    else:
        content = spreadsheet_bytes(dataset(table, objects, with_patient=with_patient), fmt)
        content_type = CONTENT_TYPES[fmt]
    if with_patient:
        record(AuditEvent.Action.REGISTER_EXPORTED, job.requester, pharmacy, target=table.title, table=what,
               rows=len(objects), format=fmt)
    return Built(content, f"{filename(table)}.{fmt}", content_type, note=" ".join(notes))
