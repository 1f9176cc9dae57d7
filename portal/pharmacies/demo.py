"""Demo accounts and pharmacies (password `officine-demo` for everyone, emails verified)."""

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model

from portal.pharmacies.models import Membership, Pharmacy
from portal.pharmacies.roles import Role

DEMO_PASSWORD = "officine-demo"
# The demo administrator's authenticator app (TOTP) secret, documented in the README: the admin
# needs two-factor authentication, so a newcomer adds this key to any authenticator app.
DEMO_ADMIN_TOTP_SECRET = "DQOADMINDEMOTOTP"

PHARMACIES = {
    "centre": {
        "name": "Pharmacie du Centre",
        "address": "8 place de la République",
        "postcode": "69002",
        "city": "Lyon",
        "finess": "690012345",
        "phone": "04 78 00 12 34",
    },
    "gare": {
        "name": "Pharmacie de la Gare",
        "address": "3 avenue Jean Jaurès",
        "postcode": "35000",
        "city": "Rennes",
        "finess": "350023456",
        "phone": "02 99 00 56 78",
    },
}

# Whose title is written in the feminine (« pharmacienne titulaire »), as each one's profile says.
FEMININE = {"titulaire@demo.test", "preparateur@demo.test", "etudiant@demo.test", "admin@demo.test"}
# email, first name, last name, kind, pharmacy key, role, rpps, superuser
USERS = [
    ("titulaire@demo.test", "Claire", "Durand", "pharmacy", "centre", Role.TITULAIRE, "10003456786", False),
    ("adjoint@demo.test", "Karim", "Benali", "pharmacy", "centre", Role.ADJOINT, "10005678908", False),
    ("preparateur@demo.test", "Lucie", "Moreau", "pharmacy", "centre", Role.PREPARATEUR, "", False),
    ("titulaire2@demo.test", "Yann", "Le Gall", "pharmacy", "gare", Role.TITULAIRE, "10007890121", False),
    ("etudiant@demo.test", "Inès", "Lambert", "student", None, None, "", False),
    ("enseignant@demo.test", "Marc", "Fontaine", "teacher", None, None, "", False),
    ("admin@demo.test", "Alice", "Admin", "pharmacy", None, None, "", True),
]


def load(log) -> None:
    User = get_user_model()
    pharmacies = {}
    for key, fields in PHARMACIES.items():
        pharmacies[key], _ = Pharmacy.objects.get_or_create(name=fields["name"], defaults=fields)
    created = 0
    for email, first, last, kind, pharmacy_key, role, rpps, superuser in USERS:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(
                email=email,
                username=email.split("@")[0],
                first_name=first,
                last_name=last,
                kind=kind,
                rpps=rpps,
                is_staff=superuser,
                is_superuser=superuser,
                title_form=User.TitleForm.FEMININE if email in FEMININE else User.TitleForm.MASCULINE,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            created += 1
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if superuser and not user.has_mfa():
            TOTP.activate(user, DEMO_ADMIN_TOTP_SECRET)
        if pharmacy_key:
            Membership.objects.get_or_create(
                pharmacy=pharmacies[pharmacy_key], user=user, defaults={"role": role}
            )
    log(f"Comptes : {created} créé(s), mot de passe « {DEMO_PASSWORD} ».")
