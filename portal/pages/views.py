import re

from django.core.paginator import Paginator
from django.db import DatabaseError
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from portal.pages.models import Term

RESULTS_PER_PAGE = 10
LEXICON_RESULTS = 5
# Full-text engines give operators a meaning (quotes, parentheses, `*`, `:`); visitors type words.
NOT_A_WORD = re.compile(r"[^\w\s'’.-]+")


def search_terms(query: str) -> str:
    """The words of a visitor's query, without the characters full-text engines read as syntax."""
    return " ".join(NOT_A_WORD.sub(" ", query).split())


def search(request):
    """Site search over live public pages (PostgreSQL full text when on PostgreSQL)."""
    query = request.GET.get("q", "").strip()[:200]
    terms = search_terms(query)
    results = Page.objects.none()
    lexicon = []
    failed = False
    if terms:
        results = Page.objects.live().public().specific().search(terms)
    try:
        page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        for result in page:
            result.type_label = result.specific_class._meta.verbose_name
        if terms:
            lexicon = list(get_search_backend().search(terms, Term)[:LEXICON_RESULTS])
    except DatabaseError:
        # Last resort: whatever the engine still refuses gives a message, never an error page.
        failed = True
        page = Paginator(Page.objects.none(), RESULTS_PER_PAGE).get_page(1)
    context = {
        "query": query,
        "searchable": bool(terms) and not failed,
        "results": page,
        # The lexicon's entries show on the first page; the count covers every entry listed.
        "lexicon": lexicon if page.number == 1 else [],
        "count": page.paginator.count + len(lexicon),
        "query_string": urlencode({"q": query}),
    }
    return TemplateResponse(request, "pages/search.html", context)


def lexicon(request):
    """Every term of the lexicon, A to Z, with a letter index (the anchors `#terme-…`)."""
    groups: dict[str, list] = {}
    for term in sorted(Term.objects.all(), key=lambda t: (t.letter, t.term.casefold())):
        groups.setdefault(term.letter, []).append(term)
    return TemplateResponse(request, "pages/lexicon.html", {"groups": groups})
