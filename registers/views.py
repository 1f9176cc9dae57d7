"""Registers pages: thin views over the models' rules; every lookup through for_pharmacy()."""

import datetime
import functools

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.accounts.personal_data import member_name
from portal.caching import for_pharmacy
from portal.documents import imports
from portal.exports import tasks as export_jobs
from portal.infrastructure.compiled import CompiledQuery
from portal.pharmacies.scoping import pharmacy_member_required
from portal.rules.anonymity import MINIMUM_GROUP_SIZE
from registers import exports, funnel, listing, stats, study
from registers import imports as register_import
from registers.forms import (
    EmergencyRequestForm,
    IncidentFilterForm,
    IncidentForm,
    IncidentImportForm,
    QuickIncidentForm,
)
from registers.models import (
    EmergencyRequest,
    Incident,
    ReportType,
)

PAGE_SIZE = 25
PERMISSION = "keep_registers"


def _restrict_incident_form(form, membership, read_only: bool):
    """Everyone declares; pharmacists resolve; an incident the member may not edit is read-only."""
    if read_only:
        for field in form.fields.values():
            field.disabled = True
        return
    if not membership.can("resolve_incident"):
        for name in ("resolved_on", "corrective_action"):
            form.fields[name].disabled = True
            form.fields[name].help_text = _("Réservé aux pharmaciens.")
    if not membership.can("edit_any_incident"):
        form.fields["declarant"].disabled = True


LABELLED = ("report_type", "nature", "stage")


def _labelled(incidents: list) -> list:
    """`incident.labels.<field>`: what `get_<field>_display` shows, each list of choices translated
    once per process and language (the model method rebuilds the whole dictionary of choices at
    each call)."""
    choices = _choice_labels(get_language())
    for incident in incidents:
        incident.labels = {name: choices[name].get(getattr(incident, name), getattr(incident, name))
                           for name in LABELLED}
    return incidents


@functools.cache
def _choice_labels(language: str) -> dict[str, dict[str, str]]:
    with translation.override(language):
        return {name: {value: str(label) for value, label in Incident._meta.get_field(name).flatchoices}
                for name in LABELLED}


# The columns a row of the register shows (`listing.incident_rows`), and what `edit_refusal` reads.
ROW_FIELDS = ("pharmacy_id", "occurred_at", "declarant_id", *LABELLED, "seriousness", "never_event", "retrocession",
              "resolved_on", "created_at")


def _register_facts(pharmacy) -> dict:
    """The register's counts, the incidents a sheet came from (`IncidentQuerySet.register_facts`) and
    its declarants' names, kept per pharmacy version (in each process's memory too): any change of
    its data (a new incident, a sheet) bumps it, and its team reads the same register. A renamed declarant shows the new name
    at the next change, within 10 minutes."""
    def build():  # the querysets built only when the facts are
        incidents = Incident.objects.for_pharmacy(pharmacy)
        return {**incidents.register_facts(), "declarants": _names(incidents.values("declarant_id"))}

    return for_pharmacy(pharmacy.pk, "registers:incident-facts", build, in_process=True)


def _names(user_ids) -> dict[int, str]:
    return {user.pk: member_name(user) for user in get_user_model().objects.filter(pk__in=user_ids)}


@functools.lru_cache(maxsize=64)
def _register_page(offset: int) -> CompiledQuery:
    """The whole register's page starting at `offset`, its query compiled once per process (the page
    a team opens most: building the query cost more than running it)."""
    return CompiledQuery(
        lambda pharmacy: Incident.objects.for_pharmacy(pharmacy).only(*ROW_FIELDS).unresolved_first()[offset:offset + PAGE_SIZE],
        "pharmacy",
    )


@pharmacy_member_required(PERMISSION)
def incident_list(request, membership):
    pharmacy = membership.pharmacy
    filters = IncidentFilterForm(request.GET) if request.GET else None  # the whole register: no form to build
    facts = _register_facts(pharmacy)
    if filters is None:  # the whole register: its count is already known, its page's query compiled
        page_obj = Paginator(range(facts["total"]), PAGE_SIZE).get_page(request.GET.get("page"))
        page_obj.object_list = _register_page((page_obj.number - 1) * PAGE_SIZE).all(pharmacy=pharmacy.pk)
    else:
        incidents = filters.filter(Incident.objects.for_pharmacy(pharmacy).only(*ROW_FIELDS).unresolved_first())
        page_obj = Paginator(incidents, PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.object_list = _labelled(list(page_obj.object_list))
    names = facts["declarants"]
    missing = {i.declarant_id for i in page_obj.object_list if i.declarant_id and i.declarant_id not in names}
    if missing:  # declared while the facts were being read: their names, in one query
        names = {**names, **_names(missing)}
    for incident in page_obj.object_list:
        incident.has_sheet = incident.pk in facts["with_sheet"]
        incident.declarant_name = names.get(incident.declarant_id) or member_name(None)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "registers/incident_list.html", {
        "pharmacy": pharmacy, "membership": membership, "filtered": filters is not None, "page_obj": page_obj,
        "filter_fields": listing.form_fields("registers/_filter_fields.html", filters or IncidentFilterForm),
        "rows": listing.incident_rows(page_obj.object_list, membership, request.get_full_path()),
        "query_string": query.urlencode(), "can_import": membership.can("import_registers"),
        "exports_patient_references": membership.can("export_patient_references"),
        "unresolved_count": facts["unresolved"],
    })


@pharmacy_member_required(PERMISSION)
def incident_quick(request, membership):
    pharmacy = membership.pharmacy
    form = QuickIncidentForm(request.POST or None, pharmacy=pharmacy, user=request.user)
    if request.method == "POST" and form.is_valid():
        incident = form.save()
        messages.success(request, _("Incident enregistré. Merci de l'avoir déclaré."))
        if "again" in request.POST:
            return redirect("registers:incident_quick")
        return redirect(incident) if membership.can("resolve_incident") else redirect("registers:incident_list")
    return render(request, "registers/incident_quick.html", {
        "pharmacy": pharmacy, "membership": membership, "form": form, "fields": listing.incident_fields(form),
    })


@pharmacy_member_required(PERMISSION)
def incident_edit(request, membership, pk):
    pharmacy = membership.pharmacy
    incident = get_object_or_404(Incident.objects.for_pharmacy(pharmacy), pk=pk)
    refusal = incident.edit_refusal(membership)
    if refusal and request.method == "POST":
        raise PermissionDenied(refusal)
    form = IncidentForm(request.POST or None, instance=incident, pharmacy=pharmacy, user=request.user)
    _restrict_incident_form(form, membership, read_only=bool(refusal))
    if request.method == "POST" and form.is_valid() and form.save():
        messages.success(request, _("Incident mis à jour."))
        return redirect("registers:incident_list")
    return render(request, "registers/incident_form.html", {
        "pharmacy": pharmacy, "membership": membership, "form": form, "incident": incident,
        "sheets": list(incident.sheets.all()), "read_only_reason": refusal,
    })


@pharmacy_member_required(PERMISSION)
def emergency_list(request, membership):
    pharmacy = membership.pharmacy
    requests = EmergencyRequest.objects.for_pharmacy(pharmacy)
    page_obj = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registers/emergency_list.html", {
        "pharmacy": pharmacy, "membership": membership, "page_obj": page_obj,
        "overdue_count": requests.overdue().count(),
    })


@pharmacy_member_required(PERMISSION)
def emergency_form(request, membership, pk=None):
    pharmacy = membership.pharmacy
    instance = get_object_or_404(EmergencyRequest.objects.for_pharmacy(pharmacy), pk=pk) if pk else None
    form = EmergencyRequestForm(request.POST or None, instance=instance, pharmacy=pharmacy)
    if request.method == "POST" and form.is_valid() and form.save():
        messages.success(request, _("Demande de dépannage enregistrée."))
        return redirect("registers:emergency_list")
    return render(request, "registers/emergency_form.html", {
        "pharmacy": pharmacy, "membership": membership, "form": form, "object": instance,
    })


def _period(request):
    today = timezone.localdate()
    form = IncidentFilterForm(request.GET or None)
    start = end = None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    if not start and not end:
        start = today - datetime.timedelta(days=365)
        end = today
    return form, start, end


CHART_TITLES = {"report_type": _lazy("Par type de signalement"), "nature": _lazy("Par nature"),
                "stage": _lazy("Par étape"), "seriousness": _lazy("Par gravité potentielle")}


def _own_statistics(pharmacy, start, end):
    """The pharmacy's figures for the period (its counts, rates, study tables and charts, rendered
    to HTML) and its figures per type (its funnel point): cached under its version (any change to
    its registers is seen at once), so that a page reads them without rendering them again."""

    def build():
        rows = stats.incident_rows(pharmacy, start, end)
        own = stats.own_figures(pharmacy, start, end, rows)
        result = stats.compute(pharmacy, start, end, own=own or stats.Figures(pharmacy.pk, pharmacy.postcode), rows=rows)
        tables = study.tables(pharmacy, start, end, rows=rows)
        figures = render_to_string("registers/_statistics_figures.html", {
            "stats": result, "method": stats.RATE_METHOD, "study": tables})
        tail = render_to_string("registers/_statistics_study.html", {
            "study": tables, "charts": [(key, str(title), result.groups[key]) for key, title in CHART_TITLES.items()]})
        return result, own, mark_safe(figures), mark_safe(tail)  # our templates' output

    return for_pharmacy(pharmacy.pk, f"registers:statistics-html:{start}:{end}", build)


@pharmacy_member_required(PERMISSION)
def statistics(request, membership):
    form, start, end = _period(request)
    report_type = request.GET.get("type") if request.GET.get("type") in ReportType.values else ReportType.CORRECTION
    result, own, figures, study_html = _own_statistics(membership.pharmacy, start, end)
    peers = funnel.among_peers(membership.pharmacy, start, end, report_type, own)
    return render(request, "registers/statistics.html", {
        "pharmacy": membership.pharmacy, "membership": membership, "filters": form, "start": start, "end": end,
        "period_fields": listing.form_fields("registers/_period_fields.html", form),
        "stats": result, "figures": figures, "study_html": study_html, "funnel": peers, "report_type": report_type,
        "report_types": ReportType.choices, "minimum_group_size": MINIMUM_GROUP_SIZE,
    })


EXPORT_PAGES = {"incidents": "registers:incident_list", "programme": "registers:programme",
                "depannages": "registers:emergency_list"}


@pharmacy_member_required(PERMISSION)
def export(request, membership, what, fmt):
    """The register (as filtered on its page), the programme or the request log: CSV, XLSX or PDF,
    built by the worker; the answer is the job's page. Patient references only for the members
    allowed to export them."""
    table = exports.TABLES.get(what)
    if table is None or fmt not in ("csv", "xlsx", "pdf"):
        raise Http404
    filters = {key: request.GET.get(key) for key in IncidentFilterForm.base_fields if request.GET.get(key)}
    job = export_jobs.start(
        "registers", request.user, f"{table.title} ({fmt.upper()})", pharmacy=membership.pharmacy,
        back_url=reverse(EXPORT_PAGES[what]),
        what=what, fmt=fmt, filters=filters if what == "incidents" else {},
        with_patient=membership.can("export_patient_references"),
    )
    return redirect(job)


IMPORT_SESSION_KEY = "registers-import"


@pharmacy_member_required("import_registers")
def incident_import(request, membership):
    """A paper register typed in a spreadsheet: upload, preview with the errors of each row,
    then confirm: every row in one transaction, or nothing."""
    pharmacy = membership.pharmacy
    form = IncidentImportForm(request.POST or None, request.FILES or None)
    context = {"pharmacy": pharmacy, "membership": membership, "form": form}
    if request.method == "POST" and "confirm" in request.POST:
        try:
            pending = imports.recall(request, IMPORT_SESSION_KEY)
            if pending is None:
                messages.error(request, _("Aucun import en attente : déposez à nouveau le fichier."))
                return redirect("registers:incident_import")
            count = register_import.apply(pharmacy, pending[0], request.user)
        except imports.ImportFileError as error:
            messages.error(request, str(error))
            return redirect("registers:incident_import")
        messages.success(request, _("%(n)s incidents importés.") % {"n": count})
        return redirect("registers:incident_list")
    if request.method == "POST":
        imports.forget(request, IMPORT_SESSION_KEY)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = register_import.read(form.cleaned_data["file"])
        except imports.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            context["preview"] = register_import.preview(pharmacy, dataset)
            if not context["preview"].has_errors:
                context["digest"] = imports.remember(request, IMPORT_SESSION_KEY, dataset)
    return render(request, "registers/incident_import.html", context, status=400 if form.errors else 200)
