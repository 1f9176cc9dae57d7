"""What the pharmacies app holds about a person (see portal.accounts.personal_data)."""

from django.utils.translation import gettext as _

from portal.accounts.personal_data import iso
from portal.pharmacies.models import Membership


def memberships(user) -> list[dict]:
    return [
        {"pharmacy": m.pharmacy.name, "finess": m.pharmacy.finess, "role": m.role, "joined_at": iso(m.joined_at)}
        for m in Membership.objects.filter(user=user).select_related("pharmacy")
    ]


def last_owner_blocker(user) -> list[str]:
    return [
        _("Vous êtes le dernier titulaire de « %(pharmacy)s » : nommez d'abord un autre titulaire dans l'équipe.")
        % {"pharmacy": m.pharmacy.name}
        for m in Membership.objects.filter(user=user).select_related("pharmacy")
        if m.is_last_owner()
    ]
