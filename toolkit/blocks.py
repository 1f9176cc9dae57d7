"""StreamField blocks of the tool kit: the shared vocabulary plus ordered steps and flowcharts."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from portal.blocks import RICH_TEXT_FEATURES, BaseStreamBlock


class StepsBlock(blocks.StructBlock):
    """An ordered list of steps (a procedure's key points)."""

    title = blocks.CharBlock(label=_("Titre"), required=False)
    steps = blocks.ListBlock(
        blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Étape")), label=_("Étapes")
    )

    class Meta:
        icon = "list-ol"
        label = _("Étapes ordonnées")
        template = "toolkit/blocks/steps.html"


class FlowchartStepBlock(blocks.StructBlock):
    """One box of a flowchart: an action, or a question whose answers lead to other steps."""

    key = blocks.CharBlock(
        label=_("Repère"), max_length=12, help_text=_("Court identifiant unique, par exemple « A » ou « 3 ».")
    )
    kind = blocks.ChoiceBlock(
        choices=[("action", _("Action")), ("decision", _("Question (décision)")), ("end", _("Fin"))],
        default="action",
        label=_("Nature"),
    )
    text = blocks.CharBlock(label=_("Texte"))
    detail = blocks.TextBlock(label=_("Précisions"), required=False)
    yes_to = blocks.CharBlock(label=_("Si oui, aller à"), required=False, max_length=12)
    no_to = blocks.CharBlock(label=_("Si non, aller à"), required=False, max_length=12)
    next_to = blocks.CharBlock(
        label=_("Étape suivante"), required=False, max_length=12,
        help_text=_("Vide : l'étape suivante de la liste."),
    )


class FlowchartBlock(blocks.StructBlock):
    """A flowchart (logigramme) written as numbered steps with decision branches.

    Rendered as an ordered list whose decisions link to their target steps, which a screen
    reader and a printer follow as easily as a drawing.
    """

    title = blocks.CharBlock(label=_("Titre"))
    legend = blocks.TextBlock(label=_("Légende"), required=False)
    steps = blocks.ListBlock(FlowchartStepBlock(), label=_("Étapes"))

    class Meta:
        icon = "site"
        label = _("Logigramme")
        template = "toolkit/blocks/flowchart.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["flow_steps"] = flowchart_steps(value)
        return context


def flowchart_steps(value) -> list[dict]:
    """The flowchart's steps with their position and resolved branch targets."""
    steps = list(value["steps"])
    positions = {step["key"]: index + 1 for index, step in enumerate(steps)}
    result = []
    for index, step in enumerate(steps):
        following = steps[index + 1]["key"] if index + 1 < len(steps) else ""
        next_key = step.get("next_to") or (following if step["kind"] == "action" else "")
        result.append(
            {
                "number": index + 1,
                "key": step["key"],
                "kind": step["kind"],
                "text": step["text"],
                "detail": step.get("detail", ""),
                "yes": positions.get(step.get("yes_to") or "") and step["yes_to"],
                "yes_number": positions.get(step.get("yes_to") or ""),
                "no": positions.get(step.get("no_to") or "") and step["no_to"],
                "no_number": positions.get(step.get("no_to") or ""),
                "next": positions.get(next_key) and next_key,
                "next_number": positions.get(next_key),
            }
        )
    return result


class ToolStreamBlock(BaseStreamBlock):
    steps = StepsBlock()
    flowchart = FlowchartBlock()
