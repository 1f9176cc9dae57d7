"""No page wider than a 320 px screen (WCAG 1.4.10 reflow), and axe-core at that width too."""

from django.utils import timezone

from portal.pages.models import PrinciplePage
from portal.pharmacies.roles import Role
from selfassessment.models import Assessment
from tests.browser.conftest import BROWSER_TIMEOUT_MS, assert_accessible, login
from tests.factories import PASSWORD, MembershipFactory
from tests.selfassessment.factories import make_questionnaire, submit
from tests.toolkit.factories import ToolIndexPageFactory, ToolPageFactory

WIDTH = 320


def test_every_page_of_the_journeys_fits_320_px(browser, live_server, framework, home, pharmacy, owner):
    MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR, user__first_name="Marie-Hélène",
                      user__last_name="Lefebvre-Delacroix", user__email="marie-helene.lefebvre-delacroix@pharmacie-exemple.fr")
    kit = ToolIndexPageFactory(parent=home)
    tool = ToolPageFactory(parent=kit, code="M11", title="Le double contrôle", principle_numbers=["4.1"])
    principles = list(PrinciplePage.objects.order_by("path"))
    year = timezone.localdate().year
    submit(pharmacy, owner, make_questionnaire(principles, year=year - 1), points=1)
    current = submit(pharmacy, owner, make_questionnaire(principles, year=year, version=2), points=2)
    open_one = Assessment.start_or_resume(pharmacy, make_questionnaire(principles, year=year, version=3), owner)
    context = browser.new_context(viewport={"width": WIDTH, "height": 700}, locale="fr-FR", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    page.base_url = live_server.url
    try:
        pages = ["/", principles[0].url, kit.url, tool.url, "/recherche/?q=double"]
        for path in pages:  # anonymous
            page.goto(live_server.url + path)
            _fits(page, path)
        login(page, owner.email, PASSWORD)
        pages = ["/ma-dqo/", "/ma-dqo/outils/", "/officine/equipe/", "/auto-evaluation/",
                 f"/auto-evaluation/{current.pk}/bilan/", f"/auto-evaluation/{open_one.pk}/theme/3/",
                 f"/auto-evaluation/{open_one.pk}/soumettre/", f"/auto-evaluation/{current.pk}/attestation/",
                 "/compte/mon-compte/", "/compte/profil/", "/ma-dqo/notifications/", "/ma-dqo/preferences/", "/ma-dqo/registres/incidents/"]
        for path in pages:
            page.goto(live_server.url + path)
            _fits(page, path)
            assert_accessible(page, f"{path} ({WIDTH} px)")
    finally:
        context.close()


def _fits(page, path):
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > WIDTH:
        culprits = page.evaluate(f"""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > {WIDTH} + 1 && !e.closest('.table-scroll'))
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
        raise AssertionError(f"{path}: {width} px wide at {WIDTH} px: {culprits}")


def test_the_focused_answer_is_never_under_the_sticky_save_bar(page, framework, pharmacy, owner):
    """WCAG 2.4.11: tabbing through the questionnaire, every focused answer stays visible."""
    principles = list(PrinciplePage.objects.order_by("path"))
    questionnaire = make_questionnaire(principles, year=timezone.localdate().year, per_principle=6)
    assessment = Assessment.start_or_resume(pharmacy, questionnaire, owner)
    login(page, owner.email, PASSWORD)
    page.goto(page.base_url + f"/auto-evaluation/{assessment.pk}/theme/3/")
    bar_top = page.evaluate("document.querySelector('.sa-savebar').getBoundingClientRect().top")
    page.locator("fieldset.sa-question input").first.focus()
    hidden = []
    for _step in range(12):  # one radio group per Tab: twelve questions
        box = page.evaluate("(() => { const r = document.activeElement.getBoundingClientRect();"
                            " const bar = document.querySelector('.sa-savebar').getBoundingClientRect();"
                            " return [r.bottom, bar.top]; })()")
        if box[0] > box[1]:
            hidden.append(box)
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.sa-savebar') !== null"):
            break
    assert bar_top > 0 and not hidden, hidden
