"""Improvement sheets and the programme: thin views over the models' rules; every lookup
through for_pharmacy()."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.infrastructure.csrf import csrf_input
from portal.infrastructure.http import safe_next
from portal.pages.models import PrinciplePage
from portal.pharmacies.scoping import pharmacy_member_required
from portal.rules.campaign import campaign_year
from portal.rules.concurrency import EditConflict
from portal.rules.numbers import percent
from registers import listing
from registers.forms import (
    ImprovementActionForm,
    ImprovementSheetForm,
    NewSheetForm,
    SheetCheckForm,
)
from registers.models import (
    PROGRAMME_CRITERION_EXPLANATION,
    ImprovementAction,
    ImprovementSheet,
    Incident,
)

PAGE_SIZE = 25
PERMISSION = "keep_registers"


def _sheet_initial(request, pharmacy):
    """What a new sheet starts from: an incident, a bilan recommendation, or nothing."""
    incident = principle = None
    initial = {}
    if request.GET.get("incident"):
        incident = get_object_or_404(Incident.objects.for_pharmacy(pharmacy), pk=request.GET["incident"])
        initial = ImprovementSheet.initial_from_incident(incident)
    elif request.GET.get("principle"):
        principle = PrinciplePage.objects.live().filter(number=request.GET["principle"]).first()
        text = request.GET.get("recommendation", "")[:300]
        initial = {"title": text[:200], "problem": text}
    return incident, principle, initial


def _status_choices() -> list:
    """The states of an action, translated once for every row's select (listing.action_status_form)."""
    return [(value, str(label)) for value, label in ImprovementAction.Status.choices]


@pharmacy_member_required(PERMISSION)
def sheet_list(request, membership):
    pharmacy = membership.pharmacy
    sheets = ImprovementSheet.objects.for_pharmacy(pharmacy).annotate(
        action_count=Count("actions"),
        done_count=Count("actions", filter=Q(actions__status=ImprovementAction.Status.DONE)),
    ).select_related("principle", "incident").order_by("closed_on", "-created_at", "-pk")
    page_obj = Paginator(sheets, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registers/sheet_list.html", {
        "pharmacy": pharmacy, "membership": membership, "page_obj": page_obj,
    })


@pharmacy_member_required(PERMISSION)
def sheet_create(request, membership):
    """A new sheet and its first action in one step; from a bilan recommendation, the programme
    shows the action at once."""
    pharmacy = membership.pharmacy
    incident, principle, initial = _sheet_initial(request, pharmacy)
    form = NewSheetForm(request.POST or None, initial=initial, pharmacy=pharmacy, user=request.user)
    if request.method == "POST" and form.is_valid():
        sheet = form.save(incident=incident, principle=principle)
        if principle:
            messages.success(request, _("« %(title)s » est dans votre programme d'amélioration, avec sa première "
                                        "action.") % {"title": sheet.title})
            return redirect("registers:programme")
        messages.success(request, _("Fiche d'amélioration ouverte avec sa première action."))
        return redirect(safe_next(request, sheet.get_absolute_url()))
    return render(request, "registers/sheet_form.html", {
        "pharmacy": pharmacy, "membership": membership, "form": form, "incident": incident,
        "principle": principle, "tools": list(principle.tools.live()) if principle else [],
    })


def _sheet_for(membership, pk):
    return get_object_or_404(
        ImprovementSheet.objects.for_pharmacy(membership.pharmacy).select_related("principle", "incident"), pk=pk
    )


def _restrict_closing(form, membership):
    if not membership.can("close_improvement_sheet"):
        form.fields["closed_on"].disabled = True
        form.fields["closed_on"].help_text = _("Seul un pharmacien clôture une fiche.")
        form.fields.pop("resolve_incidents", None)


def _sheet_saved_message(request, sheet, form):
    if sheet.closed_on and not form.was_closed and form.cleaned_data.get("resolve_incidents"):
        messages.success(request, _("Fiche clôturée ; l'incident d'origine est résolu."))
    else:
        messages.success(request, _("Fiche d'amélioration mise à jour."))


@pharmacy_member_required(PERMISSION)
def sheet_detail(request, membership, pk):
    """The sheet with everything done on it: its actions (state changed in place), a new
    action, the effectiveness check and the closing (which can resolve its incident)."""
    sheet = _sheet_for(membership, pk)
    checking = request.method == "POST" and "save_check" in request.POST
    action_form = ImprovementActionForm(request.POST if request.method == "POST" and not checking else None,
                                        sheet=sheet)
    check_form = None
    if not sheet.is_closed:
        check_form = SheetCheckForm(request.POST if checking else None, instance=sheet, pharmacy=membership.pharmacy,
                                    prefix="check")
        _restrict_closing(check_form, membership)
    if checking and check_form is not None and check_form.is_valid() and check_form.save():
        _sheet_saved_message(request, sheet, check_form)
        return redirect(sheet)
    if action_form.is_bound and action_form.is_valid():
        action_form.save()
        messages.success(request, _("Action ajoutée au programme d'amélioration."))
        return redirect(sheet)
    actions = list(sheet.actions.select_related("owner"))
    if not sheet.is_closed:
        csrf, choices = csrf_input(request), _status_choices()
        for action in actions:
            action.status_form = listing.action_status_form(action, request.path, csrf, choices)
    return render(request, "registers/sheet_detail.html", {
        "pharmacy": membership.pharmacy, "membership": membership, "sheet": sheet,
        "actions": actions, "action_form": action_form,
        "check_form": check_form, "can_close": membership.can("close_improvement_sheet"),
        "tools": list(sheet.principle.tools.live()) if sheet.principle else [],
    })


@pharmacy_member_required(PERMISSION)
def sheet_edit(request, membership, pk):
    sheet = _sheet_for(membership, pk)
    form = ImprovementSheetForm(request.POST or None, instance=sheet, pharmacy=membership.pharmacy)
    _restrict_closing(form, membership)
    if request.method == "POST" and form.is_valid() and form.save():
        _sheet_saved_message(request, sheet, form)
        return redirect(sheet)
    return render(request, "registers/sheet_form.html", {
        "pharmacy": membership.pharmacy, "membership": membership, "form": form, "sheet": sheet,
    })


@require_POST
@pharmacy_member_required(PERMISSION)
def action_status(request, membership, pk):
    action = get_object_or_404(ImprovementAction.objects.for_pharmacy(membership.pharmacy), pk=pk)
    status = request.POST.get("status")
    if status in ImprovementAction.Status.values:
        seen = request.POST.get("version", "")
        saved_label = action.get_status_display()
        action.status = status
        try:
            action.save_unless_changed(int(seen) if seen.isdigit() else None, update_fields=["status"])
        except EditConflict as conflict:
            messages.error(request, _(
                "L'état de cette action a été modifié par quelqu'un d'autre pendant que vous consultiez la page : "
                "il est maintenant « %(saved)s » (vous aviez choisi « %(yours)s »). Rien n'a été changé : "
                "choisissez à nouveau si besoin."
            ) % {"saved": conflict.current.get_status_display() if conflict.current else saved_label,
                 "yours": action.get_status_display()})
        else:
            messages.success(request, _("État de l'action mis à jour."))
    return redirect(safe_next(request, action.sheet.get_absolute_url()))


@pharmacy_member_required(PERMISSION)
def programme(request, membership):
    pharmacy = membership.pharmacy
    actions = ImprovementAction.objects.for_pharmacy(pharmacy).select_related("owner", "sheet").order_by(
        "owner__last_name", "owner__first_name", "due_on", "pk")
    rows = list(actions)
    done = sum(1 for a in rows if a.status == ImprovementAction.Status.DONE)
    year = campaign_year(timezone.localdate())
    return render(request, "registers/programme.html", {
        "pharmacy": pharmacy, "membership": membership, "actions": rows,
        "rows": listing.action_rows(rows, request.path, csrf_input(request), _status_choices()),
        "done": done, "percent": percent(done, len(rows)) or 0,
        "overdue": sum(1 for a in rows if a.is_overdue),
        "criterion_met": ImprovementSheet.objects.for_pharmacy(pharmacy).programme_criterion_met(year, actions=rows),
        "criterion_explanation": PROGRAMME_CRITERION_EXPLANATION, "year": year,
    })
