"""CMS pages: home, the quality framework (themes and principles), news and standard pages."""

import re
import unicodedata

from django.core.paginator import Paginator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import BaseStreamBlock
from portal.caching import AnonymousCachedPage


class HomePage(AnonymousCachedPage, Page):
    """The portal's home: presents the programme and leads to the framework and tools."""

    hero_title = models.CharField(_("titre d'accroche"), max_length=200, blank=True)
    hero_text = models.TextField(_("texte d'accroche"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*Page.content_panels, FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("hero_text"), index.SearchField("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = (
            ThemePage.objects.live().public().descendant_of(self).order_by("number")
        )
        context["latest_news"] = (
            NewsPage.objects.live().public().descendant_of(self).order_by("-date", "-pk")[:3]
        )
        return context


class ReferentialIndexPage(AnonymousCachedPage, Page):
    """The quality reference framework ("Référentiel Qualité"): its four themes."""

    introduction = models.TextField(_("introduction"), blank=True)
    version = models.CharField(_("version"), max_length=60, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("version")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    subpage_types = ["pages.ThemePage"]
    max_count = 1

    class Meta:
        verbose_name = _("référentiel qualité")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        themes = list(ThemePage.objects.child_of(self).live().public().order_by("number"))
        principles = (
            PrinciplePage.objects.descendant_of(self).live().public().order_by("path")
            .only("title", "number", "path", "url_path", "depth")
        )
        by_theme: dict[str, list] = {}
        for principle in principles:
            by_theme.setdefault(principle.path[: self.depth * Page.steplen + Page.steplen], []).append(principle)
        for theme in themes:
            theme.principle_list = by_theme.get(theme.path, [])
        context["themes"] = themes
        return context


class ThemePage(AnonymousCachedPage, Page):
    """One theme of the framework (3 to 6), grouping its principles."""

    number = models.PositiveSmallIntegerField(_("numéro"))
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("number"), FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["pages.ReferentialIndexPage"]
    subpage_types = ["pages.PrinciplePage"]

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["principles"] = PrinciplePage.objects.child_of(self).live().public().order_by("path")
        return context


class PrinciplePage(AnonymousCachedPage, Page):
    """One principle of the framework, presented as a didactic sheet ("fiche")."""

    number = models.CharField(_("numéro"), max_length=10, help_text=_("Par exemple 4.1"))
    objectives = models.TextField(_("objectifs"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*Page.content_panels, FieldPanel("number"), FieldPanel("objectives"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("number", boost=3),
        index.SearchField("objectives", boost=2),
        index.SearchField("body"),
    ]
    parent_page_types = ["pages.ThemePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("principe")
        verbose_name_plural = _("principes")

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def theme(self):
        return self.get_parent().specific

    @property
    def theme_number(self) -> int | None:
        return theme_number_of(self.number)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        siblings = PrinciplePage.objects.live().public().only("title", "number", "url_path", "path", "depth")
        context["previous_principle"] = siblings.filter(path__lt=self.path).order_by("-path").first()
        context["next_principle"] = siblings.filter(path__gt=self.path).order_by("path").first()
        return context


class StandardPage(AnonymousCachedPage, Page):
    """A plain content page: legal notice, about..."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body")]

    class Meta:
        verbose_name = _("page standard")


class NewsIndexPage(AnonymousCachedPage, Page):
    """The list of news items, newest first."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["pages.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("actualités")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")
        context["news_page"] = Paginator(news, 10).get_page(request.GET.get("page"))
        return context


class NewsPage(AnonymousCachedPage, Page):
    """A news item of the programme."""

    date = models.DateField(_("date"))
    summary = models.TextField(_("résumé"), max_length=400)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")


class Term(index.Indexed, models.Model):
    """One entry of the lexicon: an acronym or a term, and what it means (plain text)."""

    term = models.CharField(_("terme"), max_length=80, unique=True, help_text=_("Tel qu'il s'écrit : « INS », « Mon espace santé »."))
    definition = models.TextField(_("définition"), max_length=600)
    link = models.URLField(_("pour en savoir plus"), blank=True)

    panels = [FieldPanel("term"), FieldPanel("definition"), FieldPanel("link")]
    search_fields = [index.SearchField("term", boost=3), index.SearchField("definition"),
                     index.AutocompleteField("term")]

    class Meta:
        verbose_name = _("terme du lexique")
        verbose_name_plural = _("lexique")
        ordering = ["term"]

    def __str__(self):
        return self.term

    @property
    def anchor(self) -> str:
        return "terme-" + slugify(self.term)

    @property
    def letter(self) -> str:
        """The A–Z heading it is listed under (accents folded: « É » under E)."""
        first = unicodedata.normalize("NFKD", self.term[:1]).encode("ascii", "ignore").decode().upper()
        return first if first.isalpha() else "#"


def theme_number_of(principle_number: str) -> int | None:
    """The theme a principle belongs to, from its number: "4.1" is in theme 4 (None if unnumbered)."""
    head = str(principle_number).split(".", 1)[0].strip()
    return int(head) if head.isdigit() else None


_PART = re.compile(r"(\d*)(.*)")


def principle_sort_key(principle_number) -> tuple:
    """The framework's order of principle numbers: "4.9" before "4.10", "4.1" before "4.1a"
    before "4.2", "5" before "5.1"; text that is not a number sorts after the numbers."""
    key = []
    for part in str(principle_number or "").strip().split("."):
        digits, rest = _PART.match(part.strip()).groups()
        key.append((0, int(digits), rest) if digits else (1, 0, rest))
    return tuple(key)


class ThemeTitles(dict):
    """{number: title} of the theme pages; a number without a page reads "Thème N"."""

    def __missing__(self, number) -> str:
        return _("Thème %(number)s") % {"number": number}


def theme_titles() -> ThemeTitles:
    """The themes' titles as the CMS publishes them, the one source of theme titles (1 query)."""
    return ThemeTitles(ThemePage.objects.live().values_list("number", "title"))


def theme_numbers() -> list[int]:
    """The numbers of the themes the CMS publishes, in order: the one list of themes (1 query)."""
    return sorted(theme_titles())


def tools_by_principle(principle_numbers) -> dict[str, list]:
    """{"4.1": [tool page, ...]}: the live tools serving each principle, in one query.

    Tools live in the tool kit app, which points at principles; the lookup lives here, with the
    principles, through that relation, so that no app has to import the tool kit for it.
    """
    relation = PrinciplePage._meta.get_field("tools")
    through = relation.through
    links = (
        through.objects.filter(principlepage__number__in=list(principle_numbers), toolpage__live=True)
        .select_related("toolpage", "principlepage")
        .order_by("toolpage__code")
    )
    result: dict[str, list] = {}
    for link in links:
        result.setdefault(link.principlepage.number, []).append(link.toolpage)
    return result

