"""The portal in English keeps French content marked `lang="fr"`, and its phone layouts (issue 24 items 8-9).

The French framework comes from the demo loader (real titles, bodies and lexicon), the pharmacy is
« Pharmacie du Centre »: every page below shows French text from the database next to the English
interface. A text node is taken as French when it has a French accent, guillemets or a French word
(« le », « des », « pour »…); it must sit inside an element whose nearest `lang` is `fr`. The
programme's proper names (« Démarche Qualité Officine », « Ma DQO perso ») are left out: they stay
French inside English sentences, where a translation cannot carry markup.
"""

from django.utils import timezone

from portal.pages import demo
from portal.pages.models import PrinciplePage, ThemePage
from portal.pharmacies.roles import Role
from tests.browser.conftest import BROWSER_TIMEOUT_MS, assert_accessible, login
from tests.factories import PASSWORD, MembershipFactory
from tests.selfassessment.factories import make_questionnaire, submit
from tests.toolkit.factories import ToolIndexPageFactory, ToolPageFactory

FRENCH_OUTSIDE_LANG_FR = r"""() => {
  const FRENCH = /[àâçéèêëîïôûùœ«»]|\b(le|la|les|des|du|et|pour|une|aux|vos|votre|dans|avec|qui|est|sont|pas)\b|\b[ldq]u?'/i;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // The programme's proper names stay French inside English sentences (no markup in a translation).
    const text = node.textContent.replace(/Démarche Qualité Officine|Ma DQO perso/g, '').trim();
    const element = node.parentElement;
    if (!text || !FRENCH.test(text) || element.closest('script, style, template')) continue;
    const lang = element.closest('[lang]');
    if (lang && lang.getAttribute('lang').toLowerCase().startsWith('fr')) continue;
    found.push(element.tagName.toLowerCase() + ': ' + text.slice(0, 80));
  }
  return found;
}"""


def _content(home, pharmacy, owner):
    demo.load(lambda message: None)  # the framework, news and lexicon, in French
    kit = ToolIndexPageFactory(parent=home)
    tool = ToolPageFactory(parent=kit, code="M11", title="Le double contrôle", principle_numbers=["4.1"],
                           summary="Un second contrôle de la délivrance par une autre personne diplômée.")
    principles = list(PrinciplePage.objects.order_by("path"))
    year = timezone.localdate().year
    submit(pharmacy, owner, make_questionnaire(principles, year=year - 1), points=1)
    current = submit(pharmacy, owner, make_questionnaire(principles, year=year, version=2), points=2)
    return kit, tool, principles, current


def test_english_mode_marks_every_french_text_lang_fr(browser, live_server, home, pharmacy, owner):
    # A person's name is no French text to mark (the factory's names run from "Martin" to "Le Gall").
    owner.last_name = "Martin"
    owner.save(update_fields=["last_name"])
    kit, tool, principles, current = _content(home, pharmacy, owner)
    theme = ThemePage.objects.get(number=4)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    page.base_url = live_server.url
    try:
        # The detector itself: a French sentence outside lang="fr" is found.
        page.goto(live_server.url + "/")
        assert page.evaluate("document.documentElement.lang") == "en"
        page.evaluate("document.body.append(Object.assign(document.createElement('p'), {textContent: 'Délivrance'}))")
        assert page.evaluate(FRENCH_OUTSIDE_LANG_FR) == ["p: Délivrance"]
        anonymous = ["/", "/referentiel/", theme.url, principles[5].url, kit.url, tool.url,
                     "/recherche/?q=double+contr%C3%B4le", "/lexique/"]
        signed_in = ["/ma-dqo/", "/ma-dqo/outils/", "/officine/equipe/", "/auto-evaluation/",
                     f"/auto-evaluation/{current.pk}/bilan/", "/compte/mon-compte/", "/ma-dqo/notifications/",
                     "/ma-dqo/registres/incidents/"]
        problems = {}
        for path in anonymous:
            page.goto(live_server.url + path)
            problems[path] = page.evaluate(FRENCH_OUTSIDE_LANG_FR)
        login(page, owner.email, PASSWORD)
        for path in signed_in:
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.lang") == "en", path
            problems[path] = page.evaluate(FRENCH_OUTSIDE_LANG_FR)
        assert len(problems) >= 15
        bad = {path: found[:4] for path, found in problems.items() if found}
        assert bad == {}, bad
    finally:
        context.close()


def _phone(browser, live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="fr-FR", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    page.base_url = live_server.url
    return context, page


def _page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


SMALLEST_CHART_TEXT = """() => {
  const svg = document.querySelector('svg.score-chart');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
}"""


def test_phone_layouts_of_the_signed_in_pages(browser, live_server, home, pharmacy, owner):
    MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR, user__first_name="Marie-Hélène",
                      user__last_name="Lefebvre-Delacroix")
    pharmacy.name = "Pharmacie de la Grande Rue et du Marché couvert"
    pharmacy.save()
    _kit, _tool, _principles, current = _content(home, pharmacy, owner)
    for width in (320, 390):
        context, page = _phone(browser, live_server, width)
        try:
            login(page, owner.email, PASSWORD)
            for path in ("/ma-dqo/", f"/auto-evaluation/{current.pk}/bilan/", "/ma-dqo/outils/",
                         "/ma-dqo/registres/incidents/", "/ma-dqo/registres/statistiques/"):
                page.goto(live_server.url + path)
                assert _page_width(page) <= width, f"{path}: {_page_width(page)} px at {width} px"
            # The bilan's chart: its text at least 12 px on the phone.
            page.goto(live_server.url + f"/auto-evaluation/{current.pk}/bilan/")
            assert page.evaluate(SMALLEST_CHART_TEXT) >= 12
            # Tool statuses: one card per tool, no table row running off the screen.
            page.goto(live_server.url + "/ma-dqo/outils/")
            assert page.evaluate("getComputedStyle(document.querySelector('.status-table tbody tr')).display") == "block"
            row = page.locator(".status-table tbody tr").first.bounding_box()
            assert row["x"] >= 0 and row["x"] + row["width"] <= width
            label = "getComputedStyle(document.querySelector('.status-table tbody td[data-label]'), '::before').content"
            assert page.evaluate(label) == '"Statut"'  # each cell says its column
            # The registers' sub-menu: one line.
            page.goto(live_server.url + "/ma-dqo/registres/incidents/")
            tops = page.evaluate("[...document.querySelectorAll('.registers-nav li')].map(li => li.getBoundingClientRect().top)")
            assert len(tops) >= 5 and len(set(tops)) == 1, tops
            assert _page_width(page) <= width
            if width == 390:
                assert_accessible(page, f"registres ({width} px)")
                page.goto(live_server.url + "/ma-dqo/outils/")
                assert_accessible(page, f"statuts des outils ({width} px)")
        finally:
            context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    try:
        page.base_url = live_server.url
        login(page, owner.email, PASSWORD)
        page.goto(live_server.url + "/ma-dqo/outils/")
        assert page.evaluate("getComputedStyle(document.querySelector('.status-table tbody tr')).display") == "table-row"
        page.goto(live_server.url + "/ma-dqo/registres/incidents/")
        tops = page.evaluate("[...document.querySelectorAll('.registers-nav li')].map(li => li.getBoundingClientRect().top)")
        assert len(set(tops)) == 1, tops
        page.goto(live_server.url + f"/auto-evaluation/{current.pk}/bilan/")
        assert 12 <= page.evaluate(SMALLEST_CHART_TEXT) <= 24  # readable, not oversized on a computer
        assert_accessible(page, "bilan (1280 px)")
    finally:
        context.close()
