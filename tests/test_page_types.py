"""Every page type of the portal, as bakerydemo checks its own: where it can be created, and a
published instance is routable and renders for an anonymous reader."""

import datetime

from wagtail.models import Collection, Locale, Page, Site, get_page_models
from wagtail.test.utils import WagtailPageTestCase

from portal.pages.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    PrinciplePage,
    ReferentialIndexPage,
    StandardPage,
    ThemePage,
)
from tests.factories import (
    HomePageFactory,
    PrinciplePageFactory,
    ReferentialIndexPageFactory,
    ThemePageFactory,
)
from tests.toolkit.factories import ToolIndexPageFactory, ToolPageFactory
from toolkit.models import ToolIndexPage, ToolPage

SECTIONS = {Page, HomePage, StandardPage}
CONTENT = {Page, StandardPage, ReferentialIndexPage, NewsIndexPage, ToolIndexPage}

# page type: (allowed parents, allowed subpages)
RULES = {
    HomePage: ({Page}, CONTENT),
    StandardPage: (SECTIONS, CONTENT),
    ReferentialIndexPage: (SECTIONS, {ThemePage}),
    ThemePage: ({ReferentialIndexPage}, {PrinciplePage}),
    PrinciplePage: ({ThemePage}, set()),
    NewsIndexPage: (SECTIONS, {NewsPage}),
    NewsPage: ({NewsIndexPage}, set()),
    ToolIndexPage: (SECTIONS, {ToolPage}),
    ToolPage: ({ToolIndexPage}, set()),
}


class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        Locale.objects.get_or_create(language_code="fr")
        Collection.get_first_root_node() or Collection.add_root(name="Root")
        root = Page.get_first_root_node()
        home = HomePageFactory(parent=root, slug="accueil")
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
        )
        Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
        referential = ReferentialIndexPageFactory(parent=home)
        theme = ThemePageFactory(parent=referential, number=1)
        news_index = home.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites"))
        tool_index = ToolIndexPageFactory(parent=home)
        cls.pages = [
            home,
            referential,
            theme,
            PrinciplePageFactory(parent=theme, number="1.1", title="Principe 1.1"),
            home.add_child(instance=StandardPage(title="Mentions légales", slug="mentions-legales")),
            news_index,
            news_index.add_child(
                instance=NewsPage(title="Nouvelle version", slug="nouvelle-version", date=datetime.date(2026, 3, 2),
                                  summary="Le référentiel évolue.")
            ),
            tool_index,
            ToolPageFactory(parent=tool_index),
        ]

    def test_every_page_type_has_its_rules_here(self):
        self.assertEqual(set(get_page_models()) - {Page}, set(RULES))
        self.assertEqual({type(page.specific) for page in self.pages}, set(RULES))

    def test_where_each_page_type_can_be_created(self):
        for model, (parents, subpages) in RULES.items():
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, parents)
                self.assertAllowedSubpageTypes(model, subpages)
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, ToolIndexPage)
        self.assertCanCreateAt(ReferentialIndexPage, ThemePage)
        self.assertCanCreateAt(ThemePage, PrinciplePage)
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanCreateAt(ToolIndexPage, ToolPage)
        for parent, child in [(HomePage, PrinciplePage), (HomePage, NewsPage), (HomePage, ToolPage),
                              (HomePage, ThemePage), (ThemePage, ToolPage), (PrinciplePage, StandardPage)]:
            self.assertCanNotCreateAt(parent, child)

    def test_one_only_of_each_index_and_of_the_home_page(self):
        for model in (HomePage, ReferentialIndexPage, NewsIndexPage, ToolIndexPage):
            self.assertEqual(model.max_count, 1, model.__name__)

    def test_each_published_page_is_routable_and_renders(self):
        for page in self.pages:
            with self.subTest(page=type(page.specific).__name__):
                self.assertTrue(page.live)
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)
