"""Demo: a closed team round of the year at "Pharmacie du Centre" (the titulaire, the adjoint and
the préparateur answered alone, the adjoint agreed to be named), so that the disagreement map and
the consolidation can be seen with the demo accounts. Idempotent."""

from django.utils import timezone

from portal.pharmacies.models import Membership, Pharmacy
from portal.pharmacies.roles import Role
from selfassessment.models import Participant, TeamAnswer, TeamRound

# Each member's answer to the n-th question, as a step of the scale (0-3) or None (« Non concerné »),
# read in turn: the titulaire mostly high, the adjoint in between, the préparateur lower on some themes.
PATTERNS = {
    Role.TITULAIRE: [3, 3, 2, 3, 1, 3, 2, 3, 3, 0, 3, 2, 3],
    Role.ADJOINT: [3, 2, 2, 1, 1, 3, 2, 3, None, 3, 3, 2, 2],
    Role.PREPARATEUR: [3, 1, 2, 0, 1, 2, 2, 0, None, 3, 1, 2, 3],
}


def _choice(question, step):
    choices = list(question.choices.all())
    if step is None:
        return next((c for c in choices if c.is_not_applicable), None) or choices[0]
    levels = sorted((c for c in choices if not c.is_not_applicable), key=lambda c: c.points)
    return levels[min(step, len(levels) - 1)]


def load(log, questionnaire) -> None:
    pharmacy = Pharmacy.objects.filter(name="Pharmacie du Centre").first()
    if pharmacy is None or TeamRound.objects.filter(pharmacy=pharmacy, year=questionnaire.year).exists():
        return
    members = list(Membership.objects.for_pharmacy(pharmacy).filter(role__in=list(PATTERNS)).select_related("user"))
    if len(members) < 2:
        return
    owner = next((m.user for m in members if m.is_owner), members[0].user)
    team_round = TeamRound.open(pharmacy, questionnaire, members, owner)
    Participant.objects.filter(round=team_round, role=Role.ADJOINT).update(show_name=True)
    questions = list(questionnaire.questions.prefetch_related("choices").order_by("theme_number", "order", "pk"))
    answers = []
    for participant in team_round.participants.all():
        pattern = PATTERNS[participant.role]
        for index, question in enumerate(questions):
            choice = _choice(question, pattern[index % len(pattern)])
            answers.append(TeamAnswer(participant=participant, question=question, choice=choice))
    TeamAnswer.objects.bulk_create(answers)
    TeamRound.objects.filter(pk=team_round.pk).update(closed_at=timezone.now())
    log(f"Auto-évaluation en équipe {questionnaire.year} de la Pharmacie du Centre : {len(members)} participants, "
        "réponses closes, carte des désaccords prête.")
