"""The self-assessment's PDF documents: the bilan and the attestation (through `portal.documents.pdf`).

The attestation, one page, stays inline; the bilan grows with the questionnaire (each principle's
advice), so it is built by the background worker (`build_bilan`, a builder of `portal.exports`).
"""

from django.utils import timezone, translation

from portal.documents.pdf import html_to_pdf, qr_data_uri, render_html, render_pdf
from portal.exports.registry import Built, builder
from portal.rules import dates
from selfassessment.charts import theme_chart_svg
from selfassessment.models import Assessment, Attestation
from selfassessment.services import build_results


def results_context(request, membership, assessment: Assessment) -> dict:
    """What the bilan shows, on screen and in its PDF."""
    results = build_results(assessment, request)
    return {
        "membership": membership,
        "pharmacy": membership.pharmacy,
        "assessment": assessment,
        "results": results,
        "chart": theme_chart_svg(results.themes),
        "generated_at": timezone.localtime(),
    }


def results_pdf(context: dict) -> tuple[bytes, str]:
    """The bilan as a PDF, and its file name."""
    assessment = context["assessment"]
    return (
        render_pdf("selfassessment/pdf/results.html", context),
        f"bilan-auto-evaluation-{assessment.date.isoformat()}.pdf",
    )


@builder("selfassessment_bilan")
def build_bilan(job) -> Built:
    """The bilan of a submitted assessment of the job's pharmacy (parameter `assessment`), for a
    requester still member of that pharmacy."""
    from portal.pharmacies.scoping import memberships_of

    membership = next(m for m in memberships_of(job.requester) if m.pharmacy_id == job.pharmacy_id)
    assessment = Assessment.objects.for_pharmacy(membership.pharmacy).submitted().select_related(
        "questionnaire").get(pk=job.parameters["assessment"])
    content, name = results_pdf(results_context(None, membership, assessment))
    return Built(content, name, "application/pdf")


def attestation_html(record: Attestation, pharmacy) -> str:
    """The attestation as HTML for the PDF renderer (also used by the benchmark).

    Always in French, whatever the interface language: it is a French administrative document.
    """
    assessment = record.assessment
    url = record.get_verification_url()
    with translation.override("fr"):
        return _render_attestation(record, assessment, pharmacy, url)


def _render_attestation(record, assessment, pharmacy, url) -> str:
    return render_html(
        "selfassessment/pdf/attestation.html",
        {
            "attestation": record,
            "assessment": assessment,
            "pharmacy": pharmacy,
            "date": dates.day(assessment.date),
            "verification_url": url,
            "qr": qr_data_uri(url),
        },
    )


def attestation_pdf(record: Attestation, pharmacy) -> tuple[bytes, str]:
    """The attestation as a PDF, and its file name."""
    return (
        html_to_pdf(attestation_html(record, pharmacy)),
        f"attestation-auto-evaluation-{record.assessment.date.isoformat()}.pdf",
    )
