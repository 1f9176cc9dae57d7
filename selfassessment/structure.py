"""A questionnaire's structure as the self-assessment pages read it, cached and shared by everyone.

The questions of a questionnaire version (their principle's number, title and address, their
choices and maximum), its score bands and the themes' titles are the same for every pharmacy:
`structure(questionnaire_id)` reads them once into plain objects and keeps them with
`portal.caching.for_content` (in each process's memory and in the shared cache), under the
content version (questionnaires, questions, choices, bands) and the site generation (principle
and theme pages are Wagtail pages: publishing one bumps it). A page then reads only its own
pharmacy's rows: the answers.

`scorecard(structure, answers)` puts one assessment's answers on these questions and hands them to
`scoring.Scorecard`, so the scores follow the one scoring rule without loading a question.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from portal import caching
from selfassessment.scoring import Scorecard


@dataclass(frozen=True)
class ChoiceInfo:
    pk: int
    question_id: int
    order: int
    label: str
    points: int
    is_not_applicable: bool


@dataclass(frozen=True)
class PrincipleInfo:
    pk: int
    number: str
    title: str
    url: str


@dataclass(frozen=True)
class QuestionInfo:
    pk: int
    theme_number: int
    order: int
    text: str
    help_text: str
    recommendations: tuple
    principle: PrincipleInfo
    choices: tuple  # ChoiceInfo, in the questionnaire's order
    max_points: int  # QuestionQuerySet.with_max_points

    @property
    def principle_id(self) -> int:
        return self.principle.pk

    def recommendation_list(self) -> list[str]:
        return list(self.recommendations)

    @property
    def choice_list(self) -> list[ChoiceInfo]:
        return list(self.choices)


@dataclass(frozen=True)
class ToolLink:
    """A live tool of the tool kit serving a principle (`portal.pages.models.tools_by_principle`)."""

    code: str
    title: str
    url: str


@dataclass
class Structure:
    questionnaire_id: int
    questions: list[QuestionInfo]  # by theme, order, pk
    bands: list  # ScoreBand rows
    titles: dict  # portal.pages.models.ThemeTitles
    themes: dict[int, list[QuestionInfo]] = field(default_factory=dict)
    by_pk: dict[int, QuestionInfo] = field(default_factory=dict)
    choices: dict[int, ChoiceInfo] = field(default_factory=dict)
    tools: dict[str, list] = field(default_factory=dict)  # {principle number: [ToolLink]}
    stamp: str = ""  # this reading's identity: fragments built from it are keyed by it


    def __post_init__(self):
        for question in self.questions:
            self.themes.setdefault(question.theme_number, []).append(question)
            self.by_pk[question.pk] = question
            for choice in question.choices:
                self.choices[choice.pk] = choice


def _build(questionnaire_id: int) -> Structure:
    from portal.pages.models import theme_titles, tools_by_principle
    from selfassessment.models import Choice, Question, ScoreBand

    choices: dict[int, list[ChoiceInfo]] = {}
    for c in Choice.objects.filter(question__questionnaire_id=questionnaire_id).order_by("order", "pk"):
        choices.setdefault(c.question_id, []).append(
            ChoiceInfo(c.pk, c.question_id, c.order, c.label, c.points, c.is_not_applicable))
    principles: dict[int, PrincipleInfo] = {}
    questions = []
    for q in (Question.objects.filter(questionnaire_id=questionnaire_id).with_max_points().select_related("principle")
              .order_by("theme_number", "order", "pk")):
        principle = principles.get(q.principle_id)
        if principle is None:
            principle = principles[q.principle_id] = PrincipleInfo(
                q.principle_id, q.principle.number, q.principle.title, q.principle_url())
        own = tuple(choices.get(q.pk, ()))
        questions.append(QuestionInfo(
            q.pk, q.theme_number, q.order, q.text, q.help_text, tuple(q.recommendation_list()), principle, own,
            q.max_points,
        ))
    bands = list(ScoreBand.objects.filter(questionnaire_id=questionnaire_id))
    tools = {
        number: [ToolLink(tool.code, tool.title, tool.get_url()) for tool in pages]
        for number, pages in tools_by_principle({p.number for p in principles.values()}).items()
    }
    return Structure(questionnaire_id, questions, bands, theme_titles(), tools=tools, stamp=uuid.uuid4().hex)


FORMAT = 2  # of the cached objects: change it with their fields, so that no process reads an older shape


def structure(questionnaire_id: int) -> Structure:
    """The questionnaire's structure (see the module's docstring): no query once cached."""
    return caching.for_content(
        f"selfassessment-structure-v{FORMAT}-{questionnaire_id}-{caching.generation()}",
        lambda: _build(questionnaire_id),
    )


class _Answered:
    """A question of the structure with one assessment's answer, as `Scorecard` reads it."""

    __slots__ = ("info", "answer_points", "answer_not_applicable")

    def __init__(self, info, choice):
        self.info = info
        self.answer_points = None if choice is None else choice.points
        self.answer_not_applicable = None if choice is None else choice.is_not_applicable

    def __getattr__(self, name):
        return getattr(self.info, name)


def scorecard(structure: Structure, choice_of_question: dict[int, int]) -> Scorecard:
    """The `Scorecard` of answers given as {question id: choice id}, on the cached structure."""
    choices = structure.choices
    return Scorecard([_Answered(q, choices.get(choice_of_question.get(q.pk))) for q in structure.questions])


MARK = "\x00"  # around the places of a fragment that each request fills in (never in escaped text)


def fragment(shape: Structure, name: str, render) -> list[str]:
    """A fragment of HTML built from the structure alone, cached like it (and per language), split
    at its `MARK`s: even items are the HTML, odd items name what each request puts there."""
    from django.utils.translation import get_language

    return caching.for_content(f"selfassessment-fragment-{shape.stamp}-{get_language()}-{name}",
                               lambda: render().split(MARK))
