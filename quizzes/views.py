"""Views of the revision space: thin, the rules live on the models and in `quizzes.stats`.

Teachers reach a course through `Course.objects.for_teacher(user)` and students through their
enrollment: anything else is a 404.
"""

from functools import wraps

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.caching import cache_personal, mark_personal, touch_user
from portal.documents import imports
from portal.documents.spreadsheets import spreadsheet_response
from portal.exports import tasks as export_jobs
from portal.infrastructure import ratelimit
from quizzes import confidence, exam, exports, invitations, relearning
from quizzes import imports as question_imports
from quizzes.forms import (
    ChapterForm,
    ChoiceFormSet,
    CollaboratorForm,
    CourseForm,
    CourseSettingsForm,
    ImportForm,
    InviteForm,
    JoinForm,
    QuestionForm,
)
from quizzes.models import (
    AlreadyAnswered,
    Attempt,
    CoauthorInvitation,
    Course,
    Enrollment,
    MemoryState,
    Question,
    StudySession,
    can_revise,
    can_teach,
)
from quizzes.stats import course_progress, course_results, courses_overview, difficult_questions

JOIN_LIMIT = 10
JOIN_WINDOW = 10 * 60


STUDENT_ATTEMPTS = 30  # latest answers shown on a student's page

def teacher_course(view):
    """Resolve `course_id` among the courses the user owns or co-authors (404 otherwise)."""

    @wraps(view)
    @login_required
    def wrapper(request, course_id, *args, **kwargs):
        course = get_object_or_404(Course.objects.for_teacher(request.user), pk=course_id)
        return view(request, course, *args, **kwargs)

    return wrapper


def student_course(view):
    """Resolve `course_id` among the courses the user is enrolled in (404 otherwise)."""

    @wraps(view)
    @login_required
    def wrapper(request, course_id, *args, **kwargs):
        course = get_object_or_404(Course.objects.for_student(request.user), pk=course_id)
        return view(request, course, *args, **kwargs)

    return wrapper


# --- Landing: my courses --------------------------------------------------------------------

@login_required
def courses(request):
    user = request.user
    context = {"join_form": JoinForm(), "can_teach": can_teach(user)}
    if user.is_teacher:
        teaching = list(
            Course.objects.for_teacher(user).select_related("owner").order_by("is_archived", "title")
        )
        context["teaching"] = teaching
        context["coauthor_invitations"] = list(CoauthorInvitation.objects.for_invitee(user).select_related("course"))
    enrolled = list(Course.objects.for_student(user).active().select_related("owner"))
    overview = courses_overview(user, enrolled)
    context["enrolled"] = [(course, overview[course.pk]) for course in enrolled]
    return render(request, "quizzes/courses.html", context)


def _join(request, course, via):
    if not can_revise(request.user):
        messages.error(request, _("Les comptes enseignants ne rejoignent pas un cours : ils en sont co-auteurs."))
        return redirect("quizzes:courses")
    _enrollment, created = course.enroll(request.user, via)
    if created:
        messages.success(request, _("Vous avez rejoint le cours « %(title)s ».") % {"title": course.title})
    else:
        messages.info(request, _("Vous suivez déjà ce cours."))
    return redirect("quizzes:course", course.pk)


@login_required
@require_POST
def join(request):
    form = JoinForm(request.POST)
    if not ratelimit.hit(f"join:{request.user.pk}", JOIN_LIMIT, JOIN_WINDOW):
        form.add_error(None, _("Trop de tentatives : réessayez dans quelques minutes."))
    elif form.is_valid():
        course = Course.objects.filter(join_code=form.cleaned_data["code"], is_archived=False).first()
        if course is None:
            form.add_error("code", _("Ce code ne correspond à aucun cours. Vérifiez-le auprès de votre enseignant."))
        elif not course.is_open and not course.is_enrolled(request.user):
            form.add_error("code", _("Ce cours est fermé aux nouveaux étudiants."))
        else:
            return _join(request, course, Enrollment.Via.CODE)
    return render(request, "quizzes/join.html", {"form": form}, status=400)


@login_required
def join_link(request, code):
    # Links carry the code too: unknown codes count against the same limit as the code form.
    key = f"join:{request.user.pk}"
    if ratelimit.exceeded(key, JOIN_LIMIT):
        error = _("Trop de tentatives : réessayez dans quelques minutes.")
        return render(request, "quizzes/join_link.html", {"error": error}, status=429)
    course = Course.objects.filter(join_code=code.upper(), is_archived=False).first()
    if course is None:
        ratelimit.hit(key, JOIN_LIMIT, JOIN_WINDOW)
        return render(request, "quizzes/join_link.html", {"error": _("Ce lien ne correspond à aucun cours.")}, status=404)
    if course.is_enrolled(request.user):
        return redirect("quizzes:course", course.pk)
    invited = invitations.is_invited(course, request.user, request.GET.get("invitation", ""))
    if not course.is_open and not invited:
        return render(request, "quizzes/join_link.html", {"course": course, "error": _("Ce cours est fermé aux nouveaux étudiants.")})
    if request.method == "POST":
        return _join(request, course, Enrollment.Via.INVITATION if invited else Enrollment.Via.LINK)
    return render(
        request, "quizzes/join_link.html", {"course": course, "invited": invited, "can_revise": can_revise(request.user)}
    )


# --- Student: course page, sessions, answers ------------------------------------------------

@cache_personal
@login_required
def course(request, course_id):
    user = request.user
    course = Course.objects.filter(pk=course_id).filter(enrollments__student=user).first()
    if course is None:
        teaching = Course.objects.for_teacher(user).filter(pk=course_id).first()
        if teaching is None:
            raise Http404
        return redirect("quizzes:manage", teaching.pk)
    progress = course_progress(course, user)
    recent = list(course.sessions.filter(student=user, mode=StudySession.Mode.EXAM, finished_at__isnull=False)[:5])
    length = exam.exam_length(course, progress.total, exam.extra_minutes(course, user))
    return render(
        request, "quizzes/course.html",
        {"course": course, "progress": progress, "exams": recent, "difficult": difficult_questions(course, user),
         "exam_length": length},
    )


@student_course
@require_POST
def start(request, course, mode):
    if mode not in StudySession.Mode.values:
        raise Http404
    chapter = None
    if request.POST.get("chapter"):
        chapter = get_object_or_404(course.chapters, pk=request.POST["chapter"])
    if mode == StudySession.Mode.PRACTICE and chapter is None:
        messages.error(request, _("Choisissez un chapitre pour l'entraînement."))
        return redirect("quizzes:course", course.pk)
    size = None
    if mode == StudySession.Mode.PRACTICE:
        try:
            size = max(1, min(50, int(request.POST.get("size", 10))))
        except ValueError:
            size = 10
    session = StudySession.start(course, request.user, mode, chapter=chapter, size=size)
    if not session.question_ids:
        messages.info(request, _("Rien à réviser pour l'instant : revenez plus tard !"))
        return redirect("quizzes:course", course.pk)
    return redirect("quizzes:session", session.pk)


def _own_session(request, session_id, lock=False):
    sessions = StudySession.objects.select_related("course", "chapter").filter(
        student=request.user, course__enrollments__student=request.user
    )
    if lock:  # only the session's row: students of one course never wait for each other
        sessions = sessions.select_for_update(of=("self",))
    return get_object_or_404(sessions, pk=session_id)


@login_required
def session(request, session_id):
    """Show the current question (GET) or record the answer to it (POST, then redirect)."""
    if request.method == "POST":
        # Found and locked at once: the answer is recorded under this lock (StudySession.answer).
        with transaction.atomic():
            return _session(request, _own_session(request, session_id, lock=True))
    return _session(request, _own_session(request, session_id))


def _session(request, study):
    now = timezone.now()
    # At zero the timer sends the current answer: it counts if it arrives within the grace period.
    late_answer = request.method == "POST" and not study.is_expired(now, grace=True)
    if study.mode == StudySession.Mode.EXAM and not study.finished_at and study.is_expired(now) and not late_answer:
        study.finish(study.deadline)
    if study.is_finished:
        if request.method == "POST":
            return redirect("quizzes:session", study.pk)
        return _summary(request, study)
    question = Question.in_course(study.course_id, study.current_question_id)
    if question is None:  # deleted by the teacher since the session started: skip it
        study.position += 1
        study.save(update_fields=["position"])
        return redirect("quizzes:session", study.pk)
    if request.method == "POST":
        return _record_answer(request, study, question, now)
    return _question_page(request, study, question)


def _record_answer(request, study, question, now):
    if str(question.pk) != request.POST.get("question"):
        # A stale form (back button, double click): show the current question again.
        return redirect("quizzes:session", study.pk)
    choice_ids = [c for c in request.POST.getlist("choice") if c.isdigit()]
    text = request.POST.get("text", "")
    arrangement = question.read_arrangement(request.POST) if question.is_arrangement else None
    given = bool(choice_ids or text.strip() or arrangement)
    dont_know = "dont_know" in request.POST and study.mode != StudySession.Mode.EXAM
    if study.is_expired(now) and not given:
        study.finish(study.deadline)
        return redirect("quizzes:session", study.pk)
    error = "" if dont_know or study.is_expired(now) else question.response_error(choice_ids, text, arrangement)
    if error:
        return _question_page(request, study, question, error=error, status=400, arrangement=arrangement)
    sure = confidence.read(request.POST.get("confidence")) if study.mode != StudySession.Mode.EXAM else None
    try:
        attempt = study.answer(
            question, choice_ids, text, now=now, dont_know=dont_know, arrangement=arrangement, locked=True,
            confident=sure,
        )
    except AlreadyAnswered:
        # Answered meanwhile (another tab, a double click): the first answer counts.
        return redirect("quizzes:session", study.pk)
    if study.mode != StudySession.Mode.EXAM:
        return redirect("quizzes:feedback", study.pk, attempt.pk)
    if study.is_expired(now):
        study.finish(study.deadline)
    return redirect("quizzes:session", study.pk)


def _question_page(request, study, question, error="", status=200, arrangement=None):
    choices = question.choices_for(study)
    context = {"session": study, "course": study.course, "question": question, "error": error, "choices": choices,
               "number": study.position + 1, "seconds_left": study.seconds_left(),
               "returning": relearning.repeat_number(study.question_ids, study.position, question.pk)}
    if question.is_arrangement:  # each item with what the student picked (kept after an error)
        context["rows"] = [(choice, (arrangement or {}).get(choice.pk)) for choice in choices]
        context["matches"] = question.matches_for(study) if question.kind == Question.Kind.MATCHING else ()
        context["ranks"] = range(1, len(choices) + 1)
    elif question.kind == Question.Kind.MISSING_WORD:
        context["words"] = question.words_for(study)
    response = render(request, "quizzes/question.html", context, status=status)
    # A revision question is the same until it is answered; an exam page shows its clock.
    return response if study.mode == StudySession.Mode.EXAM else mark_personal(response)


def _summary(request, study):
    """End of a session: every answer, the wrong ones, and when each question comes back."""
    attempts = list(
        Attempt.objects.filter(session=study).select_related("question").prefetch_related("question__choices")
    )
    due = dict(
        MemoryState.objects.filter(student=request.user, question_id__in=[a.question_id for a in attempts])
        .values_list("question_id", "due")
    )
    for attempt in attempts:
        attempt.session = study  # the correction lists the choices as this session showed them
    rows = [(attempt, due.get(attempt.question_id)) for attempt in attempts]
    return render(
        request, "quizzes/summary.html",
        {"session": study, "course": study.course, "attempts": attempts, "rows": rows,
         "wrong": list({a.question_id: a for a in attempts if not a.is_correct}.values()),
         "misconceptions": confidence.misconceptions(attempts)},
    )


@login_required
def feedback(request, session_id, attempt_id):
    study = _own_session(request, session_id)
    attempt = get_object_or_404(
        Attempt.objects.select_related("question").prefetch_related("question__choices"),
        pk=attempt_id, session=study, student=request.user,
    )
    if study.mode == StudySession.Mode.EXAM and not study.is_finished:
        raise Http404
    attempt.session = study  # the correction lists the choices as this session showed them
    chosen = attempt.chosen_ids
    state = None
    if request.method == "POST" and attempt.can_regrade():
        rating = Attempt.GRADES.get(request.POST.get("grade", ""))
        if rating is not None:
            try:
                attempt.regrade(rating, study.course.scheduler())
            except ValueError:
                messages.info(request, _("Cette question a été revue depuis : la note ne peut plus changer."))
            return redirect("quizzes:session", study.pk)
    if study.mode == StudySession.Mode.REVISION:
        state = attempt.question.memory_states.filter(student=request.user).first()
    return render(
        request,
        "quizzes/feedback.html",
        {"session": study, "course": study.course, "attempt": attempt, "question": attempt.question,
         "chosen": chosen, "state": state},
    )


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
    if question.kind not in Question.CHOICE_KINDS:
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


# --- Teacher: results, import, export --------------------------------------------------------

@teacher_course
def results(request, course):
    data = course_results(course)
    students = Paginator(data.students, 50).get_page(request.GET.get("page"))
    return render(
        request, "quizzes/teacher/results.html", {"course": course, "results": data, "students": students, "tab": "results"}
    )


@teacher_course
def results_export(request, course, table, fmt):
    """The results table, built by the worker: the answer is the job's page."""
    if table not in exports.RESULT_TABLES or fmt not in ("csv", "xlsx"):
        raise Http404
    titles = {"etudiants": _("Résultats par étudiant"), "questions": _("Résultats par question")}
    job = export_jobs.start(
        "quiz_results", request.user, f"{course.title} — {titles[table]} ({fmt.upper()})",
        back_url=reverse("quizzes:results", args=[course.pk]), course=course.pk, table=table, fmt=fmt,
    )
    return redirect(job)


@teacher_course
def questions_export(request, course, fmt):
    if exports.too_many_questions(course):
        messages.error(request, _("Ce cours compte plus de %(n)s questions : trop volumineux pour être exporté en une "
                                  "seule fois. Contactez le support pour obtenir son export.")
                       % {"n": exports.INLINE_MAX_QUESTIONS})
        return redirect("quizzes:manage", course.pk)
    if fmt == "gift":
        response = HttpResponse(exports.questions_gift(course), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="questions-{course.pk}.gift"'
        return response
    if fmt == "xml":
        response = HttpResponse(exports.questions_moodle_xml(course), content_type="application/xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="questions-{course.pk}-moodle.xml"'
        return response
    if fmt not in ("csv", "xlsx"):
        raise Http404
    return spreadsheet_response(exports.questions_dataset(course), fmt, f"questions-{course.pk}")


@teacher_course
def questions_import(request, course):
    """Upload (XLSX, CSV, GIFT, Moodle XML, Aiken), preview with each question's errors, then confirm: all or none."""
    form = ImportForm()
    preview = None
    digest = ""
    if request.method == "POST" and "confirm" in request.POST:
        try:
            pending = question_imports.recall(request, course)
        except imports.ImportFileError as error:
            messages.error(request, str(error))
            return redirect("quizzes:import", course.pk)
        if not pending:
            messages.error(request, _("Le fichier a expiré : envoyez-le de nouveau."))
            return redirect("quizzes:import", course.pk)
        preview = question_imports.preview(course, *pending)
        if not preview.has_errors:
            created = question_imports.apply(course, preview, skip_duplicates="skip_duplicates" in request.POST,
                                             actor=request.user)
            messages.success(request, _("%(n)s questions importées.") % {"n": created})
            return redirect("quizzes:manage", course.pk)
    elif request.method == "POST":
        question_imports.forget(request, course)
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                fmt, content = question_imports.read_upload(form.cleaned_data["file"])
            except imports.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                preview = question_imports.preview(course, fmt, content)
                if not preview.has_errors:
                    digest = question_imports.remember(request, course, fmt, content)
    duplicates = question_imports.duplicates(preview) if preview else 0
    return render(
        request, "quizzes/teacher/import.html",
        {"course": course, "form": form, "preview": preview, "duplicates": duplicates, "tab": "content",
         "digest": digest},
    )


@teacher_course
def student_detail(request, course, student_id):
    """One student of the course, for its teachers: progress by chapter, difficult questions,
    latest answers. A person not enrolled in this course is a 404."""
    enrollment = get_object_or_404(Enrollment.objects.select_related("student"), course=course, student_id=student_id)
    student = enrollment.student
    attempts = (
        Attempt.objects.filter(course=course, student=student)
        .select_related("question__chapter").order_by("-answered_at", "-pk")[:STUDENT_ATTEMPTS]
    )
    return render(request, "quizzes/teacher/student.html", {
        "course": course, "student": student, "enrollment": enrollment, "tab": "results",
        "progress": course_progress(course, student), "difficult": difficult_questions(course, student),
        "attempts": attempts,
    })
