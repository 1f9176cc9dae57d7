"""Demo: this year's questionnaire (published) and last year's, with a submitted assessment of
"Pharmacie du Centre" (theme scores 58 %, 67 %, 33 %, 62 %) so history and comparison show."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.documents import demo_data
from portal.pages.models import PrinciplePage
from portal.pharmacies.models import Pharmacy
from portal.rules.campaign import questionnaire_year
from selfassessment import demo_team
from selfassessment.models import Assessment, Choice, Question, Questionnaire, ScoreBand

CONTENT = demo_data.read(__file__, "questionnaire.yaml")


def build_questionnaire(year: int, principles: dict) -> Questionnaire:
    questionnaire, created = Questionnaire.objects.get_or_create(
        year=year,
        version=1,
        defaults={
            "title": f"Questionnaire d'auto-évaluation {year}",
            "introduction": "Situez votre officine par rapport aux 35 principes du référentiel qualité.",
            "is_published": True,
        },
    )
    if not created:
        return questionnaire
    ScoreBand.objects.bulk_create(
        ScoreBand(questionnaire=questionnaire, min_percent=band["min"], max_percent=band["max"], label=band["label"],
                  sentence=band["sentence"])
        for band in CONTENT["bands"]
    )
    ScoreBand.objects.bulk_create(
        ScoreBand(questionnaire=questionnaire, theme_number=theme, min_percent=band["min"], max_percent=band["max"],
                  label=band["label"], sentence=sentence)
        for theme, sentences in CONTENT["theme_bands"].items()
        for band, sentence in zip(CONTENT["bands"], sentences, strict=True)
    )
    orders: dict[str, int] = {}
    for data in CONTENT["questions"]:
        number = data["principle"]
        orders[number] = orders.get(number, 0) + 1
        question = Question.objects.create(
            questionnaire=questionnaire,
            principle=principles[number],
            order=int(number.split(".")[1]) * 10 + orders[number],
            text=data["text"],
            help_text=data.get("help", ""),
            recommendations="\n".join(data["recommendations"]),
        )
        choices = [
            Choice(question=question, order=i, label=step["label"], points=step["points"])
            for i, step in enumerate(CONTENT["scale"])
        ]
        if data.get("not_applicable"):
            choices.append(Choice(question=question, order=9, label=CONTENT["not_applicable"], is_not_applicable=True))
        Choice.objects.bulk_create(choices)
    return questionnaire


def load(log) -> None:
    principles = {p.number: p for p in PrinciplePage.objects.all()}
    missing = {q["principle"] for q in CONTENT["questions"]} - set(principles)
    if missing:
        log(f"Auto-évaluation : principes manquants {sorted(missing)}, questionnaire non créé.")
        return
    year = questionnaire_year(timezone.localdate())
    current = build_questionnaire(year, principles)
    demo_team.load(log, current)
    previous = build_questionnaire(year - 1, principles)

    pharmacy = Pharmacy.objects.filter(name="Pharmacie du Centre").first()
    User = get_user_model()
    owner = User.objects.filter(email="titulaire@demo.test").first()
    assistant = User.objects.filter(email="adjoint@demo.test").first()
    if pharmacy is None or Assessment.objects.filter(pharmacy=pharmacy, questionnaire=previous).exists():
        log(f"Auto-évaluation : questionnaires {year - 1} et {year} prêts.")
        return
    assessment = Assessment.objects.create(
        pharmacy=pharmacy,
        questionnaire=previous,
        started_by=owner,
        started_at=timezone.make_aware(datetime.datetime(year - 1, 3, 10, 9, 30)),
    )
    pairs = []
    questions = list(previous.questions.prefetch_related("choices").order_by("theme_number", "order", "pk"))
    for question, points in zip(questions, CONTENT["previous_answers"], strict=True):
        chosen = next(
            c for c in question.choices.all()
            if (c.is_not_applicable if points is None else (c.points == points and not c.is_not_applicable))
        )
        pairs.append((question.pk, chosen.pk))
    half = len(pairs) // 2
    assessment.save_answers(pairs[:half], owner)
    assessment.save_answers(pairs[half:], assistant or owner)
    assessment.submit(owner)
    submitted_at = timezone.make_aware(datetime.datetime(year - 1, 3, 14, 18, 5))
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=submitted_at)
    assessment.answers.update(answered_at=submitted_at)
    scores = ", ".join(f"{s.percent} %" for s in assessment.theme_scores.all())
    log(f"Auto-évaluation : questionnaires {year - 1} et {year}, bilan {year - 1} de la Pharmacie du Centre ({scores}).")
