"""The annual self-assessment ("auto-évaluation").

A `Questionnaire` is versioned by year; its `Question`s each belong to a principle page of the
framework (and so to a theme) and offer `Choice`s worth points, one of which may be
"Non concerné" (left out of the maximum). `ScoreBand`s turn a percentage into a level label and
sentence, globally and per theme. A pharmacy fills in an `Assessment` (one `Answer` per
question, who and when); at submission the scores are written once into `ThemeScore` rows, so
past results never change, and the questionnaire is frozen. An `Attestation` records each
generation of the attestation PDF with its public verification code. A `TeamRound` lets each
member answer alone before the team consolidates the year's assessment (`models/team.py`).
"""

from selfassessment.models.assessments import (
    Answer,
    Assessment,
    AssessmentError,
    AssessmentQuerySet,
    ThemeScore,
)
from selfassessment.models.attestations import (
    Attestation,
    AttestationError,
    AttestationQuerySet,
    new_verification_code,
)
from selfassessment.models.questionnaires import (
    Choice,
    Question,
    Questionnaire,
    QuestionnaireQuerySet,
    QuestionQuerySet,
    ScoreBand,
)
from selfassessment.models.results import ReviewRow, ReviewTheme, overall_progress
from selfassessment.models.team import Decision, Participant, TeamAnswer, TeamRound, TeamRoundError
from selfassessment.scoring import ThemeResult, overall_percent, tally

__all__ = [
    "Answer",
    "Assessment",
    "AssessmentError",
    "AssessmentQuerySet",
    "Attestation",
    "AttestationError",
    "AttestationQuerySet",
    "Decision",
    "Choice",
    "Question",
    "QuestionQuerySet",
    "Questionnaire",
    "QuestionnaireQuerySet",
    "ReviewRow",
    "ReviewTheme",
    "Participant",
    "ScoreBand",
    "ThemeResult",
    "TeamAnswer",
    "TeamRound",
    "TeamRoundError",
    "ThemeScore",
    "new_verification_code",
    "overall_percent",
    "overall_progress",
    "tally",
]
