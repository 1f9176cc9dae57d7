"""Kinds without an automatic grade: a description (information, never graded) and an essay (the
student writes, compares with the teacher's model answer, and grades themselves)."""

from __future__ import annotations

from xml.etree import ElementTree

from django.utils.translation import gettext as _

from quizzes.kinds.base import QuestionKind
from quizzes.kinds.registry import register

ESSAY_MAX_LENGTH = 500  # what an attempt keeps of a written answer


@register
class Description(QuestionKind):
    """Moodle's description: a text shown to read, never graded nor drawn in a session."""

    value = "description"
    graded = False
    stores_choices = False
    answer_template = "quizzes/kinds/description.html"
    correction_template = "quizzes/kinds/correction_free.html"
    moodle_type = "description"
    moodle_types = ("description",)
    gift_braces = False  # `::name::text`, without answers

    def score(self, question, choice_ids=(), text="", arrangement=None):
        return 0.0, ""

    def correct_answer_display(self, question):
        return ""

    def gift_body(self, question, choices):
        return ""  # `::name::text` without braces

    def write_moodle(self, element, question, choices):
        return None

    def read_moodle(self, element, parsed, reader):
        parsed.kind = "description"


@register
class Essay(QuestionKind):
    """The student writes an answer, then sees the model answer (`Question.model_answer`) and grades
    themselves: « À revoir », « Difficile », « Correct » or « Facile », which the scheduler receives
    (`Attempt.self_grade`). Until then the answer counts as « À revoir »."""

    value = "essay"
    free_answer = True
    self_graded = True
    stores_choices = False
    answer_template = "quizzes/kinds/essay.html"
    correction_template = "quizzes/kinds/correction_essay.html"
    moodle_type = "essay"
    moodle_types = ("essay",)

    def response_error(self, question, choice_ids=(), text="", arrangement=None):
        return "" if str(text or "").strip() else _("Écrivez votre réponse.")

    def score(self, question, choice_ids=(), text="", arrangement=None):
        return 0.0, ""  # graded by the student, after comparing with the model answer

    def correct_answer_display(self, question):
        return question.model_answer

    def gift_body(self, question, choices):
        return ""  # `{}`: an essay

    def write_moodle(self, element, question, choices):
        ElementTree.SubElement(element, "responseformat").text = "plain"
        ElementTree.SubElement(element, "responsefieldlines").text = "10"
        info = ElementTree.SubElement(element, "graderinfo", {"format": "html"})
        ElementTree.SubElement(info, "text").text = question.model_answer

    def read_moodle(self, element, parsed, reader):
        parsed.kind = "essay"
        model, _is_html = reader.formatted(element.find("graderinfo"))
        parsed.model_answer = model
