"""Wagtail admin of the self-assessment, grouped under "Auto-évaluation": questionnaires (with
their score bands, export and new version), questions (with their choices), the import, and the
national statistics and result exports (Wagtail reports, also listed under "Rapports")."""

from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from selfassessment import admin_views
from selfassessment.models import Question, Questionnaire


class QuestionnaireIndexView(IndexView):
    """The questionnaires with, per row, export and "new version"; "Importer" in the header."""

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm(admin_views.MANAGE_QUESTIONNAIRES):
            buttons += [
                ListingMenuItem(_("Exporter (XLSX)"), reverse("selfassessment_admin:export", args=[instance.pk, "xlsx"]),
                                icon_name="download", priority=40),
                ListingMenuItem(_("Exporter (CSV)"), reverse("selfassessment_admin:export", args=[instance.pk, "csv"]),
                                icon_name="download", priority=41),
                ListingMenuItem(_("Nouvelle version"), reverse("selfassessment_admin:new_version", args=[instance.pk]),
                                icon_name="copy", priority=42),
            ]
        return buttons

    @property
    def header_buttons(self):
        if not self.request.user.has_perm(admin_views.MANAGE_QUESTIONNAIRES):
            return []
        return [HeaderButton(_("Importer un questionnaire"), url=reverse("selfassessment_admin:import"),
                             icon_name="upload")]


class QuestionnaireViewSet(SnippetViewSet):
    model = Questionnaire
    icon = "form"
    menu_label = _("Questionnaires")
    index_view_class = QuestionnaireIndexView
    list_display = [
        "title", "year", "version",
        BooleanColumn("is_published", label=_("Publié")),
        BooleanColumn("is_frozen", label=_("Figé (auto-évaluations soumises)")),
    ]
    list_filter = ["year", "is_published"]
    panels = [
        MultiFieldPanel([FieldPanel("year"), FieldPanel("version"), FieldPanel("title")], heading=_("Identification")),
        FieldPanel("introduction"),
        FieldPanel("is_published"),
        InlinePanel("bands", heading=_("Niveaux de score (globaux si aucun thème)"), label=_("Niveau")),
    ]

    def get_queryset(self, request):
        return Questionnaire.objects.with_frozen()


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = ["text", "principle", "questionnaire", "order"]
    list_filter = ["questionnaire", "theme_number"]
    search_fields = ["text"]
    panels = [
        FieldPanel("questionnaire"),
        PageChooserPanel("principle", page_type="pages.PrinciplePage"),
        FieldPanel("order"),
        FieldPanel("text"),
        FieldPanel("help_text"),
        FieldPanel("recommendations"),
        InlinePanel("choices", heading=_("Choix de réponse"), label=_("Choix"), min_num=2),
    ]

    def get_queryset(self, request):
        return Question.objects.select_related("principle", "questionnaire")


class PermissionMenuItem(MenuItem):
    """A menu item shown only to people holding one Django permission."""

    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


def statistics_menu_item(order=910):
    return PermissionMenuItem(
        _("Statistiques nationales"), reverse_lazy("selfassessment_admin:statistics"),
        icon_name="table", order=order, permission=admin_views.READ_STATISTICS,
    )


def results_menu_item(order=920):
    return PermissionMenuItem(
        _("Résultats anonymisés"), reverse_lazy("selfassessment_admin:results"),
        icon_name="download", order=order, permission=admin_views.READ_STATISTICS,
    )


class SelfAssessmentGroup(ViewSetGroup):
    menu_label = _("Auto-évaluation")
    menu_icon = "tasks"
    menu_order = 250
    items = (QuestionnaireViewSet, QuestionViewSet)

    def get_submenu_items(self):
        return [
            *super().get_submenu_items(),
            PermissionMenuItem(_("Importer un questionnaire"), reverse_lazy("selfassessment_admin:import"),
                               icon_name="upload", order=900, permission=admin_views.MANAGE_QUESTIONNAIRES),
            statistics_menu_item(),
            results_menu_item(),
        ]


hooks.register("register_admin_viewset", SelfAssessmentGroup)

urlpatterns = [
    path("import/", admin_views.ImportView.as_view(), name="import"),
    path("questionnaires/<int:pk>/export.<str:fmt>", admin_views.export_questionnaire, name="export"),
    path("questionnaires/<int:pk>/nouvelle-version/", admin_views.NewVersionView.as_view(), name="new_version"),
    path("statistiques/", admin_views.StatisticsView.as_view(), name="statistics"),
    path("statistiques/results/", admin_views.StatisticsView.as_view(results_only=True), name="statistics_results"),
    path("resultats/", admin_views.ResultsView.as_view(), name="results"),
    path("resultats/results/", admin_views.ResultsView.as_view(results_only=True), name="results_results"),
    path("resultats-nominatifs/", admin_views.NamedResultsView.as_view(), name="named_results"),
    path("resultats-nominatifs/results/", admin_views.NamedResultsView.as_view(results_only=True),
         name="named_results_results"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("auto-evaluation/", include((urlpatterns, "selfassessment_admin")))]


@hooks.register("register_reports_menu_item")
def register_statistics_report():
    return statistics_menu_item(order=100)


@hooks.register("register_reports_menu_item")
def register_results_report():
    return results_menu_item(order=110)
