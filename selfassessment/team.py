"""The team round's pages read from here: the disagreement map (a fixed number of queries, none
per question), the consolidated answers, the progress of each participant, and the
« harmoniser la pratique » improvement sheet opened from a question."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from portal.accounts.personal_data import member_name
from portal.pages.models import ThemeTitles
from registers.models import ImprovementSheet
from selfassessment.disagreement import STRONG_DISAGREEMENT, Spread, heat, spread_of
from selfassessment.models import Question
from selfassessment.models.team import Decision, TeamAnswer
from selfassessment.structure import structure


@dataclass
class QuestionRow:
    question: Question
    spread: Spread
    decision: Decision | None = None

    @cached_property
    def score(self) -> int:
        """Read once the row is built (its spread complete): the heat, the sorting and the page reuse it."""
        return self.spread.score()

    @property
    def heat(self) -> int:
        return heat(self.score)

    @property
    def strong(self) -> bool:
        return self.score >= STRONG_DISAGREEMENT

    @property
    def chosen_id(self) -> int | None:
        """The consolidated answer: the team's decision, else the default (median)."""
        if self.decision is not None and self.decision.choice_id:
            return self.decision.choice_id
        return self.spread.default_choice_id()


@dataclass
class PrincipleCell:
    number: str
    title: str
    rows: list = field(default_factory=list)

    @cached_property
    def score(self) -> int:
        """The principle's disagreement: its most disputed question's (read once its rows are all in)."""
        return max((row.score for row in self.rows), default=0)

    @property
    def heat(self) -> int:
        return heat(self.score)

    @property
    def top(self) -> QuestionRow:
        """The principle's most disputed question."""
        return max(self.rows, key=lambda row: row.score)


@dataclass
class ThemeLine:
    number: int
    title: str
    principles: list = field(default_factory=list)


@dataclass
class DisagreementMap:
    themes: list[ThemeLine]
    rows: list[QuestionRow]
    participants: int

    @property
    def disputed(self) -> list[QuestionRow]:
        """Every question, those where the team disagrees most first (then split on relevance)."""
        return sorted(self.rows, key=lambda r: (-r.score, not r.spread.split_on_relevance))

    def principles_with_disagreement(self) -> list[PrincipleCell]:
        """The principles where the team disagreed (score above 0), most disputed first: the bilan shows them."""
        cells = [cell for theme in self.themes for cell in theme.principles if cell.score > 0]
        return sorted(cells, key=lambda c: -c.score)


def build_map(team_round, titles=None) -> DisagreementMap:
    """The spreads of every question of the round (3 queries whatever the number of questions,
    answers and participants: the questionnaire's structure is cached, `structure.structure`)."""
    shape = structure(team_round.questionnaire_id)
    names = {p.pk: member_name(p.user) if p.show_name else None
             for p in team_round.participants.select_related("user")}
    answers: dict[int, list] = {}
    participants = set()
    for question_id, choice_id, participant_id in TeamAnswer.objects.filter(participant__round=team_round).values_list(
            "question_id", "choice_id", "participant_id"):
        participants.add(participant_id)
        answers.setdefault(question_id, []).append((choice_id, names[participant_id]))
    decisions = {d.question_id: d for d in team_round.decisions.all()}
    titles = shape.titles if titles is None else titles
    themes: dict[int, ThemeLine] = {}
    principles: dict[int, PrincipleCell] = {}
    rows = []
    for question in shape.questions:
        row = QuestionRow(question, spread_of(question.choices, answers.get(question.pk, [])),
                          decisions.get(question.pk))
        rows.append(row)
        theme = themes.setdefault(question.theme_number, ThemeLine(question.theme_number,
                                                                    titles[question.theme_number]))
        cell = principles.get(question.principle_id)
        if cell is None:
            cell = principles[question.principle_id] = PrincipleCell(question.principle.number,
                                                                     question.principle.title)
            theme.principles.append(cell)
        cell.rows.append(row)
    return DisagreementMap(list(themes.values()), rows, len(participants))


@dataclass(frozen=True)
class BilanCell:
    """A principle where the team disagreed, as the bilan shows it (kept with the bilan)."""

    number: str
    title: str
    score: int
    heat: int
    question: str  # its most disputed question's text


def team_disagreement(assessment) -> list[BilanCell] | None:
    """What the bilan shows of the team round the assessment came from (None without one): the
    principles where the team disagreed, most disputed first. The round is loaded with the
    assessment (`select_related("team_round")`), so an assessment without one costs no query."""
    try:
        team_round = assessment.team_round
    except ObjectDoesNotExist:
        return None
    return [BilanCell(cell.number, cell.title, cell.score, cell.heat, cell.top.question.text)
            for cell in build_map(team_round).principles_with_disagreement()]


def consolidated_answers(team_round) -> list[tuple[int, int]]:
    """(question id, choice id) of every question with an answer retained: the decision, else the default."""
    return [(row.question.pk, row.chosen_id) for row in build_map(team_round, titles=ThemeTitles()).rows
            if row.chosen_id is not None]


def progress(team_round) -> list:
    """The participants with how many questions each has answered (never which answers): 2 queries."""
    total = team_round.questions().count()
    participants = list(team_round.participants.select_related("user").annotate(answered=Count("answers"))
                        .order_by("user__last_name", "user__first_name", "pk"))
    for participant in participants:
        participant.total = total
    return participants


def harmonise_sheet(team_round, question_id: int) -> ImprovementSheet:
    """Open (once) the « harmoniser la pratique » improvement sheet of a question, linked to its principle."""
    with transaction.atomic():
        question = team_round.questions().select_related("principle").get(pk=question_id)
        decision, _created = Decision.objects.select_for_update().get_or_create(round=team_round, question=question)
        if decision.sheet_id:
            return decision.sheet
        row = next(r for r in build_map(team_round, titles=ThemeTitles()).rows if r.question.pk == question.pk)
        counts = ", ".join(f"{level.label} : {level.count}" for level in row.spread.levels if level.count)
        if row.spread.not_applicable:
            counts += ", " + _("Non concerné : %(count)s") % {"count": row.spread.not_applicable}
        sheet = ImprovementSheet.objects.create(
            pharmacy=team_round.pharmacy,
            principle=question.principle,
            source=ImprovementSheet.Source.DISAGREEMENT,
            title=(_("Harmoniser la pratique : %(number)s %(title)s") % {
                "number": question.principle.number, "title": question.principle.title})[:200],
            problem=_("Lors de l'auto-évaluation en équipe %(year)s, l'équipe a répondu différemment à « %(text)s » "
                      "(%(counts)s ; désaccord %(score)s/100).") % {
                "year": team_round.year, "text": question.text, "counts": counts, "score": row.score},
        )
        decision.sheet = sheet
        decision.save(update_fields=["sheet"])
    return sheet

