"""Courses, their chapters, teachers (approval, co-author invitations) and enrolled students."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from fsrs import Scheduler

from portal import caching
from portal.audit.models import AuditEvent, record
from portal.documents.sanitizer import clean_html
from quizzes import mastery

# No look-alike characters: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 8


def generate_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_code(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").upper()



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

    @classmethod
    def shared(cls, course_id: int) -> "Course | None":
        """Course `course_id` as every student's page shows it, kept in each process's memory under
        the content version (`portal.caching.for_content`, bumped by any save of a course): read
        it, never change it. The caller checks who may see it (the enrollment)."""
        return caching.for_content(f"quiz-course-{course_id}", lambda: cls.objects.filter(pk=course_id).first())

    def outline(self) -> dict:
        """The course's chapters, in order (`chapters`), and the chapter id of each question
        (`question_chapter`): content, kept in memory under the content version like `shared`."""
        course_id = self.pk

        def build():
            from quizzes.models.questions import Question

            return {
                "chapters": list(Chapter.objects.filter(course_id=course_id)),
                "question_chapter": dict(
                    Question.objects.filter(chapter__course_id=course_id).values_list("pk", "chapter_id")
                ),
            }

        return caching.for_content(f"quiz-course-outline-{course_id}", build)

    def question_lines(self) -> dict:
        """Each question of the course as one line of text (`str(question)`), for the lists that
        name questions: content, kept in memory under the content version like `outline`."""
        course_id = self.pk

        def build():
            from quizzes.models.questions import Question

            return {q.pk: str(q) for q in Question.objects.filter(chapter__course_id=course_id).only("pk", "text")}

        return caching.for_content(f"quiz-course-lines-{course_id}", build)

    @classmethod
    def scheduler_of(cls, course_id: int) -> Scheduler:
        """The FSRS scheduler of course `course_id`, its parameters read from the course kept in
        each process's memory (`shared`): an answer reads no course row."""
        return cls.shared(course_id).scheduler()

    def questions(self):
        from quizzes.models.questions import Question

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
