"""Administrators' pages (staff only): questionnaires, import with preview, exports, statistics."""

from __future__ import annotations

import tablib
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Avg, Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import imports
from portal.spreadsheets import spreadsheet_response
from selfassessment.forms import ImportForm
from selfassessment.models import THEME_TITLES, Assessment, Questionnaire, ThemeScore
from selfassessment.resources import QuestionResource, import_questionnaire

THEMES = (3, 4, 5, 6)
SESSION_KEY = "selfassessment_import"


@staff_member_required
def questionnaires(request):
    items = Questionnaire.objects.with_frozen().annotate(
        question_count=Count("questions", distinct=True)
    )
    return render(request, "selfassessment/admin/questionnaires.html", {"questionnaires": items})


@staff_member_required
def export_questionnaire(request, pk, fmt):
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    queryset = questionnaire.questions.select_related("principle").prefetch_related("choices")
    dataset = QuestionResource(questionnaire).export(queryset)
    return spreadsheet_response(dataset, fmt, f"questionnaire-{questionnaire.year}-v{questionnaire.version}")


@staff_member_required
@require_POST
def new_version(request, pk):
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    copy = questionnaire.new_version()
    messages.success(
        request,
        _("Version %(v)s créée (non publiée) : modifiez-la puis publiez-la.") % {"v": copy.version},
    )
    return redirect("selfassessment:questionnaires")


def _read_dataset(upload) -> tablib.Dataset:
    return imports.read_table(
        imports.check_upload(upload), upload.name, required_columns=("principe", "question", "choix")
    )


@staff_member_required
def import_view(request):
    """Upload, preview with per-row errors, then confirm: one transaction or nothing."""
    context = {}
    if request.method == "POST" and "confirm" in request.POST:
        pending = imports.recall(request, SESSION_KEY)
        if not pending:
            messages.error(request, _("Aucun import en attente : déposez à nouveau le fichier."))
            return redirect("selfassessment:import")
        dataset, extra = pending
        preview, questionnaire = import_questionnaire(dataset, extra["year"], extra["title"], commit=True)
        if questionnaire is None:
            messages.error(request, _("L'import a échoué : rien n'a été enregistré."))
            return redirect("selfassessment:import")
        messages.success(
            request,
            _("Questionnaire %(year)s version %(v)s importé (%(n)s questions), non publié.")
            % {"year": questionnaire.year, "v": questionnaire.version, "n": questionnaire.questions.count()},
        )
        return redirect("selfassessment:questionnaires")
    form = ImportForm(request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            dataset = _read_dataset(form.cleaned_data["file"])
        except imports.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            preview, _none = import_questionnaire(
                dataset, form.cleaned_data["year"], form.cleaned_data["title"], commit=False
            )
            context["preview"] = preview
            if not preview.has_errors:
                imports.remember(
                    request, SESSION_KEY, dataset, year=form.cleaned_data["year"], title=form.cleaned_data["title"]
                )
    context["form"] = form
    return render(request, "selfassessment/admin/import.html", context)


@staff_member_required
def export_results(request, fmt):
    """One row per submitted assessment with its theme scores (no names of people)."""
    rows = (
        Assessment.objects.submitted()
        .values("pk", "questionnaire__year", "questionnaire__version", "submitted_at", "score_percent",
                "pharmacy__name", "pharmacy__postcode", "pharmacy__city", "pharmacy__finess")
        .annotate(**{f"t{n}": Avg("theme_scores__percent", filter=Q(theme_scores__theme_number=n)) for n in THEMES})
        .order_by("-submitted_at")
    )
    dataset = tablib.Dataset(
        headers=[
            _("année"), _("version"), _("date"), _("officine"), _("FINESS"), _("code postal"), _("commune"),
            _("score global (%)"), *[_("thème %(n)s (%%)") % {"n": n} for n in THEMES],
        ]
    )
    for r in rows.iterator(chunk_size=2000):
        dataset.append(
            [
                r["questionnaire__year"], r["questionnaire__version"],
                timezone.localtime(r["submitted_at"]).date().isoformat(),
                r["pharmacy__name"], r["pharmacy__finess"], r["pharmacy__postcode"], r["pharmacy__city"],
                r["score_percent"], *[None if r[f"t{n}"] is None else round(r[f"t{n}"]) for n in THEMES],
            ]
        )
    return spreadsheet_response(dataset, fmt, "resultats-auto-evaluation")


def national_statistics(year: int | None):
    """Assessments per year, average and distribution per theme, count per band: SQL aggregates.

    Four queries whatever the number of assessments.
    """
    per_year = list(
        Assessment.objects.submitted().values("questionnaire__year").annotate(n=Count("pk")).order_by("-questionnaire__year")
    )
    if year is None and per_year:
        year = per_year[0]["questionnaire__year"]
    questionnaire = Questionnaire.objects.published().filter(year=year).order_by("-version").first() or (
        Questionnaire.objects.filter(year=year).first()
    )
    bands = [b for b in questionnaire.bands.all() if b.theme_number is None] if questionnaire else []
    deciles = [(i * 10, i * 10 + 9 if i < 9 else 100) for i in range(10)]
    scores = ThemeScore.objects.filter(assessment__submitted_at__isnull=False, assessment__questionnaire__year=year)
    aggregates = {
        "avg": Avg("percent"),
        "n": Count("pk", filter=Q(percent__isnull=False)),
        **{f"d{i}": Count("pk", filter=Q(percent__gte=lo, percent__lte=hi)) for i, (lo, hi) in enumerate(deciles)},
        **{f"b{b.pk}": Count("pk", filter=Q(percent__gte=b.min_percent, percent__lte=b.max_percent)) for b in bands},
    }
    themes = []
    for row in scores.values("theme_number").annotate(**aggregates).order_by("theme_number"):
        n = row["n"] or 1
        themes.append(
            {
                "number": row["theme_number"],
                "title": THEME_TITLES.get(row["theme_number"], row["theme_number"]),
                "average": round(row["avg"]) if row["avg"] is not None else None,
                "count": row["n"],
                "deciles": [
                    {"range": f"{lo}-{hi}", "count": row[f"d{i}"], "share": round(100 * row[f"d{i}"] / n)}
                    for i, (lo, hi) in enumerate(deciles)
                ],
                "bands": [{"band": b, "count": row[f"b{b.pk}"]} for b in bands],
            }
        )
    global_row = (
        Assessment.objects.submitted()
        .filter(questionnaire__year=year)
        .aggregate(
            avg=Avg("score_percent"),
            n=Count("pk"),
            **{f"b{b.pk}": Count("pk", filter=Q(score_percent__gte=b.min_percent, score_percent__lte=b.max_percent)) for b in bands},
        )
    )
    return {
        "year": year,
        "per_year": per_year,
        "themes": themes,
        "global_average": round(global_row["avg"]) if global_row["avg"] is not None else None,
        "global_count": global_row["n"],
        "global_bands": [{"band": b, "count": global_row[f"b{b.pk}"]} for b in bands],
    }


@staff_member_required
def statistics(request):
    try:
        year = int(request.GET["annee"]) if request.GET.get("annee") else None
    except ValueError:
        year = None
    return render(request, "selfassessment/admin/statistics.html", {"stats": national_statistics(year)})
