"""The queryset of data that belongs to a pharmacy, below every app that stores such data (the
audit trail included, which the pharmacies app itself writes to)."""

from django.db import models


class PharmacyOwnedQuerySet(models.QuerySet):
    """Base queryset for every model that belongs to a pharmacy.

    Pharmacy-owned data is only ever read through `for_pharmacy()`; views get the pharmacy
    from `PharmacyMemberMixin` (or `pharmacy_member_required`), never from a URL id.
    """

    pharmacy_field = "pharmacy"

    def for_pharmacy(self, pharmacy):
        return self.filter(**{self.pharmacy_field: pharmacy})
