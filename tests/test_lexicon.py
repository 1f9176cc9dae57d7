"""The lexicon: snippets, the A–Z page, the site search, and terms marked up in page bodies."""

import pytest
from django.urls import reverse

from portal.pages import demo
from portal.pages.lexicon import Entry, mark_terms
from portal.pages.models import PrinciplePage, Term

pytestmark = pytest.mark.django_db
INS = Entry("INS", "Identité nationale de santé", "terme-ins")
DP = Entry("DP", "Dossier pharmaceutique", "terme-dp")
SPACE = Entry("Mon espace santé", "Service public numérique", "terme-mon-espace-sante")


def test_first_occurrence_only_whole_words_never_inside_links_or_attributes():
    html = ("<p>Vérifiez l'INS. L'INSTALLATION du poste et l'INS encore.</p>"
            '<p><a href="/x" title="INS">le DP</a> puis le DP et Mon espace santé.</p>')
    marked = mark_terms(html, "/lexique/", [SPACE, INS, DP])
    assert marked.count('<abbr title="Identité nationale de santé">INS</abbr>') == 1
    assert "INSTALLATION" in marked and "INS</abbr>TALLATION" not in marked
    assert '<a href="/x" title="INS">le DP</a>' in marked  # nothing inside an existing link or attribute
    assert 'puis le <a class="term" href="/lexique/#terme-dp"><abbr title="Dossier pharmaceutique">DP</abbr></a> et' in marked
    assert '#terme-mon-espace-sante"><abbr title="Service public numérique">Mon espace santé</abbr>' in marked
    assert mark_terms("<h2>INS</h2><p>sans terme</p>", "/lexique/", [INS]) == "<h2>INS</h2><p>sans terme</p>"


def test_definitions_are_escaped():
    marked = mark_terms("<p>DP</p>", "/lexique/", [Entry("DP", 'Dossier "pharma" <b>', "terme-dp")])
    assert 'title="Dossier &quot;pharma&quot; &lt;b&gt;"' in marked


def test_lexicon_page_lists_terms_a_to_z_with_anchors(client):
    Term.objects.create(term="Ségur", definition="Plan national de 2020.")
    Term.objects.create(term="ADRI", definition="Droits en temps réel.")
    Term.objects.create(term="e-CPS", definition="Carte CPS sur téléphone.")
    html = client.get(reverse("lexicon")).content.decode()
    assert html.index('id="lettre-A"') < html.index('id="lettre-E"') < html.index('id="lettre-S"')
    assert '<dt id="terme-segur">Ségur</dt>' in html and 'href="#lettre-S"' in html


@pytest.mark.search
def test_search_finds_a_term_by_its_name_or_definition(client):
    Term.objects.create(term="INS", definition="Identité nationale de santé du patient.")
    html = client.get(reverse("search"), {"q": "INS"}).content.decode()
    assert "Dans le lexique" in html and f'{reverse("lexicon")}#terme-ins' in html
    assert "Dans le lexique" in client.get(reverse("search"), {"q": "identité"}).content.decode()


def test_principle_page_marks_terms_and_follows_edits(client, framework):
    principle = PrinciplePage.objects.get(number="3.1")
    principle.body = [("paragraph", "<p>Le pharmacien consulte le DP avec l'accord du patient, puis le DP encore.</p>")]
    principle.save_revision().publish()
    Term.objects.create(term="DP", definition="Dossier pharmaceutique")
    html = client.get(principle.url).content.decode()
    assert html.count('<abbr title="Dossier pharmaceutique">DP</abbr>') == 1
    Term.objects.filter(term="DP").delete()  # a signal forgets the cached terms
    Term.objects.create(term="DP", definition="Dossier pharmaceutique, revu")
    from django.core.cache import cache

    cache.clear()  # the page itself is cached for anonymous visitors
    assert "Dossier pharmaceutique, revu" in client.get(principle.url).content.decode()


def test_demo_lexicon_is_idempotent_and_keeps_edits():
    assert demo.load_lexicon() >= 20
    Term.objects.filter(term="INS").update(definition="Revu par un administrateur")
    assert demo.load_lexicon() == 0
    assert Term.objects.get(term="INS").definition == "Revu par un administrateur"


@pytest.mark.search
def test_search_count_covers_the_lexicon_entries_shown(client, framework):
    Term.objects.create(term="Principe", definition="Règle du référentiel.")
    html = client.get(reverse("search"), {"q": "Principe"}).content.decode()
    shown = html.count('<h2 class="h3" lang="fr"><a href=') + html.count("<dt><a href=")
    assert shown == 5  # four principles and one lexicon entry
    assert "5 résultats pour « <span lang=\"fr\">Principe</span> »" in html
    html = client.get(reverse("search"), {"q": "Règle"}).content.decode()
    assert "1 résultat pour « <span lang=\"fr\">Règle</span> »" in html and "Aucun résultat" not in html  # a lexicon entry alone


def test_demo_lexicon_follows_the_glossary():
    demo.load_lexicon()
    terms = set(Term.objects.values_list("term", flat=True))
    glossary = {"ADRI", "INS", "DP", "DMP", "Mon espace santé", "e-CPS", "MSSanté", "ASAFO-PHARMA", "Sérialisation",
                "Téléconsultation", "Ségur", "ANS", "e-santé", "ROSP", "FINESS", "RPPS", "LGO", "PDA", "MITM", "CIP"}
    assert glossary <= terms
    asafo = Term.objects.get(term="ASAFO-PHARMA").definition
    assert "fausses ordonnances" in asafo and "Assistant" not in asafo
    assert "17 juillet 2023" in Term.objects.get(term="RPPS").definition  # préparateurs too
    assert "1er juillet 2021" in Term.objects.get(term="DMP").definition
