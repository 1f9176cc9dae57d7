"""Monthly prescription counts imported from a spreadsheet (columns « mois », « ordonnances »),
through the portal's one import pipeline (`portal.documents.imports`): a preview that shows each
month's new figure beside the one it replaces, then every month in one transaction, or nothing.
Each month whose figure changes is traced in the audit trail, as when it is typed in the form."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.models import AuditEvent, record
from portal.documents import imports
from portal.rules.numbers import count
from registers.imports import plain
from registers.models import MAX_MONTHLY_PRESCRIPTIONS, PrescriptionVolume
from registers.stats import touch_national

REQUIRED = ("mois", "ordonnances")
MONTH_FORMATS = ("%m/%Y", "%Y-%m", "%d/%m/%Y", "%Y-%m-%d", "%m-%Y")


def read(upload):
    return imports.read_table(imports.check_upload(upload), upload.name, required_columns=REQUIRED,
                              normalize_header=plain)


def _month(value) -> datetime.date:
    if isinstance(value, datetime.datetime | datetime.date):
        month = (value.date() if isinstance(value, datetime.datetime) else value).replace(day=1)
    else:
        text = str(value or "").strip()
        for fmt in MONTH_FORMATS:
            try:
                month = datetime.datetime.strptime(text, fmt).date().replace(day=1)
                break
            except ValueError:
                continue
        else:
            raise ValidationError(_("mois : « %(value)s » n'est pas un mois (écrivez MM/AAAA).") % {"value": text})
    if month > timezone.localdate():
        raise ValidationError(_("mois : %(month)s n'est pas encore commencé.") % {"month": f"{month:%m/%Y}"})
    return month


def _prescriptions(value) -> int:
    text = "".join(str(value if value is not None else "").split()).replace("\u202f", "")
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        raise ValidationError(_("ordonnances : « %(value)s » n'est pas un nombre entier positif.") % {"value": value})
    number = int(text)
    if number > MAX_MONTHLY_PRESCRIPTIONS:
        raise ValidationError(_("ordonnances : %(value)s pour un mois n'est pas plausible (%(limit)s au plus).")
                              % {"value": count(number), "limit": count(MAX_MONTHLY_PRESCRIPTIONS)})
    return number


class RowReader:
    """One row → (month, prescriptions); a month twice in the file is an error."""

    def __init__(self, pharmacy):
        self.current = dict(PrescriptionVolume.objects.for_pharmacy(pharmacy).values_list("month", "prescriptions"))
        self.seen = set()

    def __call__(self, row: dict):
        errors, month, number = [], None, None
        try:
            month = _month(row.get("mois"))
        except ValidationError as error:
            errors.extend(error.messages)
        try:
            number = _prescriptions(row.get("ordonnances"))
        except ValidationError as error:
            errors.extend(error.messages)
        if month and month in self.seen:
            errors.append(_("mois : %(month)s figure deux fois dans le fichier.") % {"month": f"{month:%m/%Y}"})
        if errors:
            raise ValidationError(errors)
        self.seen.add(month)
        return month, number


def preview(pharmacy, dataset) -> imports.ImportPreview:
    reader = RowReader(pharmacy)
    result = imports.ImportPreview.validate(dataset.dict, reader)
    for row in result.rows:  # what the preview table shows: the month, the new and the saved figure
        month, number = row.item or (None, None)
        row.values = {"month": month or row.values.get("mois"), "prescriptions": number,
                      "current": reader.current.get(month) if month else None}
    return result


def apply(pharmacy, dataset, actor) -> int:
    """Every month in one transaction, or nothing; each figure replaced is traced."""

    def save(items):
        current = {volume.month: volume for volume in PrescriptionVolume.objects.for_pharmacy(pharmacy)}
        new = [PrescriptionVolume(pharmacy=pharmacy, month=month, prescriptions=number)
               for month, number in items if month not in current]
        PrescriptionVolume.objects.bulk_create(new)
        for month, number in items:
            volume = current.get(month)
            if volume is None or volume.prescriptions == number:
                continue
            PrescriptionVolume.objects.filter(pk=volume.pk).update(prescriptions=number,
                                                                   version=models.F("version") + 1)
            record(AuditEvent.Action.PRESCRIPTION_COUNT_OVERWRITTEN, actor, pharmacy,
                   target=_("Ordonnances de %(month)s") % {"month": month.strftime("%m/%Y")},
                   month=month.isoformat(), before=volume.prescriptions, after=number, source="import")
        return len(items)

    count = imports.apply_import(preview(pharmacy, dataset), save, actor=actor,
                                 what=_("Ordonnances par mois"), pharmacy=pharmacy)
    touch_national()  # bulk_create and update() send no signal
    return count
