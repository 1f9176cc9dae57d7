"""Teacher pages: the course, its settings, chapters and questions, people and co-authors."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.caching import touch_user
from quizzes import invitations
from quizzes.forms import (
    ChapterForm,
    ChoiceFormSet,
    CollaboratorForm,
    CourseForm,
    CourseSettingsForm,
    InviteForm,
    QuestionForm,
)
from quizzes.models import (
    CoauthorInvitation,
    Question,
    can_revise,
    can_teach,
)
from quizzes.views.access import teacher_course

# --- Teacher: authoring -----------------------------------------------------------------------

@login_required
def course_create(request):
    if not can_teach(request.user):
        raise Http404
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = form.save(commit=False)
        course.owner = request.user
        course.save()
        messages.success(request, _("Cours créé. Ajoutez maintenant un premier chapitre."))
        return redirect("quizzes:manage", course.pk)
    return render(request, "quizzes/teacher/course_form.html", {"form": form})


@teacher_course
def manage(request, course):
    """Contenu tab: chapters and their questions."""
    chapters = list(course.chapters.prefetch_related("questions"))
    return render(
        request,
        "quizzes/teacher/manage.html",
        {"course": course, "chapters": chapters, "tab": "content", "chapter_form": ChapterForm()},
    )


@teacher_course
def course_edit(request, course):
    form = CourseForm(request.POST or None, instance=course)
    settings_form = CourseSettingsForm(request.POST or None, instance=course, prefix="settings")
    if request.method == "POST" and form.is_valid() and settings_form.is_valid():
        form.save()
        settings_form.save()
        messages.success(request, _("Paramètres enregistrés."))
        return redirect("quizzes:course_edit", course.pk)
    return render(
        request,
        "quizzes/teacher/settings.html",
        {"course": course, "form": form, "settings_form": settings_form, "tab": "settings"},
    )


@teacher_course
@require_POST
def chapter_create(request, course):
    form = ChapterForm(request.POST)
    if form.is_valid():
        chapter = form.save(commit=False)
        chapter.course = course
        chapter.save()
        messages.success(request, _("Chapitre ajouté."))
    else:
        messages.error(request, _("Donnez un titre au chapitre."))
    return redirect("quizzes:manage", course.pk)


@teacher_course
def chapter_edit(request, course, chapter_id):
    chapter = get_object_or_404(course.chapters, pk=chapter_id)
    form = ChapterForm(request.POST or None, instance=chapter)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Chapitre enregistré."))
        return redirect("quizzes:manage", course.pk)
    return render(request, "quizzes/teacher/chapter_form.html", {"course": course, "chapter": chapter, "form": form})


@teacher_course
@require_POST
def chapter_move(request, course, chapter_id, direction):
    chapter = get_object_or_404(course.chapters, pk=chapter_id)
    chapter.move(-1 if direction == "haut" else 1)
    return redirect(reverse("quizzes:manage", args=[course.pk]) + f"#chapitre-{chapter.pk}")


@teacher_course
@require_POST
def chapter_delete(request, course, chapter_id):
    chapter = get_object_or_404(course.chapters, pk=chapter_id)
    chapter.delete()
    messages.success(request, _("Chapitre supprimé."))
    return redirect("quizzes:manage", course.pk)


def _save_choices(question, formset):
    if not question.kind_rules.stores_choices:
        question.choices.all().delete()
        return
    formset.instance = question
    kept = formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for position, choice in enumerate(kept, start=1):
        if choice.text:
            choice.position = position  # the form's order (an ordering question's answer)
            choice.save()


@teacher_course
def question_edit(request, course, question_id=None):
    question = None
    if question_id is not None:
        question = get_object_or_404(Question.objects.filter(chapter__course=course), pk=question_id)
    if not course.chapters.exists():
        messages.error(request, _("Créez d'abord un chapitre."))
        return redirect("quizzes:manage", course.pk)
    initial = {}
    if question is None and request.GET.get("chapitre"):
        initial["chapter"] = request.GET["chapitre"]
    form = QuestionForm(request.POST or None, request.FILES or None, instance=question, course=course, initial=initial,
                        user=request.user)
    kind = request.POST.get("kind") if request.method == "POST" else (question.kind if question else None)
    formset = ChoiceFormSet(request.POST or None, instance=question or Question(), kind=kind, prefix="choices")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            saved = form.save()  # None: someone saved it meanwhile, and the form shows both versions
            if saved is not None:
                _save_choices(saved, formset)
        if saved is not None:
            messages.success(request, _("Question enregistrée."))
            if "add_another" in request.POST:
                return redirect(reverse("quizzes:question_create", args=[course.pk]) + f"?chapitre={saved.chapter_id}")
            return redirect(reverse("quizzes:manage", args=[course.pk]) + f"#question-{saved.pk}")
    return render(
        request,
        "quizzes/teacher/question_form.html",
        {"course": course, "question": question, "form": form, "formset": formset},
    )


@teacher_course
@require_POST
def question_delete(request, course, question_id):
    question = get_object_or_404(Question.objects.filter(chapter__course=course), pk=question_id)
    question.delete()
    messages.success(request, _("Question supprimée."))
    return redirect("quizzes:manage", course.pk)


@teacher_course
def people(request, course):
    """Collaborateurs & étudiants: share link and code, invitations, collaborators."""
    invite_form = InviteForm(prefix="invite")
    collaborator_form = CollaboratorForm(prefix="collab")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "invite":
            invite_form = InviteForm(request.POST, prefix="invite")
            if invite_form.is_valid():
                # The same answer whether or not an account exists: the invitation is a link the
                # person accepts, never an enrolment made for them.
                person = invite_form.invitee()
                if person is not None and can_revise(person) and not course.is_enrolled(person):
                    invitations.send_invitation(request, course, person)
                messages.success(request, _(
                    "Si un compte étudiant ou officine correspond à « %(who)s », une invitation lui a été envoyée "
                    "par e-mail : il rejoindra le cours en l'acceptant."
                ) % {"who": invite_form.cleaned_data["who"]})
                return redirect("quizzes:people", course.pk)
        elif action == "collaborator":
            collaborator_form = CollaboratorForm(request.POST, prefix="collab")
            if collaborator_form.is_valid():
                _invite_coauthor(request, course, collaborator_form.cleaned_data["email"])
                return redirect("quizzes:people", course.pk)
        elif action == "cancel_coauthor_invitation" and course.owner_id == request.user.pk:
            course.coauthor_invitations.filter(pk=request.POST.get("invitation")).delete()
            messages.success(request, _("Invitation annulée."))
            return redirect("quizzes:people", course.pk)
        elif action == "remove_collaborator" and course.owner_id == request.user.pk:
            course.collaborators.remove(*course.collaborators.filter(pk=request.POST.get("user")))
            messages.success(request, _("Co-auteur retiré."))
            return redirect("quizzes:people", course.pk)
        elif action == "remove_student":
            course.enrollments.filter(student_id=request.POST.get("user")).delete()
            messages.success(request, _("Étudiant retiré du cours."))
            return redirect("quizzes:people", course.pk)
        elif action == "extra_time":
            _set_extra_time(request, course)
            return redirect("quizzes:people", course.pk)
        elif action == "regenerate":
            course.regenerate_code()
            messages.success(request, _("Nouveau code généré : l'ancien code et l'ancien lien ne fonctionnent plus."))
            return redirect("quizzes:people", course.pk)
    join_url = request.build_absolute_uri(course.get_join_url())
    enrollments = Paginator(course.enrollments.select_related("student").order_by("student__last_name", "student__email"), 50)
    return render(
        request,
        "quizzes/teacher/people.html",
        {
            "course": course,
            "tab": "people",
            "invite_form": invite_form,
            "collaborator_form": collaborator_form,
            "collaborators": course.collaborators.all(),
            "coauthor_invitations": course.coauthor_invitations.all(),
            "enrollments": enrollments.get_page(request.GET.get("page")),
            "join_url": join_url,
            "qr_code": mark_safe(segno.make(join_url).svg_inline(scale=3, title=_("QR code du lien d'invitation"))),  # noqa: S308 - generated SVG
        },
    )


def _invite_coauthor(request, course, email):
    """The same answer whatever the address (unknown, a student's, a teacher's, a co-author's): only a
    teacher's account is sent the link, and the invitation gives nothing until they accept."""
    invitation = course.invite_coauthor(email, request.user)
    person = invitation.invitee() if invitation else None
    if person is not None:
        invitations.send_coauthor_invitation(request, invitation, person)
    messages.success(request, _(
        "Si cette adresse correspond à un enseignant, une invitation lui a été envoyée : il deviendra "
        "co-auteur en l'acceptant."
    ))


@login_required
def coauthor_invitation(request, invitation_id):
    """The invited teacher's page: accept or decline (anyone else, or an expired invitation: 404)."""
    invitation = get_object_or_404(
        CoauthorInvitation.objects.for_invitee(request.user).select_related("course__owner", "invited_by"),
        pk=invitation_id,
    )
    approved = can_teach(request.user)
    if request.method == "POST":
        course = invitation.course
        if request.POST.get("action") == "decline":
            invitation.delete()
            messages.success(request, _("Invitation refusée."))
            return redirect("quizzes:courses")
        if invitation.accept(request.user):
            messages.success(request, _("Vous êtes maintenant co-auteur du cours « %(title)s ».") % {"title": course.title})
            return redirect("quizzes:manage", course.pk)
        return render(request, "quizzes/teacher/coauthor_invitation.html",
                      {"invitation": invitation, "approved": approved, "refused": True}, status=403)
    return render(request, "quizzes/teacher/coauthor_invitation.html", {"invitation": invitation, "approved": approved})


def _set_extra_time(request, course):
    try:
        minutes = int(request.POST.get("minutes", ""))
    except ValueError:
        minutes = -1
    if not 0 <= minutes <= 180:
        messages.error(request, _("Indiquez un nombre de minutes entre 0 et 180."))
        return
    student_id = request.POST.get("user")
    if course.enrollments.filter(student_id=student_id).update(extra_exam_minutes=minutes):
        touch_user(int(student_id))  # the student's cached course page announces the exam's length
    messages.success(request, _("Temps supplémentaire enregistré."))
