"""The tool kit in the CMS: an index page and one page per tool (memo, procedure...)."""

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.caching import AnonymousCachedPage
from toolkit.blocks import ToolStreamBlock


class ToolType(models.TextChoices):
    GUIDE = "guide", _("Guide")
    MEMO = "memo", _("Mémo")
    PROCEDURE = "procedure", _("Procédure")
    CHECKLIST = "checklist", _("Check-list")
    RECORD = "record", _("Enregistrement")


class ToolIndexPage(AnonymousCachedPage, Page):
    """The tool kit ("Kit d'outils"): every tool, filterable by theme, principle and type."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    subpage_types = ["toolkit.ToolPage"]
    max_count = 1

    class Meta:
        verbose_name = _("kit d'outils")

    def filtered_tools(self, params):
        """The live tools under this page, filtered by the listing's GET parameters."""
        tools = ToolPage.objects.child_of(self).live().order_by("code", "title")
        theme = (params.get("theme") or "").strip()
        principle = (params.get("principle") or "").strip()
        tool_type = (params.get("type") or "").strip()
        query = (params.get("q") or "").strip()
        if theme.isdigit():
            tools = tools.filter(principles__number__startswith=f"{theme}.")
        if principle:
            tools = tools.filter(principles__number=principle)
        if tool_type in ToolType.values:
            tools = tools.filter(tool_type=tool_type)
        if query:
            tools = tools.filter(
                Q(title__icontains=query) | Q(code__icontains=query) | Q(summary__icontains=query)
            )
        return tools.distinct()

    def get_context(self, request, *args, **kwargs):
        from portal.pages.models import PrinciplePage, ThemePage
        from toolkit.models.statuses import ToolStatus
        from toolkit.zipper import ready_archive

        context = super().get_context(request, *args, **kwargs)
        tools = self.filtered_tools(request.GET).select_related("pdf_file", "editable_file")
        page_obj = Paginator(tools.prefetch_related("principles"), 20).get_page(request.GET.get("page"))
        membership = getattr(request, "membership", None)
        if membership:
            statuses = ToolStatus.objects.status_map(membership.pharmacy)
            for tool in page_obj:
                tool.pharmacy_status = statuses.get(tool.pk) or ToolStatus.default(tool)
        params = request.GET.copy()
        params.pop("page", None)
        context.update(
            page_obj=page_obj,
            query_string=params.urlencode(),
            filters={key: request.GET.get(key, "") for key in ("theme", "principle", "type", "q")},
            filtering=any(request.GET.get(key) for key in ("theme", "principle", "type", "q")),
            themes=ThemePage.objects.live().order_by("number").only("title", "number"),
            principles=PrinciplePage.objects.live().order_by("path").only("title", "number"),
            tool_types=ToolType.choices,
            archive=ready_archive(),
            membership=membership,
        )
        return context


class ToolPage(AnonymousCachedPage, Page):
    """One tool of the kit, tied to the principles of the framework it makes concrete."""

    code = models.CharField(_("code"), max_length=12, help_text=_("Par exemple M11"))
    tool_type = models.CharField(_("type"), max_length=16, choices=ToolType.choices)
    principles = ParentalManyToManyField(
        "pages.PrinciplePage", related_name="tools", blank=True, verbose_name=_("principes servis")
    )
    summary = models.TextField(_("résumé"), max_length=600)
    body = StreamField(ToolStreamBlock(), blank=True, verbose_name=_("contenu"))
    pdf_file = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("version PDF"),
    )
    editable_file = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("version modifiable (DOCX ou ODT)"),
    )
    version = models.CharField(_("version"), max_length=20, default="1.0")
    last_major_update = models.DateField(_("dernière mise à jour majeure"), null=True, blank=True)
    last_major_update_note = models.TextField(
        _("nature de la mise à jour"), blank=True,
        help_text=_("Ce qui a changé : les officines qui ont mis l'outil en place seront invitées à le revoir."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("code"),
        FieldPanel("tool_type"),
        FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("pdf_file"), FieldPanel("editable_file")], heading=_("Fichiers")),
        MultiFieldPanel(
            [FieldPanel("version"), FieldPanel("last_major_update"), FieldPanel("last_major_update_note")],
            heading=_("Version"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("code", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("tool_type"),
    ]
    parent_page_types = ["toolkit.ToolIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("outil")
        verbose_name_plural = _("outils")

    def __str__(self):
        return f"{self.code} – {self.title}"

    @property
    def theme_numbers(self) -> list[int]:
        """Themes served, from the principles' numbers ("4.1" is in theme 4)."""
        return sorted({p.theme_number for p in self.principles.all() if p.theme_number is not None})

    @property
    def files(self) -> list:
        return [doc for doc in (self.pdf_file, self.editable_file) if doc is not None]

    def get_context(self, request, *args, **kwargs):
        from toolkit.models.statuses import ToolStatus

        context = super().get_context(request, *args, **kwargs)
        context["principle_list"] = list(self.principles.order_by("path"))
        membership = getattr(request, "membership", None)
        if membership:
            status = ToolStatus.objects.for_pharmacy(membership.pharmacy).filter(tool=self).select_related(
                "responsible__user", "updated_by"
            ).first()
            context["membership"] = membership
            context["pharmacy_status"] = status or ToolStatus.default(self)
            context["status_changes"] = list(
                status.changes.select_related("changed_by").order_by("-changed_at", "-pk")[:10]
            ) if status else []
            context["saved_status"] = status  # the form's instance: `{% tool_status_form %}`
        return context
