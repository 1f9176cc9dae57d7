"""What every question kind answers: its validity rule, its grading, its answer form and correction,
its GIFT and Moodle XML writing. One subclass per kind, registered in `registry`; `Question` hands
every call to its kind (`Question.kind_rules`), so a new kind is one class and its tests."""

from __future__ import annotations

from xml.etree import ElementTree

from django.utils.translation import gettext as _

from portal.documents.sanitizer import to_text
from quizzes.kinds.answers import FULL_MARK, stable_shuffle


def plain(text: str) -> str:
    return to_text(text or "")


def answer_element(parent, text: str, fraction: float, feedback: str = "", **extra) -> ElementTree.Element:
    """A Moodle XML `<answer fraction="…">` with its text, optional feedback and extra children."""
    answer = ElementTree.SubElement(parent, "answer", {"fraction": number_text(fraction * 100), "format": "plain_text"})
    ElementTree.SubElement(answer, "text").text = text
    for tag, value in extra.items():
        ElementTree.SubElement(answer, tag).text = value
    if feedback:
        note = ElementTree.SubElement(answer, "feedback", {"format": "html"})
        ElementTree.SubElement(note, "text").text = feedback
    return answer


def number_text(value: float) -> str:
    return f"{value:.7f}".rstrip("0").rstrip(".")


class QuestionKind:
    """The rules of one kind of question. Subclasses set `value` (stored in `Question.kind`)."""

    value = ""
    free_answer = False  # typed (or a word picked), graded on text
    arrangement = False  # answered by placing items (pairs, ranks)
    stores_choices = True  # its answers are `Choice` rows
    graded = True  # a description is shown, never graded
    self_graded = False  # an essay: the student grades their answer against the model
    answer_template = "quizzes/kinds/choices.html"
    correction_template = "quizzes/kinds/correction_choices.html"
    moodle_types: tuple[str, ...] = ()  # the Moodle XML types this kind reads
    moodle_type = ""  # the Moodle XML type it is written as
    gift_braces = True  # written with its answers in braces (a description has none)

    # --- validity (the form and every import) ---
    def answer_errors(self, choices=(), accepted=(), number=None, pairs=(), text=None) -> dict[str, str]:
        return {}

    fixed_order = False  # its choices are never shuffled (true/false, matching items)

    # --- answering ---
    def choices_for(self, question, choices, session) -> list:
        """The choices in the order shown in this session: shuffled per session, the same on reload."""
        if question.ordered or self.fixed_order or session is None:
            return choices
        return stable_shuffle(choices, session, question.pk)

    def answer_context(self, question, session, choices, arrangement=None) -> dict:
        """What the answer form needs besides the question and its choices in the session's order."""
        return {}

    def read_arrangement(self, question, data) -> dict[int, int] | None:
        return None

    def read_text(self, question, data) -> str:
        """The typed response from the submitted form."""
        return data.get("text", "")

    def response_error(self, question, choice_ids=(), text: str = "", arrangement=None) -> str:
        """Why a response cannot be graded yet (asked again, nothing recorded), or ""."""
        if not (choice_ids or str(text or "").strip()):
            return _("Écrivez votre réponse.") if self.free_answer else _("Choisissez une réponse.")
        return ""

    def score(self, question, choice_ids=(), text: str = "", arrangement=None) -> tuple[float, str]:
        """The share of the mark earned (0 to 1) and the response's key (to count the most given answers)."""
        raise NotImplementedError

    def grade(self, question, choice_ids=(), text: str = "", arrangement=None) -> tuple[bool, str]:
        """Right when the response earns the full mark, and its key."""
        earned, key = self.score(question, choice_ids, text, arrangement)
        return earned >= FULL_MARK, key

    def choice_is_correct(self, choice) -> bool:
        """What `Choice.is_correct` is saved as for this kind (the teacher's tick by default)."""
        return choice.is_correct

    # --- display ---
    def display_text(self, question) -> str:
        """The statement as shown beside the correction."""
        return question.text

    def correct_answer_display(self, question) -> str:
        return " ; ".join(plain(c.text) for c in question.choices.all() if c.is_correct)

    def response_display(self, question, key: str) -> str:
        return key

    def correction_rows(self, question, attempt) -> list[dict]:
        """Per-part results for the correction (a cloze's gaps); none for the other kinds."""
        return []

    def feedback_for(self, question, attempt) -> list[str]:
        """The per-answer feedback that the given response earns (shown with the correction)."""
        return []

    # --- GIFT and Moodle XML writing ---
    def gift_body(self, question, choices) -> str | None:
        """The text between the braces, or None when GIFT cannot say this kind."""
        raise NotImplementedError

    def write_moodle(self, element, question, choices) -> None:
        raise NotImplementedError

    # --- Moodle XML reading ---
    def read_moodle(self, element, parsed, reader) -> None:
        """Fill `parsed` (a `quizzes.gift.ParsedQuestion`) from a `<question>`; `reader` gives the
        helpers of `quizzes.moodle` (text, plain text, fraction)."""
        raise NotImplementedError
