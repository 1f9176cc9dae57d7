"""Read-side services of the self-assessment: the results ("bilan") and summaries for other apps.

Each function documents how many queries it makes; none grows with the number of questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from django.db.models import F, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from portal.pages.models import principle_sort_key
from portal.rules.campaign import campaign_year
from portal.rules.numbers import percent
from selfassessment.models import Assessment, Attestation, ThemeScore
from selfassessment.scoring import ThemeResult, overall_percent
from selfassessment.structure import scorecard, structure


@dataclass
class Recommendation:
    text: str
    principle_number: str
    principle_title: str
    url: str
    tools: list = field(default_factory=list)
    programme_url: str = ""  # « Ajouter à mon programme d'amélioration » (`programme_url`)

    @property
    def short_text(self) -> str:
        return Truncator(self.text).chars(60)


@dataclass
class PrincipleAdvice:
    """The recommendations of one principle, with its tools once and how far it is from the top."""

    number: str
    title: str
    url: str
    gap: int = 0  # points missing to the maximum, over the principle's answers
    recommendations: list[Recommendation] = field(default_factory=list)
    tools: list = field(default_factory=list)
    score: PrincipleChange | None = None


@dataclass
class PrincipleChange:
    number: str
    title: str
    percent: int | None
    previous: int | None

    @property
    def change(self) -> int | None:
        if self.percent is None or self.previous is None:
            return None
        return self.percent - self.previous


@dataclass(frozen=True)
class BandWords:
    label: str
    sentence: str


@dataclass(frozen=True)
class Headline:
    """The bilan's global score and its band's words: what its page reads around the kept body."""

    percent: int | None
    band: BandWords | None


@dataclass
class Results:
    assessment: Assessment
    percent: int | None
    band: object
    themes: list[ThemeResult]
    previous: Assessment | None
    principles: list[PrincipleChange] = field(default_factory=list)

    def headline(self) -> Headline:
        band = self.band
        return Headline(self.percent, BandWords(band.label, band.sentence) if band else None)


def _attach_tools(advice: list[PrincipleAdvice], shape) -> None:
    """The tool kit's tools of each principle, once per principle (from the cached structure)."""
    for item in advice:
        item.tools = shape.tools.get(item.number, [])
        for recommendation in item.recommendations:
            recommendation.tools = item.tools


def _sort_by_gap(theme) -> None:
    """Principles furthest from the top first (then in framework order)."""
    theme.advice.sort(key=lambda a: (-a.gap, principle_sort_key(a.number)))


def build_results(assessment: Assessment, request=None, with_principles: bool = True) -> Results:
    """The bilan of a submitted assessment, in a fixed number of queries (4: the theme scores, the
    previous assessment and its theme scores, the answers), the questionnaire's structure cached.

    Scores come from the `ThemeScore` rows written at submission; recommendations from the
    answers below their question's maximum; the comparison with the pharmacy's previous
    submitted assessment is made per theme number and per principle (the principle scores it
    stored at submission), so it survives a new questionnaire version.
    """
    questionnaire = assessment.questionnaire
    shape = structure(assessment.questionnaire_id)
    bands = shape.bands
    themes = assessment.theme_results(shape.titles)
    previous = assessment.previous_submitted()
    previous_scores = (
        {s.theme_number: s.percent for s in previous.theme_scores.all()} if previous else {}
    )
    for result in themes:
        result.band = questionnaire.band_for(result.percent, result.number, bands)
        before = previous_scores.get(result.number)
        result.previous = before
        if before is not None and result.percent is not None:
            result.change = result.percent - before

    card = scorecard(shape, dict(assessment.answers.values_list("question_id", "choice_id")))
    by_theme = {t.number: t for t in themes}
    advice: dict[int, PrincipleAdvice] = {}
    sheet_url = reverse("registers:sheet_create")
    for question in card.below_maximum():
        theme = by_theme.get(question.theme_number)
        if theme is None:
            continue
        principle = question.principle
        item = advice.get(principle.pk)
        if item is None:
            item = advice[principle.pk] = PrincipleAdvice(principle.number, principle.title, principle.url)
            theme.advice.append(item)
        item.gap += question.max_points - question.answer_points
        for text in question.recommendation_list():
            recommendation = Recommendation(text, principle.number, principle.title, item.url)
            recommendation.programme_url = programme_url(sheet_url, recommendation)
            item.recommendations.append(recommendation)
            theme.recommendations.append(recommendation)
    for theme in themes:
        _sort_by_gap(theme)
    _attach_tools(list(advice.values()), shape)

    global_percent = assessment.score_percent
    if global_percent is None:
        global_percent = overall_percent(themes)
    results = Results(
        assessment=assessment,
        percent=global_percent,
        band=questionnaire.band_for(global_percent, None, bands),
        themes=themes,
        previous=previous,
    )
    if with_principles:
        before = previous.stored_principle_scores() if previous else {}
        for pk, score in sorted(card.principles().items(), key=lambda item: principle_sort_key(item[1].number)):
            old = before.get(pk)
            results.principles.append(
                PrincipleChange(score.number, score.title, score.percent, percent(*old) if old else None)
            )
        scores = {p.number: p for p in results.principles}
        for item in advice.values():
            item.score = scores.get(item.number)
    return results


def programme_url(sheet_url: str, recommendation) -> str:
    """Where « Ajouter à mon programme d'amélioration » leads: a new improvement sheet for the
    recommendation's principle, its text filled in (the bilan's link, `selfassessment/results.html`)."""
    return f"{sheet_url}?principle={quote(recommendation.principle_number)}&recommendation={quote(recommendation.text)}"


def year_status(pharmacy, year: int | None = None) -> dict:
    """Where a pharmacy stands for a year (2 queries).

    Keys: `assessment` (the year's latest assessment or None), `submitted_at`,
    `attestation_generated_at` (first attestation generated for the year's submitted
    assessment, or None), `start_url`, `results_url`, `attestation_url` (None when not
    available).
    """
    return year_statuses([pharmacy.pk], year)[pharmacy.pk]


def year_statuses(pharmacy_ids, year: int | None = None) -> dict[int, dict]:
    """`year_status` for many pharmacies at once, keyed by pharmacy id (2 queries in all)."""
    year = year or campaign_year(timezone.localdate())
    pharmacy_ids = list(pharmacy_ids)
    latest: dict[int, Assessment] = {}
    assessments = (
        Assessment.objects.filter(pharmacy_id__in=pharmacy_ids)
        .for_year(year)
        .select_related("questionnaire")
        .order_by("pharmacy_id", F("submitted_at").desc(nulls_first=True), "-started_at")
    )
    for assessment in assessments:
        latest.setdefault(assessment.pharmacy_id, assessment)
    submitted_ids = [a.pk for a in latest.values() if a.is_submitted]
    first_attestations = dict(
        Attestation.objects.filter(assessment_id__in=submitted_ids)
        .values("assessment_id")
        .annotate(first=Min("generated_at"))
        .values_list("assessment_id", "first")
    ) if submitted_ids else {}
    start_url = reverse("selfassessment:index")
    statuses = {}
    for pharmacy_id in pharmacy_ids:
        assessment = latest.get(pharmacy_id)
        submitted = assessment if assessment and assessment.is_submitted else None
        statuses[pharmacy_id] = {
            "assessment": assessment,
            "submitted_at": submitted.submitted_at if submitted else None,
            "attestation_generated_at": first_attestations.get(submitted.pk) if submitted else None,
            "start_url": start_url,
            "results_url": reverse("selfassessment:results", args=[submitted.pk]) if submitted else None,
            "attestation_url": reverse("selfassessment:attestation", args=[submitted.pk]) if submitted else None,
        }
    return statuses


def latest_theme_scores(pharmacy) -> list[dict]:
    """Theme scores of the pharmacy's latest submitted assessment (2 queries; the titles and bands
    from the questionnaire's structure, kept in memory).

    Each dict: `theme_number`, `theme_title`, `percent` (int), `change` (int or None, vs the
    previous submitted assessment), `band_label`. Empty list when nothing was submitted.
    """
    latest_two = list(
        Assessment.objects.for_pharmacy(pharmacy)
        .submitted()
        .select_related("questionnaire")
        .order_by("-submitted_at")[:2]
    )
    if not latest_two:
        return []
    latest = latest_two[0]
    ids = [a.pk for a in latest_two]
    scores = list(ThemeScore.objects.filter(assessment_id__in=ids))
    shape = structure(latest.questionnaire_id)
    titles, bands = shape.titles, shape.bands
    previous = {s.theme_number: s.percent for s in scores if s.assessment_id != latest.pk}
    rows = []
    for score in sorted((s for s in scores if s.assessment_id == latest.pk), key=lambda s: s.theme_number):
        band = latest.questionnaire.band_for(score.percent, score.theme_number, bands)
        before = previous.get(score.theme_number)
        rows.append(
            {
                "theme_number": score.theme_number,
                "theme_title": titles[score.theme_number],
                "year": latest.questionnaire.year,
                "submitted_at": latest.submitted_at,
                "percent": score.percent or 0,
                "change": (score.percent - before) if before is not None and score.percent is not None else None,
                "band_label": band.label if band else "",
            }
        )
    return rows
