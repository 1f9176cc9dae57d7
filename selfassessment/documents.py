"""The self-assessment's PDF documents: the bilan and the attestation (through `portal.pdf`)."""

from django.utils import timezone, translation
from django.utils.formats import date_format

from portal.pdf import html_to_pdf, qr_data_uri, render_html, render_pdf
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
            "date": date_format(assessment.date, "j F Y"),
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
