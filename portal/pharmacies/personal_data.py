"""What the pharmacies app holds about a person (see portal.accounts.personal_data)."""

from django.utils.translation import gettext as _

from portal.accounts.personal_data import iso
from portal.pharmacies.models import LAST_OWNER_MESSAGE, Membership


def memberships(user) -> list[dict]:
    return [
        {"pharmacy": m.pharmacy.name, "finess": m.pharmacy.finess, "role": m.role, "joined_at": iso(m.joined_at)}
        for m in Membership.objects.filter(user=user).select_related("pharmacy")
    ]


def last_owner_blocker(user) -> list[str]:
    return [
        _("« %(pharmacy)s » : %(rule)s") % {"pharmacy": m.pharmacy.name, "rule": LAST_OWNER_MESSAGE}
        for m in Membership.objects.for_user(user).sole_owners().select_related("pharmacy")
    ]
