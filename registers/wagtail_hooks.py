"""The quality loop's national view in the Wagtail admin: counts and rates only, anonymised."""

import datetime

from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.exports.reports import SpreadsheetReportView
from portal.rules.anonymity import MINIMUM_GROUP_SIZE
from registers import funnel, stats
from registers.models import ReportType

READ_NATIONAL = "registers.view_incident"


class NationalView(SpreadsheetReportView):
    """Incidents and rates per 10,000 prescriptions by département for one year; départements of
    fewer than MINIMUM_GROUP_SIZE pharmacies hidden, never a pharmacy's name."""

    required_permission = READ_NATIONAL
    page_title = _("Registres qualité : vue nationale")
    header_icon = "table"
    index_url_name = "registers_admin:national"
    index_results_url_name = "registers_admin:national_results"
    results_template_name = "registers/admin/national_results.html"
    export_filename = "registres-vue-nationale"

    @cached_property
    def year(self) -> int:
        try:
            return int(self.request.GET.get("annee") or timezone.localdate().year)
        except ValueError:
            return timezone.localdate().year

    @cached_property
    def figures(self):
        return stats.national(datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31))

    @cached_property
    def report_type(self) -> str:
        wanted = self.request.GET.get("type")
        return wanted if wanted in ReportType.values else ReportType.CORRECTION

    @cached_property
    def funnel(self):
        """The country's funnel for one type: every pharmacy an anonymous point."""
        start, end = datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)
        return funnel.build(stats.figures(start, end), self.report_type,
                            stats.national_rate(start, end, self.report_type), None, _("France entière"))

    def get_queryset(self):
        return self.figures[0]

    def export_headings_list(self):
        return [str(_("département")), str(_("officines")), str(_("ordonnances")),
                *[str(label) for _value, label in ReportType.choices],
                *[str(_("taux pour 10 000 : %(type)s")) % {"type": label} for _value, label in ReportType.choices]]

    def export_rows(self, object_list):
        for row in object_list:
            yield [row.label, row.pharmacies, row.total_prescriptions,
                   *[row.counts.get(value, 0) for value, _label in ReportType.choices],
                   *[rate.rate for rate in row.rates]]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(year=self.year, hidden=self.figures[1], minimum_group_size=MINIMUM_GROUP_SIZE,
                       report_types=ReportType.choices, method=stats.RATE_METHOD,
                       funnel=None if self.is_export else self.funnel, report_type=self.report_type,
                       funnel_id="national",
                       years=range(timezone.localdate().year, timezone.localdate().year - 5, -1))
        return context


class NationalMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(READ_NATIONAL)


urlpatterns = [
    path("nationale/", NationalView.as_view(), name="national"),
    path("nationale/results/", NationalView.as_view(results_only=True), name="national_results"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("registres/", include((urlpatterns, "registers_admin")))]


@hooks.register("register_reports_menu_item")
def register_national_report():
    return NationalMenuItem(_("Registres qualité (national)"), reverse("registers_admin:national"),
                            icon_name="table", order=120)
