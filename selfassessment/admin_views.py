"""Administrators' pages inside the Wagtail admin: questionnaire import (preview, then apply),
export and new version, national statistics and result exports (Wagtail reports).

Registered in `selfassessment/wagtail_hooks.py`; every URL is under `/admin/`, so Wagtail's
admin access check and the two-factor requirement apply. Figures come from
`selfassessment.statistics` (anonymised); imports go through `portal.documents.imports`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.audit.models import AuditEvent, record
from portal.documents import imports
from portal.documents.spreadsheets import spreadsheet_response
from portal.exports.reports import SpreadsheetReportView, background_report
from portal.rules.anonymity import MINIMUM_GROUP_SIZE
from portal.rules.campaign import questionnaire_year
from selfassessment import statistics
from selfassessment.forms import ImportForm
from selfassessment.models import Questionnaire
from selfassessment.resources import QuestionResource, import_questionnaire

SESSION_KEY = "selfassessment_import"

# Who may do what: Django permissions, given to groups in Wagtail's "Groups" settings.
MANAGE_QUESTIONNAIRES = "selfassessment.add_questionnaire"
READ_STATISTICS = "selfassessment.view_assessment"
EXPORT_NAMED_RESULTS = "pharmacies.export_named_results"


def require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


class AdminPage(WagtailAdminTemplateMixin, TemplateView):
    """A plain Wagtail admin page guarded by one Django permission."""

    required_permission = MANAGE_QUESTIONNAIRES
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        require(request, self.required_permission)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailsnippets_selfassessment_questionnaire:list"), "label": _("Questionnaires")},
            {"url": "", "label": self.get_page_title()},
        ]


class ImportView(AdminPage):
    """Upload, preview with per-row errors, then confirm: one transaction or nothing."""

    template_name = "selfassessment/admin/import.html"
    page_title = gettext_lazy("Importer un questionnaire")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or ImportForm(initial={"year": questionnaire_year(timezone.localdate())})
        return super().get_context_data(form=form, **kwargs)

    def post(self, request):
        if "confirm" in request.POST:
            return self.apply(request)
        imports.forget(request, SESSION_KEY)
        form = ImportForm(request.POST, request.FILES)
        context = {"form": form}
        if form.is_valid():
            try:
                dataset = imports.read_table(
                    imports.check_upload(form.cleaned_data["file"]),
                    form.cleaned_data["file"].name,
                    required_columns=("principe", "question", "choix"),
                )
            except imports.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                year, title = form.cleaned_data["year"], form.cleaned_data["title"]
                preview, _none = import_questionnaire(dataset, year, title, commit=False)
                context["preview"] = preview
                if not preview.has_errors:
                    context["digest"] = imports.remember(request, SESSION_KEY, dataset, year=year, title=title)
        return self.render_to_response(self.get_context_data(**context))

    def apply(self, request):
        try:
            pending = imports.recall(request, SESSION_KEY)
        except imports.ImportFileError as error:
            messages.error(request, str(error))
            return redirect("selfassessment_admin:import")
        if not pending:
            messages.error(request, _("Aucun import en attente : déposez à nouveau le fichier."))
            return redirect("selfassessment_admin:import")
        dataset, extra = pending
        _preview, questionnaire = import_questionnaire(
            dataset, extra["year"], extra["title"], commit=True, actor=request.user
        )
        if questionnaire is None:
            messages.error(request, _("L'import a échoué : rien n'a été enregistré."))
            return redirect("selfassessment_admin:import")
        messages.success(
            request,
            _("Questionnaire %(year)s version %(v)s importé (%(n)s questions), non publié.")
            % {"year": questionnaire.year, "v": questionnaire.version, "n": questionnaire.questions.count()},
        )
        return redirect("wagtailsnippets_selfassessment_questionnaire:list")


class NewVersionView(AdminPage):
    """Confirm, then copy a questionnaire (questions, choices, bands) as an unpublished version."""

    template_name = "selfassessment/admin/new_version.html"
    page_title = gettext_lazy("Nouvelle version")
    header_icon = "copy"

    @cached_property
    def questionnaire(self):
        return get_object_or_404(Questionnaire, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.questionnaire)

    def get_context_data(self, **kwargs):
        return super().get_context_data(questionnaire=self.questionnaire, **kwargs)

    def post(self, request, pk):
        copy = self.questionnaire.new_version()
        messages.success(
            request, _("Version %(v)s créée (non publiée) : modifiez-la puis publiez-la.") % {"v": copy.version}
        )
        return redirect("wagtailsnippets_selfassessment_questionnaire:edit", copy.pk)


def export_questionnaire(request, pk, fmt):
    require(request, MANAGE_QUESTIONNAIRES)
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    queryset = questionnaire.questions.select_related("principle").prefetch_related("choices")
    dataset = QuestionResource(questionnaire).export(queryset)
    return spreadsheet_response(dataset, fmt, f"questionnaire-{questionnaire.year}-v{questionnaire.version}")


class StatisticsView(SpreadsheetReportView):
    """National statistics of one year: one row per theme (global first), groups under the
    anonymity threshold hidden; per-year and per-département tables around it."""

    required_permission = READ_STATISTICS
    page_title = gettext_lazy("Statistiques nationales de l'auto-évaluation")
    header_icon = "table"
    index_url_name = "selfassessment_admin:statistics"
    index_results_url_name = "selfassessment_admin:statistics_results"
    results_template_name = "selfassessment/admin/statistics_results.html"
    export_filename = "statistiques-auto-evaluation"
    list_export = ["label", "count", "average"]
    export_headings = {
        "label": gettext_lazy("thème"),
        "count": gettext_lazy("officines"),
        "average": gettext_lazy("score moyen (%)"),
    }

    @cached_property
    def stats(self):
        try:
            year = int(self.request.GET["annee"]) if self.request.GET.get("annee") else None
        except ValueError:
            year = None
        return statistics.national_statistics(year)

    def get_queryset(self):
        stats = self.stats
        if stats["too_few"]:
            return []
        rows = [{"label": _("Score global"), "count": stats["global_count"], "average": stats["global_average"],
                 "bands": stats["global_bands"], "deciles": []}]
        rows += [{"label": f"{t['number']}. {t['title']}", **t} for t in stats["themes"]]
        return rows

    def export_rows(self, object_list):
        for row in object_list:
            yield [row["label"], row["count"], row["average"]]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stats"] = self.stats
        context["minimum_group_size"] = MINIMUM_GROUP_SIZE
        context["can_export_named"] = self.request.user.has_perm(EXPORT_NAMED_RESULTS)
        return context


@background_report("selfassessment_results")
class ResultsView(SpreadsheetReportView):
    """Anonymised results: one row per submitted assessment, a stable pseudonym instead of the
    pharmacy; years and départements under the anonymity threshold left out."""

    required_permission = READ_STATISTICS
    page_title = gettext_lazy("Résultats anonymisés")
    header_icon = "table"
    index_url_name = "selfassessment_admin:results"
    index_results_url_name = "selfassessment_admin:results_results"
    export_filename = "resultats-auto-evaluation-anonymises"
    named = False
    identity_export: list[str] = []
    fixed_headings = {
        "pseudonym": gettext_lazy("pseudonyme"),
        "year": gettext_lazy("année"),
        "version": gettext_lazy("version"),
        "month": gettext_lazy("mois de soumission"),
        "departement": gettext_lazy("département"),
        "score": gettext_lazy("score global (%)"),
    }

    @cached_property
    def theme_columns(self) -> dict[str, int]:
        return statistics.theme_columns()

    @property
    def list_export(self) -> list[str]:
        return [*self.identity_export, "pseudonym", "year", "version", "month", "departement", "score",
                *self.theme_columns]

    @property
    def export_headings(self) -> dict:
        return {**self.fixed_headings,
                **{name: _("thème %(n)s (%%)") % {"n": n} for name, n in self.theme_columns.items()}}

    @property
    def columns(self):
        return [Column(name, label=self.export_headings[name], accessor=name) for name in self.list_export]

    def get_queryset(self):
        return statistics.result_rows_queryset(named=self.named)

    def rows(self, values):
        departements = None if self.named else statistics.publishable_departements()
        return statistics.to_result_rows(values, departements)

    def get_table(self, object_list):
        # The table is built from the page of database values, before `decorate_paginated_queryset`.
        return super().get_table(self.rows(object_list))

    def decorate_paginated_queryset(self, object_list):
        # The page shown, or every row when exporting (the export then writes these rows).
        return self.rows(object_list)


@background_report("selfassessment_named_results")
class NamedResultsView(ResultsView):
    """The same results with each pharmacy's name, FINESS and town: only for people holding the
    `pharmacies.export_named_results` permission, and every download is written to the audit log."""

    required_permission = EXPORT_NAMED_RESULTS
    page_title = gettext_lazy("Résultats nominatifs")
    index_url_name = "selfassessment_admin:named_results"
    index_results_url_name = "selfassessment_admin:named_results_results"
    export_filename = "resultats-auto-evaluation-nominatifs"
    named = True
    identity_export = ["name", "finess", "postcode", "city"]
    fixed_headings = {
        **ResultsView.fixed_headings,
        "name": gettext_lazy("officine"),
        "finess": gettext_lazy("FINESS"),
        "postcode": gettext_lazy("code postal"),
        "city": gettext_lazy("commune"),
    }

    def exported(self, user, spreadsheet_format):
        record_named_export(user, spreadsheet_format)


def record_named_export(user, fmt: str) -> None:
    """Every named export goes to the audit trail."""
    record(AuditEvent.Action.NAMED_EXPORT, user, target=_("Résultats nominatifs de l'auto-évaluation"), format=fmt)
