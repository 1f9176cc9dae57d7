"""Import and export of a course's questions (django-import-export), results exports, invitations."""

from urllib.parse import urlencode

import tablib
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field

from portal.imports import (
    ImportPreview,
    check_upload,
    read_table,
    run_resource_import,
)
from portal.sanitizer import to_text
from quizzes.models import Chapter, Choice, Question, normalize_answer

KIND_BY_NAME = {}
for _kind in Question.Kind:
    KIND_BY_NAME[normalize_answer(_kind.value)] = _kind.value
    KIND_BY_NAME[normalize_answer(str(_kind.label))] = _kind.value
KIND_BY_NAME.update({"vrai/faux": "true_false", "vrai-faux": "true_false", "qcm": "multiple", "qcu": "single"})

HEADERS = ["chapitre", "type", "enonce", "choix", "reponses_acceptees", "explication", "source"]


class QuestionResource(resources.ModelResource):
    """One row per question; choices in one cell, separated by « | », right ones starred."""

    chapitre = Field(column_name="chapitre", dehydrate_method="dehydrate_chapitre")
    type = Field(column_name="type", dehydrate_method="dehydrate_type")
    enonce = Field(column_name="enonce", attribute="text")
    choix = Field(column_name="choix", dehydrate_method="dehydrate_choix")
    reponses_acceptees = Field(column_name="reponses_acceptees", dehydrate_method="dehydrate_accepted")
    explication = Field(column_name="explication", attribute="explanation")
    source = Field(column_name="source", attribute="source")

    class Meta:
        model = Question
        fields = ("chapitre", "type", "enonce", "choix", "reponses_acceptees", "explication", "source")
        use_transactions = True
        skip_diff = True
        clean_model_instances = False

    def __init__(self, course):
        super().__init__()
        self.course = course
        self.chapters = {normalize_answer(c.title): c for c in course.chapters.all()}

    def get_queryset(self):
        return (
            Question.objects.filter(chapter__course=self.course)
            .select_related("chapter")
            .prefetch_related("choices")
            .order_by("chapter__position", "position", "pk")
        )

    def dehydrate_chapitre(self, question):
        return question.chapter.title

    def dehydrate_type(self, question):
        return str(question.get_kind_display())

    def dehydrate_choix(self, question):
        return " | ".join(("*" if c.is_correct else "") + c.text for c in question.choices.all())

    def dehydrate_accepted(self, question):
        return " | ".join(question.accepted_list())

    def get_instance(self, instance_loader, row):
        return None  # an import always adds questions

    def import_instance(self, instance, row, **kwargs):
        errors = {}

        def cell(name):
            value = row.get(name)
            return "" if value is None else str(value).strip()

        chapter_title = cell("chapitre")
        if not chapter_title:
            errors["chapitre"] = _("Le chapitre est obligatoire.")
        kind = KIND_BY_NAME.get(normalize_answer(cell("type")))
        if kind is None:
            errors["type"] = _("Type inconnu « %(value)s » (choix unique, choix multiple, vrai / faux, réponse courte).") % {"value": cell("type")}
        text = cell("enonce")
        if not text:
            errors["enonce"] = _("L'énoncé est obligatoire.")
        choices = [c.strip() for c in cell("choix").split("|") if c.strip()]
        parsed = [(c.lstrip("*").strip(), c.startswith("*")) for c in choices]
        accepted = [a.strip() for a in cell("reponses_acceptees").split("|") if a.strip()]
        if kind == Question.Kind.SHORT:
            if not accepted:
                errors["reponses_acceptees"] = _("Indiquez au moins une réponse acceptée.")
        elif kind:
            correct = sum(1 for _text, ok in parsed if ok)
            if len(parsed) < 2:
                errors["choix"] = _("Au moins deux choix, séparés par « | ».")
            elif correct == 0:
                errors["choix"] = _("Marquez au moins une bonne réponse avec « * ».")
            elif kind != Question.Kind.MULTIPLE and correct != 1:
                errors["choix"] = _("Une question à choix unique a exactement une bonne réponse.")
        if errors:
            raise ValidationError(errors)
        key = normalize_answer(chapter_title)
        chapter = self.chapters.get(key)
        if chapter is None:
            chapter = Chapter.objects.create(course=self.course, title=chapter_title[:200])
            self.chapters[key] = chapter
        instance.chapter = chapter
        instance.kind = kind
        instance.text = text
        instance.explanation = cell("explication")
        instance.source = cell("source")[:300]
        instance.accepted_answers = "\n".join(accepted)
        instance._pending_choices = parsed if kind != Question.Kind.SHORT else []

    def after_save_instance(self, instance, row, **kwargs):
        Choice.objects.bulk_create(
            Choice(question=instance, text=text[:500], is_correct=ok, position=index)
            for index, (text, ok) in enumerate(getattr(instance, "_pending_choices", []), start=1)
        )


def import_questions(course, dataset, dry_run: bool) -> ImportPreview:
    """Validate (dry run) or import every row in one transaction: all rows or none."""
    return run_resource_import(QuestionResource(course), dataset, commit=not dry_run)


def read_upload(upload) -> tablib.Dataset:
    """The uploaded questions file, within the import limits, headers normalised."""
    return read_table(
        check_upload(upload),
        upload.name,
        required_columns=("chapitre", "type", "enonce"),
        normalize_header=lambda header: normalize_answer(header).replace(" ", "_").replace("'", ""),
    )


def session_key(course) -> str:
    return f"quizzes-import-{course.pk}"


def questions_dataset(course) -> tablib.Dataset:
    return QuestionResource(course).export()


def results_dataset(course, results, table) -> tablib.Dataset:
    if table == "etudiants":
        dataset = tablib.Dataset(headers=[_("Nom"), _("E-mail"), _("Questions vues"), _("Maîtrise (%)"), _("Dernière activité")])
        for row in results.students:
            dataset.append([
                row.student.get_full_name(), row.student.email, row.seen, row.mastery_percent,
                row.last_activity or "",
            ])
    else:
        dataset = tablib.Dataset(headers=[
            _("Chapitre"), _("Question"), _("Réponses"), _("Indice de facilité (%)"),
            _("Réponse fausse la plus choisie"), _("Indice de discrimination"),
        ])
        for row in results.questions:
            dataset.append([
                row.question.chapter.title, to_text(row.question.text), row.attempts,
                "" if row.facility_percent is None else row.facility_percent, row.top_wrong,
                "" if row.discrimination is None else round(row.discrimination, 2),
            ])
    dataset.title = table
    return dataset


INVITATION_SALT = "quizzes.invitation"
INVITATION_DAYS = 30


def invitation_token(course, person) -> str:
    return signing.dumps({"course": course.pk, "user": person.pk}, salt=INVITATION_SALT, compress=True)


def is_invited(course, user, token: str) -> bool:
    """A valid invitation of this person to this course (it lets them join a closed course)."""
    if not token:
        return False
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_DAYS * 86400)
    except signing.BadSignature:
        return False
    return data == {"course": course.pk, "user": user.pk}


def send_invitation(request, course, student) -> None:
    """Email a link the person accepts (they are not enrolled until they do)."""
    url = request.build_absolute_uri(
        course.get_join_url() + "?" + urlencode({"invitation": invitation_token(course, student)})
    )
    body = render_to_string("quizzes/email/invitation.txt", {"course": course, "student": student, "url": url})
    send_mail(_("Invitation au cours « %(title)s »") % {"title": course.title}, body, None, [student.email])
