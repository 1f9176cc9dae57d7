"""factory_boy factories shared by every app's tests."""

import time

import factory
import wagtail_factories
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth import get_user_model

from portal.pages.models import HomePage, PrinciplePage, ReferentialIndexPage, ThemePage
from portal.pharmacies.models import Membership, Pharmacy
from portal.pharmacies.roles import Role

PASSWORD = "motdepasse-de-test-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    username = factory.Sequence(lambda n: f"personne{n}")
    first_name = "Camille"
    last_name = factory.Iterator(["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Le Gall"])
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Give the user a verified primary email address, as allauth requires to log in."""
        if not create or extracted is False:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=obj, email=obj.email, defaults={"verified": True, "primary": True}
        )

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        """`UserFactory(totp=True)`, or a secret: an authenticator app turned on (administrators
        need one to reach the admin). Returns nothing; the secret is `TOTP_SECRET` by default."""
        if not create or not extracted:
            return
        give_totp(obj, TOTP_SECRET if extracted is True else extracted)


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_totp(user, secret: str = TOTP_SECRET):
    return TOTP.activate(user, secret)


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The current six-digit code of an authenticator app holding `secret`: never one of the last
    two seconds of its period, so that it is still the current one when the portal checks it, even
    on a busy machine (the portal accepts the current period's code only)."""
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 2:
        time.sleep(left + 0.05)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


class PharmacyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pharmacy

    name = factory.Sequence(lambda n: f"Pharmacie n°{n}")
    address = "12 rue de la République"
    postcode = "69002"
    city = "Lyon"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    pharmacy = factory.SubFactory(PharmacyFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.TITULAIRE


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Accueil"
    hero_title = "Pharmacie engagée, patient sécurisé"


class ReferentialIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ReferentialIndexPage

    title = "Référentiel qualité"
    slug = "referentiel"
    show_in_menus = True


class ThemePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ThemePage

    number = factory.Sequence(lambda n: 3 + n % 4)
    title = factory.LazyAttribute(lambda o: f"Thème numéro {o.number}")
    slug = factory.LazyAttribute(lambda o: f"theme-{o.number}")
    introduction = "Introduction du thème."


class PrinciplePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PrinciplePage

    number = factory.Sequence(lambda n: f"9.{n + 1}")
    title = factory.LazyAttribute(lambda o: f"Principe {o.number}")
    slug = factory.LazyAttribute(lambda o: "principe-" + o.number.replace(".", "-"))
    objectives = "Objectif du principe."
    body = wagtail_factories.StreamFieldFactory({})
