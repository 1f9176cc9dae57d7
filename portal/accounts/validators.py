import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError


def validate_rpps(value: str) -> None:
    """An RPPS number: 11 digits whose last one is a Luhn check digit."""
    if not value:
        return
    if not value.isdigit() or len(value) != 11:
        raise ValidationError(
            _("Le numéro RPPS doit comporter exactement 11 chiffres."), code="rpps_format"
        )
    try:
        luhn.validate(value)
    except StdnumError:
        raise ValidationError(
            _("Ce numéro RPPS n'est pas valide : vérifiez-le sur votre carte CPS."),
            code="rpps_checksum",
        ) from None


# Letters of any alphabet, with single spaces, hyphens or apostrophes between them.
PERSON_NAME = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+)*$")


def validate_person_name(value: str) -> None:
    """A person's first or last name, as printed on legal documents (the attestation)."""
    if value and not PERSON_NAME.match(value.strip()):
        raise ValidationError(
            _("Un nom ne contient que des lettres, des espaces, des traits d'union et des apostrophes."),
            code="person_name",
        )
