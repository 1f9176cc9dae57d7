"""The lexicon's terms in the Wagtail admin (snippets), kept fresh on the site after each edit."""

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.pages.lexicon import forget
from portal.pages.models import Term


class TermViewSet(SnippetViewSet):
    model = Term
    icon = "openquote"
    menu_label = _("Lexique")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["term", "definition"]
    search_fields = ["term", "definition"]


register_snippet(TermViewSet)
post_save.connect(forget, sender=Term, dispatch_uid="lexicon-forget-save")
post_delete.connect(forget, sender=Term, dispatch_uid="lexicon-forget-delete")
