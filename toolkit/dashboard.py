"""What "Ma DQO perso" shows: progress per theme, scores, the remuneration checklist.

Everything is computed with a fixed number of queries, whatever the number of tools,
statuses or assessments (the dashboard view's test counts them).
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.caching import shared
from portal.pages.models import ThemePage, theme_number_of
from portal.rules import dates
from portal.rules.campaign import (
    assessment_deadline,
    assessment_is_open,
    attestation_deadline,
    campaign_year,
    questionnaire_year,
    short_date,
)
from portal.rules.numbers import percent
from registers.summary import programme_criterion
from selfassessment import services as assessments
from toolkit.models import ToolPage, ToolStatus

ASSESSMENT_FALLBACK_URL = "/auto-evaluation/"


@dataclass
class ThemeProgress:
    number: int
    title: str
    url: str
    total: int = 0
    done: int = 0
    not_applicable: int = 0
    to_review: int = 0

    @property
    def applicable(self) -> int:
        return self.total - self.not_applicable

    @property
    def percent(self) -> int:
        return percent(self.done, self.applicable) or 0


def theme_progress(pharmacy) -> list[ThemeProgress]:
    return progress_summary(pharmacy)[0]


def _themes_and_tools() -> tuple[list[tuple[int, str, str]], list[tuple[int, int, datetime.date | None]]]:
    """The live themes (number, title, url) and each live tool's themes (tool id, theme number,
    last major update), once per tool and theme: the same for every pharmacy (two queries)."""
    themes = [
        (theme.number, theme.title, theme.url or "")
        for theme in ThemePage.objects.live().order_by("number").only("title", "number", "url_path")
    ]
    links = ToolPage.principles.through.objects.filter(toolpage__live=True).values_list(
        "toolpage_id", "principlepage__number", "toolpage__last_major_update"
    )
    seen, tool_themes = set(), []
    for tool_id, principle_number, last_update in links:
        theme_number = theme_number_of(principle_number)
        if (tool_id, theme_number) not in seen:
            seen.add((tool_id, theme_number))
            tool_themes.append((tool_id, theme_number, last_update))
    return themes, tool_themes


def progress_summary(pharmacy) -> tuple[list[ThemeProgress], int]:
    """Tools implemented out of applicable, per theme (a tool counts in every theme it serves),
    and how many distinct tools are "À revoir".

    One query: this pharmacy's statuses; the themes and the tools' themes are shared by every
    pharmacy until the next publication (`shared`, portal/caching/).
    """
    theme_rows, tool_themes = shared("toolkit:dashboard-themes-and-tools:1", _themes_and_tools)
    themes = {number: ThemeProgress(number=number, title=title, url=url) for number, title, url in theme_rows}
    statuses = {
        row["tool_id"]: row
        for row in ToolStatus.objects.for_pharmacy(pharmacy).values("tool_id", "status", "confirmed_at")
    }
    to_review = set()
    for tool_id, theme_number, last_update in tool_themes:
        progress = themes.get(theme_number)
        if progress is None:
            continue
        progress.total += 1
        status = statuses.get(tool_id)
        if status is None:
            continue
        if status["status"] == ToolStatus.Status.NOT_APPLICABLE:
            progress.not_applicable += 1
        elif ToolStatus.review_needed(status["status"], status["confirmed_at"], last_update):
            progress.done += 1
            progress.to_review += 1
            to_review.add(tool_id)
        elif status["status"] == ToolStatus.Status.DONE:
            progress.done += 1
    return list(themes.values()), len(to_review)


@dataclass
class ChecklistItem:
    label: str
    done: bool
    deadline: datetime.date | None
    detail: str
    url: str
    link_label: str
    soon: bool = False


@dataclass
class Checklist:
    year: int
    items: list[ChecklistItem] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.items)


def remuneration_checklist(pharmacy, today: datetime.date, newsletter_subscribed: bool) -> Checklist:
    """The year's four criteria of the quality indicator, each saying what is missing."""
    year = campaign_year(today)
    status = assessments.year_status(pharmacy, year) or {}
    checklist = Checklist(year=year)
    submitted = status.get("submitted_at")
    started = status.get("assessment") is not None
    if submitted:
        detail = _("Auto-évaluation %(year)s validée le %(date)s.") % {
            "year": year, "date": dates.day(submitted),
        }
    elif not assessment_is_open(year, today):
        # January and February: the campaign's attestation is still due, but its self-assessment
        # is closed; the one to do now is the next questionnaire's.
        detail = _("Auto-évaluation %(year)s non validée au %(date)s : la campagne est close. Celle de "
                   "%(next)s est ouverte.") % {"year": year, "date": short_date(assessment_deadline(year)),
                                               "next": questionnaire_year(today)}
    elif started:
        detail = _("Auto-évaluation %(year)s commencée mais pas encore validée.") % {"year": year}
    else:
        detail = _("Aucune auto-évaluation %(year)s : elle se fait en ligne, en équipe.") % {"year": year}
    checklist.items.append(
        ChecklistItem(
            label=_("Auto-évaluation réalisée avant le %(date)s") % {"date": short_date(assessment_deadline(year))},
            done=bool(submitted),
            deadline=assessment_deadline(year),
            detail=detail,
            url=(status.get("results_url") if submitted else status.get("start_url")) or ASSESSMENT_FALLBACK_URL,
            link_label=_("Voir les résultats") if submitted else _("Faire l'auto-évaluation %(year)s")
            % {"year": questionnaire_year(today)},
        )
    )
    attested = status.get("attestation_generated_at")
    if attested:
        detail = _("Attestation téléchargée ; envoyez-la signée sur le portail de l'Assurance Maladie.")
    elif submitted:
        detail = _("Téléchargez l'attestation, signez-la et joignez-la à votre déclaration.")
    else:
        detail = _("L'attestation est disponible une fois l'auto-évaluation validée.")
    checklist.items.append(
        ChecklistItem(
            label=_("Attestation téléchargée, à envoyer au plus tard le %(date)s")
            % {"date": short_date(attestation_deadline(year))},
            done=bool(attested),
            deadline=attestation_deadline(year),
            detail=detail,
            url=status.get("attestation_url") or status.get("results_url") or ASSESSMENT_FALLBACK_URL,
            link_label=_("Télécharger l'attestation") if submitted else _("Faire l'auto-évaluation"),
        )
    )
    checklist.items.append(
        ChecklistItem(
            label=_("Abonnement à la lettre d'information"),
            done=newsletter_subscribed,
            deadline=None,
            detail=_("Au moins une personne de l'équipe est abonnée.") if newsletter_subscribed
            else _("Personne de l'équipe n'est abonné : abonnez-vous depuis vos préférences."),
            url=reverse("toolkit:preferences"),
            link_label=_("Gérer l'abonnement"),
        )
    )
    programme = programme_criterion(pharmacy, year)
    checklist.items.append(
        ChecklistItem(
            label=_("Programme d'amélioration avec au moins une action"),
            done=programme.done,
            deadline=None,
            detail=programme.detail,
            url=programme.url,
            link_label=programme.link_label,
        )
    )
    return checklist
