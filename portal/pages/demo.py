"""Demo content of the CMS: home page, the whole quality framework, news, standard pages."""

import datetime

from django.utils.text import slugify
from wagtail.models import Page, Site

from portal.documents import demo_data
from portal.pages.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    PrinciplePage,
    ReferentialIndexPage,
    StandardPage,
    Term,
    ThemePage,
)

CONTENT = demo_data.read(__file__, "site.yaml")
LEXICON = demo_data.read(__file__, "lexicon.yaml")


def stream(blocks) -> list[dict]:
    """Turn the data file's [type, value] pairs into StreamField raw data."""
    data = []
    for block_type, value in blocks:
        if block_type == "table":
            value = {
                "data": [list(value["header"]), *[list(row) for row in value["rows"]]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": value.get("caption", ""),
            }
        data.append({"type": block_type, "value": value})
    return data


def child(parent, model, slug, **fields):
    """The child page with this slug, created and published if missing (never modified)."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    home = HomePage(
        title=CONTENT["home"]["title"],
        slug="accueil",
        hero_title=CONTENT["home"]["hero_title"],
        hero_text=CONTENT["home"]["hero_text"],
        body=stream(CONTENT["home"]["body"]),
        seo_title="Accueil",
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="Portail qualité officine")
    else:
        site.root_page = home
        site.site_name = "Portail qualité officine"
        site.save()
    if old_root is not None and old_root.pk != home.pk and old_root.specific_class != HomePage:
        old_root.delete()  # Wagtail's "Welcome" page
    return home


def load_lexicon() -> int:
    """The demo lexicon; a term an administrator already edited is left as it is."""
    created = 0
    for entry in LEXICON["terms"]:
        _term, new = Term.objects.get_or_create(term=entry["term"], defaults={"definition": entry["definition"]})
        created += new
    return created


def load(log) -> None:
    home = home_page()
    referential, _ = child(
        home,
        ReferentialIndexPage,
        "referentiel",
        title="Référentiel qualité",
        introduction=(
            "Le référentiel décrit, en 35 principes répartis en 4 thèmes, ce qu'une officine met "
            "en place pour garantir la qualité et la sécurité de ses services. Chaque principe "
            "est présenté sous forme de fiche didactique."
        ),
        version="Version 1.0 — novembre 2023",
        show_in_menus=True,
    )
    created = 0
    for theme in CONTENT["themes"]:
        theme_page, new = child(
            referential,
            ThemePage,
            f"theme-{theme['number']}",
            title=theme["title"],
            number=theme["number"],
            introduction=theme["introduction"],
        )
        created += new
        for principle in theme["principles"]:
            _, new = child(
                theme_page,
                PrinciplePage,
                principle.get("slug") or slugify(f"{principle['number'].replace('.', '-')} {principle['title']}")[:80],
                title=principle["title"],
                number=principle["number"],
                objectives=principle["objectives"],
                body=stream(principle["body"]),
            )
            created += new
    news_index, _ = child(
        home,
        NewsIndexPage,
        "actualites",
        title="Actualités",
        introduction="Les nouvelles de la Démarche Qualité Officine : outils, campagnes, échéances.",
        show_in_menus=True,
    )
    for item in CONTENT["news"]:
        _, new = child(
            news_index,
            NewsPage,
            slugify(item["title"])[:80],
            title=item["title"],
            date=datetime.date.fromisoformat(item["date"]),
            summary=item["summary"],
            body=stream(item["body"]),
        )
        created += new
    for standard in CONTENT["standard_pages"]:
        _, new = child(home, StandardPage, standard["slug"], title=standard["title"], body=stream(standard["body"]),
                       introduction=standard.get("introduction", ""), show_in_menus=standard.get("show_in_menus", False))
        created += new
    log(f"Pages : {created} créée(s) ; lexique : {load_lexicon()} terme(s) ajouté(s).")
