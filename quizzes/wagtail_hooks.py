"""Courses in the Wagtail admin too (the main authoring happens in the portal)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from quizzes.models import Course


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
