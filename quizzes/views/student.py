"""Student pages: my courses, joining, the course page, sessions, answers and their correction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.caching import cache_personal, mark_personal
from portal.infrastructure import ratelimit
from portal.infrastructure.links import url_of
from quizzes import confidence, exam, invitations, relearning
from quizzes.forms import JoinForm
from quizzes.models import (
    AlreadyAnswered,
    Attempt,
    CoauthorInvitation,
    Course,
    Enrollment,
    MemoryState,
    Question,
    SessionChanged,
    StudySession,
    can_revise,
    can_teach,
)
from quizzes.progress import course_progress, courses_overview, student_facts
from quizzes.views.access import student_course

JOIN_LIMIT = 10
JOIN_WINDOW = 10 * 60


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
    facts = student_facts(course_id, user)  # kept under the student's version
    if facts.extra_minutes is None:  # not enrolled
        teaching = Course.objects.for_teacher(user).filter(pk=course_id).first()
        if teaching is None:
            raise Http404
        return redirect("quizzes:manage", teaching.pk)
    course = Course.shared(course_id)
    progress = course_progress(course, user, days=facts.days)
    length = exam.exam_length(course, progress.total, facts.extra_minutes)
    return render(
        request, "quizzes/course.html",
        {"course": course, "progress": progress, "exam_scores": facts.exam_scores, "difficult": progress.difficult,
         "exam_length": length,
         # The practice form's chapters, as its shared fragment's values (templates/quizzes/course.html).
         "chapter_options": tuple((item.chapter.pk, item.chapter.title) for item in progress.chapters)},
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


def _own_session(request, session_id, memory_of=None):
    """The student's session `session_id` in a course they are enrolled in (404 otherwise): with the
    student's memory state for question `memory_of` (`StudySession.read_for_answer`) for an answer,
    else with its course from memory (`Course.shared`)."""
    user_id = request.user.pk
    try:
        if memory_of is not None:
            return StudySession.read_for_answer(user_id, session_id, memory_of)
        study = StudySession.objects.of_student(user_id).get(pk=session_id)
    except StudySession.DoesNotExist:
        raise Http404 from None
    # A page shows the course; an answer reads its FSRS parameters only (`Course.scheduler_of`).
    study.course = Course.shared(study.course_id)
    return study


# An answer whose session changed after it was read (another tab) reads it again, a few times at most.
READS_PER_ANSWER = 3


@login_required
def session(request, session_id):
    """Show the current question (GET) or record the answer to it (POST, then redirect)."""
    if request.method == "POST":
        # Read with the memory state of the question answered; written only if the session is
        # still as read (StudySession.answer), without a lock or a transaction.
        posted = request.POST.get("question", "")
        question_id = int(posted) if posted.isdigit() and len(posted) < 19 else 0
        for _read in range(READS_PER_ANSWER):
            try:
                return _session(request, _own_session(request, session_id, memory_of=question_id))
            except SessionChanged:
                continue
        messages.warning(request, _("La séance a changé dans un autre onglet pendant l'envoi : votre réponse "
                                    "n'a pas été enregistrée. Répondez à nouveau."))
        return redirect("quizzes:session", session_id)
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
    text = question.read_text(request.POST)
    arrangement = question.read_arrangement(request.POST)
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
            question, choice_ids, text, now=now, dont_know=dont_know, arrangement=arrangement, as_read=True,
            confident=sure, scheduler=question.chapter.course.scheduler(),  # in memory with the question
            **study.read_arguments(),
        )
    except AlreadyAnswered:
        # Answered meanwhile (another tab, a double click): the first answer counts.
        return redirect("quizzes:session", study.pk)
    # The answer's redirects are built from patterns reversed once per process (`url_of`).
    if study.mode != StudySession.Mode.EXAM:
        return HttpResponseRedirect(url_of("quizzes:feedback", study.pk, attempt.pk))
    if study.is_expired(now):
        study.finish(study.deadline)
    return HttpResponseRedirect(url_of("quizzes:session", study.pk))


def _question_page(request, study, question, error="", status=200, arrangement=None):
    choices = question.choices_for(study)
    context = {"session": study, "course": study.course, "question": question, "error": error, "choices": choices,
               "number": study.position + 1, "seconds_left": study.seconds_left(),
               "returning": relearning.repeat_number(study.question_ids, study.position, question.pk)}
    # The kind's own needs: items with what the student picked (kept after an error), words, gaps.
    context.update(question.kind_rules.answer_context(question, study, choices, arrangement))
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
    attempts = Attempt.objects.filter(session=study, student=request.user)
    if study.mode == StudySession.Mode.REVISION:  # when the question comes back, read with the attempt
        attempts = attempts.annotate(next_review=Subquery(
            MemoryState.objects.filter(student_id=OuterRef("student_id"), question_id=OuterRef("question_id"))
            .values("due")[:1]
        ))
    attempt = get_object_or_404(attempts, pk=attempt_id)
    # The question and its choices as answering it read them (memory, under the content version).
    question = Question.in_course(study.course_id, attempt.question_id)
    if question is not None:  # else moved to another course since: read from the database
        attempt.question = question
    if study.mode == StudySession.Mode.EXAM and not study.is_finished:
        raise Http404
    attempt.session = study  # the correction lists the choices as this session showed them
    chosen = attempt.chosen_ids
    if request.method == "POST" and (attempt.can_regrade() or attempt.can_self_grade()):
        grades, change = (
            (Attempt.SELF_GRADES, attempt.self_grade) if attempt.can_self_grade() else (Attempt.GRADES, attempt.regrade)
        )
        rating = grades.get(request.POST.get("grade", ""))
        if rating is not None:
            try:
                change(rating, Course.scheduler_of(study.course_id))
            except ValueError:
                messages.info(request, _("Cette question a été revue depuis : la note ne peut plus changer."))
            return redirect("quizzes:session", study.pk)
    return render(
        request,
        "quizzes/feedback.html",
        {"session": study, "course": study.course, "attempt": attempt, "question": attempt.question,
         "chosen": chosen, "next_review": getattr(attempt, "next_review", None), **_correction_context(attempt)},
    )


def _correction_context(attempt) -> dict:
    """What the kind adds to a correction: the feedback the response earned, a cloze's gaps."""
    rules = attempt.question.kind_rules
    return {"feedback_notes": rules.feedback_for(attempt.question, attempt),
            "cloze_rows": rules.correction_rows(attempt.question, attempt)}
