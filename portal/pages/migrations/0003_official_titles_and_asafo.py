"""The framework's official titles (table of contents of version 1.0) and ASAFO-PHARMA's meaning.

Existing databases were filled from older demo data: ten principle titles, theme 5's title and the
ASAFO lexicon entry differ from the official words. Only the old demo wording is replaced (an
administrator's own edit is left alone); the page's latest revision is updated with it, so the next
edit in the admin starts from the official title. URLs (slugs) do not change.
"""

from django.db import migrations

PRINCIPLES = {
    "3.2": ("Écoute et information de l'utilisateur", "Écoute et information de l'utilisateur du système de santé"),
    "3.3": ("Satisfaction de l'utilisateur", "Satisfaction de l'utilisateur du système de santé"),
    "4.2": ("Dispensation sans prescription et des autres produits",
            "Dispensation de médicaments sans prescription et des autres produits (marchandises autorisées)"),
    "5.4": ("Prévention et promotion de la santé", "Actions de prévention et de promotion de la santé"),
    "5.8": ("Livraison à domicile – portage", "Livraison à domicile (dispensation exclue) – Portage"),
    "5.9": ("Dépistage des maladies infectieuses et non transmissibles",
            "Dépistage des maladies infectieuses et des maladies non transmissibles"),
    "5.13": ("Coopération interprofessionnelle – parcours coordonné de soins",
             "Coopération interprofessionnelle - parcours coordonné de soins"),
    "6.7": ("Adéquation des locaux", "Adéquation des locaux aux services réalisés"),
    "6.11": ("Veille légale et scientifique", "Veille légale et scientifique sur l'exercice professionnel"),
    "6.12": ("Traçabilité des actes et services", "Traçabilité des actes et services de l'exercice professionnel"),
}
THEMES = {5: ("Missions et services", "Missions et Services")}
OLD_ASAFO = "Assistant de santé en officine"
ASAFO = (
    "Service d'alerte sécurisé de l'Ordre national des pharmaciens sur les fausses ordonnances : le pharmacien y "
    "signale une ordonnance suspecte de falsification (plus de 15 000 suspicions signalées la première année, "
    "3 sur 4 confirmées frauduleuses)."
)


def retitle(page, old, new, Revision, content_type_ids):
    if page.title != old:
        return
    page.title = new
    if page.draft_title == old:
        page.draft_title = new
    page.save(update_fields=["title", "draft_title"])
    revision = (Revision.objects.filter(object_id=str(page.pk), base_content_type_id__in=content_type_ids)
                .order_by("-created_at", "-pk").first())
    if revision is not None and revision.content.get("title") == old:
        revision.content["title"] = new
        if revision.content.get("draft_title") == old:
            revision.content["draft_title"] = new
        revision.save(update_fields=["content"])


def forwards(apps, schema_editor):
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    page_types = list(ContentType.objects.filter(app_label="wagtailcore", model="page").values_list("pk", flat=True))
    for number, (old, new) in PRINCIPLES.items():
        for page in apps.get_model("pages", "PrinciplePage").objects.filter(number=number):
            retitle(page, old, new, Revision, page_types)
    for number, (old, new) in THEMES.items():
        for page in apps.get_model("pages", "ThemePage").objects.filter(number=number):
            retitle(page, old, new, Revision, page_types)
    Term = apps.get_model("pages", "Term")
    old_entry = Term.objects.filter(term="ASAFO", definition__startswith=OLD_ASAFO).first()
    if old_entry is not None and not Term.objects.filter(term="ASAFO-PHARMA").exists():
        old_entry.term = "ASAFO-PHARMA"
        old_entry.definition = ASAFO
        old_entry.save(update_fields=["term", "definition"])


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_lexicon"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
