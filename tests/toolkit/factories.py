"""Test data of the tool kit (factory_boy): the kit, its tools, their documents."""

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from portal.pages.models import PrinciplePage
from toolkit.models import ToolIndexPage, ToolPage


class ToolIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ToolIndexPage

    title = "Kit d'outils"
    slug = "kit-outils"
    show_in_menus = True


class ToolPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ToolPage
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"T{n + 1}")
    title = factory.LazyAttribute(lambda o: f"Outil {o.code}")
    slug = factory.LazyAttribute(lambda o: o.code.lower())
    tool_type = "memo"
    summary = "Résumé de l'outil."
    body = wagtail_factories.StreamFieldFactory({})

    @factory.post_generation
    def principle_numbers(obj, create, extracted, **kwargs):
        if extracted:
            obj.principles.set(PrinciplePage.objects.filter(number__in=extracted))
            obj.save()


def make_document(title, name, content=b"%PDF-1.4 demo"):
    Document = get_document_model()
    document = Document(title=title)
    document.file.save(name, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.file.close()
    document.save()
    return document
