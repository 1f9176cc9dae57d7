"""Forms of the team round: who takes part, the consent to be named, the consolidation (versioned)."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.pharmacies.models import Membership
from portal.rules.concurrency import CONFLICT_MESSAGE, EditConflict
from selfassessment.models.team import Decision, Participant, TeamRound


class OpenRoundForm(forms.Form):
    participants = forms.ModelMultipleChoiceField(
        queryset=Membership.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Participants"),
        help_text=_("Pharmaciens et préparateurs de l'équipe. Les autres membres (étudiants…) ne participent pas."),
        error_messages={"required": _("Choisissez au moins deux participants.")},
    )

    def __init__(self, *args, pharmacy, **kwargs):
        super().__init__(*args, **kwargs)
        eligible = [m.pk for m in Membership.objects.for_pharmacy(pharmacy) if TeamRound.may_take_part(m)]
        field = self.fields["participants"]
        field.queryset = Membership.objects.for_pharmacy(pharmacy).filter(pk__in=eligible).select_related("user")
        field.label_from_instance = lambda m: f"{m.user.get_full_name() or m.user.email} ({m.get_role_display()})"
        field.initial = eligible


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["show_name"]


class ConsolidationForm(forms.Form):
    """One answer and one note per question, the default being the map's (median); the round's
    version is checked on save, so a pharmacist never overwrites a colleague's consolidation."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, team_round, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.team_round, self.rows = team_round, rows
        self.conflict = None
        self.fields["version"].initial = team_round.version
        for row in rows:
            question = row.question
            self.fields[f"choice-{question.pk}"] = forms.TypedChoiceField(
                label=question.text, coerce=int, initial=row.chosen_id,
                choices=[("", "—")] + [(c.pk, c.label) for c in question.choice_list],
                error_messages={"required": _("Retenez une réponse pour cette question.")},
            )
            self.fields[f"note-{question.pk}"] = forms.CharField(
                label=_("Note"), required=False, max_length=2000, initial=row.decision.note if row.decision else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            row.choice_field = self[f"choice-{question.pk}"]
            row.note_field = self[f"note-{question.pk}"]

    def save(self) -> bool:
        """Store the decisions; False (and the conflict shown) when a colleague saved first."""
        try:
            with transaction.atomic():
                self.team_round.save_unless_changed(self.cleaned_data["version"], update_fields=["version"])
                self._write_decisions()
        except EditConflict as conflict:
            self._show_conflict(conflict.current)
            return False
        return True

    def _write_decisions(self) -> None:
        existing = {d.question_id: d for d in Decision.objects.filter(round=self.team_round)}
        for row in self.rows:
            pk = row.question.pk
            chosen = self.cleaned_data[f"choice-{pk}"]
            choice = None if chosen == row.spread.default_choice_id() else chosen
            note = self.cleaned_data[f"note-{pk}"].strip()
            decision = existing.get(pk)
            if decision is None and (choice or note):
                Decision.objects.create(round=self.team_round, question_id=pk, choice_id=choice, note=note)
            elif decision is not None and (decision.choice_id, decision.note) != (choice, note):
                decision.choice_id, decision.note = choice, note
                decision.save(update_fields=["choice", "note"])

    def _show_conflict(self, current) -> None:
        """Keep the person's values, list the saved answers that differ, and carry the saved version."""
        self.add_error(None, CONFLICT_MESSAGE)
        saved = {d.question_id: d for d in Decision.objects.filter(round=current).select_related("choice")}
        self.conflict = []
        for row in self.rows:
            pk = row.question.pk
            decision = saved.get(pk)
            labels = {c.pk: c.label for c in row.question.choice_list}
            saved_id = decision.choice_id if decision and decision.choice_id else row.spread.default_choice_id()
            saved_note = decision.note if decision else ""
            yours_id, yours_note = self.cleaned_data.get(f"choice-{pk}"), self.cleaned_data.get(f"note-{pk}", "")
            if (saved_id, saved_note) != (yours_id, yours_note.strip()):
                self.conflict.append((row.question.text, f"{labels.get(saved_id, '—')} {saved_note}".strip(),
                                      f"{labels.get(yours_id, '—')} {yours_note}".strip()))
        self.data = self.data.copy()
        self.data["version"] = current.version
