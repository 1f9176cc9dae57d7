"""The self-assessment as a team exercise: a round, its participants, their own answers, and the
team's decisions that become the year's single assessment.

The titulaire opens one `TeamRound` per year and chooses its `Participant`s among the
pharmacists and préparateurs. Each answers alone (`TeamAnswer`, autosaved) and sees only their
own answers while the round is open. Once it is closed, the pharmacists read the disagreement
map (`selfassessment.disagreement`) and one of them consolidates: a `Decision` per question
(the median level by default, changed where the team decides, with a note), then
`TeamRound.consolidate` writes the answers into the year's `Assessment` and submits it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit.models import AuditEvent, record
from portal.caching import touch_pharmacy
from portal.pharmacies.models import PharmacyOwnedQuerySet
from portal.pharmacies.roles import Role, role_can
from portal.rules.concurrency import Versioned
from selfassessment.models.assessments import Assessment, AssessmentError
from selfassessment.models.questionnaires import Choice, Question, Questionnaire


class TeamRoundError(Exception):
    """A rule of the team round was broken; the message is shown as is (French)."""


class TeamRoundQuerySet(PharmacyOwnedQuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)

    def with_map_stamp(self):
        """With what `TeamRound.map_stamp` counts (the sheets opened from its questions), in the same query."""
        return self.annotate(sheet_count=models.Count("decisions__sheet"), sheet_total=models.Sum("decisions__sheet"))


class TeamRound(Versioned):
    """A pharmacy's team self-assessment of a year: open, then closed, then consolidated.

    Its `version` guards the consolidation form (two pharmacists consolidating at once)."""

    pharmacy = models.ForeignKey("pharmacies.Pharmacy", on_delete=models.CASCADE, related_name="team_rounds",
                                 verbose_name=_("officine"))
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="team_rounds",
                                      verbose_name=_("questionnaire"))
    year = models.PositiveSmallIntegerField(_("année"))
    opened_at = models.DateTimeField(_("ouvert le"), default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    consolidated_at = models.DateTimeField(_("consolidé le"), null=True, blank=True)
    assessment = models.OneToOneField(Assessment, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="team_round", verbose_name=_("auto-évaluation consolidée"))

    objects = TeamRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("auto-évaluation en équipe")
        verbose_name_plural = _("auto-évaluations en équipe")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["pharmacy", "year"], name="one_team_round_per_year")]

    def __str__(self):
        return f"{self.pharmacy} — {self.year}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_consolidated(self) -> bool:
        return self.consolidated_at is not None

    def map_stamp(self) -> str:
        """What its disagreement map shows besides the answers, as a text that changes with it: its
        `version` (closing, consolidation, the decisions the consolidation form saves) and the
        improvement sheets opened from its questions (`harmonise_sheet` leaves the version alone, so
        that a colleague's open form does not turn stale). Read with the round (`with_map_stamp`),
        else in one query."""
        if not hasattr(self, "sheet_count"):
            sheets = self.decisions.aggregate(count=models.Count("sheet"), total=models.Sum("sheet"))
            self.sheet_count, self.sheet_total = sheets["count"], sheets["total"]
        return f"{self.version}-{self.sheet_count}-{self.sheet_total or 0}"

    @staticmethod
    def may_take_part(membership) -> bool:
        """Pharmacists and préparateurs take part; other members (students...) never do."""
        return role_can(membership.role, "take_part_in_team_round")

    @classmethod
    def open(cls, pharmacy, questionnaire, memberships, user) -> TeamRound:
        """Open the year's round with these members (only those who may take part)."""
        chosen = [m for m in memberships if m.pharmacy_id == pharmacy.pk and cls.may_take_part(m)]
        if len(chosen) < 2:
            raise TeamRoundError(_("Choisissez au moins deux participants parmi les pharmaciens et préparateurs."))
        try:
            with transaction.atomic():
                team_round = cls.objects.create(pharmacy=pharmacy, questionnaire=questionnaire,
                                                year=questionnaire.year, opened_by=user)
                Participant.objects.bulk_create(Participant(round=team_round, user_id=m.user_id, role=m.role)
                                                for m in chosen)
        except IntegrityError:
            raise TeamRoundError(_("Une auto-évaluation en équipe est déjà ouverte pour cette année.")) from None
        record(AuditEvent.Action.TEAM_ROUND_OPENED, user, pharmacy=pharmacy, target=str(team_round.year),
               participants=len(chosen))
        return team_round

    def close(self, user) -> None:
        """End the answering: the map and the consolidation open to the pharmacists."""
        if not TeamRound.objects.filter(pk=self.pk, closed_at__isnull=True).update(
                closed_at=timezone.now(), version=models.F("version") + 1):
            return
        self.refresh_from_db(fields=["closed_at", "version"])
        touch_pharmacy(self.pharmacy_id)
        record(AuditEvent.Action.TEAM_ROUND_CLOSED, user, pharmacy=self.pharmacy, target=str(self.year))

    def participant_for(self, user) -> Participant | None:
        return self.participants.filter(user=user).first()

    def questions(self):
        return Question.objects.filter(questionnaire_id=self.questionnaire_id)

    def consolidate(self, user) -> Assessment:
        """Write the decided answers into the year's assessment and submit it (its bilan and
        attestation as for any assessment). One assessment per pharmacy and year: a submitted one
        must be reopened first (`Assessment.reopen`, its own rule)."""
        from selfassessment.team import consolidated_answers  # reads the spreads: above the models

        if self.is_open:
            raise TeamRoundError(_("Clôturez d'abord les réponses de l'équipe."))
        pairs = consolidated_answers(self)
        if len(pairs) < self.questions().count():
            raise TeamRoundError(_("Chaque question doit avoir une réponse retenue avant la validation."))
        assessment = Assessment.start_or_resume(self.pharmacy, self.questionnaire, user)
        if assessment.is_submitted:
            raise TeamRoundError(_(
                "L'auto-évaluation de l'année est déjà soumise : rouvrez-la depuis son bilan, puis validez à nouveau."))
        with transaction.atomic():
            try:
                assessment.save_answers(pairs, user)
            except (AssessmentError, ValueError) as error:
                raise TeamRoundError(str(error)) from None
            assessment.submit(user)
            TeamRound.objects.filter(pk=self.pk).update(
                assessment=assessment, consolidated_at=timezone.now(), version=models.F("version") + 1)
            record(AuditEvent.Action.TEAM_ROUND_CONSOLIDATED, user, pharmacy=self.pharmacy, target=str(self.year))
        self.refresh_from_db(fields=["assessment", "consolidated_at", "version"])
        touch_pharmacy(self.pharmacy_id)
        return assessment


class Participant(models.Model):
    """A member chosen for a round; `show_name` only if they agreed before answering."""

    round = models.ForeignKey(TeamRound, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("personne"))
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices)
    show_name = models.BooleanField(
        _("J'accepte que mon nom figure à côté de mes réponses sur la carte des désaccords"), default=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="one_participation_per_round")]

    def __str__(self):
        return f"{self.user} ({self.round})"

    def save_answers(self, pairs: list[tuple[int, int]]) -> None:
        """Record (question id, choice id) pairs of this participant, all or nothing (the autosave)."""
        if not self.round.is_open:
            raise TeamRoundError(_("Les réponses de l'équipe sont closes : elles ne peuvent plus changer."))
        question_of_choice = dict(Choice.objects.filter(
            question__questionnaire_id=self.round.questionnaire_id, pk__in=[c for _q, c in pairs]
        ).values_list("pk", "question_id"))
        for question_id, choice_id in pairs:
            if question_of_choice.get(choice_id) != question_id:
                raise ValueError(f"choice {choice_id} does not belong to question {question_id}")
        now = timezone.now()
        TeamAnswer.objects.bulk_create(
            [TeamAnswer(participant=self, question_id=q, choice_id=c, answered_at=now) for q, c in pairs],
            update_conflicts=True, unique_fields=["participant", "question"], update_fields=["choice", "answered_at"],
        )


class TeamAnswer(models.Model):
    """One participant's own answer to one question: never shown to the others with a name they did not allow."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "question"], name="one_team_answer_per_question")]

    def __str__(self):
        return f"{self.question_id}: {self.choice_id}"


class Decision(models.Model):
    """The team's answer to one question where it differs from the default, and its note;
    the « harmoniser la pratique » improvement sheet opened from it."""

    round = models.ForeignKey(TeamRound, on_delete=models.CASCADE, related_name="decisions")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                               verbose_name=_("réponse retenue"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    sheet = models.ForeignKey("registers.ImprovementSheet", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("fiche d'amélioration"))

    class Meta:
        verbose_name = _("décision de l'équipe")
        verbose_name_plural = _("décisions de l'équipe")
        constraints = [models.UniqueConstraint(fields=["round", "question"], name="one_decision_per_question")]

    def __str__(self):
        return f"{self.question_id}: {self.choice_id or '—'}"
