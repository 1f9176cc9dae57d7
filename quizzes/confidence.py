"""Confidence: before the answer is revealed, the student says « sûr » or « pas sûr ».

The answer form has one submit button for each (keys S and P, and plain buttons without JavaScript).
Confidence changes what an answer teaches the scheduler and the summary:

- a right answer given « pas sûr » is a recall that was hard: FSRS is told Hard, not Good;
- a wrong answer given « sûr » is a misconception (the student believes something false): the
  session summary lists it apart, as the answers to correct first.

In the mock exam nobody is asked (`None`), as for « Je ne sais pas ».
"""

from fsrs import Rating

SURE = "sur"
UNSURE = "pas_sur"


def read(value) -> bool | None:
    """The posted `confidence` value: True « sûr », False « pas sûr », None when not said."""
    return {SURE: True, UNSURE: False}.get(str(value or ""))


def rating(is_correct: bool, confident: bool | None) -> Rating:
    """The FSRS rating of an answer: Again when wrong, Hard when right but « pas sûr », else Good."""
    if not is_correct:
        return Rating.Again
    return Rating.Hard if confident is False else Rating.Good


def is_misconception(attempt) -> bool:
    """Wrong although the student was sure (« Je ne sais pas » never is)."""
    return not attempt.is_correct and not attempt.dont_know and attempt.confident is True


def misconceptions(attempts) -> list:
    """The session's misconceptions, each question once (its last answer given « sûr » and wrong)."""
    found = {attempt.question_id: attempt for attempt in attempts if is_misconception(attempt)}
    return list(found.values())
