"""Views of the team round: open it and follow it, answer alone (autosave), the disagreement map,
the consolidation, and the « harmoniser la pratique » sheet. Every round is read through
`TeamRound.objects.for_pharmacy`: another pharmacy's is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import caching
from portal.caching import cache_personal
from portal.infrastructure.compiled import CompiledQuery
from portal.infrastructure.csrf import csrf_input
from portal.pages.models import theme_titles
from portal.pharmacies.scoping import pharmacy_member_required
from portal.rules.campaign import questionnaire_year
from selfassessment import team
from selfassessment.models import Choice, Questionnaire, TeamRound, TeamRoundError
from selfassessment.models.team import TeamAnswer
from selfassessment.structure import MARK, structure
from selfassessment.team_forms import ConsentForm, ConsolidationForm, OpenRoundForm
from selfassessment.views import _parse_pairs, _wants_json


def _round(membership, pk):
    return get_object_or_404(
        TeamRound.objects.for_pharmacy(membership.pharmacy).select_related("questionnaire"), pk=pk)


def _participant(team_round, membership, request):
    participant = team_round.participant_for(request.user)
    if participant is None:
        raise PermissionDenied(_("Vous ne faites pas partie de cette auto-évaluation en équipe."))
    return participant


@pharmacy_member_required("view_pharmacy")
def index(request, membership):
    """The year's round: open it (titulaire), follow who has answered, then the map and the consolidation."""
    year = questionnaire_year(timezone.localdate())
    pharmacy = membership.pharmacy
    team_round = TeamRound.objects.for_pharmacy(pharmacy).for_year(year).select_related("questionnaire").first()
    form = None
    if team_round is None and membership.can("open_team_round"):
        form = OpenRoundForm(request.POST or None, pharmacy=pharmacy)
        questionnaire = Questionnaire.objects.for_year(year)
        if request.method == "POST" and questionnaire is None:
            messages.error(request, _("Le questionnaire de cette année n'est pas encore publié."))
        elif request.method == "POST" and form.is_valid():
            try:
                team_round = TeamRound.open(pharmacy, questionnaire, form.cleaned_data["participants"], request.user)
            except TeamRoundError as error:
                form.add_error("participants", str(error))
            else:
                messages.success(request, _("Auto-évaluation en équipe ouverte : chaque participant répond seul."))
                return redirect("selfassessment:team")
    participants = team.progress(team_round) if team_round else []
    return render(request, "selfassessment/team/index.html", {
        "membership": membership, "pharmacy": pharmacy, "year": year, "round": team_round, "form": form,
        "participants": participants,
        "me": next((p for p in participants if p.user_id == request.user.pk), None),
    }, status=400 if form is not None and form.errors else 200)


@require_POST
@pharmacy_member_required("open_team_round")
def close(request, membership, pk):
    team_round = _round(membership, pk)
    team_round.pharmacy = membership.pharmacy
    team_round.close(request.user)
    messages.success(request, _("Réponses closes : la carte des désaccords est prête."))
    return redirect("selfassessment:team_map", pk=team_round.pk)


@pharmacy_member_required("take_part_in_team_round")
def answer(request, membership, pk, number=None):
    """One theme's questions for the participant alone: their own answers only. POST saves (autosave: JSON)."""
    team_round = _round(membership, pk)
    participant = _participant(team_round, membership, request)
    participant.round = team_round
    if request.method == "POST":
        return _save(request, participant, team_round, number)
    titles = theme_titles()
    numbers = sorted(set(team_round.questions().values_list("theme_number", flat=True)))
    if number is None or number not in numbers:
        if number is not None or not numbers:
            raise Http404
        return redirect("selfassessment:team_answer", pk=pk, number=numbers[0])
    questions = list(team_round.questions().filter(theme_number=number).select_related("principle")
                     .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("order", "pk")))
                     .order_by("order", "pk"))
    mine = dict(TeamAnswer.objects.filter(participant=participant).values_list("question_id", "choice_id"))
    for question in questions:
        question.my_choice = mine.get(question.pk)
    index = numbers.index(number)
    return render(request, "selfassessment/team/answer.html", {
        "membership": membership, "round": team_round, "participant": participant, "questions": questions,
        "number": number, "title": titles[number], "answered": len(mine),
        "total": team_round.questions().count(), "consent_form": ConsentForm(instance=participant),
        "themes": [(n, titles[n]) for n in numbers],
        "previous_number": numbers[index - 1] if index else None,
        "next_number": numbers[index + 1] if index + 1 < len(numbers) else None,
    })


def _save(request, participant, team_round, number):
    pairs = _parse_pairs(request.POST)
    if pairs is None:
        return HttpResponseBadRequest(_("Réponse invalide."))
    try:
        participant.save_answers(pairs)
    except ValueError:
        return HttpResponseBadRequest(_("Ce choix ne correspond pas à la question."))
    except TeamRoundError as error:
        if _wants_json(request):
            return JsonResponse({"error": str(error)}, status=409)
        messages.error(request, str(error))
        return redirect("selfassessment:team")
    if _wants_json(request):
        return JsonResponse({"saved": len(pairs), "saved_at": timezone.localtime().strftime("%H:%M")})
    if pairs:
        messages.success(request, _("Réponses enregistrées."))
    target = request.POST.get("go", "")
    if target == "done":
        return redirect("selfassessment:team")
    return redirect("selfassessment:team_answer", pk=team_round.pk, number=int(target) if target.isdigit() else number)


@require_POST
@pharmacy_member_required("take_part_in_team_round")
def consent(request, membership, pk):
    """The participant's choice to be named on the map: given before the first answer only."""
    team_round = _round(membership, pk)
    participant = _participant(team_round, membership, request)
    if not team_round.is_open or participant.answers.exists():
        messages.error(request, _("Ce choix se fait avant la première réponse : il ne peut plus changer."))
    else:
        ConsentForm(request.POST, instance=participant).save()
        messages.success(request, _("Votre choix est enregistré."))
    return redirect("selfassessment:team_answer", pk=pk)


# The round the map shows, with its stamp, compiled once per process: each member opens the map.
_MAP_ROUND = CompiledQuery(
    lambda pharmacy, team_round: TeamRound.objects.for_pharmacy(pharmacy).with_map_stamp().filter(pk=team_round),
    "pharmacy", "team_round",
)


@cache_personal
@pharmacy_member_required("read_disagreement_map")
def disagreement_map(request, membership, pk):
    """The spread of every question, the heat map by theme and principle, the most disputed first."""
    try:
        team_round = _MAP_ROUND.get(pharmacy=membership.pharmacy_id, team_round=pk)
    except TeamRound.DoesNotExist:
        raise Http404 from None
    if team_round.is_open:
        messages.info(request, _("La carte des désaccords s'affiche quand les réponses sont closes."))
        return redirect("selfassessment:team")
    shape = structure(team_round.questionnaire_id)

    def build():
        built = team.build_map(team_round)
        body = render_to_string("selfassessment/team/_map_body.html", {"map": built, "round": team_round, "mark": MARK})
        return built.participants, body.split(MARK)  # the HTML alone: light to read back

    # The closed round's map changes only with its decisions, sheets and consolidation (`map_stamp`)
    # or the questionnaire: kept under them, whatever else of the pharmacy's data changes (this
    # year's draft, the registers); the CSRF token of its forms is this request's.
    participants, pieces = caching.for_pharmacy(membership.pharmacy_id, f"team-map-v3-{team_round.pk}-{shape.stamp}",
                                                build, stamp=team_round.map_stamp())
    token = csrf_input(request)
    body = "".join(token if index % 2 else piece for index, piece in enumerate(pieces))
    return render(request, "selfassessment/team/map.html", {
        "membership": membership, "pharmacy": membership.pharmacy, "round": team_round, "participants": participants,
        "body": mark_safe(body),  # rendered, escaped, by the template
    })


@pharmacy_member_required("consolidate_team_round")
def consolidate(request, membership, pk):
    """The team's answer per question (the median by default) with a note; « Valider » submits the year's assessment."""
    team_round = _round(membership, pk)
    team_round.pharmacy = membership.pharmacy
    if team_round.is_open or team_round.is_consolidated:
        return redirect("selfassessment:team")
    built = team.build_map(team_round)
    form = ConsolidationForm(request.POST or None, team_round=team_round, rows=built.disputed)
    if request.method == "POST" and form.is_valid() and form.save():
        if "validate" not in request.POST:
            messages.success(request, _("Consolidation enregistrée."))
            return redirect("selfassessment:team_consolidate", pk=pk)
        try:
            assessment = team_round.consolidate(request.user)
        except TeamRoundError as error:
            messages.error(request, str(error))
            return redirect("selfassessment:team_consolidate", pk=pk)
        messages.success(request, _("Auto-évaluation de l'année soumise à partir des réponses de l'équipe."))
        return redirect("selfassessment:results", pk=assessment.pk)
    return render(request, "selfassessment/team/consolidate.html", {
        "membership": membership, "pharmacy": membership.pharmacy, "round": team_round, "form": form,
    }, status=400 if form.errors else 200)


@require_POST
@pharmacy_member_required("read_disagreement_map")
def harmonise(request, membership, pk, question):
    """Open the question's « harmoniser la pratique » improvement sheet in one step (once)."""
    team_round = _round(membership, pk)
    if team_round.is_open or not membership.can("keep_registers"):
        raise Http404
    team_round.pharmacy = membership.pharmacy
    try:
        sheet = team.harmonise_sheet(team_round, question)
    except team.Question.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("Fiche « harmoniser la pratique » ouverte : ajoutez maintenant ses actions."))
    return redirect(sheet)
