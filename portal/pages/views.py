from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from wagtail.models import Page

RESULTS_PER_PAGE = 10


def search(request):
    """Site search over live public pages (PostgreSQL full text when on PostgreSQL)."""
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    for result in page:
        result.type_label = result.specific_class._meta.verbose_name
    context = {"query": query, "results": page, "query_string": urlencode({"q": query})}
    return TemplateResponse(request, "pages/search.html", context)
