"""Demo content of the tool kit: the index page, 14 tools with their PDF and ODT files,
the Pharmacie du Centre's statuses, a notification and a newsletter subscription. Idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model

from portal.documents import demo_data
from portal.pages.demo import child, home_page, stream
from portal.pages.models import PrinciplePage
from portal.pharmacies.models import Pharmacy
from toolkit.management.demo_files import tool_odt, tool_pdf
from toolkit.models import NewsletterSubscription, Notification, ToolIndexPage, ToolPage, ToolStatus
from toolkit.models.notifications import Kind

CONTENT = demo_data.read(__file__, "tools.yaml")

# Pharmacie du Centre: code -> (status, days before today it was set)
DEMO_STATUSES = {
    "G01": (ToolStatus.Status.DONE, 200),
    "M11": (ToolStatus.Status.DONE, 120),  # before M11's major update: "À revoir"
    "P41": (ToolStatus.Status.DONE, 90),
    "C31": (ToolStatus.Status.DONE, 60),
    "C66": (ToolStatus.Status.DONE, 30),
    "E55": (ToolStatus.Status.NOT_APPLICABLE, 45),
}


def documents_for(tool: dict):
    Document = get_document_model()
    name = f"{slugify(tool['code'])}-{slugify(tool['title'])[:50]}"
    pdf = Document.objects.filter(title=f"{tool['code']} – {tool['title']} (PDF)").first()
    if pdf is None:
        pdf = Document(title=f"{tool['code']} – {tool['title']} (PDF)")
        pdf.file.save(f"{name}.pdf", ContentFile(tool_pdf(tool)), save=False)
        pdf._set_document_file_metadata()
        pdf.file.close()
        pdf.save()
    odt = Document.objects.filter(title=f"{tool['code']} – {tool['title']} (ODT)").first()
    if odt is None:
        odt = Document(title=f"{tool['code']} – {tool['title']} (ODT)")
        odt.file.save(f"{name}.odt", ContentFile(tool_odt(tool)), save=False)
        odt._set_document_file_metadata()
        odt.file.close()
        odt.save()
    for document in (pdf, odt):
        if document.file_size is None:  # made by an earlier version of this demo
            document._set_document_file_metadata()
            document.file.close()
            document.save(update_fields=["file_size", "file_hash"])
    return pdf, odt


def load(log) -> None:
    home = home_page()
    index, _ = child(
        home, ToolIndexPage, "kit-outils", title=CONTENT["index"]["title"],
        introduction=CONTENT["index"]["introduction"], show_in_menus=True,
    )
    principles = {p.number: p for p in PrinciplePage.objects.all()}
    created = 0
    tools = {}
    for data in CONTENT["tools"]:
        slug = slugify(f"{data['code']} {data['title']}")[:80]
        existing = index.get_children().filter(slug=slug).first()
        if existing is not None:
            tools[data["code"]] = existing.specific
            documents_for(data)
            continue
        pdf, odt = documents_for(data)
        update = data.get("last_major_update")
        tool = ToolPage(
            slug=slug, title=data["title"], code=data["code"], tool_type=data["type"], summary=data["summary"],
            body=stream(data["body"]), pdf_file=pdf, editable_file=odt, version=data.get("version", "1.0"),
            last_major_update=datetime.date.fromisoformat(update) if update else None,
            last_major_update_note=data.get("last_major_update_note", ""),
        )
        tool.principles = [principles[n] for n in data["principles"] if n in principles]
        index.add_child(instance=tool)
        tool.save_revision().publish()
        tools[data["code"]] = tool
        created += 1
    log(f"Kit d'outils : {created} outil(s) créé(s), {len(tools)} au total.")

    pharmacy = Pharmacy.objects.filter(name="Pharmacie du Centre").first()
    owner = get_user_model().objects.filter(email="titulaire@demo.test").first()
    if pharmacy is None or owner is None:
        return
    now = timezone.now()
    for code, (status, days) in DEMO_STATUSES.items():
        tool = tools.get(code)
        if tool is None or ToolStatus.objects.filter(pharmacy=pharmacy, tool=tool).exists():
            continue
        saved = ToolStatus.change(pharmacy=pharmacy, tool=tool, status=status, by=owner)
        when = now - datetime.timedelta(days=days)
        ToolStatus.objects.filter(pk=saved.pk).update(
            updated_at=when, confirmed_at=when if status == ToolStatus.Status.DONE else None
        )
        saved.changes.update(changed_at=when)
    NewsletterSubscription.objects.get_or_create(user=owner)
    memo = tools.get("M11")
    if memo is not None and memo.last_major_update:
        Notification.objects.get_or_create(
            user=owner, key=f"tool-update:{memo.pk}:{memo.last_major_update.isoformat()}:{pharmacy.pk}",
            defaults={
                "kind": Kind.TOOL_UPDATE, "title": f"Outil mis à jour : {memo.code} – {memo.title}",
                "body": memo.last_major_update_note, "url": memo.url or "",
            },
        )
