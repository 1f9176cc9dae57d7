import pytest
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils  # noqa: F401  (ensures wagtail test utils import cleanly)

from portal.pages.models import HomePage, PrinciplePage, ReferentialIndexPage, ThemePage
from portal.pages.views import search_terms
from tests.factories import PrinciplePageFactory

pytestmark = pytest.mark.django_db


def test_home_lists_themes_and_menu(client, framework):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pharmacie engagée, patient sécurisé" in html
    assert "Thème numéro 3" in html and "Thème numéro 4" in html
    assert 'href="/referentiel/"' in html  # main navigation from the page tree
    assert 'lang="fr"' in html


def test_referential_lists_every_principle_by_theme(client, framework):
    html = client.get("/referentiel/").content.decode()
    for number in ("3.1", "3.2", "4.1", "4.2"):
        assert f"Principe {number}" in html
    assert html.index("Principe 3.2") < html.index("Principe 4.1")


def test_theme_lists_its_principles_only(client, framework):
    html = client.get("/referentiel/theme-3/").content.decode()
    assert "Principe 3.1" in html and "Principe 3.2" in html
    assert "Principe 4.1" not in html


def test_principle_has_breadcrumbs_and_previous_next_across_themes(client, framework):
    response = client.get("/referentiel/theme-3/principe-3-2/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="Fil d’Ariane"' in html
    assert 'href="/referentiel/theme-3/principe-3-1/" rel="prev"' in html
    assert 'href="/referentiel/theme-4/principe-4-1/" rel="next"' in html


def test_principle_body_renders_callout_and_table(client, framework):
    theme = framework[0]
    PrinciplePageFactory(
        parent=theme,
        number="3.9",
        body=[],
    )
    page = PrinciplePage.objects.get(number="3.9")
    page.body = [
        ("heading", "Organiser l'accueil"),
        ("callout", "<p>Un comptoir de confidentialité.</p>"),
        ("table", {"data": [["Variante", "Moment"], ["En direct", "Avant"]], "first_row_is_table_header": True,
                   "first_col_is_header": False, "table_caption": "Les variantes"}),
    ]
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert '<h2 class="block-heading">Organiser l&#x27;accueil</h2>' in html
    assert "À retenir" in html and "Un comptoir de confidentialité." in html
    assert '<th scope="col">Variante</th>' in html and "<caption>Les variantes</caption>" in html


@pytest.mark.parametrize("extra", [0, 6])
def test_page_query_counts_do_not_grow_with_principles(client, framework, django_assert_num_queries, extra, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the rendering itself is counted, not the page cache
    theme = framework[0]
    for index in range(extra):
        PrinciplePageFactory(parent=theme, number=f"3.{10 + index}")
    client.get("/")  # warm Wagtail's site cache, then count
    for url, count in (("/", 11), ("/referentiel/", 12), ("/referentiel/theme-3/", 12),
                       ("/referentiel/theme-3/principe-3-2/", 17)):  # + the lexicon's terms (then cached)
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200


@pytest.mark.search
def test_search_finds_principles(client, framework):
    response = client.get(reverse("search"), {"q": "Principe 4.1"})
    html = response.content.decode()
    assert response.status_code == 200
    principle = PrinciplePage.objects.get(number="4.1")
    assert f'href="{principle.url}"' in html
    assert "résultat" in html


def test_search_empty_and_no_results(client, framework):
    assert "Rechercher sur le portail" in client.get(reverse("search")).content.decode()
    html = client.get(reverse("search"), {"q": "zzzzqqqq"}).content.decode()
    assert "Aucun résultat" in html


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_unavailable_when_database_fails(client, monkeypatch):
    from django.db import DatabaseError

    import portal.views

    class BrokenConnection:
        def cursor(self):
            raise DatabaseError("down")

    monkeypatch.setattr(portal.views, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_language_switch_to_english_and_back(client, framework):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
    assert "Skip to content" in response.content.decode()
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert "Aller au contenu" in client.get("/").content.decode()


def test_french_by_default_whatever_the_browser(client, framework):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="fr"' in html and "Aller au contenu" in html


def test_unknown_page_is_french_404(client, framework):
    response = client.get("/nexiste-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.parametrize(
    ("parent_model", "child_model"),
    [
        (HomePage, ReferentialIndexPage),
        (ReferentialIndexPage, ThemePage),
        (ThemePage, PrinciplePage),
    ],
)
def test_page_type_hierarchy(parent_model, child_model):
    assert child_model in parent_model.allowed_subpage_models()
    assert PrinciplePage.allowed_subpage_models() == []


@pytest.mark.parametrize("query", ['"', '>', 'chaîne "du froid', "<script>", "a:*", "(accueil", "\\", "OR", "NOT -", '3.2"', "."])
def test_search_never_fails_on_syntax_characters(client, framework, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    # Words left once the syntax is removed are searched; nothing left says so. Never the fallback.
    words = search_terms(query)
    assert response.context["searchable"] is bool(words)
    assert ("aucun mot à chercher" in response.text) is not bool(words)
    if words:
        assert "résultat" in response.text


@pytest.mark.search
def test_search_keeps_the_words_around_syntax_characters(client, framework):
    plain = client.get(reverse("search"), {"q": "accueil"})
    quoted = client.get(reverse("search"), {"q": '"accueil>'})
    numbered = client.get(reverse("search"), {"q": '"Principe 3.2"'})
    assert numbered.context["results"].paginator.count > 0
    assert plain.context["results"].paginator.count > 0
    assert quoted.context["results"].paginator.count == plain.context["results"].paginator.count
    only_symbols = client.get(reverse("search"), {"q": '"><'})
    assert "aucun mot à chercher" in only_symbols.text


def test_english_mode_says_the_content_is_french_and_marks_it_so(client, framework):
    principle = PrinciplePage.objects.get(number="3.1")
    client.cookies["django_language"] = "en"
    html = client.get(principle.url).content.decode()
    assert '<html lang="en"' in html
    assert "this page's content stays in French" in html.replace("&#x27;", "'")
    assert f'<h1 lang="fr">{principle.title}</h1>' in html
    assert '<div lang="fr">' in html  # the body, so screen readers read it in French
    client.cookies["django_language"] = "fr"
    assert "content-language-note" not in client.get(principle.url).content.decode()


def test_cms_pages_have_a_meta_description(client, framework):
    theme = framework[0]
    html = client.get(theme.url).content.decode()
    assert '<meta name="description" content="Introduction du thème.">' in html
    principle = PrinciplePage.objects.get(number="3.1")
    assert '<meta name="description" content="Objectif du principe.">' in client.get(principle.url).content.decode()


def test_tables_have_no_empty_header_and_label_their_rows():
    from django.template.loader import render_to_string

    value = {"table_caption": "Les deux variantes", "first_row_is_table_header": True, "first_col_is_header": False,
             "data": [["", "En direct", "En différé"], ["Quand", "Avant la fin", "En fin de journée"]]}
    html = " ".join(render_to_string("blocks/table.html", {"value": value}).split())
    assert '<thead><tr><td></td><th scope="col">En direct</th>' in html  # no empty header cell
    assert '<th scope="row">Quand</th>' in html  # the first column labels the rows
    value["data"][0][0] = "Critère"
    html = " ".join(render_to_string("blocks/table.html", {"value": value}).split())
    assert '<td>Quand</td>' in html  # a header on every column: the editor's choice is kept


def test_the_two_search_forms_are_distinct_landmarks(client, home):
    html = client.get(reverse("search"), {"q": "x"}).content.decode()
    labels = [part.split('"')[0] for part in html.split('role="search" aria-label="')[1:]]
    assert len(labels) == 2 and len(set(labels)) == 2
