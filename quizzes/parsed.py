"""`ParsedQuestion`: a question read from a file, before validation, the same shape for every
import format (spreadsheets, Aiken, GIFT, Moodle XML), with its line number and its errors."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_CHAPTER = "Questions importées"


@dataclass
class ParsedQuestion:
    line: int
    chapter: str = ""
    kind: str = ""
    text: str = ""
    name: str = ""
    choices: list[tuple[str, bool]] = field(default_factory=list)
    # Beside each choice: its Moodle weight (None: all or nothing) and its feedback.
    fractions: list[float | None] = field(default_factory=list)
    feedbacks: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    # Typed answers with a weight or a feedback (short answer, numerical): (text, fraction, feedback).
    answers: list[tuple[str, float, str]] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # matching: (item, its match); no item: a distractor
    number: float | None = None  # numerical questions: the right value, and the gap accepted
    tolerance: float = 0
    explanation: str = ""
    model_answer: str = ""  # essay
    source: str = ""
    errors: list[str] = field(default_factory=list)
    # False when the parser built the HTML itself from escaped plain text (no sanitizing needed).
    is_html: bool = True
    weighted: bool = False  # GIFT answers with %weights%: a multiple choice even inside the text
    media: list[tuple[str, bytes]] = field(default_factory=list)  # embedded files: (name, content)

    def add_choice(self, text: str, is_correct: bool, fraction: float | None = None, feedback: str = "") -> None:
        self.choices.append((text, is_correct))
        self.fractions.append(fraction)
        self.feedbacks.append(feedback)

    def add_answer(self, text: str, fraction: float, feedback: str = "") -> None:
        """A typed answer: accepted when it earns the full mark, kept with its weight and feedback."""
        self.answers.append((text, fraction, feedback))
        if fraction >= 1 - 1e-9 and text.strip() != "*":
            self.accepted.append(text)

    def add_number(self, value: float, tolerance: float, fraction: float, feedback: str = "") -> None:
        """A numerical answer: the first at the full mark is the question's value and tolerance."""
        self.answers.append((f"{value:g}:{tolerance:g}", fraction, feedback))
        if fraction >= 1 - 1e-9 and self.number is None:
            self.number, self.tolerance = value, tolerance

    def simplify_answers(self) -> None:
        """Typed answers all at the full mark and without feedback are plain accepted answers."""
        if self.kind in ("short", "missing_word") and all(
            fraction >= 1 - 1e-9 and not feedback and text.strip() != "*" for text, fraction, feedback in self.answers
        ):
            self.answers = []
        if self.kind == "numerical" and len(self.answers) == 1 and not self.answers[0][2] and self.answers[0][1] >= 1 - 1e-9:
            self.answers = []
