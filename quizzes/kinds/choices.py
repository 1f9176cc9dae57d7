"""Choice kinds: single choice, multiple choice (Moodle's weights and partial credit) and true/false."""

from __future__ import annotations

from xml.etree import ElementTree

from django.utils.translation import gettext as _

from quizzes.kinds.answers import capped, normalize_answer
from quizzes.kinds.base import QuestionKind, answer_element, plain
from quizzes.kinds.gifttext import escape, feedback_suffix, weight_prefix
from quizzes.kinds.registry import register

TRUE_WORDS = {"t", "true", "vrai", "1"}


def choice_errors(kind: str, choices) -> dict[str, str]:
    """Choices (single, multiple, true/false) and the items of an ordering question."""
    kept = [(text, ok) for text, ok in choices if str(text).strip()]
    if kind == "ordering":
        if len(kept) < 2:
            return {"choices": _("Une question de remise en ordre demande au moins deux éléments.")}
        return {}
    correct = sum(1 for _text, ok in kept if ok)
    if len(kept) < 2:
        return {"choices": _("Proposez au moins deux choix.")}
    if kind == "true_false" and sorted(normalize_answer(text) for text, _ok in kept) != ["faux", "vrai"]:
        return {"choices": _("Une question vrai / faux a exactement deux choix : « Vrai » et « Faux ».")}
    if correct == 0:
        return {"choices": _("Indiquez au moins une bonne réponse.")}
    if kind != "multiple" and correct != 1:
        return {"choices": _("Une question à choix unique a exactement une bonne réponse.")}
    return {}


def choice_fraction(choice) -> float:
    """A choice's share of the mark: its Moodle weight when it has one, else all or nothing."""
    if choice.fraction is not None:
        return choice.fraction
    return 1.0 if choice.is_correct else 0.0


def is_weighted(choices) -> bool:
    return any(choice.fraction is not None for choice in choices)


class ChoiceKind(QuestionKind):
    moodle_type = "multichoice"

    def answer_errors(self, choices=(), accepted=(), number=None, pairs=(), text=None):
        return choice_errors(self.value, choices)

    def chosen(self, question, choice_ids) -> list:
        ids = {int(c) for c in choice_ids if str(c).isdigit()}
        return [c for c in question.choices.all() if c.pk in ids]

    def score(self, question, choice_ids=(), text="", arrangement=None):
        chosen = self.chosen(question, choice_ids)
        key = ",".join(str(c.pk) for c in sorted(chosen, key=lambda c: c.pk))
        if not chosen:
            return 0.0, key
        return self.earned(question, chosen), key

    def earned(self, question, chosen) -> float:
        if len(chosen) != 1:
            return 0.0
        return capped(choice_fraction(chosen[0]))

    def response_display(self, question, key):
        ids = {int(k) for k in key.split(",") if k.isdigit()}
        return " + ".join(plain(c.text) for c in question.choices.all() if c.pk in ids)

    def feedback_for(self, question, attempt):
        chosen = attempt.chosen_ids
        return [c.feedback for c in question.choices.all() if c.pk in chosen and c.feedback]

    def gift_body(self, question, choices):
        weighted = is_weighted(choices)
        parts = []
        for choice in choices:
            if weighted and choice.fraction not in (None, 0, 1):
                parts.append(f"~{weight_prefix(choice.fraction)}{escape(choice.text)}")
            else:
                parts.append(f"{'=' if choice_fraction(choice) >= 1 else '~'}{escape(choice.text)}")
            parts[-1] += feedback_suffix(choice.feedback)
        return " ".join(parts)

    def write_moodle(self, element, question, choices):
        ElementTree.SubElement(element, "single").text = "true" if self.value != "multiple" else "false"
        ElementTree.SubElement(element, "shuffleanswers").text = "0" if question.ordered else "1"
        for choice in choices:
            answer_element(element, choice.text, self.moodle_fraction(choice, choices), choice.feedback)

    def moodle_fraction(self, choice, choices) -> float:
        return choice_fraction(choice)

    def read_moodle(self, element, parsed, reader):
        single = reader.text(element, "single").lower() in TRUE_WORDS
        parsed.kind = "single" if single else "multiple"
        for answer in element.findall("answer"):
            fraction = reader.fraction(answer)
            parsed.add_choice(reader.plain(answer), fraction >= 1 if single else fraction > 0,
                              fraction=fraction, feedback=reader.feedback(answer))


@register
class SingleChoice(ChoiceKind):
    value = "single"
    moodle_types = ("multichoice",)


@register
class MultipleChoice(ChoiceKind):
    """Legacy questions are all or nothing; weighted ones (imported) add the chosen answers' weights,
    negative ones subtracting, the sum kept between 0 and the full mark, as Moodle grades them."""

    value = "multiple"

    def earned(self, question, chosen):
        choices = list(question.choices.all())
        if is_weighted(choices):
            return capped(sum(choice_fraction(c) for c in chosen))
        right = {c.pk for c in choices if c.is_correct}
        return 1.0 if {c.pk for c in chosen} == right else 0.0

    def gift_body(self, question, choices):
        if is_weighted(choices):
            return " ".join(f"~{weight_prefix(choice_fraction(c))}{escape(c.text)}{feedback_suffix(c.feedback)}"
                            for c in choices)
        right = sum(1 for c in choices if c.is_correct) or 1
        return " ".join(f"~{weight_prefix(1 / right) if c.is_correct else '%-100%'}{escape(c.text)}"
                        f"{feedback_suffix(c.feedback)}" for c in choices)

    def moodle_fraction(self, choice, choices):
        if is_weighted(choices):
            return choice_fraction(choice)
        right = sum(1 for c in choices if c.is_correct) or 1
        return 1 / right if choice.is_correct else -1


@register
class TrueFalse(ChoiceKind):
    value = "true_false"
    fixed_order = True
    moodle_type = "truefalse"
    moodle_types = ("truefalse",)

    def is_true(self, choices) -> bool:
        right = next((c for c in choices if c.is_correct), None)
        return right is None or normalize_answer(right.text) in TRUE_WORDS

    def gift_body(self, question, choices):
        """`{T#feedback if wrong#feedback if right}`: Moodle's order, the wrong answer's feedback first."""
        is_true = self.is_true(choices)
        right = next((c for c in choices if c.is_correct), None)
        wrong = next((c for c in choices if not c.is_correct), None)
        body = "T" if is_true else "F"
        wrong_note, right_note = (wrong.feedback if wrong else ""), (right.feedback if right else "")
        if wrong_note or right_note:
            body += f"#{escape(wrong_note)}#{escape(right_note)}"
        return body

    def write_moodle(self, element, question, choices):
        is_true = self.is_true(choices)
        by_truth = {normalize_answer(c.text) in TRUE_WORDS: c for c in choices}
        for truth, word in ((True, "true"), (False, "false")):
            choice = by_truth.get(truth)
            answer_element(element, word, 1 if truth == is_true else 0, choice.feedback if choice else "")

    def read_moodle(self, element, parsed, reader):
        parsed.kind = "true_false"
        notes, is_true = {}, True
        for answer in element.findall("answer"):
            truth = reader.plain(answer).lower() in TRUE_WORDS
            notes[truth] = reader.feedback(answer)
            if reader.fraction(answer) >= 1:
                is_true = truth
        parsed.add_choice(_("Vrai"), is_true, feedback=notes.get(True, ""))
        parsed.add_choice(_("Faux"), not is_true, feedback=notes.get(False, ""))

