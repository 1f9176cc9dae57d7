from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def courses(request):
    """The student's or teacher's courses (filled in by the quizzes feature)."""
    return render(request, "quizzes/courses.html")
