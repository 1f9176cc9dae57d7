"""Teacher pages: results, a student's answers, question import and export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.documents import imports
from portal.documents.spreadsheets import spreadsheet_response
from portal.exports import tasks as export_jobs
from quizzes import exports
from quizzes import imports as question_imports
from quizzes.forms import ImportForm
from quizzes.models import (
    Attempt,
    Enrollment,
)
from quizzes.progress import course_progress
from quizzes.stats import course_results
from quizzes.views.access import teacher_course

STUDENT_ATTEMPTS = 30  # latest answers shown on a student's page


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
    """Upload (XLSX, CSV, GIFT, Moodle XML, Aiken), preview with each question's errors, then confirm: all
    or none by default (Moodle's "stop on error"), or only the valid questions, the refused ones listed."""
    form = ImportForm()
    preview = None
    digest = ""
    valid_only = False
    if request.method == "POST" and "confirm" in request.POST:
        try:
            pending = question_imports.recall(request, course)
        except imports.ImportFileError as error:
            messages.error(request, str(error))
            return redirect("quizzes:import", course.pk)
        if not pending:
            messages.error(request, _("Le fichier a expiré : envoyez-le de nouveau."))
            return redirect("quizzes:import", course.pk)
        fmt, content, valid_only = pending
        preview = question_imports.preview(course, fmt, content)
        if question_imports.applicable(preview, valid_only):
            created = question_imports.apply(course, question_imports.valid_part(preview),
                                             skip_duplicates="skip_duplicates" in request.POST, actor=request.user)
            messages.success(request, _("%(n)s questions importées.") % {"n": created})
            return redirect("quizzes:manage", course.pk)
    elif request.method == "POST":
        question_imports.forget(request, course)
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            valid_only = form.cleaned_data["on_error"] == ImportForm.VALID_ONLY
            try:
                fmt, content = question_imports.read_upload(form.cleaned_data["file"])
            except imports.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                preview = question_imports.preview(course, fmt, content)
                if question_imports.applicable(preview, valid_only):
                    digest = question_imports.remember(request, course, fmt, content, valid_only)
    duplicates = question_imports.duplicates(preview) if preview else 0
    return render(
        request, "quizzes/teacher/import.html",
        {"course": course, "form": form, "preview": preview, "duplicates": duplicates, "tab": "content",
         "digest": digest, "valid_only": valid_only,
         "applicable": preview is not None and question_imports.applicable(preview, valid_only),
         "valid_count": preview.total - preview.error_count if preview else 0},
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
    progress = course_progress(course, student)
    return render(request, "quizzes/teacher/student.html", {
        "course": course, "student": student, "enrollment": enrollment, "tab": "results",
        "progress": progress, "difficult": progress.difficult, "attempts": attempts,
    })
