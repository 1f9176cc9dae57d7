from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from portal.rules.concurrency import VersionedFormMixin
from portal.rules.numbers import file_size
from quizzes.kinds import kind_for
from quizzes.models import RETENTION_RANGE, Chapter, Choice, Course, Question, normalize_code


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["title", "introduction"]
        help_texts = {"introduction": _("Texte mis en forme autorisé : paragraphes, listes, gras, liens.")}


class CourseSettingsForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["is_open", "is_archived", "desired_retention", "session_size", "exam_size", "exam_minutes"]

    def clean_desired_retention(self):
        value = self.cleaned_data["desired_retention"]
        low, high = RETENTION_RANGE
        if value is not None and not low <= value <= high:
            raise forms.ValidationError(
                _("Choisissez une probabilité entre %(low)s et %(high)s (par exemple 0,90).")
                % {"low": number_format(low, 2), "high": number_format(high, 2)}
            )
        return value


class ChapterForm(forms.ModelForm):
    class Meta:
        model = Chapter
        fields = ["title"]


class QuestionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Question
        fields = ["chapter", "kind", "name", "text", "image_alt", "accepted_answers", "numeric_answer",
                  "numeric_tolerance", "model_answer", "ordered", "explanation", "source"]
        localized_fields = ["numeric_answer", "numeric_tolerance"]  # "3,5" in French
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "explanation": forms.Textarea(attrs={"rows": 3}),
            "accepted_answers": forms.Textarea(attrs={"rows": 2}),
            "model_answer": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "text": _("Mise en forme autorisée : paragraphes, listes, gras, italique, liens. Le reste est retiré. "
                      "Mot manquant : écrivez « _____ » (cinq tirets bas) à la place du mot."),
            "accepted_answers": _("Réponse courte et mot manquant : une réponse acceptée par ligne (sans tenir compte "
                                  "des majuscules ni des accents)."),
        }

    image_file = forms.ImageField(
        label=_("Image"), required=False,
        help_text=_("Facultative : JPEG, PNG, GIF ou WebP, 5 Mo au maximum, affichée sous l'énoncé."),
    )
    remove_image = forms.BooleanField(label=_("Retirer l'image"), required=False)

    def __init__(self, *args, course, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = course.chapters.all()
        self.fields["chapter"].empty_label = None
        self.fields["numeric_tolerance"].required = False

    def clean_numeric_tolerance(self):
        return self.cleaned_data.get("numeric_tolerance") or 0

    def clean_image_file(self):
        upload = self.cleaned_data.get("image_file")
        if upload and upload.size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
            raise forms.ValidationError(_("Image trop volumineuse : %(limit)s au maximum.")
                                        % {"limit": file_size(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)})
        return upload

    def has_image(self) -> bool:
        data = self.cleaned_data
        keeps = bool(self.instance.image_id) and not data.get("remove_image")
        return bool(data.get("image_file")) or keeps

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        rules = kind_for(kind) if kind else None
        if rules is not None and (rules.free_answer or not rules.stores_choices) and "numeric_answer" not in self.errors:
            accepted = (data.get("accepted_answers") or "").splitlines()
            errors = Question.answer_errors(kind, accepted=accepted, number=data.get("numeric_answer"), text=data.get("text"))
            for field, message in errors.items():
                self.add_error(field, message)
        for field, message in Question.image_errors(self.has_image(), data.get("image_alt", "")).items():
            self.add_error(field, message)
        if data.get("remove_image") and not data.get("image_file"):
            self.instance.image = None  # before the model's own check (`Question.clean`)
        return data

    def save(self, commit=True):
        question = super().save(commit=False)
        upload = self.cleaned_data.get("image_file")
        if upload:
            question.image = get_image_model().objects.create(
                title=(question.image_alt or upload.name)[:255], file=upload, uploaded_by_user=self.user,
            )
        elif self.cleaned_data.get("remove_image"):
            question.image = None
            question.image_alt = ""
        if commit:
            question.save()
        return question


class BaseChoiceFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, kind=None, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        rules = kind_for(self.kind) if self.kind else None
        if rules is None or not rules.stores_choices or rules.free_answer or any(self.errors):
            return  # typed answers' extra rows (a missing word's wrong proposals, weighted answers) are optional
        kept = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        choices = [(d.get("text") or "", bool(d.get("is_correct"))) for d in kept]
        pairs = [(d.get("text") or "", d.get("match_text") or "") for d in kept]
        errors = Question.answer_errors(self.kind, choices=choices, pairs=pairs)
        if errors:
            raise forms.ValidationError(errors["choices"])


ChoiceFormSet = inlineformset_factory(
    Question,
    Choice,
    formset=BaseChoiceFormSet,
    fields=["text", "match_text", "is_correct"],
    help_texts={"match_text": ""},  # said once under the table (no help text per row to point at)
    extra=4,
    max_num=10,
    can_delete=True,
)


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Code du cours"),
        max_length=20,
        help_text=_("8 caractères, donnés par votre enseignant."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self):
        return normalize_code(self.cleaned_data["code"])


class InviteForm(forms.Form):
    who = forms.CharField(
        label=_("Adresse e-mail ou identifiant de l'étudiant"),
        max_length=254,
    )

    def clean_who(self):
        return self.cleaned_data["who"].strip()

    def invitee(self):
        """The account invited, or None: never shown to the teacher (the answer is the same)."""
        who = self.cleaned_data["who"]
        return get_user_model().objects.filter(Q(email__iexact=who) | Q(username__iexact=who)).first()


class CollaboratorForm(forms.Form):
    """The address of a teacher to invite as co-author: no answer depends on whose address it is."""

    email = forms.EmailField(
        label=_("Adresse e-mail de l'enseignant"), max_length=254,
        error_messages={"invalid": _("Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.")},
    )


class ImportForm(forms.Form):
    STOP_ON_ERROR, VALID_ONLY = "stop", "valid"

    file = forms.FileField(
        label=_("Fichier XLSX, CSV, GIFT, Moodle XML ou Aiken (.txt)"),
        help_text=_("Tableur — colonnes : chapitre, type, énoncé, choix (séparés par « | », bonnes réponses précédées de « * », paires d'association écrites « élément -> correspondance »), réponses acceptées, explication, source. GIFT et Moodle XML : les catégories deviennent des chapitres."),
    )
    on_error = forms.ChoiceField(
        label=_("Si des questions contiennent des erreurs"),
        choices=[
            (STOP_ON_ERROR, _("Ne rien importer (arrêt sur erreur)")),
            (VALID_ONLY, _("Importer les questions valides et lister les questions refusées")),
        ],
        initial=STOP_ON_ERROR, widget=forms.RadioSelect, required=False,
    )
