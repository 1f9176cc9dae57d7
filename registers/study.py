"""The Danish study's other tables, the pharmacy's own figures beside the published ones.

Every published figure here comes from Knudsen P. et al., medication errors in Danish community
pharmacies (Quality and Safety in Health Care, 2007; DOMAIN.md §7), not from the quality framework:
the causes of prescription corrections, and the errors that reached the patient (dispensing errors
and adverse drug events pooled) by stage and, at transcription, by type.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from portal.rules.numbers import share
from registers.models import (
    CLINICAL_CAUSES,
    CorrectionCause,
    ErrorType,
    ReportType,
    Stage,
)
from registers.stats import incident_rows

SOURCE = _("Knudsen P. et al., « Medication errors in Danish community pharmacies », Quality and Safety in "
           "Health Care, 2007 : 40 officines danoises.")

CLINICAL_SHARE, ADMINISTRATIVE_SHARE = 51.3, 48.7
CAUSE_SHARES = {  # % of 1,015 prescription corrections
    CorrectionCause.MISSING_DATA: 7.0, CorrectionCause.SUSPECTED_ERROR: 20.4, CorrectionCause.ILLEGIBLE: 1.1,
    CorrectionCause.CLINICAL_OTHER: 22.9, CorrectionCause.NOT_IN_STOCK: 9.0,
    CorrectionCause.NO_LONGER_AVAILABLE: 14.2, CorrectionCause.PRACTICAL: 2.0, CorrectionCause.SUBSTITUTION: 2.5,
    CorrectionCause.REIMBURSEMENT: 7.9, CorrectionCause.FALSE_PRESCRIPTION: 0.3,
    CorrectionCause.ADMINISTRATIVE_OTHER: 5.4, CorrectionCause.UNREADABLE_REPORT: 7.5,
}
REACHED_PATIENT = (ReportType.DISPENSING_ERROR, ReportType.ADVERSE_EVENT)
STAGE_SHARES = {  # % of the 365 errors that reached the patient coded by stage
    Stage.PRESCRIBING: 5.2, Stage.TRANSCRIPTION: 64.9, Stage.DISPENSING: 15.6, Stage.ADMINISTRATION: 13.7,
    Stage.COUNSELLING: 0.5,
}
TRANSCRIPTION_TYPE_SHARES = {  # % of 234 transcription errors
    ErrorType.STRENGTH: 21.8, ErrorType.MEDICINE: 20.1, ErrorType.DOSAGE: 19.7, ErrorType.QUANTITY: 14.5,
    ErrorType.FORM: 10.7, ErrorType.PATIENT: 9.4, ErrorType.MISSING_SCORE: 2.6, ErrorType.DOUBLE: 0.4,
    ErrorType.LABEL: 0.4, ErrorType.DELIVERY: 0.4,
}


@dataclass
class Row:
    label: str
    count: int
    share: float | None
    published: float | None
    group: bool = False  # a subtotal (clinical / administrative)


@dataclass
class StudyTables:
    corrections: int
    causes: list = field(default_factory=list)
    reached: int = 0
    stages: list = field(default_factory=list)
    transcription: int = 0
    transcription_types: list = field(default_factory=list)
    source: str = SOURCE


def _rows(counts: dict, choices, published: dict, whole: int) -> list[Row]:
    return [Row(str(label), counts.get(value, 0), share(counts.get(value, 0), whole), published.get(value))
            for value, label in choices]


def tables(pharmacy, start=None, end=None, rows: list | None = None) -> StudyTables:
    """The corrections by cause, the errors that reached the patient by stage and type: counted in
    the pharmacy's incidents of the period (`stats.incident_rows`: one query, none when `rows` is given)."""
    if rows is None:
        rows = incident_rows(pharmacy, start, end)
    causes = Counter(row.correction_cause for row in rows
                     if row.report_type == ReportType.CORRECTION and row.correction_cause)
    coded = sum(causes.values())
    clinical = sum(n for cause, n in causes.items() if cause in CLINICAL_CAUSES)
    administrative_choices = [(c.value, c.label) for c in CorrectionCause if c not in CLINICAL_CAUSES]
    cause_rows = [
        Row(str(_("Causes cliniques")), clinical, share(clinical, coded), CLINICAL_SHARE, group=True),
        *_rows(causes, [(c.value, c.label) for c in CLINICAL_CAUSES], CAUSE_SHARES, coded),
        Row(str(_("Causes administratives")), coded - clinical, share(coded - clinical, coded), ADMINISTRATIVE_SHARE,
            group=True),
        *_rows(causes, administrative_choices, CAUSE_SHARES, coded),
    ]
    stages, transcription_types = Counter(), Counter()
    for row in rows:
        if row.report_type in REACHED_PATIENT:
            stages[row.stage] += 1
            if row.stage == Stage.TRANSCRIPTION:
                transcription_types[row.error_type] += 1
    reached, transcription = sum(stages.values()), stages.get(Stage.TRANSCRIPTION, 0)
    return StudyTables(
        corrections=coded, causes=cause_rows,
        reached=reached, stages=_rows(stages, Stage.choices, STAGE_SHARES, reached),
        transcription=transcription,
        transcription_types=_rows(transcription_types, ErrorType.choices, TRANSCRIPTION_TYPE_SHARES, transcription),
    )
