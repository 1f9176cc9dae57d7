"""Views of the self-assessment: start, fill in by theme (autosave), submit, results, attestation."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from portal import caching
from portal.caching import cache_personal
from portal.documents.pdf import pdf_response
from portal.exports import tasks as export_jobs
from portal.infrastructure import ratelimit
from portal.pharmacies.scoping import pharmacy_member_required
from portal.rules.campaign import questionnaire_year
from selfassessment import documents, pages
from selfassessment.models import (
    Assessment,
    AssessmentError,
    Attestation,
    AttestationError,
    Questionnaire,
    ReviewRow,
    ReviewTheme,
    overall_progress,
)
from selfassessment.structure import MARK, scorecard, structure
from selfassessment.team import team_disagreement


def _assessment(membership, pk):
    return get_object_or_404(
        Assessment.objects.for_pharmacy(membership.pharmacy).select_related("questionnaire", "team_round"), pk=pk
    )


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@pharmacy_member_required("answer_assessment")
def index(request, membership):
    """The current year's questionnaire, the open assessment if any, and the history."""
    year = questionnaire_year(timezone.localdate())
    questionnaire = Questionnaire.objects.for_year(year)
    assessments = list(
        Assessment.objects.for_pharmacy(membership.pharmacy)
        .select_related("questionnaire")
        .annotate(attestation_count=Count("attestations"))
        .order_by("-started_at")
    )
    current_open = next(
        (a for a in assessments if not a.is_submitted and questionnaire and a.questionnaire_id == questionnaire.pk),
        None,
    )
    submitted_this_year = next(
        (a for a in assessments if a.is_submitted and a.questionnaire.year == year), None
    )
    if submitted_this_year:
        submitted_this_year.reopenable = submitted_this_year.can_reopen(membership)
    return render(
        request,
        "selfassessment/index.html",
        {
            "membership": membership,
            "pharmacy": membership.pharmacy,
            "year": year,
            "questionnaire": questionnaire,
            "current_open": current_open,
            "submitted_this_year": submitted_this_year,
            "assessments": assessments,
        },
    )


@require_POST
@pharmacy_member_required("answer_assessment")
def start(request, membership):
    questionnaire = Questionnaire.objects.for_year(questionnaire_year(timezone.localdate()))
    if questionnaire is None:
        messages.error(request, _("Le questionnaire de cette année n'est pas encore publié."))
        return redirect("selfassessment:index")
    assessment = Assessment.start_or_resume(membership.pharmacy, questionnaire, request.user)
    return redirect("selfassessment:fill", pk=assessment.pk)


@pharmacy_member_required("answer_assessment")
def fill(request, membership, pk):
    """Resume where the team stopped: the first theme with an unanswered question."""
    assessment = _assessment(membership, pk)
    if assessment.is_submitted:
        return redirect("selfassessment:results", pk=assessment.pk)
    results = assessment.compute_theme_results()
    if not results:
        raise Http404
    target = next((r for r in results if r.answered < r.total), results[-1])
    return redirect("selfassessment:theme", pk=assessment.pk, number=target.number)


def _parse_pairs(post) -> list[tuple[int, int]] | None:
    pairs = []
    for key, value in post.items():
        if not key.startswith("q-"):
            continue
        try:
            pairs.append((int(key[2:]), int(value)))
        except ValueError:
            return None
    return pairs


@cache_personal
@pharmacy_member_required("answer_assessment")
def theme(request, membership, pk, number):
    """One theme's questions. POST saves answers: JSON for the autosave, else a redirect."""
    if request.method == "POST":
        return _save(request, membership, pk, number)
    assessment = pages.draft(membership.pharmacy, pk)  # its answers fresh: autosaved
    if assessment.is_submitted:
        return redirect("selfassessment:results", pk=assessment.pk)
    shape = structure(assessment.questionnaire_id)
    questions = shape.themes.get(number)
    if not questions:
        raise Http404
    answers = assessment.answers
    results = scorecard(shape, {q: a.choice_id for q, a in answers.items()}).themes(shape.titles)
    pages.answered_lines(
        [answers[q.pk] for q in questions if q.pk in answers], gettext_noop("Répondu par %(who)s le %(when)s")
    )
    numbers = [r.number for r in results]
    index = numbers.index(number)
    return render(
        request,
        "selfassessment/theme.html",
        {
            "membership": membership,
            "assessment": assessment,
            "questions_html": pages.questions_html(shape, number, answers),
            "nav": pages.themes_nav(shape, pages.with_urls(results, assessment), number),
            "current": results[index],
            "previous_number": numbers[index - 1] if index > 0 else None,
            "next_number": numbers[index + 1] if index + 1 < len(numbers) else None,
            "overall": overall_progress(results),
        },
    )


def _save(request, membership, pk, number):
    pairs = _parse_pairs(request.POST)
    if pairs is None:
        return HttpResponseBadRequest(_("Réponse invalide."))
    try:
        assessment, structure = Assessment.objects.save_answers(membership.pharmacy, pk, pairs, request.user)
    except Assessment.DoesNotExist:
        raise Http404 from None
    except ValueError:
        return HttpResponseBadRequest(_("Ce choix ne correspond pas à la question."))
    except AssessmentError as error:
        if _wants_json(request):
            return JsonResponse({"error": str(error)}, status=409)
        messages.error(request, str(error))
        return redirect("selfassessment:results", pk=pk)
    if _wants_json(request):
        results = assessment.progress(structure, assessment.answered)  # the progress bars only: no score
        return JsonResponse(
            {
                "saved": len(pairs),
                "saved_at": timezone.localtime().strftime("%H:%M"),
                "overall": overall_progress(results),
                "themes": {r.number: r.progress for r in results},
            }
        )
    if pairs:
        messages.success(request, _("Réponses enregistrées."))
    target = request.POST.get("go")
    if target == "summary":
        return redirect("selfassessment:summary", pk=pk)
    if target and target.isdigit():
        return redirect("selfassessment:theme", pk=pk, number=int(target))
    return redirect("selfassessment:theme", pk=pk, number=number)


@cache_personal
@pharmacy_member_required("answer_assessment")
def summary(request, membership, pk):
    """Progress, unanswered questions with links, and the submit button (pharmacists)."""
    if request.method == "POST":
        assessment = _assessment(membership, pk)
        if not membership.can("submit_assessment"):
            messages.error(request, _("Seul un pharmacien de l'officine (titulaire ou adjoint) peut soumettre."))
            return redirect("selfassessment:summary", pk=assessment.pk)
        try:
            assessment.submit(request.user)
        except AssessmentError as error:
            messages.error(request, str(error))
            return redirect("selfassessment:summary", pk=assessment.pk)
        messages.success(request, _("Auto-évaluation soumise : voici votre bilan."))
        return redirect("selfassessment:results", pk=assessment.pk)
    assessment = pages.draft(membership.pharmacy, pk)
    if assessment.is_submitted:
        return redirect("selfassessment:results", pk=assessment.pk)
    shape = structure(assessment.questionnaire_id)
    answers = assessment.answers
    results = pages.with_urls(scorecard(shape, {q: a.choice_id for q, a in answers.items()}).themes(shape.titles), assessment)
    urls = {r.number: r.url for r in results}
    review = {}
    for question in shape.questions:  # what `Assessment.review` and `unanswered_questions` give, from the structure
        number = question.theme_number
        theme = review.get(number)
        if theme is None:
            theme = review[number] = ReviewTheme(number, shape.titles[number])
            theme.url = urls[number]
        answer = answers.get(question.pk)
        if answer is not None:
            answer.choice = shape.choices[answer.choice_id]
        theme.rows.append(ReviewRow(question, answer))
    pages.answered_lines([row.answer for theme in review.values() for row in theme.rows if row.answer],
                    gettext_noop("par %(who)s le %(when)s"))
    return render(
        request,
        "selfassessment/summary.html",
        {
            "membership": membership,
            "assessment": assessment,
            "nav": pages.themes_nav(shape, results),
            "overall": overall_progress(results),
            "unanswered": sum(q.pk not in answers for q in shape.questions),
            "unanswered_html": pages.unanswered_html(shape, answers, urls),
            "review": list(review.values()),
            "review_html": pages.review_html(shape, review, urls),
        },
    )


@cache_personal
@pharmacy_member_required("answer_assessment")
def results(request, membership, pk):
    assessment = _assessment(membership, pk)
    if not assessment.is_submitted:
        return redirect("selfassessment:summary", pk=assessment.pk)
    shape = structure(assessment.questionnaire_id)

    def build():
        context = documents.results_context(None, membership, assessment)
        context["mark"] = MARK
        body = render_to_string("selfassessment/_results_body.html", context).split(MARK)
        return context["results"].headline(), team_disagreement(assessment), body  # light to read back

    # A submitted assessment's bilan does not change: its scores, recommendations, chart and the team's
    # disagreements (its round is consolidated with the submission) are kept under its submission
    # time and the questionnaire's structure, whatever else of the pharmacy's data changes (this
    # year's draft, the registers): reopened and submitted again, it gets a new submission time.
    headline, disagreement, body = caching.for_pharmacy(
        membership.pharmacy_id, f"bilan-v3-{assessment.pk}-{shape.stamp}", build,
        stamp=f"{assessment.submitted_at.timestamp():.6f}")
    return render(request, "selfassessment/results.html", {
        "membership": membership,
        "pharmacy": membership.pharmacy,
        "assessment": assessment,
        "results": headline,
        "body": [mark_safe(part) for part in body],  # rendered, escaped, by the template
        "reopenable": assessment.can_reopen(membership),
        "team_disagreement": disagreement,
    })


@pharmacy_member_required("answer_assessment")
def reopen(request, membership, pk):
    """Confirm, then make the year's submitted assessment a draft again (pharmacists, until the
    campaign's deadline): the answers stay, the attestation must be generated again."""
    assessment = _assessment(membership, pk)
    if not assessment.can_reopen(membership):
        messages.error(request, _("Cette auto-évaluation ne peut plus être rouverte."))
        return redirect("selfassessment:results" if assessment.is_submitted else "selfassessment:fill", pk=assessment.pk)
    if request.method == "POST":
        assessment.pharmacy = membership.pharmacy
        assessment.reopen(membership, request.user)
        messages.success(request, _("Auto-évaluation rouverte : modifiez vos réponses puis soumettez-la à nouveau."))
        return redirect("selfassessment:summary", pk=assessment.pk)
    return render(request, "selfassessment/reopen.html", {"membership": membership, "assessment": assessment})


@pharmacy_member_required("answer_assessment")
def results_pdf(request, membership, pk):
    assessment = _assessment(membership, pk)
    if not assessment.is_submitted:
        raise Http404
    job = export_jobs.start(
        "selfassessment_bilan", request.user,
        _("Bilan de l'auto-évaluation %(year)s (PDF)") % {"year": assessment.questionnaire.year},
        pharmacy=membership.pharmacy, back_url=reverse("selfassessment:results", args=[assessment.pk]),
        assessment=assessment.pk,
    )
    return redirect(job)


@pharmacy_member_required("generate_attestation")
def attestation(request, membership, pk):
    """Generate the attestation, signed by the logged-in pharmacist, and list past generations."""
    assessment = _assessment(membership, pk)
    if not assessment.is_submitted:
        raise Http404
    assessment.pharmacy = membership.pharmacy  # the same row, already loaded: no query
    error = None
    if request.method == "POST":
        try:
            record = Attestation.issue(assessment, request.user)
        except AttestationError as problem:
            error = str(problem)
        else:
            return pdf_response(*documents.attestation_pdf(record, membership.pharmacy))
    return render(
        request,
        "selfassessment/attestation.html",
        {
            "membership": membership,
            "assessment": assessment,
            "error": error,
            "generations": assessment.attestations.select_related("generated_by"),
        },
        status=400 if error else 200,
    )


VERIFY_LIMIT, VERIFY_WINDOW = 30, 600  # look-ups per address and ten minutes


def verify(request, code):
    """Public: confirms the pharmacy and the date of a genuine attestation, never the scores.

    Rate-limited per address, so that codes cannot be guessed by trying them all.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if not ratelimit.hit(f"verify:{address}", VERIFY_LIMIT, VERIFY_WINDOW):
        return render(request, "selfassessment/verify.html", {"limited": True, "code": code}, status=429)
    record = (
        Attestation.objects.select_related("assessment__pharmacy", "assessment__questionnaire")
        .filter(code=code.replace("-", "").upper().strip())
        .first()
    )
    return render(request, "selfassessment/verify.html", {"record": record, "code": code}, status=200 if record else 404)

