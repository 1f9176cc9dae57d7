"""Questions and their choices: kinds, validity of the answers, grading, display."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import caching
from portal.documents.sanitizer import clean_html, to_text
from portal.rules.concurrency import Versioned
from quizzes.kinds import kind_for
from quizzes.kinds.answers import (  # noqa: F401  (re-exported by quizzes.models)
    BLANK,
    NUMBER,
    format_number,
    normalize_answer,
    parse_number,
    stable_shuffle,
)
from quizzes.kinds.arrangements import matching_errors  # noqa: F401  (re-exported)
from quizzes.kinds.choices import choice_errors  # noqa: F401  (re-exported)
from quizzes.models.courses import Chapter

_stable_shuffle = stable_shuffle

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
        CLOZE = "cloze", _("Texte à trous")
        ESSAY = "essay", _("Réponse rédigée")
        DESCRIPTION = "description", _("Description")

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="questions", verbose_name=_("chapitre"))
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.SINGLE)
    name = models.CharField(_("nom"), max_length=255, blank=True,
                            help_text=_("Facultatif : le nom de la question dans la banque (GIFT, Moodle), vu des seuls enseignants."))
    text = models.TextField(_("énoncé"))
    explanation = models.TextField(_("explication"), blank=True, help_text=_("Affichée après la réponse."))
    source = models.CharField(_("source"), max_length=300, blank=True)
    accepted_answers = models.TextField(
        _("réponses acceptées"),
        blank=True,
        help_text=_("Réponse courte : une réponse acceptée par ligne (sans tenir compte des majuscules ni des accents)."),
    )
    model_answer = models.TextField(_("réponse modèle"), blank=True,
                                    help_text=_("Réponse rédigée : ce que l'étudiant compare à sa réponse avant de se noter."))
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

    @property
    def kind_rules(self):
        """This question's kind: its validation, grading and display (`quizzes.kinds`)."""
        return kind_for(self.kind)

    @property
    def is_free_answer(self) -> bool:
        """Typed (or picked among words), graded on text: a short answer, a number, a missing word…"""
        return self.kind_rules.free_answer

    @property
    def has_choices(self) -> bool:
        return not self.is_free_answer

    @property
    def is_arrangement(self) -> bool:
        """Answered by placing items: pairs to match or items to order."""
        return self.kind_rules.arrangement

    @property
    def display_text(self) -> str:
        return self.kind_rules.display_text(self)

    @property
    def answer_template(self) -> str:
        return self.kind_rules.answer_template

    @property
    def correction_template(self) -> str:
        return self.kind_rules.correction_template

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
        return kind_for(kind).answer_errors(choices, accepted, number, pairs, text)

    @classmethod
    def in_course(cls, course_id: int, pk: int) -> "Question | None":
        """Question `pk` of this course with its chapter, its course (the FSRS parameters) and its
        choices, or None: what answering a question reads, cached until the course content changes
        (`portal.caching.for_content`)."""

        def build():
            return (
                cls.objects.filter(chapter__course_id=course_id, pk=pk)
                .select_related("chapter__course")
                .prefetch_related("choices")
                .first()
            )

        return caching.for_content(f"quiz-question-{course_id}-{pk}-with-course", build)

    def choices_for(self, session) -> list["Choice"]:
        """The choices in the order shown in this session: shuffled per session, the same on reload.

        Questions marked `ordered` and true/false questions keep the teacher's order.
        Uses the prefetched `choices`.
        """
        return self.kind_rules.choices_for(self, list(self.choices.all()), session)

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

    def read_arrangement(self, data) -> dict[int, int] | None:
        """{item id: picked match id (matching) or rank (ordering)} from the submitted form, or None."""
        return self.kind_rules.read_arrangement(self, data)

    def read_text(self, data) -> str:
        """The typed response from the submitted form (a cloze joins its gaps)."""
        return self.kind_rules.read_text(self, data)

    def response_error(self, choice_ids=(), text: str = "", arrangement=None) -> str:
        """Why a response cannot be graded yet (nothing given, not a number, an item left without its
        match or rank), or "": the student is asked again, nothing is recorded."""
        return self.kind_rules.response_error(self, choice_ids, text, arrangement)

    def arrangement_error(self, arrangement: dict[int, int]) -> str:
        """Why an arrangement cannot be graded yet (an item left without a match or rank), or ""."""
        return self.kind_rules.response_error(self, arrangement=arrangement)

    def accepted_list(self) -> list[str]:
        return [line.strip() for line in self.accepted_answers.splitlines() if line.strip()]

    def score(self, choice_ids=(), text: str = "", arrangement=None) -> tuple[float, str]:
        """The share of the mark earned (0 to 1, Moodle's weights) and the response's key."""
        return self.kind_rules.score(self, choice_ids, text, arrangement)

    def grade(self, choice_ids=(), text: str = "", arrangement: dict[int, int] | None = None) -> tuple[bool, str]:
        """Whether the response earns the full mark, and its key (to count the most chosen wrong answers).

        `arrangement` answers matching ({item id: picked match id}) and ordering ({item id: rank})
        questions. Uses the prefetched `choices` (no query when prefetched).
        """
        return self.kind_rules.grade(self, choice_ids, text, arrangement)

    def correct_answer_display(self) -> str:
        return self.kind_rules.correct_answer_display(self)

    def response_display(self, key: str) -> str:
        """Human text of a stored response key."""
        return self.kind_rules.response_display(self, key)


class Choice(models.Model):
    """A proposal of a question: a choice, a matching pair (`text` → `match_text`), an item to put
    in order (the right order is `position`), or a wrong word offered for a missing word."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("texte"), max_length=500)
    match_text = models.CharField(_("correspondance"), max_length=500, blank=True,
                                  help_text=_("Association : la réponse qui va avec cet élément."))
    is_correct = models.BooleanField(_("bonne réponse"), default=False)
    # Moodle's weight of an imported answer (1 = 100 %, 0.5 = 50 %, -1 = -100 %); empty: all or nothing.
    fraction = models.FloatField(_("part de la note"), null=True, blank=True)
    feedback = models.TextField(_("commentaire"), blank=True, help_text=_("Affiché quand l'étudiant donne cette réponse."))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("choix")
        verbose_name_plural = _("choix")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        # Pairs and items to order are all part of the answer, the words offered with a missing word
        # all wrong, a short answer's weighted answers right at the full mark: the kind decides.
        self.is_correct = self.question.kind_rules.choice_is_correct(self)
        super().save(*args, **kwargs)


def missing_word_errors(text, accepted) -> dict[str, str]:
    """A missing-word question has exactly one blank (three underscores or more) and an answer."""
    return kind_for("missing_word").answer_errors(accepted=accepted, text=text)
