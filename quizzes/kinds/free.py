"""Typed answers: short answer (Moodle's `*` wildcard, weights, feedback), missing word, numerical
(tolerance, ranges, several graded answers and a wrong-answer feedback)."""

from __future__ import annotations

from xml.etree import ElementTree

from django.utils.translation import gettext as _

from quizzes.kinds.answers import (
    BLANK,
    capped,
    format_number,
    matches_pattern,
    normalize_answer,
    parse_number,
)
from quizzes.kinds.base import QuestionKind, answer_element, number_text
from quizzes.kinds.choices import choice_fraction
from quizzes.kinds.gifttext import escape, feedback_suffix, weight_prefix
from quizzes.kinds.registry import register

CATCH_ALL = "*"


def accepted_list(question) -> list[str]:
    return [line.strip() for line in (question.accepted_answers or "").splitlines() if line.strip()]


def graded_answers(question) -> list:
    """Answers carried as `Choice` rows (imported with a weight or a feedback), in the teacher's order."""
    return [c for c in question.choices.all() if c.fraction is not None]


class FreeKind(QuestionKind):
    free_answer = True

    def matched(self, question, text: str):
        """The first graded answer the response matches (Moodle tries them in order), or None."""
        return next((c for c in graded_answers(question) if self.matches(c.text, text)), None)

    def matches(self, pattern: str, text: str) -> bool:
        return matches_pattern(text, pattern)

    def feedback_for(self, question, attempt):
        if attempt.dont_know:
            return []
        choice = self.matched(question, attempt.response_text)
        return [choice.feedback] if choice is not None and choice.feedback else []


class TextKind(FreeKind):
    answer_template = "quizzes/kinds/short.html"
    correction_template = "quizzes/kinds/correction_free.html"
    moodle_type = "shortanswer"

    def score(self, question, choice_ids=(), text="", arrangement=None):
        given = normalize_answer(text)
        if not given:
            return 0.0, ""
        choice = self.matched(question, text)
        if choice is not None:
            return capped(choice.fraction), given[:200]
        right = any(matches_pattern(text, answer) for answer in accepted_list(question))
        return (1.0 if right else 0.0), given[:200]

    def correct_answer_display(self, question):
        accepted = accepted_list(question)
        full = [c.text for c in graded_answers(question) if c.fraction >= 1]
        return (accepted + full)[0] if accepted or full else ""

    def gift_answers(self, question, choices) -> list[str]:
        parts = [f"={escape(answer)}" for answer in accepted_list(question)]
        for choice in graded_answers(question):
            weight = "" if choice.fraction >= 1 else weight_prefix(choice.fraction)
            parts.append(f"={weight}{escape(choice.text)}{feedback_suffix(choice.feedback)}")
        return parts

    def write_answers(self, element, question) -> None:
        ElementTree.SubElement(element, "usecase").text = "0"
        for accepted in accepted_list(question):
            answer_element(element, accepted, 1)
        for choice in graded_answers(question):
            answer_element(element, choice.text, choice.fraction, choice.feedback)


@register
class ShortAnswer(TextKind):
    value = "short"
    moodle_types = ("shortanswer",)

    def answer_errors(self, choices=(), accepted=(), number=None, pairs=(), text=None):
        if not [a for a in accepted if str(a).strip() and str(a).strip() != CATCH_ALL]:
            return {"accepted_answers": _("Indiquez au moins une réponse acceptée.")}
        return {}

    def choice_is_correct(self, choice):
        return choice_fraction(choice) >= 1

    def gift_body(self, question, choices):
        return " ".join(self.gift_answers(question, choices))

    def write_moodle(self, element, question, choices):
        self.write_answers(element, question)

    def read_moodle(self, element, parsed, reader):
        answers = element.findall("answer")
        if BLANK.search(parsed.text):  # « _____ » in the text: a missing word, its 0 % answers the wrong words
            parsed.kind = "missing_word"
            parsed.accepted = [reader.plain(a) for a in answers if reader.fraction(a) >= 1]
            for answer in answers:
                if reader.fraction(answer) <= 0:
                    parsed.add_choice(reader.plain(answer), False)
            return
        parsed.kind = "short"
        for answer in answers:
            parsed.add_answer(reader.plain(answer), reader.fraction(answer), reader.feedback(answer))


@register
class MissingWord(TextKind):
    value = "missing_word"
    answer_template = "quizzes/kinds/missing_word.html"

    def answer_errors(self, choices=(), accepted=(), number=None, pairs=(), text=None):
        """A missing-word question has exactly one blank (three underscores or more) and an answer."""
        blanks = len(BLANK.findall(text or ""))
        if text is not None and blanks == 0:
            return {"text": _("Une question à mot manquant contient un blanc : écrivez « _____ » à la place du mot.")}
        if blanks > 1:
            return {"text": _("Une question à mot manquant ne contient qu'un seul blanc « _____ ».")}
        if not [a for a in accepted if str(a).strip()]:
            return {"accepted_answers": _("Indiquez au moins une réponse acceptée pour le mot manquant.")}
        return {}

    def choice_is_correct(self, choice):
        return False  # the words offered besides the accepted answers are wrong ones

    def answer_context(self, question, session, choices, arrangement=None):
        return {"words": question.words_for(session)}

    def gift_body(self, question, choices):
        wrong = [f"~{escape(c.text)}{feedback_suffix(c.feedback)}" for c in choices if c.fraction is None]
        return " ".join(self.gift_answers(question, choices) + wrong)

    def write_moodle(self, element, question, choices):
        self.write_answers(element, question)
        for choice in choices:
            if choice.fraction is None:
                answer_element(element, choice.text, 0)


def numeric_range(pattern: str) -> tuple[float, float] | None:
    """A graded numerical answer stored as "value:tolerance" or "low..high" (None for the catch-all)."""
    if ".." in pattern:
        low, high = (parse_number(part) for part in pattern.split("..", 1))
        return None if low is None or high is None else (min(low, high), max(low, high))
    value, _sep, tolerance = pattern.partition(":")
    value, tolerance = parse_number(value), parse_number(tolerance or "0")
    return None if value is None or tolerance is None else (value - abs(tolerance), value + abs(tolerance))


@register
class Numerical(FreeKind):
    """A value and a tolerance; imported questions may add graded answers ("value:tolerance" or
    "low..high" `Choice` rows with their weight and feedback, `*` for any other number)."""

    value = "numerical"
    answer_template = "quizzes/kinds/numerical.html"
    correction_template = "quizzes/kinds/correction_free.html"
    moodle_type = "numerical"
    moodle_types = ("numerical",)

    def answer_errors(self, choices=(), accepted=(), number=None, pairs=(), text=None):
        if number is None:
            return {"numeric_answer": _("Indiquez la valeur attendue : un nombre, par exemple 3,5.")}
        return {}

    def matches(self, pattern, text):
        value = parse_number(text)
        if pattern.strip() == CATCH_ALL:
            return value is not None
        bounds = numeric_range(pattern)
        return value is not None and bounds is not None and bounds[0] - 1e-9 <= value <= bounds[1] + 1e-9

    def response_error(self, question, choice_ids=(), text="", arrangement=None):
        if not str(text or "").strip():
            return _("Écrivez votre réponse.")
        if parse_number(text) is None:
            return _("« %(text)s » n'est pas un nombre : écrivez par exemple 3,5.") % {"text": text.strip()[:40]}
        return ""

    def score(self, question, choice_ids=(), text="", arrangement=None):
        value = parse_number(text)
        if value is None or question.numeric_answer is None:
            return 0.0, normalize_answer(text)[:200]
        choice = self.matched(question, text)
        if choice is not None:
            return capped(choice.fraction), format_number(value)
        right = abs(value - question.numeric_answer) <= question.numeric_tolerance + 1e-9
        return (1.0 if right else 0.0), format_number(value)

    def correct_answer_display(self, question):
        if question.numeric_answer is None:
            return ""
        shown = format_number(question.numeric_answer)
        return f"{shown} (± {format_number(question.numeric_tolerance)})" if question.numeric_tolerance else shown

    def gift_body(self, question, choices):
        graded = graded_answers(question)
        if not graded:
            return f"#{question.numeric_answer:g}:{question.numeric_tolerance:g}"
        parts = []
        for choice in graded:
            if choice.text.strip() == CATCH_ALL:
                parts.append(f"~{feedback_suffix(choice.feedback) or '#'}")
                continue
            weight = "" if choice.fraction >= 1 else weight_prefix(choice.fraction)
            parts.append(f"={weight}{choice.text}{feedback_suffix(choice.feedback)}")
        return "#" + " ".join(parts)

    def write_moodle(self, element, question, choices):
        graded = graded_answers(question)
        if not graded:
            answer_element(element, number_text(question.numeric_answer or 0), 1,
                           tolerance=number_text(question.numeric_tolerance))
            return
        for choice in graded:
            bounds = numeric_range(choice.text)
            if bounds is None:
                answer_element(element, CATCH_ALL, choice.fraction, choice.feedback)
                continue
            middle, gap = (bounds[0] + bounds[1]) / 2, (bounds[1] - bounds[0]) / 2
            answer_element(element, number_text(middle), choice.fraction, choice.feedback, tolerance=number_text(gap))

    def read_moodle(self, element, parsed, reader):
        parsed.kind = "numerical"
        for answer in element.findall("answer"):
            raw = reader.text(answer)
            fraction, feedback = reader.fraction(answer), reader.feedback(answer)
            if raw.strip() == CATCH_ALL:
                parsed.add_answer(CATCH_ALL, fraction, feedback)
                continue
            value, tolerance = parse_number(raw), parse_number(reader.text(answer, "tolerance") or "0")
            if value is None or tolerance is None:
                parsed.errors.append(_("Question numérique : « %(value)s » n'est pas un nombre.") % {"value": raw[:40]})
                return
            parsed.add_number(value, abs(tolerance), fraction, feedback)
