"""factory_boy factories shared by every app's tests."""

import factory
import wagtail_factories
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
