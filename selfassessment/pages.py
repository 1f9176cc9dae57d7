"""What the self-assessment's pages put together from the cached questionnaire structure
(`selfassessment/structure.py`) and one assessment's answers: the fragments shared by every
pharmacy are filled in here with this assessment's choices, flags, links and who answered when."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.accounts.personal_data import member_name
from portal.infrastructure.compiled import CompiledQuery
from portal.rules import dates
from selfassessment.models import Assessment
from selfassessment.structure import MARK, fragment


class AnswerLine:
    """An answer as these pages read it: its choice (`choice`, from the structure, set by the
    page that needs it), who gave it and when, and the `line` that says so (`answered_lines`)."""

    __slots__ = ("question_id", "choice_id", "answered_at", "answered_by", "choice", "line")

    def __init__(self, question_id, choice_id, answered_at, answered_by):
        self.question_id, self.choice_id, self.answered_at, self.answered_by = (
            question_id, choice_id, answered_at, answered_by)
        self.choice = None


@dataclass
class Draft:
    """An assessment as the theme and review pages read it: `answers` is {question id: AnswerLine}."""

    pk: int
    questionnaire_id: int
    year: int  # the questionnaire's, copied on the assessment
    is_submitted: bool
    answers: dict


def draft(pharmacy, pk) -> Draft:
    """The pharmacy's assessment `pk` with its answers and who gave them, in one query and no model
    instance but one per person who answered (404 if it is not among the pharmacy's)."""
    rows = _DRAFT_ROWS.rows(pharmacy=pharmacy.pk, assessment=pk)
    if not rows:
        raise Http404
    questionnaire_id, year, submitted_at = rows[0][:3]
    user_model, people, answers = get_user_model(), {None: None}, {}
    for *_assessment, question_id, choice_id, at, user_id, first, last, email in rows:
        if question_id is None:
            continue  # no answer yet: the assessment alone
        person = people.get(user_id)
        if person is None and user_id not in people:
            person = people[user_id] = user_model(pk=user_id, first_name=first, last_name=last, email=email)
        answers[question_id] = AnswerLine(question_id, choice_id, at, person)
    return Draft(pk, questionnaire_id, year, submitted_at is not None, answers)


# The theme and review pages' query, compiled once per process: each team member's page is built
# for them (docs/benchmarks.md).
_DRAFT_ROWS = CompiledQuery(
    lambda pharmacy, assessment: Assessment.objects.for_pharmacy(pharmacy).filter(pk=assessment).order_by().values_list(
        "questionnaire_id", "year", "submitted_at", "answers__question_id", "answers__choice_id", "answers__answered_at",
        "answers__answered_by_id", "answers__answered_by__first_name", "answers__answered_by__last_name",
        "answers__answered_by__email"),
    "pharmacy", "assessment",
)


def questions_html(shape, number, answers) -> str:
    """A theme's questions: their markup is the same for every pharmacy (a fragment cached with the
    structure); this assessment's answers fill in the checked choices and who answered when."""
    pieces = fragment(shape, f"theme-{number}", lambda: render_to_string(
        "selfassessment/_theme_questions.html", {"questions": shape.themes[number], "mark": MARK}))
    chosen = {answer.choice_id for answer in answers.values()}
    html = []
    for index, piece in enumerate(pieces):
        if not index % 2:
            html.append(piece)
        elif piece[0] == "c":
            html.append(" checked" if int(piece[1:]) in chosen else "")
        else:
            answer = answers.get(int(piece[1:]))
            html.append(answer.line if answer is not None else "")
    return mark_safe("".join(html))  # the fragment is rendered, escaped, by the template


def answered_lines(answers, message) -> None:
    """Each answer's `line`: who gave it and when (`message`, translated once), the name and the
    date written once per person and per moment (an autosave gives its answers one moment)."""
    message, names, moments, write = _(message), {}, {}, dates.DateWriter()
    for answer in answers:
        user = answer.answered_by
        key = user.pk if user is not None else None
        if key not in names:
            names[key] = escape(member_name(user))
        if answer.answered_at not in moments:
            moments[answer.answered_at] = escape(write.day_time(answer.answered_at))
        answer.line = mark_safe(message % {"who": names[key], "when": moments[answer.answered_at]})


def with_urls(themes, assessment):
    """The themes with the address of their page (`url`): one `reverse`, not one per link."""
    pattern = reverse("selfassessment:theme", args=[assessment.pk, 0])[: -len("0/")]
    for theme in themes:
        theme.url = f"{pattern}{theme.number}/"
    return themes


def themes_nav(shape, themes, current=None) -> str:
    """The themes' menu with this assessment's progress (`themes`: ThemeResult with `url`, as
    `with_urls` gives them): the markup is a fragment shared by every pharmacy (cached with the structure)."""
    pieces = fragment(shape, "nav", lambda: render_to_string("selfassessment/_themes_nav.html", {
        "themes": [(number, shape.titles[number], len(questions)) for number, questions in shape.themes.items()],
        "mark": MARK,
    }))
    by_number = {theme.number: theme for theme in themes}
    html = []
    for index, piece in enumerate(pieces):
        if not index % 2:
            html.append(piece)
            continue
        theme = by_number[int(piece[1:])]
        kind = piece[0]
        if kind == "u":
            html.append(theme.url)
        elif kind == "c":
            html.append(' aria-current="step"' if theme.number == current else "")
        elif kind == "p":
            html.append(str(theme.progress))
        else:
            html.append(str(theme.answered))
    return mark_safe("".join(html))  # the fragment is rendered, escaped, by the template


def unanswered_html(shape, answers, urls) -> str:
    """The list items of the questions without an answer, each linked to its place on its theme's page
    (`urls`: {theme number: address}): a fragment shared by every pharmacy, cached with the structure."""
    pieces = fragment(shape, "unanswered", lambda: render_to_string(
        "selfassessment/_unanswered_list.html", {"questions": shape.questions, "mark": MARK}))
    html, keep = [], False
    for index, piece in enumerate(pieces):
        if not index % 2:
            if keep:
                html.append(piece)
        elif piece[0] == "q":
            keep = int(piece[1:]) not in answers
        elif keep:
            html.append(urls[int(piece[1:])])
    return mark_safe("".join(html))  # the fragment is rendered, escaped, by the template


def review_html(shape, review, urls) -> str:
    """Every question with its answer: the questions' markup is a fragment shared by every pharmacy
    (cached with the structure); the answers, their flags and the links are this assessment's."""
    pieces = fragment(shape, "review", lambda: render_to_string("selfassessment/_review_list.html", {
        "themes": [(number, shape.titles[number], questions) for number, questions in shape.themes.items()],
        "mark": MARK,
    }))
    rows = {row.question.pk: row for theme in review.values() for row in theme.rows}
    no_answer = escape(_("Sans réponse"))
    html = []
    for index, piece in enumerate(pieces):
        if not index % 2:
            html.append(piece)
            continue
        kind, key = piece[0], int(piece[1:])
        if kind == "u":
            html.append(urls[key])
        elif kind == "t":
            count = review[key].attention_count
            if count:
                label = ngettext("%(n)s à vérifier", "%(n)s à vérifier", count) % {"n": count}
                html.append(f' <span class="badge badge-warning">{escape(label)}</span>')
        elif kind == "r":
            html.append(" needs-attention" if rows[key].needs_attention else "")
        else:
            answer = rows[key].answer
            if answer is None:
                html.append(f'<strong class="badge badge-warning">{no_answer}</strong>')
                continue
            choice = answer.choice
            css = "" if choice.is_not_applicable else " badge-danger" if choice.points == 0 else " badge-success"
            html.append(f'<strong class="badge{css}">{escape(choice.label)}</strong>\n'
                        f'              <span class="muted">{answer.line}</span>')
    return mark_safe("".join(html))  # the fragment is rendered, escaped, by the template; the rest escaped here
