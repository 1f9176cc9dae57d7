"""Demo course "Outils numériques & IA à l'officine": 3 chapters, 28 questions, a few days of history.

Idempotent: nothing is done when the course already exists.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from quizzes.models import (
    Chapter,
    Choice,
    Course,
    Enrollment,
    Question,
    StudySession,
    grant_teaching,
)

TITLE = "Outils numériques & IA à l'officine"
INTRODUCTION = (
    "<p>Espace de révision du cours du 9 mars 2026 : le site de la Démarche Qualité Officine, les "
    "outils numériques de l'officine et le Ségur du numérique en santé.</p>"
    "<p>Commencez par une <strong>révision</strong> : les questions reviennent juste avant que vous "
    "ne les oubliiez.</p>"
)
S, M, TF, SH = Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE, Question.Kind.SHORT
TRUE, FALSE = [("Vrai", True), ("Faux", False)], [("Vrai", False), ("Faux", True)]

# (kind, text, choices [(text, right)], accepted answers, explanation)
CHAPTERS = [
    ("Site internet DQO", [
        (S, "Qui porte la Démarche Qualité Officine ?",
         [("L'Ordre national des pharmaciens et le Haut Comité Qualité Officine", True),
          ("L'Assurance maladie seule", False), ("Chaque ARS séparément", False), ("Un organisme certificateur ISO", False)],
         [], "<p>La DQO est un programme national et volontaire porté par l'Ordre national des pharmaciens et le Haut Comité Qualité Officine.</p>"),
        (TF, "La Démarche Qualité Officine est obligatoire pour toutes les pharmacies.", FALSE, [],
         "<p>La démarche est <strong>volontaire</strong> : contrairement à l'ISO 15189 des laboratoires, elle n'est ni obligatoire ni certifiante.</p>"),
        (M, "Qu'est-ce qui distingue le référentiel qualité officine de la norme ISO 9001 ?",
         [("Il est propre à la pharmacie d'officine", True), ("Il est gratuit", True),
          ("Il ne donne pas lieu à une certification", True), ("Il impose un audit tous les 3 ans", False)],
         [], "<p>ISO 9001 s'applique à tout organisme, est payante et certifie tous les 3 ans ; le référentiel officine est spécifique, gratuit et sans certification.</p>"),
        (S, "Combien de thèmes compte le Référentiel Qualité (version 1.0, novembre 2023) ?",
         [("2", False), ("4", True), ("6", False), ("13", False)], [],
         "<p>Quatre thèmes (3 à 6) : prise en charge de l'utilisateur, dispensation, missions et services, moyens nécessaires au fonctionnement.</p>"),
        (TF, "Le référentiel et les outils du kit remplacent la réglementation.", FALSE, [],
         "<p>Ils ne remplacent jamais la réglementation : le titulaire reste responsable de la conformité de son officine.</p>"),
        (S, "Quel était l'objectif de la feuille de route 2019-2023 ?",
         [("100 % des pharmacies engagées en 5 ans", True), ("Certifier toutes les pharmacies ISO 9001", False),
          ("Créer un label payant", False), ("Fermer les pharmacies non conformes", False)], [],
         "<p>La feuille de route 2019-2023 visait 100 % des officines engagées en 5 ans, autour de 6 axes.</p>"),
    ]),
    ("Outils numériques et IA à l'officine", [
        (S, "Que signifie ADRI ?",
         [("Acquisition des droits intégrée", True), ("Accès direct aux remboursements individuels", False),
          ("Alerte de dispensation à risque immédiat", False), ("Annuaire des répertoires d'identité", False)], [],
         "<p>L'ADRI (acquisition des droits intégrée) récupère les droits à jour de l'assuré pour la facturation.</p>"),
        (M, "Quels traits d'identité composent l'INS avec le matricule INS ?",
         [("Nom de naissance", True), ("Prénoms de naissance", True), ("Date de naissance", True),
          ("Sexe", True), ("Code du lieu de naissance", True), ("Adresse postale", False)], [],
         "<p>L'INS = le matricule INS (en général le NIR) + 5 traits : nom et prénoms de naissance, date de naissance, sexe, code du lieu de naissance.</p>"),
        (SH, "Quelle loi a créé le dossier pharmaceutique (DP) ? Donnez l'année.", [], ["2007", "30 janvier 2007", "loi du 30 janvier 2007"],
         "<p>Le DP a été créé par la loi du 30 janvier 2007 ; le pharmacien doit l'alimenter sauf opposition du patient.</p>"),
        (S, "Combien de temps le DP conserve-t-il les vaccins dispensés ?",
         [("12 mois", False), ("3 ans", False), ("21 ans", True), ("À vie", False)], [],
         "<p>Médicaments : 12 mois ; médicaments biologiques : 3 ans ; vaccins : 21 ans.</p>"),
        (S, "Combien de temps le DP conserve-t-il les médicaments biologiques ?",
         [("12 mois", False), ("3 ans", True), ("10 ans", False), ("21 ans", False)], [],
         "<p>Les médicaments biologiques restent 3 ans dans le DP (12 mois pour les autres médicaments).</p>"),
        (TF, "Depuis avril 2023, le DP est créé automatiquement.", TRUE, [],
         "<p>La création automatique du DP existe depuis avril 2023 ; fin 2019, 99,9 % des officines étaient raccordées.</p>"),
        (S, "Depuis le 1er juillet 2021, qu'est-ce qui remplace la création de nouveaux DMP ?",
         [("Mon espace santé", True), ("Le dossier pharmaceutique", False), ("Ameli", False), ("La carte Vitale", False)], [],
         "<p>Depuis le 1er juillet 2021, plus aucun DMP ne peut être créé : « Mon espace santé » le remplace.</p>"),
        (TF, "Depuis le 17 juillet 2023, les préparateurs en pharmacie peuvent s'inscrire au RPPS.", TRUE, [],
         "<p>Depuis le 17 juillet 2023, les préparateurs peuvent s'enregistrer au RPPS et obtenir un numéro.</p>"),
        (S, "Qu'est-ce que l'e-CPS ?",
         [("L'application mobile d'identité numérique des professionnels, acceptée par Pro Santé Connect", True),
          ("Une carte Vitale électronique pour les patients", False), ("Un logiciel de facturation", False),
          ("Un annuaire des pharmacies", False)], [],
         "<p>L'e-CPS est l'identité numérique mobile des professionnels de santé, acceptée par Pro Santé Connect.</p>"),
        (S, "À quoi ressemble une adresse MSSanté personnelle ?",
         [("prenom.nom@xxx.mssante.fr", True), ("pharmacie@gmail.com", False), ("rpps@ameli.fr", False), ("nom@sante.gouv.fr", False)], [],
         "<p>La boîte personnelle MSSanté est liée au numéro RPPS/ADELI et prend la forme prenom.nom@xxx.mssante.fr.</p>"),
        (S, "Quand l'application carte Vitale a-t-elle été généralisée à tout le territoire ?",
         [("En 1998", False), ("En 2023", False), ("En juin 2024", False), ("En novembre 2025", True)], [],
         "<p>Carte créée en 1998, application créée en 2023, testée dans 8 départements, 23 CPAM en juin 2024, généralisée en novembre 2025.</p>"),
        (S, "Depuis le 24 octobre 2022, quels médicaments exigent un contrôle renforcé de l'ordonnance ?",
         [("Ceux dont le prix unitaire dépasse 300 €", True), ("Tous les antibiotiques", False),
          ("Les médicaments non remboursés", False), ("Les vaccins", False)], [],
         "<p>Les médicaments coûteux (plus de 300 € l'unité) imposent depuis le 24 octobre 2022 un contrôle renforcé de la prescription.</p>"),
        (M, "ASAFO-PHARMA, le service d'alerte sur les fausses ordonnances : quelles affirmations sont justes ?",
         [("Plus de 15 000 suspicions signalées la première année", True),
          ("Environ 3 signalements sur 4 confirmés frauduleux", True),
          ("Environ 30 % des médicaments concernés traitent le diabète", True),
          ("La fraude stoppée a baissé entre 2023 et 2024", False)], [],
         "<p>Plus de 13 M€ de fraude stoppés en 2024, contre 11,5 M€ en 2023 : la fraude stoppée a augmenté.</p>"),
        (S, "Depuis le 1er janvier 2024, quelle sanction encourt une officine non conforme à la sérialisation ?",
         [("2 000 € par trimestre", True), ("300 € par an", False), ("La fermeture immédiate", False), ("Aucune", False)], [],
         "<p>La sérialisation (directive 2011/62/UE) s'applique depuis le 9 février 2019 ; depuis 2024, 2 000 € d'amende par trimestre de non-conformité.</p>"),
        (M, "Que contient l'identifiant unique (datamatrix) d'une boîte soumise à prescription ?",
         [("Le numéro de série", True), ("Le code CIP", True), ("Le numéro de lot", True),
          ("La date de péremption", True), ("Le nom du patient", False)], [],
         "<p>Le datamatrix porte numéro de série, code CIP, lot et date de péremption ; un dispositif d'inviolabilité complète la boîte.</p>"),
        (S, "Quelle aide à l'équipement reçoit une officine pour la téléconsultation la première année ?",
         [("1 225 €", True), ("300 €", False), ("2 000 €", False), ("7,3 centimes", False)], [],
         "<p>1 225 € la première année ; il faut un espace de confidentialité, un logiciel et des objets connectés.</p>"),
        (TF, "Avec l'intelligence artificielle, l'IA propose et le professionnel décide.", TRUE, [],
         "<p>L'IA est une aide : la décision reste au pharmacien. Risques : biais, excès de confiance, cyber-risques, fracture numérique.</p>"),
    ]),
    ("Ségur de la santé et du numérique", [
        (S, "En quelle année le Ségur de la santé a-t-il eu lieu ?",
         [("2018", False), ("2020", True), ("2022", False), ("2023", False)], [],
         "<p>Le Ségur de la santé date de 2020.</p>"),
        (S, "Combien de mesures compte le Ségur de la santé ?",
         [("4", False), ("19", False), ("33", True), ("250", False)], [],
         "<p>33 mesures, plus de 19 milliards d'euros, 4 piliers.</p>"),
        (SH, "Combien de piliers structurent le Ségur de la santé ? (en chiffres)", [], ["4", "quatre"],
         "<p>Le Ségur de la santé repose sur 4 piliers, 33 mesures et plus de 19 milliards d'euros.</p>"),
        (S, "Quel est l'objectif du Ségur du numérique pour les documents médicaux échangés ?",
         [("Passer de 10 à 250 millions en 2 ans", True), ("Passer de 1 à 10 millions en 5 ans", False),
          ("Supprimer tous les documents papier en 6 mois", False), ("Atteindre 38,6 millions de DP", False)], [],
         "<p>Le Ségur numérique vise à passer de 10 à 250 millions de documents médicaux échangés en 2 ans.</p>"),
        (S, "Combien le Ségur de la santé mobilise-t-il ?",
         [("Plus de 19 milliards d'euros", True), ("13 millions d'euros", False), ("1 225 euros par officine", False), ("2 milliards d'euros", False)], [],
         "<p>Plus de 19 milliards d'euros pour 33 mesures.</p>"),
    ]),
]

EXTRA_STUDENTS = [
    ("Hugo", "Bernard", 0.85), ("Léa", "Petit", 0.75), ("Nathan", "Roux", 0.65), ("Chloé", "Fournier", 0.55),
    ("Lucas", "Girard", 0.45), ("Emma", "Bonnet", 0.35), ("Jules", "Mercier", 0.9), ("Manon", "Blanc", 0.6),
]


def build_course(owner) -> Course:
    course = Course.objects.create(title=TITLE, introduction=INTRODUCTION, owner=owner)
    for title, questions in CHAPTERS:
        chapter = Chapter.objects.create(course=course, title=title)
        for kind, text, choices, accepted, explanation in questions:
            question = Question.objects.create(
                chapter=chapter, kind=kind, text=f"<p>{text}</p>", explanation=explanation,
                accepted_answers="\n".join(accepted), source="Cours « Outils numériques & IA à l'officine », 9 mars 2026",
            )
            Choice.objects.bulk_create(
                Choice(question=question, text=choice, is_correct=right, position=index)
                for index, (choice, right) in enumerate(choices, start=1)
            )
    return course


def simulate(course, student, skill: float, days: list[int], rng: random.Random) -> None:
    """Révision sessions on past days, answering right with probability `skill`."""
    questions = {q.pk: q for q in course.questions().prefetch_related("choices")}
    now = timezone.now()
    for days_ago in days:
        moment = now - timedelta(days=days_ago, hours=rng.randint(1, 5))
        session = StudySession.start(course, student, StudySession.Mode.REVISION, size=18, now=moment)
        # A wrong answer comes back later in the session (quizzes.relearning): follow the session's
        # own order, not the list it started with.
        for _turn in range(4 * len(session.question_ids)):
            session.refresh_from_db()
            if session.finished_at or session.position >= len(session.question_ids):
                break
            question = questions[session.question_ids[session.position]]
            moment += timedelta(seconds=rng.randint(15, 60))
            right = rng.random() < skill
            if question.kind == Question.Kind.SHORT:
                session.answer(question, text=question.accepted_list()[0] if right else "je ne sais pas", now=moment)
                continue
            choices = list(question.choices.all())
            if right:
                picked = [c.pk for c in choices if c.is_correct]
            else:
                picked = [rng.choice([c for c in choices if not c.is_correct]).pk]
            session.answer(question, choice_ids=picked, now=moment)


def load(log) -> None:
    User = get_user_model()
    teacher = User.objects.filter(email__iexact="enseignant@demo.test").first()
    student = User.objects.filter(email__iexact="etudiant@demo.test").first()
    if teacher is None or Course.objects.filter(title=TITLE, owner=teacher).exists():
        return
    grant_teaching(teacher)  # the demo teacher is an approved one
    course = build_course(teacher)
    rng = random.Random(2026)
    if student is not None:
        Enrollment.objects.create(
            course=course, student=student, via=Enrollment.Via.CODE, joined_at=timezone.now() - timedelta(days=6)
        )
        simulate(course, student, 0.7, [4, 3, 2, 1], rng)
    for index, (first, last, skill) in enumerate(EXTRA_STUDENTS, start=1):
        other, created = User.objects.get_or_create(
            email=f"etudiant{index + 1}@demo.test",
            defaults={"username": f"etudiant{index + 1}", "first_name": first, "last_name": last, "kind": "student"},
        )
        if created:
            other.set_unusable_password()
            other.save(update_fields=["password"])
        Enrollment.objects.get_or_create(
            course=course, student=other,
            defaults={"via": Enrollment.Via.CODE, "joined_at": timezone.now() - timedelta(days=7)},
        )
        simulate(course, other, skill, [6, 4, 2, 1], rng)
    log(f"Cours de révision « {TITLE} » : {course.questions().count()} questions, historique de démonstration.")
