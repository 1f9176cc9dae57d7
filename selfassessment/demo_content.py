"""Demo questionnaire (in French): 39 questions over the 35 principles, recommendations drawn
from the framework's self-assessment results, answer scale and score bands.

Each question: (principle number, text, help, recommendations, "Non concerné" allowed).
"""

SCALE = [
    ("Non, pas encore", 0),
    ("Partiellement", 1),
    ("En grande partie", 2),
    ("Oui, totalement", 3),
]
NOT_APPLICABLE = "Non concerné"

BANDS = [
    (0, 24, "Premiers pas", "La démarche est à engager : commencez par les actions fondamentales, avec toute l'équipe."),
    (25, 49, "Actions fondamentales", "Mise en œuvre d'actions fondamentales, à poursuivre et systématiser."),
    (50, 79, "Situation avancée", "Situation avancée, une amélioration est encore possible."),
    (80, 100, "Pratiques maîtrisées", "Pratiques maîtrisées : maintenez-les, tracez-les et partagez-les avec l'équipe."),
]

QUESTIONS = [
    # Theme 3
    ("3.1", "L'équipe applique-t-elle des règles d'accueil définies, au comptoir comme au téléphone ?", "Salutation, présentation, délai de prise en charge, orientation.",
     ["Définir des règles d'accueil physique et téléphonique, connues de toute l'équipe.", "Adopter une méthode d'accueil structurée."], False),
    ("3.1", "La confidentialité des échanges est-elle assurée (ligne de confidentialité, espace dédié, chaises) ?", "",
     ["Matérialiser une ligne de confidentialité et prévoir des chaises pour les patients qui attendent."], False),
    ("3.2", "L'équipe pose-t-elle systématiquement des questions pour sécuriser la dispensation et oriente-t-elle quand il le faut ?", "Médecin, urgences, aide sociale.",
     ["Établir la liste des questions à poser systématiquement.", "Savoir vers qui orienter : médecin, urgences, services sociaux.", "Remettre des fiches conseils adaptées."], False),
    ("3.3", "Les retours des patients (satisfaction, réclamations) sont-ils recueillis et discutés en équipe ?", "",
     ["Recueillir les retours des patients et les discuter en réunion d'équipe."], False),
    # Theme 4
    ("4.1", "La méthode d'analyse des prescriptions est-elle écrite et partagée avec l'équipe ?", "Profil du patient, validité de l'ordonnance, interactions, intervention pharmaceutique.",
     ["Écrire une méthode d'analyse des prescriptions pour l'équipe.", "Tracer chaque intervention pharmaceutique."], False),
    ("4.1", "Un double contrôle des dispensations est-il organisé, en direct ou en différé ?", "De préférence par une autre personne diplômée.",
     ["Mettre en place un double contrôle, en direct ou en différé, de préférence par une autre personne.", "Prévenir le patient après une erreur et la corriger, puis la tracer."], False),
    ("4.2", "La dispensation sans prescription s'appuie-t-elle sur des questions et des conseils structurés ?", "",
     ["Former régulièrement l'équipe sur toutes les catégories de produits."], False),
    ("4.3", "La vente en ligne respecte-t-elle les bonnes pratiques (site autorisé, conseil, traçabilité) ?", "Répondez « Non concerné » si l'officine ne vend pas en ligne.",
     ["Vérifier la conformité du site de vente en ligne et la traçabilité des commandes."], True),
    ("4.4", "Les contrôles des préparations sont-ils réalisés et tracés ?", "Répondez « Non concerné » si l'officine ne réalise pas de préparations.",
     ["Tracer les contrôles des préparations."], True),
    ("4.5", "Le dossier pharmaceutique (DP) est-il consulté et alimenté à chaque dispensation ?", "Sauf opposition du patient.",
     ["Toujours consulter et alimenter le DP.", "Recueillir les coordonnées des patients avec leur consentement."], False),
    # Theme 5
    ("5.1", "Les besoins des patients de l'officine ont-ils été identifiés pour choisir les services proposés ?", "",
     ["Identifier les besoins des usagers.", "Définir une politique de services partagée avec l'équipe."], False),
    ("5.2", "Les services sont-ils planifiés (agenda, rendez-vous) et l'équipe formée ?", "",
     ["Établir un planning des services.", "Former l'équipe aux services proposés."], False),
    ("5.2", "Un espace de confidentialité permet-il de réaliser les entretiens et les actes ?", "",
     ["Aménager un espace de confidentialité."], False),
    ("5.3", "Un arbre de décision pour les urgences et un registre des premiers secours sont-ils en place ?", "",
     ["Afficher un arbre de décision pour les urgences.", "Tenir un registre des premiers secours."], False),
    ("5.4", "L'officine participe-t-elle aux campagnes de prévention et de promotion de la santé ?", "",
     ["Relayer les campagnes de prévention et les expliquer aux patients."], False),
    ("5.5", "Chaque dispositif médical loué a-t-il une fiche de vie ?", "Répondez « Non concerné » sans activité de location.",
     ["Tenir une fiche de vie pour chaque dispositif médical loué."], True),
    ("5.6", "La préparation des doses à administrer (PDA) suit-elle une procédure écrite ?", "Répondez « Non concerné » si l'officine ne fait pas de PDA.",
     ["Écrire la procédure de PDA et tracer chaque préparation."], True),
    ("5.7", "La vaccination à l'officine est-elle organisée (formation, traçabilité, conduite à tenir) ?", "Répondez « Non concerné » si l'officine ne vaccine pas.",
     ["Former les vaccinateurs et tracer chaque vaccination."], True),
    ("5.8", "La livraison à domicile garantit-elle la confidentialité et la conservation des produits ?", "Répondez « Non concerné » sans livraison.",
     ["Définir les règles de livraison : confidentialité, chaîne du froid, remise en main propre."], True),
    ("5.9", "Les tests de dépistage sont-ils réalisés selon une procédure et les autotests expliqués ?", "",
     ["Expliquer l'usage et l'interprétation des autotests."], True),
    ("5.10", "Des bilans partagés de médication sont-ils proposés aux patients concernés ?", "",
     ["Repérer les patients éligibles au bilan partagé de médication."], False),
    ("5.11", "Les entretiens pharmaceutiques sont-ils proposés et tracés ?", "",
     ["Proposer les entretiens pharmaceutiques et les tracer."], False),
    ("5.12", "L'officine contribue-t-elle à l'éducation thérapeutique des patients ?", "",
     ["Se former à l'éducation thérapeutique et orienter vers les programmes existants."], True),
    ("5.13", "La coopération avec les autres professionnels de santé est-elle organisée ?", "",
     ["Identifier les interlocuteurs du parcours de soins et les moyens de les joindre (MSSanté)."], False),
    ("5.14", "La télésanté (téléconsultation, télésoin) est-elle proposée dans de bonnes conditions ?", "Répondez « Non concerné » sans activité de télésanté.",
     ["Équiper un espace confidentiel pour la téléconsultation."], True),
    # Theme 6
    ("6.1", "Les responsabilités et les tâches de chacun sont-elles définies et connues ?", "",
     ["Définir les responsabilités et les compétences de chacun.", "Nommer un référent par service."], False),
    ("6.2", "Les diplômes et attestations de formation de l'équipe sont-ils conservés et les besoins de formation suivis ?", "",
     ["Conserver les diplômes et les attestations de formation."], False),
    ("6.3", "Une procédure de gestion des alertes sanitaires (retraits, rappels) est-elle appliquée ?", "",
     ["Écrire et appliquer une procédure de gestion des alertes sanitaires."], False),
    ("6.4", "Les ruptures sont-elles gérées pour assurer la continuité des soins ?", "Dépannage, information du prescripteur, service de ruptures du DP.",
     ["Organiser la gestion des ruptures et utiliser le service de ruptures du DP."], False),
    ("6.5", "L'équipe connaît-elle toutes les vigilances et sait-elle déclarer un effet indésirable ?", "",
     ["Sensibiliser l'équipe à toutes les vigilances."], False),
    ("6.6", "La chaîne du froid est-elle surveillée et tracée ?", "",
     ["Surveiller et tracer les températures des réfrigérateurs."], False),
    ("6.7", "Les locaux sont-ils adaptés à l'activité (accessibilité, espace de confidentialité, stockage) ?", "",
     ["Vérifier l'adéquation des locaux à l'activité."], False),
    ("6.8", "La maintenance des équipements est-elle planifiée et tracée ?", "",
     ["Planifier et tracer la maintenance des équipements."], False),
    ("6.9", "Les systèmes d'information sont-ils maîtrisés (sauvegardes, accès, mises à jour) ?", "",
     ["Organiser les sauvegardes et les droits d'accès au logiciel."], False),
    ("6.10", "Les stocks et les périmés sont-ils gérés selon une procédure ?", "",
     ["Repérer les produits sans vente depuis plus de 6 mois.", "Écrire une procédure de gestion des périmés."], False),
    ("6.11", "Une veille légale et scientifique est-elle organisée ?", "",
     ["Organiser la veille et en partager les nouveautés en équipe."], False),
    ("6.12", "Les actes et services sont-ils tracés ?", "",
     ["Tracer chaque acte et service réalisé."], False),
    ("6.13", "Un responsable qualité anime-t-il la démarche d'amélioration continue ?", "",
     ["Nommer un responsable qualité."], False),
    ("6.13", "Les non-conformités sont-elles enregistrées avec des actions correctives liées à leurs causes ?", "",
     ["Utiliser une fiche de non-conformité avec des actions correctives liées aux causes."], False),
]

# Answers of "Pharmacie du Centre" last year, in QUESTIONS order (None: "Non concerné").
# Theme scores: 3 = 7/12 (58 %), 4 = 10/15 (67 %), 5 = 14/42 (33 %), 6 = 26/42 (62 %).
PREVIOUS_ANSWERS = [
    3, 2, 1, 1,
    3, 2, 2, None, 1, 2,
    2, 1, 1, 0, 1, None, 1, 2, 0, 1, 1, 1, 0, 2, 1,
    3, 2, 2, 1, 2, 3, 2, 1, 2, 2, 2, 2, 1, 1,
]
