"""Seed many pharmacies with one submitted assessment each, for benchmarks (bulk inserts)."""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from bench.bulk import insert
from portal.pharmacies.models import Pharmacy
from portal.rules.campaign import questionnaire_year
from selfassessment.models import Answer, Assessment, Question, Questionnaire, ThemeScore
from selfassessment.scoring import ThemeResult, overall_percent, tally

PREFIX = "Officine d'essai n°"


class Command(BaseCommand):
    help = "Create N test pharmacies, each with one submitted assessment and its answers (skips if already seeded)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, count, seed, **options):
        started = time.perf_counter()
        existing = Pharmacy.objects.filter(name__startswith=PREFIX).count()
        if existing >= count:
            self.stdout.write(f"Déjà amorcé : {existing} officines d'essai.")
            return
        year = questionnaire_year(timezone.localdate())
        questionnaire = Questionnaire.objects.for_year(year) or Questionnaire.objects.order_by("-year").first()
        if questionnaire is None:
            raise CommandError("Aucun questionnaire : lancez d'abord load_demo.")
        questions = list(
            Question.objects.filter(questionnaire=questionnaire)
            .with_max_points()
            .prefetch_related("choices")
        )
        rng = random.Random(seed)
        batch = 2000
        for start in range(existing, count, batch):
            with transaction.atomic():
                self.seed_batch(rng, questionnaire, questions, start, min(batch, count - start))
        created = count - existing
        self.stdout.write(
            f"{created} officines d'essai créées avec une auto-évaluation soumise chacune "
            f"({created * len(questions)} réponses) en {time.perf_counter() - started:.1f} s."
        )

    @staticmethod
    def seed_batch(rng, questionnaire, questions, start: int, size: int) -> None:
        pharmacies = Pharmacy.objects.bulk_create(
            Pharmacy(name=f"{PREFIX}{start + i + 1}", address=f"{start + i + 1} rue de l'Essai",
                     postcode=f"{rng.randint(1, 95):02d}{rng.randint(0, 999):03d}", city="Essai")
            for i in range(size)
        )
        now = timezone.now()
        assessments, plans = [], []
        for pharmacy in pharmacies:
            chosen = choose_answers(rng, questions)
            themes = theme_tallies(chosen)
            submitted = now - timezone.timedelta(days=rng.randint(0, 300))
            assessments.append(
                Assessment(pharmacy=pharmacy, questionnaire=questionnaire, year=questionnaire.year, started_at=submitted,
                           submitted_at=submitted, score_percent=overall_percent(themes.values()))
            )
            plans.append((chosen, themes, submitted))
        assessments = Assessment.objects.bulk_create(assessments)
        answers, scores = [], []
        for assessment, (chosen, themes, submitted) in zip(assessments, plans, strict=True):
            answers.extend((assessment.pk, q.pk, c.pk, submitted) for q, c in chosen)
            scores.extend((assessment.pk, n, t.points, t.max_points, t.percent) for n, t in themes.items())
        insert(Answer, ["assessment_id", "question_id", "choice_id", "answered_at"], answers)
        insert(ThemeScore, ["assessment_id", "theme_number", "points", "max_points", "percent"], scores)


def choose_answers(rng, questions) -> list:
    """A plausible pharmacy: a level drawn at random, 15 % of "Non concerné" where offered."""
    level = rng.random()
    chosen = []
    for question in questions:
        options = list(question.choices.all())
        na = [c for c in options if c.is_not_applicable]
        if na and rng.random() < 0.15:
            chosen.append((question, na[0]))
            continue
        scored = [c for c in options if not c.is_not_applicable]
        weights = [(1 - level) ** 2 + 0.05 if c.points == 0 else level * c.points + 0.05 for c in scored]
        chosen.append((question, rng.choices(scored, weights)[0]))
    return chosen


def theme_tallies(chosen) -> dict:
    """{theme number: ThemeResult} scored by the one scoring rule (`tally`)."""
    rows: dict[int, list] = {}
    for question, choice in chosen:
        rows.setdefault(question.theme_number, []).append((choice.points, question.max_points, choice.is_not_applicable))
    themes = {}
    for number, answers in rows.items():
        themes[number] = ThemeResult(number)
        themes[number].points, themes[number].max_points = tally(answers)
    return themes
