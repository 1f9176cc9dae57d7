"""The shared StreamField vocabulary of the portal's pages; apps extend `BaseStreamBlock`."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Intertitre")
        template = "blocks/heading.html"


class CalloutBlock(blocks.RichTextBlock):
    """The "À retenir" box: the key point a reader must not miss."""

    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pick"
        label = _("À retenir")
        template = "blocks/callout.html"


class DataTableBlock(TableBlock):
    class Meta:
        icon = "table"
        label = _("Tableau")
        template = "blocks/table.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Texte"), icon="pilcrow")
    callout = CalloutBlock()
    table = DataTableBlock()
