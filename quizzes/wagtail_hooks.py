"""Courses in the Wagtail admin too (the main authoring happens in the portal), and the audit of the
one place where a teacher is approved: Paramètres → Utilisateurs (a user's form, or the bulk
"assign role")."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.audit.models import AuditEvent, record
from quizzes.models import Course, can_teach


class CourseViewSet(SnippetViewSet):
    model = Course
    icon = "doc-full"
    menu_label = _("Cours de révision")
    menu_name = "quizzes-courses"
    add_to_admin_menu = True
    list_display = ["title", "owner", "join_code", "is_open", "is_archived"]
    list_filter = ["is_open", "is_archived"]
    search_fields = ["title"]
    ordering = ["title"]


register_snippet(CourseViewSet)


def approved_teachers(user_ids) -> set[int]:
    """Which of these accounts are approved teachers, read afresh (no permission cache)."""
    return {user.pk for user in get_user_model().objects.filter(pk__in=user_ids) if can_teach(user)}


def _record_approvals(request, user_ids, before: set[int]) -> None:
    users = get_user_model().objects.filter(pk__in=approved_teachers(user_ids) - before)
    for user in users:
        record(AuditEvent.Action.TEACHER_APPROVED, request.user, target=user.email)


# Wagtail's views give the hooks the request only: what was approved before the change is kept on it.
@hooks.register("before_edit_user")
def note_approval_before_edit(request, user):
    request.teachers_approved_before = approved_teachers([user.pk])


@hooks.register("after_edit_user")
def record_approval_after_edit(request, user):
    _record_approvals(request, [user.pk], getattr(request, "teachers_approved_before", set()))


@hooks.register("after_create_user")
def record_approval_after_create(request, user):
    _record_approvals(request, [user.pk], set())


@hooks.register("before_bulk_action")
def note_approval_before_bulk(request, action_type, objects, action_class_instance):
    if action_type == "assign_role" and objects and isinstance(objects[0], get_user_model()):
        request.teachers_approved_before = approved_teachers([user.pk for user in objects])


@hooks.register("after_bulk_action")
def record_approval_after_bulk(request, action_type, objects, action_class_instance):
    if action_type == "assign_role" and objects and isinstance(objects[0], get_user_model()):
        _record_approvals(request, [user.pk for user in objects], getattr(request, "teachers_approved_before", set()))
