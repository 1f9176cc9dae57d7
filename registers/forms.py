import datetime

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit.models import AuditEvent, record
from portal.caching import for_pharmacy
from portal.pharmacies.models import Membership
from portal.rules.concurrency import EditConflict, VersionedFormMixin
from registers.models import (
    EMERGENCY_CONDITIONS,
    EmergencyRequest,
    ImprovementAction,
    ImprovementSheet,
    Incident,
    PrescriptionVolume,
    RegistrationPeriod,
)
from registers.rendering import RENDERER

NOT_IN_TEAM = _("Cette personne ne fait pas partie de l'équipe de l'officine.")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class TeamMemberField(forms.ModelChoiceField):
    """A user chosen among the pharmacy's team (anyone else is refused with a French message)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": NOT_IN_TEAM})
        super().__init__(*args, **kwargs)

    def label_from_instance(self, user):
        return user.get_full_name() or user.email

    def offer_team(self, pharmacy, shown: bool) -> None:
        """Choose among `pharmacy`'s team: validation checks the team in the database; a form
        `shown` (not bound) lists it from `team_choices`, without a query."""
        self.queryset = team_users(pharmacy)
        if shown:
            empty = [("", self.empty_label)] if self.empty_label is not None else []
            self.choices = [*empty, *team_choices(pharmacy, self.label_from_instance)]


def team_users(pharmacy):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        pk__in=Membership.objects.for_pharmacy(pharmacy).values("user")
    ).order_by("last_name", "first_name")


def team_choices(pharmacy, label) -> list[tuple[int, str]]:
    """(pk, label) of each of `team_users`, kept under the pharmacy's version (a member joins or
    leaves: it changes) in this process's memory: the counter form is the register's most shown
    page. A renamed member shows under the new name at the team's next change, or within 10 minutes."""
    return for_pharmacy(pharmacy.pk, "registers:team-choices",
                        lambda: [(user.pk, str(label(user))) for user in team_users(pharmacy)], in_process=True)


class PharmacyFormMixin:
    """Sets the instance's pharmacy before validation so model rules can check the team."""

    def __init__(self, *args, pharmacy, **kwargs):
        super().__init__(*args, **kwargs)
        self.pharmacy = pharmacy
        if hasattr(self.instance, "pharmacy_id") and not self.instance.pharmacy_id:
            self.instance.pharmacy = pharmacy


def _datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QuickIncidentForm(PharmacyFormMixin, forms.ModelForm):
    """The counter form: closed questions first, nothing required to type. The report type and
    the seriousness are chosen, never pre-selected (a one-click record must not be the lowest
    seriousness by default); the other defaults are shown and can be changed."""

    CHOSEN_NOT_DEFAULTED = ("report_type", "seriousness")

    declarant = TeamMemberField(queryset=None, label=_("Déclarant"))
    occurred_at = forms.DateTimeField(label=_("Date et heure"), widget=_datetime_widget(),
                                      input_formats=[DATETIME_FORMAT, "%d/%m/%Y %H:%M"])

    class Meta:
        model = Incident
        fields = ["report_type", "nature", "stage", "error_type", "seriousness", "detection",
                  "occurred_at", "declarant", "patient_reference", "details"]
        widgets = {
            "report_type": forms.RadioSelect,
            "seriousness": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "seriousness": {"invalid_choice": _("La gravité potentielle va de 1 à 3."),
                            "required": _("Choisissez la gravité potentielle (1, 2 ou 3) : rien n'est coché "
                                          "d'avance.")},
            "report_type": {"required": _("Choisissez le type de signalement : rien n'est coché d'avance.")},
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["declarant"].offer_team(self.pharmacy, shown=not self.is_bound)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("declarant", user.pk if user else None)
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))
            for name in self.CHOSEN_NOT_DEFAULTED:
                self.initial.pop(name, None)
                self.fields[name].initial = None


class IncidentForm(VersionedFormMixin, QuickIncidentForm):
    """Every field of the register line, including the resolution. An edit by anyone but the
    person who declared the incident goes to the audit trail."""

    class Meta(QuickIncidentForm.Meta):
        fields = QuickIncidentForm.Meta.fields + [
            "correction_cause", "retrocession", "never_event", "patient_informed", "prescriber_contacted",
            "resolved_on", "corrective_action",
        ]
        widgets = {
            **QuickIncidentForm.Meta.widgets,
            "details": forms.Textarea(attrs={"rows": 4}),
            "corrective_action": forms.Textarea(attrs={"rows": 3}),
            "resolved_on": _date_widget(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.declarant_id = self.instance.declarant_id  # validation overwrites the instance's

    def save(self, commit=True):
        with transaction.atomic():
            incident = super().save(commit)
            changed = [name for name in self.changed_data if name != "version"]
            if incident is not None and changed and self.declarant_id != getattr(self.user, "pk", None):
                record(AuditEvent.Action.INCIDENT_REWRITTEN, self.user, incident.pharmacy, target=incident,
                       fields=changed, field_labels=[str(self.fields[name].label) for name in changed])
        return incident


class IncidentFilterForm(forms.Form):
    start = forms.DateField(label=_("Du"), required=False, widget=_date_widget())
    end = forms.DateField(label=_("Au"), required=False, widget=_date_widget())
    nature = forms.ChoiceField(label=_("Nature"), required=False)
    report_type = forms.ChoiceField(label=_("Type"), required=False)
    stage = forms.ChoiceField(label=_("Étape"), required=False)
    seriousness = forms.ChoiceField(label=_("Gravité"), required=False)
    resolved = forms.ChoiceField(label=_("Résolution"), required=False, choices=[
        ("", _("Tous")), ("no", _("Non résolus")), ("yes", _("Résolus"))])
    never_event = forms.BooleanField(label=_("Événements qui ne devraient jamais arriver seulement"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("nature", "report_type", "stage", "seriousness"):
            model_field = Incident._meta.get_field(name)
            self.fields[name].choices = [("", _("Tous"))] + [(str(v), label) for v, label in model_field.choices]

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        queryset = queryset.between(data["start"], data["end"])
        for name in ("nature", "report_type", "stage", "seriousness"):
            if data[name]:
                queryset = queryset.filter(**{name: data[name]})
        if data["resolved"] == "yes":
            queryset = queryset.resolved()
        elif data["resolved"] == "no":
            queryset = queryset.unresolved()
        if data["never_event"]:
            queryset = queryset.never_events()
        return queryset


class PrescriptionVolumeForm(VersionedFormMixin, PharmacyFormMixin, forms.ModelForm):
    """One month's count. Entering a month again replaces its figure, but only once the person has
    seen the figure already saved: otherwise it is a conflict (someone may have just entered it)."""

    month = forms.DateField(label=_("Mois"), widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            input_formats=["%Y-%m", "%m/%Y", "%Y-%m-%d"])

    class Meta:
        model = PrescriptionVolume
        fields = ["month", "prescriptions"]
        error_messages = {"prescriptions": {
            "min_value": _("Le nombre d'ordonnances ne peut pas être négatif."),
            "max_value": _("Ce nombre d'ordonnances pour un mois n'est pas plausible (%(limit_value)s au plus)."),
        }}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_month(self):
        month = self.cleaned_data["month"].replace(day=1)
        if month > timezone.localdate():
            raise forms.ValidationError(_("Ce mois n'est pas encore commencé."))
        return month

    def validate_unique(self):
        # Entering a month again replaces its figure (see save()).
        pass

    def current_for_conflict(self):
        month = self.cleaned_data.get("month")
        if month is None:
            return None
        return PrescriptionVolume.objects.for_pharmacy(self.pharmacy).filter(month=month).first()

    def save(self, commit=True):
        current = self.current_for_conflict()
        if current is None:
            try:
                with transaction.atomic():
                    return PrescriptionVolume.objects.create(
                        pharmacy=self.pharmacy, month=self.cleaned_data["month"],
                        prescriptions=self.cleaned_data["prescriptions"],
                    )
            except IntegrityError:  # entered by someone else since the check
                self.show_conflict(self.current_for_conflict())
                return None
        before, current.prescriptions = current.prescriptions, self.cleaned_data["prescriptions"]
        with transaction.atomic():
            try:
                current.save_unless_changed(self.cleaned_data.get("version"))
            except EditConflict as conflict:
                self.show_conflict(conflict.current)
                return None
            if before != current.prescriptions:  # the denominator of every rate: traced
                record(AuditEvent.Action.PRESCRIPTION_COUNT_OVERWRITTEN, self.user, self.pharmacy,
                       target=_("Ordonnances de %(month)s") % {"month": current.month.strftime("%m/%Y")},
                       month=current.month.isoformat(), before=before, after=current.prescriptions)
        return current


class EmergencyRequestForm(VersionedFormMixin, PharmacyFormMixin, forms.ModelForm):
    sent_at = forms.DateTimeField(label=_("Envoyée le"), widget=_datetime_widget(),
                                  input_formats=[DATETIME_FORMAT, "%d/%m/%Y %H:%M"])

    class Meta:
        model = EmergencyRequest
        fields = ["medicine", "cip", "laboratory", "sent_at", "justification", *EMERGENCY_CONDITIONS,
                  "patient_form_reference", "answer", "answered_on", "answer_text", "outcome"]
        widgets = {"justification": forms.Textarea(attrs={"rows": 3}), "outcome": forms.Textarea(attrs={"rows": 3}),
                   "answer_text": forms.Textarea(attrs={"rows": 3}), "answered_on": _date_widget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("sent_at", timezone.localtime().replace(second=0, microsecond=0))


class ImprovementSheetForm(VersionedFormMixin, PharmacyFormMixin, forms.ModelForm):
    """The sheet, its effectiveness check and its closing. Closing it can resolve, in the same
    step, the incidents it came from (`resolve_incidents`, offered while one is unresolved)."""

    resolve_incidents = forms.BooleanField(
        label=_("Marquer l'incident d'origine comme résolu à la clôture"), required=False, initial=True,
        help_text=_("L'incident sera résolu à la date de clôture, avec cette fiche comme action corrective."),
    )

    class Meta:
        model = ImprovementSheet
        fields = ["title", "problem", *ImprovementSheet.CAUSE_FIELDS, "check_on", "check_result", "check_comment",
                  "closed_on"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.Textarea(attrs={"rows": 2}) for name in ImprovementSheet.CAUSE_FIELDS},
            "check_comment": forms.Textarea(attrs={"rows": 2}),
            "check_on": _date_widget(),
            "closed_on": _date_widget(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.was_closed = bool(self.instance.closed_on)
        if self.was_closed or not self.instance.pk or not self.instance.source_incidents().unresolved().exists():
            del self.fields["resolve_incidents"]

    def save(self, commit=True):
        with transaction.atomic():
            sheet = super().save(commit)
            if (sheet is not None and commit and sheet.closed_on and not self.was_closed
                    and self.cleaned_data.get("resolve_incidents")):
                sheet.resolve_source_incidents()
        return sheet


class SheetCheckForm(ImprovementSheetForm):
    """On the sheet's own page: the effectiveness check and the closing, nothing else."""

    class Meta(ImprovementSheetForm.Meta):
        fields = ["check_on", "check_result", "check_comment", "closed_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["check_on"].required = self.fields["check_result"].required = True
        if not self.is_bound and not self.instance.check_on:
            self.initial.setdefault("check_on", timezone.localdate())


class NewSheetForm(ImprovementSheetForm):
    """Opening a sheet: the sheet and its first action (what, who, when) in one step."""

    action_description = forms.CharField(label=_("Première action"), max_length=300)
    action_owner = TeamMemberField(queryset=None, label=_("Responsable de l'action"))
    action_due_on = forms.DateField(label=_("Échéance de l'action"), widget=_date_widget())

    class Meta(ImprovementSheetForm.Meta):
        fields = ["title", "problem", *ImprovementSheet.CAUSE_FIELDS]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_owner"].offer_team(self.pharmacy, shown=not self.is_bound)
        if not self.is_bound:
            self.initial.setdefault("action_owner", user.pk if user else None)
            self.initial.setdefault("action_due_on", timezone.localdate() + datetime.timedelta(days=30))

    def first_action(self) -> dict:
        data = self.cleaned_data
        return {"description": data["action_description"], "owner": data["action_owner"],
                "due_on": data["action_due_on"]}

    def save(self, commit=True, **origin):
        data = self.cleaned_data
        return ImprovementSheet.objects.open_sheet(
            self.pharmacy, title=data["title"], problem=data["problem"], first_action=self.first_action(),
            **{name: data[name] for name in ImprovementSheet.CAUSE_FIELDS}, **origin,
        )


class ImprovementActionForm(VersionedFormMixin, forms.ModelForm):
    owner = TeamMemberField(queryset=None, label=_("Responsable"))

    class Meta:
        model = ImprovementAction
        fields = ["description", "owner", "due_on", "status"]
        widgets = {"due_on": _date_widget()}

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.sheet = sheet
        self.fields["owner"].offer_team(sheet.pharmacy, shown=not self.is_bound)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("due_on", timezone.localdate() + datetime.timedelta(days=30))


class IncidentImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier du registre (XLSX ou CSV)"),
        help_text=_("Première ligne : date, déclarant, référence patient, nature, détails et causes, résolu le, "
                    "action corrective (facultatif : type de signalement, gravité)."),
    )


class RegistrationPeriodForm(PharmacyFormMixin, forms.ModelForm):
    """Which report type the pharmacy registered, from which month to which month."""

    start = forms.DateField(label=_("Premier mois"), widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            input_formats=["%Y-%m", "%m/%Y", "%Y-%m-%d"])
    end = forms.DateField(label=_("Dernier mois"), widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                          input_formats=["%Y-%m", "%m/%Y", "%Y-%m-%d"])

    class Meta:
        model = RegistrationPeriod
        fields = ["report_type", "start", "end"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end.replace(day=1) < start.replace(day=1):
            self.add_error("end", _("Le dernier mois ne peut pas précéder le premier."))
        return data

    def save(self, commit=True):
        self.instance.pharmacy = self.pharmacy
        return super().save(commit)


class VolumeImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier des ordonnances (XLSX ou CSV)"),
        help_text=_("Première ligne : mois, ordonnances. Un mois par ligne (MM/AAAA) ; un mois déjà saisi est "
                    "remplacé, et ce remplacement est tracé."),
    )


# Every form of the registers draws its widgets and errors in Python: the same HTML, without a
# template per option (registers/rendering.py).
for _form in [value for value in list(globals().values())
              if isinstance(value, type) and issubclass(value, forms.BaseForm) and value.__module__ == __name__]:
    _form.default_renderer = RENDERER
