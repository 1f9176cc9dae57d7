"""The quality loop: dispensing incidents, prescription volumes, emergency-supply requests,
improvement sheets and their actions (the improvement programme).

Every model belongs to a pharmacy and is read through `for_pharmacy()` (see
portal/pharmacies/scoping.py). Rules live here: what "resolved", "overdue" and "the
programme criterion is met" mean.
"""

from .emergency import (
    EMERGENCY_ANSWER_HOURS,
    EMERGENCY_CONDITIONS,
    EmergencyRequest,
    EmergencyRequestQuerySet,
)
from .improvement import (
    PROGRAMME_CRITERION_EXPLANATION,
    ImprovementAction,
    ImprovementActionQuerySet,
    ImprovementSheet,
    ImprovementSheetQuerySet,
)
from .incidents import (
    CLINICAL_CAUSES,
    NEVER_EVENT_CHECKS,
    RETROCESSION_CHECKLIST_CODE,
    RETROCESSION_PRINCIPLE,
    SERIOUSNESS_HELP,
    UNRESOLVED_REMINDER_DAYS,
    CorrectionCause,
    Detection,
    ErrorType,
    Incident,
    IncidentQuerySet,
    Nature,
    NeverEvent,
    ReportType,
    Seriousness,
    Stage,
)
from .volumes import (
    MAX_MONTHLY_PRESCRIPTIONS,
    PrescriptionVolume,
    PrescriptionVolumeQuerySet,
    RegistrationPeriod,
    RegistrationPeriodQuerySet,
    last_day_of_month,
)

__all__ = [
    "CLINICAL_CAUSES",
    "EMERGENCY_ANSWER_HOURS",
    "EMERGENCY_CONDITIONS",
    "MAX_MONTHLY_PRESCRIPTIONS",
    "NEVER_EVENT_CHECKS",
    "PROGRAMME_CRITERION_EXPLANATION",
    "RETROCESSION_CHECKLIST_CODE",
    "RETROCESSION_PRINCIPLE",
    "SERIOUSNESS_HELP",
    "UNRESOLVED_REMINDER_DAYS",
    "CorrectionCause",
    "Detection",
    "EmergencyRequest",
    "EmergencyRequestQuerySet",
    "ErrorType",
    "ImprovementAction",
    "ImprovementActionQuerySet",
    "ImprovementSheet",
    "ImprovementSheetQuerySet",
    "Incident",
    "IncidentQuerySet",
    "Nature",
    "NeverEvent",
    "PrescriptionVolume",
    "PrescriptionVolumeQuerySet",
    "RegistrationPeriod",
    "RegistrationPeriodQuerySet",
    "ReportType",
    "Seriousness",
    "Stage",
    "last_day_of_month",
]
