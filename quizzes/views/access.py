"""Who reaches a course: its teachers through `Course.objects.for_teacher`, its students through their
enrollment; anything else is a 404."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from quizzes.models import Course


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
