"""Questions and their choices: kinds, validity of the answers, grading, display."""

import random
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import caching
from portal.documents.sanitizer import clean_html, to_text
from portal.rules.concurrency import Versioned
from quizzes.models.courses import Chapter

NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def parse_number(text) -> float | None:
    """A number as people type it: "3,5", "3.5", " 1 000 " (None when it is not a number)."""
    cleaned = "".join(str(text or "").split()).replace("\u202f", "")
    if not NUMBER.match(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def format_number(value: float) -> str:
    """3.5 → "3,5", 4.0 → "4" (French decimal comma)."""
    return f"{value:g}".replace(".", ",")


def normalize_answer(text: str) -> str:
    """Free answers are compared without case, accents or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_accents.casefold().split())


class Question(Versioned):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Choix unique")
        MULTIPLE = "multiple", _("Choix multiple")
        TRUE_FALSE = "true_false", _("Vrai / faux")
        SHORT = "short", _("Réponse courte")
        NUMERICAL = "numerical", _("Numérique")
        MATCHING = "matching", _("Association")
        ORDERING = "ordering", _("Remise en ordre")
        MISSING_WORD = "missing_word", _("Mot manquant")

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="questions", verbose_name=_("chapitre"))
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.SINGLE)
    text = models.TextField(_("énoncé"))
    explanation = models.TextField(_("explication"), blank=True, help_text=_("Affichée après la réponse."))
    source = models.CharField(_("source"), max_length=300, blank=True)
    accepted_answers = models.TextField(
        _("réponses acceptées"),
        blank=True,
        help_text=_("Réponse courte : une réponse acceptée par ligne (sans tenir compte des majuscules ni des accents)."),
    )
    numeric_answer = models.FloatField(_("valeur attendue"), null=True, blank=True,
                                       help_text=_("Question numérique : la valeur juste, par exemple 3,5."))
    numeric_tolerance = models.FloatField(
        _("tolérance"), default=0, validators=[MinValueValidator(0)],
        help_text=_("Question numérique : l'écart accepté de part et d'autre (0 : la valeur exacte)."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Facultative : une image affichée sous l'énoncé."),
    )
    image_alt = models.CharField(
        _("texte alternatif de l'image"), max_length=250, blank=True,
        help_text=_("Obligatoire avec une image : ce qu'elle montre, pour qui ne la voit pas."),
    )
    ordered = models.BooleanField(
        _("garder l'ordre des choix"),
        default=False,
        help_text=_("Sinon les choix sont mélangés à chaque tentative (à cocher pour « Toutes les réponses ci-dessus »)."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self):
        return to_text(self.text)[:80]

    def save(self, *args, **kwargs):
        self.text = clean_html(self.text)
        self.explanation = clean_html(self.explanation)
        if self._state.adding and not self.position:
            last = self.chapter.questions.aggregate(m=models.Max("position"))["m"]
            self.position = (last or 0) + 1
        super().save(*args, **kwargs)

    FREE_KINDS = ("short", "numerical", "missing_word")
    # Kinds whose answers are Choice rows: pairs (matching), items in order (ordering), proposals.
    CHOICE_KINDS = ("single", "multiple", "true_false", "matching", "ordering", "missing_word")

    @property
    def is_free_answer(self) -> bool:
        """Typed (or picked among words), graded on text: a short answer, a number, a missing word."""
        return self.kind in self.FREE_KINDS

    @property
    def has_choices(self) -> bool:
        return not self.is_free_answer

    @property
    def is_arrangement(self) -> bool:
        """Answered by placing items: pairs to match or items to order."""
        return self.kind in (self.Kind.MATCHING, self.Kind.ORDERING)

    @staticmethod
    def image_errors(has_image: bool, alt: str) -> dict[str, str]:
        """An image needs its alternative text (what it shows, for those who cannot see it)."""
        if has_image and not (alt or "").strip():
            return {"image_alt": _("Décrivez l'image en quelques mots (texte alternatif) : il est obligatoire avec une image.")}
        return {}

    def clean(self):
        errors = self.image_errors(bool(self.image_id), self.image_alt)
        if errors:
            raise ValidationError(errors)

    @classmethod
    def answer_errors(cls, kind, choices=(), accepted=(), number=None, pairs=(), text=None) -> dict[str, str]:
        """The one validity rule of a question's answers, used by the form and by every import.

        `choices` are (text, is_correct) pairs (for ordering: the items in the right order),
        `accepted` the accepted free answers, `pairs` the (item, match) pairs of a matching question,
        `text` the statement (a missing-word question has one blank in it). Returns
        {"choices" | "accepted_answers" | "numeric_answer" | "text": French message}, empty when valid.
        """
        if kind == cls.Kind.MISSING_WORD:
            return missing_word_errors(text, accepted)
        if kind == cls.Kind.SHORT:
            if not [a for a in accepted if str(a).strip()]:
                return {"accepted_answers": _("Indiquez au moins une réponse acceptée.")}
            return {}
        if kind == cls.Kind.NUMERICAL:
            if number is None:
                return {"numeric_answer": _("Indiquez la valeur attendue : un nombre, par exemple 3,5.")}
            return {}
        if kind == cls.Kind.MATCHING:
            return matching_errors(pairs)
        return choice_errors(kind, choices)

    @classmethod
    def in_course(cls, course_id: int, pk: int) -> "Question | None":
        """Question `pk` of this course with its chapter and choices, or None: what answering a
        question reads, cached until the course content changes (`portal.caching.for_content`)."""

        def build():
            return (
                cls.objects.filter(chapter__course_id=course_id, pk=pk)
                .select_related("chapter")
                .prefetch_related("choices")
                .first()
            )

        return caching.for_content(f"quiz-question-{course_id}-{pk}", build)

    def choices_for(self, session) -> list["Choice"]:
        """The choices in the order shown in this session: shuffled per session, the same on reload.

        Questions marked `ordered` and true/false questions keep the teacher's order.
        Uses the prefetched `choices`.
        """
        choices = list(self.choices.all())
        if self.kind == self.Kind.ORDERING:  # the order is the answer: never shown as stored
            shuffled = _stable_shuffle(choices, session, self.pk)
            return shuffled[1:] + shuffled[:1] if session is not None and shuffled == choices else shuffled
        if self.ordered or self.kind in (self.Kind.TRUE_FALSE, self.Kind.MATCHING) or session is None:
            return choices
        return _stable_shuffle(choices, session, self.pk)

    def matches_for(self, session) -> list["Choice"]:
        """Matching: one choice per distinct right-hand item, shuffled per session (stable on reload)."""
        seen, unique = set(), []
        for choice in self.choices.all():
            key = normalize_answer(choice.match_text)
            if key and key not in seen:
                seen.add(key)
                unique.append(choice)
        return _stable_shuffle(sorted(unique, key=lambda c: c.pk), session, f"{self.pk}:matches")

    def words_for(self, session) -> list[str]:
        """Missing word with proposals: the first accepted answer and the wrong words, shuffled."""
        accepted = self.accepted_list()
        words = accepted[:1] + [c.text for c in self.choices.all() if not c.is_correct]
        return _stable_shuffle(words, session, self.pk) if len(words) > 1 else []

    def read_arrangement(self, data) -> dict[int, int]:
        """{item id: picked match id (matching) or rank (ordering)} from the submitted form
        (`match-<id>` / `rank-<id>` fields); unknown ids and non-numbers are ignored."""
        prefix = "match-" if self.kind == self.Kind.MATCHING else "rank-"
        arrangement = {}
        for choice in self.choices.all():
            value = str(data.get(f"{prefix}{choice.pk}", "")).strip()
            if value.isdigit():
                arrangement[choice.pk] = int(value)
        return arrangement

    def response_error(self, choice_ids=(), text: str = "", arrangement=None) -> str:
        """Why a response cannot be graded yet (nothing given, not a number, an item left without its
        match or rank), or "": the student is asked again, nothing is recorded."""
        if self.is_arrangement:
            return self.arrangement_error(arrangement or {})
        if not (choice_ids or str(text or "").strip()):
            return _("Choisissez une réponse.") if self.has_choices else _("Écrivez votre réponse.")
        if self.kind == self.Kind.NUMERICAL and parse_number(text) is None:
            return _("« %(text)s » n'est pas un nombre : écrivez par exemple 3,5.") % {"text": text.strip()[:40]}
        return ""

    def arrangement_error(self, arrangement: dict[int, int]) -> str:
        """Why an arrangement cannot be graded yet (an item left without a match or rank), or ""."""
        items = list(self.choices.all())
        if len(arrangement) < len(items):
            if self.kind == self.Kind.MATCHING:
                return _("Associez chaque élément à une réponse.")
            return _("Donnez un rang à chaque élément.")
        if self.kind == self.Kind.ORDERING and sorted(arrangement.values()) != list(range(1, len(items) + 1)):
            return _("Donnez un rang différent à chaque élément, de 1 à %(n)s.") % {"n": len(items)}
        return ""

    def accepted_list(self) -> list[str]:
        return [line.strip() for line in self.accepted_answers.splitlines() if line.strip()]

    def grade(self, choice_ids=(), text: str = "", arrangement: dict[int, int] | None = None) -> tuple[bool, str]:
        """Whether the response is right, and its key (to count the most chosen wrong answers).

        `arrangement` answers matching ({item id: picked match id}) and ordering ({item id: rank})
        questions. Uses the prefetched `choices` (no query when prefetched).
        """
        if self.kind == self.Kind.MATCHING:
            return self._grade_matching(arrangement or {})
        if self.kind == self.Kind.ORDERING:
            return self._grade_ordering(arrangement or {})
        if self.kind in (self.Kind.SHORT, self.Kind.MISSING_WORD):
            given = normalize_answer(text)
            accepted = {normalize_answer(a) for a in self.accepted_list()}
            return bool(given) and given in accepted, given[:200]
        if self.kind == self.Kind.NUMERICAL:
            value = parse_number(text)
            if value is None or self.numeric_answer is None:
                return False, normalize_answer(text)[:200]
            right = abs(value - self.numeric_answer) <= self.numeric_tolerance + 1e-9
            return right, format_number(value)
        chosen = {int(c) for c in choice_ids}
        valid = {c.pk for c in self.choices.all()}
        chosen &= valid
        correct = {c.pk for c in self.choices.all() if c.is_correct}
        return bool(chosen) and chosen == correct, ",".join(str(c) for c in sorted(chosen))

    def _grade_matching(self, picked: dict[int, int]) -> tuple[bool, str]:
        """Right when every item is given its match (compared as text: two items may share one)."""
        choices = {c.pk: c for c in self.choices.all()}
        right = bool(choices)
        for choice in choices.values():
            match = choices.get(picked.get(choice.pk))
            if match is None or normalize_answer(match.match_text) != normalize_answer(choice.match_text):
                right = False
        key = ",".join(f"{item}:{match}" for item, match in sorted(picked.items()) if item in choices and match in choices)
        return right, key[:200]

    def _grade_ordering(self, ranks: dict[int, int]) -> tuple[bool, str]:
        """Right when the items are ranked exactly in the teacher's order."""
        items = [c.pk for c in self.choices.all()]
        given = sorted((pk for pk in ranks if pk in items), key=lambda pk: ranks[pk])
        return bool(items) and given == items, ",".join(str(pk) for pk in given)[:200]

    def correct_answer_display(self) -> str:
        if self.kind == self.Kind.MATCHING:
            return " ; ".join(f"{to_text(c.text)} → {c.match_text}" for c in self.choices.all())
        if self.kind == self.Kind.ORDERING:
            return " ; ".join(f"{n}. {to_text(c.text)}" for n, c in enumerate(self.choices.all(), start=1))
        if self.kind == self.Kind.NUMERICAL:
            if self.numeric_answer is None:
                return ""
            shown = format_number(self.numeric_answer)
            return f"{shown} (± {format_number(self.numeric_tolerance)})" if self.numeric_tolerance else shown
        if self.kind in (self.Kind.SHORT, self.Kind.MISSING_WORD):
            accepted = self.accepted_list()
            return accepted[0] if accepted else ""
        return " ; ".join(to_text(c.text) for c in self.choices.all() if c.is_correct)

    def response_display(self, key: str) -> str:
        """Human text of a stored response key."""
        if self.is_free_answer:
            return key
        choices = {c.pk: c for c in self.choices.all()}
        if self.kind == self.Kind.MATCHING:
            pairs = [part.split(":", 1) for part in key.split(",") if ":" in part]
            return " ; ".join(
                f"{to_text(choices[int(a)].text)} → {choices[int(b)].match_text}"
                for a, b in pairs if a.isdigit() and b.isdigit() and int(a) in choices and int(b) in choices
            )
        if self.kind == self.Kind.ORDERING:
            ids = [int(k) for k in key.split(",") if k.isdigit() and int(k) in choices]
            return " ; ".join(f"{n}. {to_text(choices[pk].text)}" for n, pk in enumerate(ids, start=1))
        ids = {int(k) for k in key.split(",") if k.isdigit()}
        return " + ".join(to_text(c.text) for c in self.choices.all() if c.pk in ids)


class Choice(models.Model):
    """A proposal of a question: a choice, a matching pair (`text` → `match_text`), an item to put
    in order (the right order is `position`), or a wrong word offered for a missing word."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("texte"), max_length=500)
    match_text = models.CharField(_("correspondance"), max_length=500, blank=True,
                                  help_text=_("Association : la réponse qui va avec cet élément."))
    is_correct = models.BooleanField(_("bonne réponse"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("choix")
        verbose_name_plural = _("choix")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        if self.question.is_arrangement:
            self.is_correct = True  # every pair and every item is part of the answer
        elif self.question.kind == Question.Kind.MISSING_WORD:
            self.is_correct = False  # the words offered besides the accepted answers are wrong ones
        super().save(*args, **kwargs)


BLANK = re.compile(r"_{3,}")


def choice_errors(kind, choices) -> dict[str, str]:
    """Choices (single, multiple, true/false) and the items of an ordering question."""
    kept = [(text, ok) for text, ok in choices if str(text).strip()]
    if kind == Question.Kind.ORDERING:
        if len(kept) < 2:
            return {"choices": _("Une question de remise en ordre demande au moins deux éléments.")}
        return {}
    correct = sum(1 for _text, ok in kept if ok)
    if len(kept) < 2:
        return {"choices": _("Proposez au moins deux choix.")}
    if kind == Question.Kind.TRUE_FALSE and sorted(normalize_answer(text) for text, _ok in kept) != ["faux", "vrai"]:
        return {"choices": _("Une question vrai / faux a exactement deux choix : « Vrai » et « Faux ».")}
    if correct == 0:
        return {"choices": _("Indiquez au moins une bonne réponse.")}
    if kind != Question.Kind.MULTIPLE and correct != 1:
        return {"choices": _("Une question à choix unique a exactement une bonne réponse.")}
    return {}


def missing_word_errors(text, accepted) -> dict[str, str]:
    """A missing-word question has exactly one blank (three underscores or more) and an answer."""
    blanks = len(BLANK.findall(text or ""))
    if text is not None and blanks == 0:
        return {"text": _("Une question à mot manquant contient un blanc : écrivez « _____ » à la place du mot.")}
    if blanks > 1:
        return {"text": _("Une question à mot manquant ne contient qu'un seul blanc « _____ ».")}
    if not [a for a in accepted if str(a).strip()]:
        return {"accepted_answers": _("Indiquez au moins une réponse acceptée pour le mot manquant.")}
    return {}


def matching_errors(pairs) -> dict[str, str]:
    kept = [(str(left).strip(), str(right).strip()) for left, right in pairs if str(left).strip() or str(right).strip()]
    if any(not left or not right for left, right in kept):
        return {"choices": _("Chaque paire d'une question d'association a un élément et sa correspondance.")}
    if len(kept) < 2:
        return {"choices": _("Une question d'association demande au moins deux paires.")}
    return {}


def _stable_shuffle(items: list, session, salt) -> list:
    """The same order for the same session (reloads, the correction), another for the next one."""
    items = list(items)
    if session is not None:
        random.Random(f"{session.pk}:{salt}").shuffle(items)
    return items
