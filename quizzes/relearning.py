"""Relearning in the session: a question answered wrong, or « Je ne sais pas », comes back.

As Anki's learning steps and Wooflash do, the question is put back in the session's queue
(`StudySession.question_ids`) `GAP` questions later (at the end when fewer are left), and again
after each wrong answer, until the student answers it right once. Its later answers are attempts
numbered by `repeat` (1, 2...); the score counts first answers only, and the summary says how many
questions came back. The mock exam never brings a question back (no correction before the end).
"""

from collections import Counter

GAP = 3  # the number of other questions asked before a failed question comes back


def comes_back(mode: str, is_correct: bool) -> bool:
    return not is_correct and mode != "exam"


def requeue(question_ids: list[int], next_position: int, question_id: int) -> list[int]:
    """The queue with `question_id` put back `GAP` questions after `next_position` (or at the end)."""
    queue = list(question_ids)
    queue.insert(min(next_position + GAP, len(queue)), question_id)
    return queue


def settle(question_ids: list[int], position: int, question_id: int, is_correct: bool) -> list[int]:
    """After a self-graded essay (graded once the answer is shown): « À revoir » brings it back as a
    wrong answer does, unless it is already coming back; a right grade cancels a return not yet asked."""
    queue = list(question_ids)
    pending = [i for i in range(position, len(queue)) if queue[i] == question_id]
    if is_correct and pending:
        del queue[pending[-1]]
    elif not is_correct and not pending:
        queue = requeue(queue, position, question_id)
    return queue


def repeat_number(question_ids: list[int], position: int, question_id: int) -> int:
    """0 the first time the question is asked in the session, 1 when it comes back, and so on."""
    return question_ids[:position].count(question_id)


def distinct_count(question_ids: list[int]) -> int:
    """How many questions the session asks, each counted once (what the score is out of)."""
    return len(set(question_ids))


def returned_count(question_ids: list[int]) -> int:
    """How many questions came back (or will come back) in the session."""
    return sum(1 for n in Counter(question_ids).values() if n > 1)
