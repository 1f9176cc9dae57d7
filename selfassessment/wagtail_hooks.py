"""Wagtail admin: questionnaires (with their score bands) and questions (with their choices),
grouped under "Auto-évaluation" with links to import, statistics and exports."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.views.snippets import SnippetViewSet

from selfassessment.models import Question, Questionnaire


class QuestionnaireViewSet(SnippetViewSet):
    model = Questionnaire
    icon = "form"
    menu_label = _("Questionnaires")
    list_display = ["title", "year", "version", "is_published"]
    list_filter = ["year", "is_published"]
    panels = [
        MultiFieldPanel([FieldPanel("year"), FieldPanel("version"), FieldPanel("title")], heading=_("Identification")),
        FieldPanel("introduction"),
        FieldPanel("is_published"),
        InlinePanel("bands", heading=_("Niveaux de score (globaux si aucun thème)"), label=_("Niveau")),
    ]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = ["text", "principle", "questionnaire", "order"]
    list_filter = ["questionnaire", "theme_number"]
    search_fields = ["text"]

    def get_queryset(self, request):
        return Question.objects.select_related("principle", "questionnaire")
    panels = [
        FieldPanel("questionnaire"),
        PageChooserPanel("principle", page_type="pages.PrinciplePage"),
        FieldPanel("order"),
        FieldPanel("text"),
        FieldPanel("help_text"),
        FieldPanel("recommendations"),
        InlinePanel("choices", heading=_("Choix de réponse"), label=_("Choix"), min_num=2),
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_staff


class SelfAssessmentGroup(ViewSetGroup):
    menu_label = _("Auto-évaluation")
    menu_icon = "tasks"
    menu_order = 250
    items = (QuestionnaireViewSet, QuestionViewSet)

    def get_submenu_items(self):
        return [
            *super().get_submenu_items(),
            StaffMenuItem(_("Versions, import et export"), reverse_lazy("selfassessment:questionnaires"), icon_name="download", order=900),
            StaffMenuItem(_("Statistiques nationales"), reverse_lazy("selfassessment:statistics"), icon_name="table", order=910),
        ]


hooks.register("register_admin_viewset", SelfAssessmentGroup)
