"""The denominators' pages: monthly prescription counts (typed or imported) and the registration
periods of each report type. Everyone reads, pharmacists enter; every lookup through for_pharmacy()."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from portal.documents import imports
from portal.pharmacies.scoping import pharmacy_member_required
from registers import volume_imports
from registers.forms import PrescriptionVolumeForm, RegistrationPeriodForm, VolumeImportForm
from registers.models import PrescriptionVolume, RegistrationPeriod

READ = "keep_registers"
EDIT = "edit_prescription_counts"
IMPORT_SESSION_KEY = "registers-volume-import"
COUNTS_FOR_PHARMACISTS = _lazy(
    "Seul un pharmacien saisit le nombre d'ordonnances : il sert de dénominateur à tous les taux d'incidents."
)


def _volumes_page(request, membership, form=None, period_form=None):
    pharmacy = membership.pharmacy
    can_edit = membership.can(EDIT)
    return render(request, "registers/volumes.html", {
        "pharmacy": pharmacy, "membership": membership, "can_edit": can_edit,
        "form": (form or PrescriptionVolumeForm(pharmacy=pharmacy, user=request.user)) if can_edit else None,
        "period_form": (period_form or RegistrationPeriodForm(pharmacy=pharmacy, prefix="period")) if can_edit else None,
        "counts_for_pharmacists": COUNTS_FOR_PHARMACISTS,
        "volumes": PrescriptionVolume.objects.for_pharmacy(pharmacy)[:36],
        "periods": list(RegistrationPeriod.objects.for_pharmacy(pharmacy)),
    })


@pharmacy_member_required(READ)
def volumes(request, membership):
    if request.method == "POST" and not membership.can(EDIT):
        raise PermissionDenied(COUNTS_FOR_PHARMACISTS)
    if request.method == "POST":
        form = PrescriptionVolumeForm(request.POST, pharmacy=membership.pharmacy, user=request.user)
        if form.is_valid() and form.save():
            messages.success(request, _("Nombre d'ordonnances enregistré."))
            return redirect("registers:volumes")
        return _volumes_page(request, membership, form=form)
    return _volumes_page(request, membership)


@require_POST
@pharmacy_member_required(EDIT)
def period_create(request, membership):
    form = RegistrationPeriodForm(request.POST, pharmacy=membership.pharmacy, prefix="period")
    if form.is_valid():
        form.save()
        messages.success(request, _("Période d'enregistrement ajoutée."))
        return redirect("registers:volumes")
    return _volumes_page(request, membership, period_form=form)


@require_POST
@pharmacy_member_required(EDIT)
def period_delete(request, membership, pk):
    get_object_or_404(RegistrationPeriod.objects.for_pharmacy(membership.pharmacy), pk=pk).delete()
    messages.success(request, _("Période d'enregistrement supprimée."))
    return redirect("registers:volumes")


@pharmacy_member_required(EDIT)
def volume_import(request, membership):
    """Monthly counts from a spreadsheet: upload, preview (new and replaced figures, each row's
    errors), then confirm: every month in one transaction, or nothing."""
    pharmacy = membership.pharmacy
    form = VolumeImportForm(request.POST or None, request.FILES or None)
    context = {"pharmacy": pharmacy, "membership": membership, "form": form}
    if request.method == "POST" and "confirm" in request.POST:
        try:
            pending = imports.recall(request, IMPORT_SESSION_KEY)
            if pending is None:
                messages.error(request, _("Aucun import en attente : déposez à nouveau le fichier."))
                return redirect("registers:volume_import")
            count = volume_imports.apply(pharmacy, pending[0], request.user)
        except imports.ImportFileError as error:
            messages.error(request, str(error))
            return redirect("registers:volume_import")
        messages.success(request, _("%(n)s mois importés.") % {"n": count})
        return redirect("registers:volumes")
    if request.method == "POST":
        imports.forget(request, IMPORT_SESSION_KEY)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = volume_imports.read(form.cleaned_data["file"])
        except imports.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            context["preview"] = volume_imports.preview(pharmacy, dataset)
            if not context["preview"].has_errors:
                context["digest"] = imports.remember(request, IMPORT_SESSION_KEY, dataset)
    return render(request, "registers/volume_import.html", context, status=400 if form.errors else 200)
