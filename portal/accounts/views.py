from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect


@login_required
def home(request):
    """Where each kind of user lands after signing in."""
    user = request.user
    if user.is_superuser or user.has_perm("wagtailadmin.access_admin"):
        return redirect("wagtailadmin_home")
    if user.is_student or user.is_teacher:
        return redirect("quizzes:courses")
    if request.membership:
        return redirect("toolkit:dashboard")
    return redirect("pharmacies:none")
