"""Revision courses: chapters of questions, students enrolled by code, FSRS memory states, attempts.

A teacher owns a `Course` (collaborators share the same rights). Students join by its code or link
(`Enrollment`). Each answer is an `Attempt`; in Révision mode it also updates the student's
`MemoryState` of the question with FSRS, which schedules the question for when it is about to be
forgotten. A `StudySession` is one run of one of the three modes.
"""

import random
import re
import secrets
import unicodedata
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from fsrs import Card, Rating, Scheduler, State

from portal import caching
from portal.audit.models import AuditEvent, record
from portal.documents.sanitizer import clean_html, to_text
from portal.rules.concurrency import Versioned
from portal.rules.numbers import percent
from quizzes import confidence, exam, mastery, relearning

# No look-alike characters: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 8


def generate_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_code(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").upper()


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


class CourseQuerySet(models.QuerySet):
    def for_teacher(self, user):
        """Courses the approved teacher owns or co-authors (none for an account no longer approved)."""
        if not can_teach(user):
            return self.none()
        return self.filter(Q(owner=user) | Q(collaborators=user)).distinct()

    def for_student(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(enrollments__student=user)

    def active(self):
        return self.filter(is_archived=False)


# The target recall probabilities a teacher may choose (FSRS "desired retention").
RETENTION_RANGE = (0.7, 0.97)


class Course(models.Model):
    """A revision course: ordered chapters of questions, authored by teachers, revised by students."""

    title = models.CharField(_("titre"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("propriétaire"),
        on_delete=models.PROTECT,
        related_name="owned_courses",
    )
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-auteurs"),
        blank=True,
        related_name="coauthored_courses",
    )
    join_code = models.CharField(
        _("code d'accès"), max_length=JOIN_CODE_LENGTH, unique=True, default=generate_join_code
    )
    is_open = models.BooleanField(
        _("ouvert aux nouveaux étudiants"), default=True,
        help_text=_("Quand le cours est fermé, le code et le lien ne permettent plus de le rejoindre."),
    )
    is_archived = models.BooleanField(_("archivé"), default=False)
    desired_retention = models.FloatField(
        _("rétention visée"),
        default=0.9,
        validators=[MinValueValidator(RETENTION_RANGE[0]), MaxValueValidator(RETENTION_RANGE[1])],
        help_text=_("Probabilité de se souvenir visée par la révision espacée (entre 0,70 et 0,97)."),
    )
    session_size = models.PositiveSmallIntegerField(
        _("questions par séance de révision"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(50)],
    )
    exam_size = models.PositiveSmallIntegerField(
        _("questions par examen blanc"), default=20, validators=[MinValueValidator(5), MaxValueValidator(100)]
    )
    exam_minutes = models.PositiveSmallIntegerField(
        _("durée de l'examen blanc (minutes)"), default=20, validators=[MinValueValidator(1), MaxValueValidator(180)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("cours")
        verbose_name_plural = _("cours")
        ordering = ["title"]
        permissions = [("teach", _("Peut créer des cours de révision (enseignant validé)"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.introduction = clean_html(self.introduction)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("quizzes:course", args=[self.pk])

    def get_join_url(self):
        return reverse("quizzes:join_link", args=[self.join_code])

    def mastery_sentence(self) -> str:
        """The one-sentence definition of mastery shown to students (`quizzes.mastery`)."""
        return mastery.mastery_sentence()

    def regenerate_code(self) -> None:
        self.join_code = generate_join_code()
        self.save(update_fields=["join_code", "updated_at"])

    def can_edit(self, user) -> bool:
        if not can_teach(user):
            return False
        return self.owner_id == user.pk or self.collaborators.filter(pk=user.pk).exists()

    def invite_coauthor(self, email: str, by) -> "CoauthorInvitation | None":
        """Invite an address to co-author the course, whoever it belongs to (None when it is already the
        owner's or a co-author's). Inviting again renews the invitation."""
        email = email.strip().lower()
        if self.owner.email.lower() == email or self.collaborators.filter(email__iexact=email).exists():
            return None
        with transaction.atomic():
            invitation, _created = CoauthorInvitation.objects.update_or_create(
                course=self, email=email, defaults={"invited_by": by, "created_at": timezone.now()}
            )
            record(AuditEvent.Action.COAUTHOR_INVITED, by, target=f"{email} · {self.title}", course=self.pk)
        return invitation

    def is_enrolled(self, user) -> bool:
        return self.enrollments.filter(student=user).exists()

    def enroll(self, student, via: str) -> tuple["Enrollment", bool]:
        return Enrollment.objects.get_or_create(course=self, student=student, defaults={"via": via})

    def scheduler(self) -> Scheduler:
        return scheduler_for(self.desired_retention)

    def questions(self):
        return Question.objects.filter(chapter__course=self)


def can_teach(user) -> bool:
    """Teacher rights: a teacher account approved by an administrator.

    Choosing "Enseignant" at sign-up is only a request: the `quizzes.teach` permission, which only an
    administrator gives (Wagtail admin, Utilisateurs: the group below), grants the rights. Being
    invited as a co-author never does.
    """
    return bool(user.is_authenticated and user.is_teacher and user.has_perm("quizzes.teach"))


TEACHERS_GROUP = "Enseignants validés"  # holds `quizzes.teach` (created by migration 0004)


def teachers_group() -> Group:
    """The group holding `quizzes.teach` (also rebuilt here when a database was emptied)."""
    group, created = Group.objects.get_or_create(name=TEACHERS_GROUP)
    if created:
        group.permissions.add(Permission.objects.get(codename="teach", content_type__app_label="quizzes"))
    return group


def grant_teaching(user) -> None:
    """Approve a teacher account as an administrator does in the Wagtail admin (the demo and tests)."""
    user.groups.add(teachers_group())
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)


COAUTHOR_INVITATION_DAYS = 30


class CoauthorInvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        since = (now or timezone.now()) - timedelta(days=COAUTHOR_INVITATION_DAYS)
        return self.filter(created_at__gte=since)

    def for_invitee(self, user):
        """The pending invitations addressed to the signed-in account's e-mail."""
        if not user.is_authenticated or not user.is_teacher:
            return self.none()
        return self.pending().filter(email=user.email.lower())


class CoauthorInvitation(models.Model):
    """An invitation to co-author a course, addressed to an e-mail address, pending until the person
    accepts or declines it.

    One is made for any address typed (the form must not tell whose address it is); only the account of
    a self-declared teacher is sent the link (`invitee`). Accepting needs an approved teacher and
    approves nobody: an account not yet approved keeps its invitation until an administrator approves it.
    """

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="coauthor_invitations", verbose_name=_("cours")
    )
    email = models.EmailField(_("adresse e-mail"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("invité par"),
    )
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)

    objects = CoauthorInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation de co-auteur")
        verbose_name_plural = _("invitations de co-auteurs")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "email"], name="quizzes_coauthor_invitation_once")]

    def __str__(self):
        return f"{self.email} · {self.course}"

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=COAUTHOR_INVITATION_DAYS)

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    def invitee(self):
        """The account that should receive the link: an active self-declared teacher's (None otherwise)."""
        person = get_user_model().objects.filter(email__iexact=self.email, is_active=True).first()
        return person if person is not None and person.is_teacher else None

    def accept(self, user) -> bool:
        """Make the invited person a co-author; False, the invitation kept, when they are not an
        approved teacher (accepting approves nobody)."""
        if user.email.lower() != self.email or self.is_expired():
            raise ValueError("not this person's pending invitation")
        if not can_teach(user):
            return False
        with transaction.atomic():
            self.course.collaborators.add(user)
            record(AuditEvent.Action.COAUTHOR_ACCEPTED, user, target=f"{self.email} · {self.course.title}",
                   course=self.course_id)
            self.delete()
        return True


def can_revise(user) -> bool:
    """Students and pharmacy team members (continuing education) revise; teachers author."""
    return bool(user.is_authenticated and not user.is_teacher)


def scheduler_for(desired_retention: float) -> Scheduler:
    """The FSRS scheduler of a course (no fuzz: the same answers give the same schedule)."""
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=False)


class Chapter(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="chapters", verbose_name=_("cours"))
    title = models.CharField(_("titre"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("chapitre")
        verbose_name_plural = _("chapitres")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self._state.adding and not self.position:
            last = self.course.chapters.aggregate(m=models.Max("position"))["m"]
            self.position = (last or 0) + 1
        super().save(*args, **kwargs)

    def move(self, direction: int) -> bool:
        """Swap with the previous (-1) or next (+1) chapter; False at either end."""
        siblings = list(self.course.chapters.order_by("position", "pk"))
        index = next(i for i, c in enumerate(siblings) if c.pk == self.pk)
        target = index + direction
        if not 0 <= target < len(siblings):
            return False
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, chapter in enumerate(siblings, start=1):
            if chapter.position != position:
                chapter.position = position
                chapter.save(update_fields=["position"])
        return True


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


class Enrollment(models.Model):
    class Via(models.TextChoices):
        CODE = "code", _("Code")
        LINK = "link", _("Lien")
        INVITATION = "invitation", _("Invitation")
        IMPORT = "import", _("Import")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    via = models.CharField(max_length=16, choices=Via.choices, default=Via.CODE)
    joined_at = models.DateTimeField(default=timezone.now)
    extra_exam_minutes = models.PositiveSmallIntegerField(
        _("temps supplémentaire à l'examen blanc (minutes)"), default=0, validators=[MaxValueValidator(180)],
        help_text=_("Aménagement accordé par l'enseignant (tiers-temps, par exemple)."),
    )

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [models.UniqueConstraint(fields=["course", "student"], name="quizzes_enrollment_unique")]

    def __str__(self):
        return f"{self.student} · {self.course}"


class MemoryState(models.Model):
    """One student's FSRS card for one question (the fields of `fsrs.Card`)."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memory_states")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="memory_states")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="memory_states")
    state = models.PositiveSmallIntegerField(default=State.Learning.value)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(default=timezone.now, db_index=True)
    last_review = models.DateTimeField(null=True, blank=True)
    reviews = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    last_correct = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("état de mémorisation")
        verbose_name_plural = _("états de mémorisation")
        constraints = [models.UniqueConstraint(fields=["student", "question"], name="quizzes_memory_unique")]
        indexes = [
            models.Index(fields=["course", "student", "due"]),
        ]

    def __str__(self):
        return f"{self.student} · {self.question_id} · {self.due:%Y-%m-%d}"

    def to_card(self) -> Card:
        return Card(
            card_id=self.pk or 1,
            state=State(self.state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due.astimezone(UTC),
            last_review=self.last_review.astimezone(UTC) if self.last_review else None,
        )

    def apply_card(self, card: Card) -> None:
        self.state = card.state.value
        self.step = card.step
        self.stability = card.stability
        self.difficulty = card.difficulty
        self.due = card.due
        self.last_review = card.last_review

    SNAPSHOT_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review",
                       "reviews", "lapses", "last_correct")

    def snapshot(self) -> dict:
        """The fields before a review, kept on the attempt so that its rating can be changed once."""
        data = {name: getattr(self, name) for name in self.SNAPSHOT_FIELDS}
        for name in ("due", "last_review"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    def restore(self, data: dict) -> None:
        for name in self.SNAPSHOT_FIELDS:
            value = data.get(name)
            if name in ("due", "last_review") and value:
                value = datetime.fromisoformat(value)
            setattr(self, name, value)

    @property
    def is_mastered(self) -> bool:
        return mastery.is_mastered(self.stability, self.last_correct)

    def review(self, scheduler: Scheduler, rating: Rating, when: datetime) -> None:
        """Grade one answer with FSRS and keep the new card state."""
        card, _log = scheduler.review_card(self.to_card(), rating, when.astimezone(UTC))
        self.apply_card(card)
        self.last_correct = rating != Rating.Again
        self.reviews += 1
        if rating == Rating.Again:
            self.lapses += 1


def retrievability(stability, last_review, now, decay: float, factor: float) -> float:
    """FSRS predicted recall R(t) = (1 + FACTOR * t / S) ** DECAY, t in whole days (as fsrs does)."""
    if stability is None or last_review is None:
        return 0.0
    elapsed = max(0, (now - last_review).days)
    return (1 + factor * elapsed / stability) ** decay


def fsrs_constants(scheduler: Scheduler) -> tuple[float, float]:
    return scheduler._DECAY, scheduler._FACTOR


class StudySession(models.Model):
    """One run of a mode: the questions drawn at the start, the answers given, the score."""

    class Mode(models.TextChoices):
        REVISION = "revision", _("Révision")
        PRACTICE = "practice", _("Entraînement")
        EXAM = "exam", _("Examen blanc")

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_sessions")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    chapter = models.ForeignKey(Chapter, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions")
    mode = models.CharField(max_length=16, choices=Mode.choices)
    question_ids = models.JSONField(default=list)
    position = models.PositiveSmallIntegerField(default=0)
    correct_count = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.get_mode_display()} · {self.course}"

    @classmethod
    def start(cls, course, student, mode, chapter=None, size=None, now=None) -> "StudySession":
        """Draw the questions of a new session.

        Révision: questions due now (most overdue first), then new ones in course order, capped at
        the course's session size. Entraînement: N random questions of a chapter. Examen blanc:
        N random questions of the course, with a deadline.
        """
        now = now or timezone.now()
        questions = Question.objects.filter(chapter__course=course)
        if chapter is not None:
            questions = questions.filter(chapter=chapter)
        deadline = None
        if mode == cls.Mode.REVISION:
            limit = size or course.session_size
            due = list(
                MemoryState.objects.filter(course=course, student=student, due__lte=now, question__in=questions)
                .order_by("due")
                .values_list("question_id", flat=True)[:limit]
            )
            seen = MemoryState.objects.filter(student=student, course=course).values("question_id")
            new = list(
                questions.exclude(pk__in=seen)
                .order_by("chapter__position", "chapter_id", "position", "pk")
                .values_list("pk", flat=True)[: max(0, limit - len(due))]
            )
            ids = due + new
        else:
            limit = size or (course.exam_size if mode == cls.Mode.EXAM else 10)
            ids = list(questions.order_by("?").values_list("pk", flat=True)[:limit])
            if mode == cls.Mode.EXAM:
                length = exam.exam_length(course, len(ids), exam.extra_minutes(course, student))
                deadline = now + timedelta(minutes=length.minutes)
        return cls.objects.create(
            student=student, course=course, chapter=chapter, mode=mode, question_ids=ids,
            started_at=now, deadline=deadline, finished_at=now if not ids else None,
        )

    @property
    def total(self) -> int:
        return len(self.question_ids)

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None or self.position >= self.total

    # An answer sent by the timer at zero arrives a little after the deadline: it still counts.
    SUBMIT_GRACE = timedelta(seconds=30)

    def is_expired(self, now=None, grace=False) -> bool:
        limit = self.deadline + self.SUBMIT_GRACE if grace and self.deadline else self.deadline
        return limit is not None and (now or timezone.now()) > limit

    @property
    def current_question_id(self) -> int | None:
        if self.is_finished:
            return None
        return self.question_ids[self.position]

    @property
    def question_count(self) -> int:
        """The questions drawn, each once (a question that comes back is not counted again)."""
        return relearning.distinct_count(self.question_ids)

    @property
    def returned_count(self) -> int:
        return relearning.returned_count(self.question_ids)

    @property
    def score_percent(self) -> int:
        return percent(self.correct_count, self.question_count) or 0

    def seconds_left(self, now=None) -> int | None:
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - (now or timezone.now())).total_seconds()))

    def finish(self, now=None) -> None:
        if self.finished_at is None:
            self.finished_at = now or timezone.now()
            self.save(update_fields=["finished_at"])

    def _ensure_current(self, question) -> None:
        # Checked before anything is written, so that a caller's transaction is left usable.
        if self.is_finished or self.current_question_id != question.pk:
            raise AlreadyAnswered(question.pk)

    def answer(self, question: "Question", choice_ids=(), text: str = "", now=None, dont_know=False,
               arrangement=None, locked=False, confident=None) -> "Attempt":
        """Record one answer: an attempt, the FSRS state in Révision, the session's progress.

        "Je ne sais pas" (`dont_know`) is a wrong answer rated Again, without a guess. A right
        answer is rated Good, or Hard when given « pas sûr » (`confident`, `quizzes.confidence`); the
        student may then change it once to Easy or Hard (`Attempt.regrade`). A wrong answer comes
        back later in the session (`quizzes.relearning`).

        The session row is locked first, so that two submissions of the same question (two tabs,
        a double click, a retry) record one answer: the second finds the question already
        answered and raises `AlreadyAnswered`. The database also keeps one first attempt per
        student and question (`one_first_attempt`), whatever the session. `locked`: this session
        was read with `select_for_update` in the caller's open transaction (the answer view).
        """
        now = now or timezone.now()
        if locked:
            self._ensure_current(question)
        with transaction.atomic(savepoint=not locked):  # within the caller's transaction if locked
            if not locked:
                current = StudySession.objects.select_for_update().get(pk=self.pk)
                self.position, self.correct_count, self.finished_at, self.question_ids = (
                    current.position, current.correct_count, current.finished_at, current.question_ids,
                )
                self._ensure_current(question)
            if dont_know:
                is_correct, key, text, confident = False, "", "", None
            else:
                is_correct, key = question.grade(choice_ids, text, arrangement)
            rating = confidence.rating(is_correct, confident)
            repeat = relearning.repeat_number(self.question_ids, self.position, question.pk)
            attempt = Attempt(
                student_id=self.student_id, course_id=self.course_id, question=question, session=self,
                mode=self.mode, is_correct=is_correct, dont_know=dont_know, response_key=key,
                response_text=text[:500] if question.is_free_answer else "", answered_at=now,
                confident=confident, repeat=repeat,
            )
            state = None
            if self.mode == self.Mode.REVISION:
                state = MemoryState.objects.filter(student_id=self.student_id, question=question).first()
            # A memory state is only ever saved with an attempt (here, in one transaction), and both
            # go with their student or question: a student with a state has answered before.
            attempt.is_first = state is None and not Attempt.objects.filter(
                student_id=self.student_id, question=question
            ).exists()
            if self.mode == self.Mode.REVISION:
                if state is None:
                    state = MemoryState(student_id=self.student_id, question=question, course_id=self.course_id)
                attempt.state_before = state.snapshot() if state.pk else None
                state.review(self.course.scheduler(), rating, now)
                state.save()
                attempt.rating = rating.value
            _save_attempt(attempt)
            self.position += 1
            self.correct_count += int(is_correct and not repeat)
            fields = ["position", "correct_count"]
            if relearning.comes_back(self.mode, is_correct):
                self.question_ids = relearning.requeue(self.question_ids, self.position, question.pk)
                fields.append("question_ids")
            if self.position >= self.total:
                self.finished_at = now
                fields.append("finished_at")
            self.save(update_fields=fields)
        return attempt


def _save_attempt(attempt) -> None:
    if not attempt.is_first:  # only a first attempt can meet `one_first_attempt`
        attempt.save()
        return
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:
        # Another session of the same student answered this question first, just now.
        attempt.is_first = False
        attempt.save()


class AlreadyAnswered(Exception):
    """The question was answered meanwhile in this session (another tab, a double submission)."""


class Attempt(models.Model):
    """One answer to one question, in any mode."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attempts")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="attempts")
    session = models.ForeignKey(StudySession, on_delete=models.SET_NULL, null=True, blank=True, related_name="attempts")
    mode = models.CharField(max_length=16, choices=StudySession.Mode.choices)
    is_correct = models.BooleanField()
    dont_know = models.BooleanField(_("je ne sais pas"), default=False)
    # « sûr » (True) or « pas sûr » (False) said before the answer was revealed; None when not asked.
    confident = models.BooleanField(_("sûr de sa réponse"), null=True, blank=True)
    # 0 the first time the question is asked in the session, then 1, 2... each time it comes back.
    repeat = models.PositiveSmallIntegerField(default=0)
    # The FSRS rating given to the memory state (Révision only): 1 Again, 2 Hard, 3 Good, 4 Easy.
    rating = models.PositiveSmallIntegerField(null=True, blank=True, choices=[(r.value, r.name) for r in Rating])
    state_before = models.JSONField(null=True, blank=True, editable=False)
    is_first = models.BooleanField(default=False, help_text="The student's first answer to this question.")
    response_key = models.CharField(max_length=200, blank=True)
    response_text = models.CharField(max_length=500, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["answered_at"]
        indexes = [
            models.Index(fields=["course", "student", "answered_at"]),
            models.Index(fields=["course", "is_first"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "question", "repeat"], condition=models.Q(session__isnull=False),
                name="one_answer_per_session_pass",
            ),
            models.UniqueConstraint(
                fields=["student", "question"], condition=models.Q(is_first=True), name="one_first_attempt"
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.question_id} · {'✓' if self.is_correct else '✗'}"

    GRADES = {"difficile": Rating.Hard, "correct": Rating.Good, "facile": Rating.Easy}

    def can_regrade(self) -> bool:
        return self.mode == StudySession.Mode.REVISION and self.is_correct and self.rating is not None

    def regrade(self, rating: Rating, scheduler: Scheduler) -> "MemoryState":
        """Replace the Good given to a right answer by Easy or Hard: the review is replayed from the
        state kept before it, so the schedule is exactly as if that rating had been given."""
        if not self.can_regrade() or rating == Rating.Again:
            raise ValueError("only a right revision answer is regraded")
        with transaction.atomic():
            state = MemoryState.objects.select_for_update().get(student_id=self.student_id, question_id=self.question_id)
            if state.last_review and state.last_review.astimezone(UTC) != self.answered_at.astimezone(UTC):
                raise ValueError("the question was reviewed again since")
            if self.state_before:
                state.restore(self.state_before)
            else:
                fresh = MemoryState(student_id=self.student_id, question_id=self.question_id, course_id=self.course_id)
                state.restore(fresh.snapshot())
            state.review(scheduler, rating, self.answered_at)
            state.save()
            self.rating = rating.value
            self.save(update_fields=["rating"])
        return state

    @property
    def response_shown(self) -> str:
        """The answer as the student gave it, in words (typed text, pairs, order)."""
        if self.question.is_free_answer:
            return self.response_text
        return self.question.response_display(self.response_key)

    @property
    def choices_shown(self) -> list:
        """The choices in the order the question showed them in its session (for the correction)."""
        return self.question.choices_for(self.session)

    @property
    def chosen_ids(self) -> set[int]:
        return {int(k) for k in self.response_key.split(",") if k.isdigit()}


def day_streak(days: set, today) -> int:
    """Consecutive days with activity ending today (or yesterday, when today is not done yet)."""
    if not days:
        return 0
    current = today if today in days else today - timedelta(days=1)
    streak = 0
    while current in days:
        streak += 1
        current -= timedelta(days=1)
    return streak
