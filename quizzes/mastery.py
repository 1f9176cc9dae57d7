"""Mastery, defined here only: a memory state, never one answer.

A question counts as mastered for a student when their FSRS memory of it is *stable*: its stability
(the number of days after which the predicted recall falls to 90 %) has reached
`MASTERY_STABILITY_DAYS`, Anki's "mature" threshold, and their last answer to it was right. FSRS
gives a first right answer a stability of a few days at most (even « Facile »), so one lucky guess
never counts: mastery is earned over several spaced right answers. A wrong answer (or « Je ne sais
pas ») ends it until the question is answered right again.

The student's progress, the courses overview and the teacher's results all count mastery with
`mastered_q()` (in SQL) or `is_mastered()` (on fetched values): one rule, one place.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

MASTERY_STABILITY_DAYS = 21


def is_mastered(stability: float | None, last_correct: bool) -> bool:
    """The rule on values already read (a `MemoryState`'s `stability` and `last_correct`)."""
    return bool(last_correct) and stability is not None and stability >= MASTERY_STABILITY_DAYS


def mastered_q(prefix: str = "") -> Q:
    """The same rule as a filter on `MemoryState` (`prefix`: the path to it, e.g. "memory_states__")."""
    return Q(**{f"{prefix}last_correct": True, f"{prefix}stability__gte": MASTERY_STABILITY_DAYS})


def mastery_sentence() -> str:
    """The one-sentence definition shown to students next to their mastery."""
    return _(
        "Une question est maîtrisée quand, d'après vos réponses successives, vous avez encore 9 chances "
        "sur 10 de vous en souvenir dans %(days)s jours et que votre dernière réponse était juste : une "
        "seule bonne réponse ne suffit jamais."
    ) % {"days": MASTERY_STABILITY_DAYS}
