"""Import of a paper incident register typed in a spreadsheet (the E01 columns), through the
project's one import pipeline (`portal.documents.imports`): preview with the errors of each row, then
every row in one transaction, or nothing.

Columns (first row; case and accents do not matter): date, déclarant, référence patient, nature,
détails et causes, résolu le, action corrective; optional: type de signalement, gravité.
"""

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.documents import imports
from registers.forms import team_users
from registers.models import Incident, Nature, ReportType
from registers.stats import touch_national

REQUIRED = ("date", "nature")
COLUMNS = ("date", "declarant", "reference patient", "nature", "details et causes", "resolu le",
           "action corrective", "type de signalement", "gravite")


def plain(text) -> str:
    """Lower case, accents and extra spaces removed: how headers and choices are matched."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("’", "'").split())


def read(upload):
    """The uploaded file as a dataset with plain headers (ImportFileError with a French message)."""
    return imports.read_table(imports.check_upload(upload), upload.name, required_columns=REQUIRED,
                              normalize_header=plain)


def _date(value, label, with_time=False):
    if isinstance(value, datetime.datetime):
        return value if with_time else value.date()
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time(12)) if with_time else value
    text = str(value or "").strip()
    for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%y"):
        try:
            parsed = datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"):
            parsed = parsed.replace(hour=12)
        return parsed if with_time else parsed.date()
    raise ValidationError(_("%(col)s : « %(value)s » n'est pas une date (écrivez JJ/MM/AAAA).")
                          % {"col": label, "value": text})


def _choice(value, choices, label, default=None):
    wanted = plain(value)
    if not wanted and default is not None:
        return default
    for key, name in choices:
        if wanted in (plain(key), plain(name)) or (len(wanted) >= 4 and plain(name).startswith(wanted)):
            return key
    raise ValidationError(_("%(col)s : « %(value)s » n'est pas reconnu ; valeurs possibles : %(allowed)s.") % {
        "col": label, "value": value, "allowed": ", ".join(str(name) for _key, name in choices)})


class RowReader:
    """Turns one row into an unsaved, validated incident of `pharmacy` (raises ValidationError)."""

    def __init__(self, pharmacy):
        self.pharmacy = pharmacy
        team = list(team_users(pharmacy))
        self.team = {plain(u.get_full_name()): u for u in team} | {plain(u.email): u for u in team}

    def __call__(self, row: dict) -> Incident:
        errors = []

        def attempt(func, *args, **kwargs):
            try:
                return func(*args, **kwargs)
            except ValidationError as error:
                errors.extend(error.messages)

        occurred = attempt(_date, row.get("date"), _("date"), with_time=True)
        resolved = attempt(_date, row.get("resolu le"), _("résolu le")) if str(row.get("resolu le") or "").strip() else None
        nature = attempt(_choice, row.get("nature"), Nature.choices, _("nature"))
        report_type = attempt(_choice, row.get("type de signalement"), ReportType.choices, _("type de signalement"),
                              default=ReportType.NEAR_MISS)
        seriousness = attempt(self._seriousness, row.get("gravite"))
        declarant = attempt(self._declarant, row.get("declarant"))
        if errors:
            raise ValidationError(errors)
        incident = Incident(
            pharmacy=self.pharmacy, occurred_at=timezone.make_aware(occurred) if timezone.is_naive(occurred) else occurred,
            declarant=declarant, patient_reference=str(row.get("reference patient") or "").strip()[:40],
            nature=nature, report_type=report_type, seriousness=seriousness,
            details=str(row.get("details et causes") or "").strip(), resolved_on=resolved,
            corrective_action=str(row.get("action corrective") or "").strip(),
        )
        try:
            # Without a query per row (a 5,000-row file took 20 s): the pharmacy is given, the
            # declarant comes from the team and the seriousness was checked above, so neither the
            # foreign keys nor the seriousness constraint need the database here.
            incident.full_clean(exclude=["pharmacy", "declarant"], validate_constraints=False)
        except ValidationError as error:
            raise ValidationError([
                f"{Incident._meta.get_field(name).verbose_name if name != '__all__' else ''} : {message}".lstrip(" :")
                for name, messages in error.message_dict.items() for message in messages
            ]) from error
        return incident

    def _seriousness(self, value) -> int:
        text = str(value or "").strip()
        if not text:
            return 1
        if text not in ("1", "2", "3", "1.0", "2.0", "3.0"):
            raise ValidationError(_("gravité : « %(value)s » ; écrivez 1, 2 ou 3.") % {"value": text})
        return int(float(text))

    def _declarant(self, value):
        wanted = plain(value)
        if not wanted:
            return None
        if wanted not in self.team:
            raise ValidationError(_("déclarant : « %(value)s » ne fait pas partie de l'équipe (nom complet ou "
                                    "adresse électronique).") % {"value": value})
        return self.team[wanted]


def preview(pharmacy, dataset) -> imports.ImportPreview:
    result = imports.ImportPreview.validate(dataset.dict, RowReader(pharmacy))
    for row in result.rows:  # what the preview table shows
        row.values = {"date": row.values.get("date"), "nature": row.values.get("nature"),
                      "details": row.values.get("details et causes")}
    return result


def apply(pharmacy, dataset, actor) -> int:
    """Every row in one transaction, or nothing (the preview is recomputed: the team may have changed)."""
    count = len(imports.apply_import(preview(pharmacy, dataset), Incident.objects.bulk_create, actor=actor,
                                     what=_("Registre des incidents"), pharmacy=pharmacy))
    touch_national()  # bulk_create sends no signal
    return count
