"""Kinds answered by placing items: matching (with extra wrong matches, Moodle's distractors) and ordering."""

from __future__ import annotations

from xml.etree import ElementTree

from django.utils.translation import gettext as _

from quizzes.kinds.answers import normalize_answer, stable_shuffle
from quizzes.kinds.base import QuestionKind, answer_element, plain
from quizzes.kinds.gifttext import escape
from quizzes.kinds.registry import register


def matching_errors(pairs) -> dict[str, str]:
    """At least two pairs; a pair without its item is an extra wrong match (a distractor), allowed."""
    kept = [(str(left).strip(), str(right).strip()) for left, right in pairs if str(left).strip() or str(right).strip()]
    if any(not right for _left, right in kept):
        return {"choices": _("Chaque paire d'une question d'association a un élément et sa correspondance.")}
    if len([left for left, _right in kept if left]) < 2:
        return {"choices": _("Une question d'association demande au moins deux paires.")}
    return {}


class ArrangementKind(QuestionKind):
    arrangement = True
    correction_template = "quizzes/kinds/correction_free.html"
    prefix = ""

    def choice_is_correct(self, choice):
        return True  # every pair and every item is part of the answer

    def items(self, question) -> list:
        return list(question.choices.all())

    def read_arrangement(self, question, data):
        """{item id: picked match id (matching) or rank (ordering)} from the submitted form
        (`match-<id>` / `rank-<id>` fields); unknown ids and non-numbers are ignored."""
        arrangement = {}
        for choice in self.items(question):
            value = str(data.get(f"{self.prefix}{choice.pk}", "")).strip()
            if value.isdigit():
                arrangement[choice.pk] = int(value)
        return arrangement


@register
class Matching(ArrangementKind):
    """Items (choices with a text) each matched to one of the matches; a choice without text only adds
    a wrong match to the list (Moodle's distractor). Right when every item gets its match."""

    value = "matching"
    fixed_order = True
    prefix = "match-"
    answer_template = "quizzes/kinds/matching.html"
    moodle_type = "matching"
    moodle_types = ("matching",)

    def items(self, question):
        return [c for c in question.choices.all() if c.text.strip()]

    def answer_errors(self, choices=(), accepted=(), number=None, pairs=(), text=None):
        return matching_errors(pairs)

    def answer_context(self, question, session, choices, arrangement=None):
        rows = [c for c in choices if c.text.strip()]
        return {"rows": [(choice, (arrangement or {}).get(choice.pk)) for choice in rows],
                "matches": question.matches_for(session)}

    def response_error(self, question, choice_ids=(), text="", arrangement=None):
        if len(arrangement or {}) < len(self.items(question)):
            return _("Associez chaque élément à une réponse.")
        return ""

    def score(self, question, choice_ids=(), text="", arrangement=None):
        """Right when every item is given its match (compared as text: two items may share one)."""
        picked = arrangement or {}
        choices = {c.pk: c for c in question.choices.all()}
        items = self.items(question)
        right = bool(items)
        for choice in items:
            match = choices.get(picked.get(choice.pk))
            if match is None or normalize_answer(match.match_text) != normalize_answer(choice.match_text):
                right = False
        key = ",".join(f"{item}:{match}" for item, match in sorted(picked.items()) if item in choices and match in choices)
        return (1.0 if right else 0.0), key[:200]

    def correct_answer_display(self, question):
        return " ; ".join(f"{plain(c.text)} → {c.match_text}" for c in self.items(question))

    def response_display(self, question, key):
        choices = {c.pk: c for c in question.choices.all()}
        pairs = [part.split(":", 1) for part in key.split(",") if ":" in part]
        return " ; ".join(
            f"{plain(choices[int(a)].text)} → {choices[int(b)].match_text}"
            for a, b in pairs if a.isdigit() and b.isdigit() and int(a) in choices and int(b) in choices
        )

    def gift_body(self, question, choices):
        return " ".join(f"={escape(c.text)} -> {escape(c.match_text)}" for c in choices)

    def write_moodle(self, element, question, choices):
        ElementTree.SubElement(element, "shuffleanswers").text = "true"
        for choice in choices:
            sub = ElementTree.SubElement(element, "subquestion", {"format": "plain_text"})
            ElementTree.SubElement(sub, "text").text = choice.text
            answer = ElementTree.SubElement(sub, "answer")
            ElementTree.SubElement(answer, "text").text = choice.match_text

    def read_moodle(self, element, parsed, reader):
        parsed.kind = "matching"
        for sub in element.findall("subquestion"):
            parsed.pairs.append((reader.plain(sub), reader.plain(sub.find("answer"))))


@register
class Ordering(ArrangementKind):
    """Items to put in order (the right order is their `position`)."""

    value = "ordering"
    prefix = "rank-"
    answer_template = "quizzes/kinds/ordering.html"
    moodle_type = "ordering"
    moodle_types = ("ordering",)

    def choices_for(self, question, choices, session):
        """Shuffled, and never shown already in order: the order is the answer."""
        shuffled = stable_shuffle(choices, session, question.pk)
        return shuffled[1:] + shuffled[:1] if session is not None and shuffled == choices else shuffled

    def answer_errors(self, choices=(), accepted=(), number=None, pairs=(), text=None):
        if len([text for text, _ok in choices if str(text).strip()]) < 2:
            return {"choices": _("Une question de remise en ordre demande au moins deux éléments.")}
        return {}

    def answer_context(self, question, session, choices, arrangement=None):
        return {"rows": [(choice, (arrangement or {}).get(choice.pk)) for choice in choices],
                "ranks": range(1, len(choices) + 1)}

    def response_error(self, question, choice_ids=(), text="", arrangement=None):
        arrangement = arrangement or {}
        items = self.items(question)
        if len(arrangement) < len(items):
            return _("Donnez un rang à chaque élément.")
        if sorted(arrangement.values()) != list(range(1, len(items) + 1)):
            return _("Donnez un rang différent à chaque élément, de 1 à %(n)s.") % {"n": len(items)}
        return ""

    def score(self, question, choice_ids=(), text="", arrangement=None):
        """Right when the items are ranked exactly in the teacher's order."""
        ranks = arrangement or {}
        items = [c.pk for c in question.choices.all()]
        given = sorted((pk for pk in ranks if pk in items), key=lambda pk: ranks[pk])
        return (1.0 if items and given == items else 0.0), ",".join(str(pk) for pk in given)[:200]

    def correct_answer_display(self, question):
        return " ; ".join(f"{n}. {plain(c.text)}" for n, c in enumerate(question.choices.all(), start=1))

    def response_display(self, question, key):
        choices = {c.pk: c for c in question.choices.all()}
        ids = [int(k) for k in key.split(",") if k.isdigit() and int(k) in choices]
        return " ; ".join(f"{n}. {plain(choices[pk].text)}" for n, pk in enumerate(ids, start=1))

    def gift_body(self, question, choices):
        return None  # GIFT has no ordering question

    def write_moodle(self, element, question, choices):
        for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("gradingtype", "ABSOLUTE_POSITION")):
            ElementTree.SubElement(element, tag).text = value
        for choice in choices:
            answer_element(element, choice.text, 0.01)

    def read_moodle(self, element, parsed, reader):
        parsed.kind = "ordering"
        for answer in element.findall("answer"):
            parsed.add_choice(reader.plain(answer), True)
