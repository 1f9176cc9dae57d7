from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from portal.pharmacies.models import Membership
from portal.pharmacies.scoping import PharmacyMemberMixin, set_current_pharmacy


class PharmacySpaceView(PharmacyMemberMixin, TemplateView):
    """The pharmacy's home ("Ma DQO perso"); the dashboard grows here."""

    template_name = "pharmacies/space.html"


@login_required
def no_pharmacy(request):
    if request.membership:
        return redirect("pharmacies:space")
    return render(request, "pharmacies/none.html")


@login_required
@require_POST
def switch_pharmacy(request):
    """Make another of the user's pharmacies the current one (header switcher)."""
    try:
        pharmacy_id = int(request.POST.get("pharmacy", ""))
    except ValueError:
        raise Http404 from None
    membership = get_object_or_404(Membership.objects.for_user(request.user), pharmacy_id=pharmacy_id)
    set_current_pharmacy(request, membership.pharmacy)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "pharmacies:space"
    return redirect(target)
