"""Contenu de démonstration du kit d'outils (en français), écrit à partir du domaine.

Chaque outil : code, type, principes servis, titre, résumé, contenu (couples (type, valeur)
avec type parmi heading, paragraph, callout, table, steps, flowchart), version et mise à jour.
"""

INDEX = {
    "title": "Kit d'outils",
    "introduction": (
        "Des documents prêts à l'emploi pour rendre concrets les principes du référentiel : "
        "guides, mémos, procédures, check-lists et enregistrements. Ils ne sont ni exhaustifs "
        "ni opposables : adaptez-les à votre officine grâce à leur version modifiable."
    ),
}

TOOLS = [
    {
        "code": "G01",
        "type": "guide",
        "principles": ["6.13"],
        "title": "Guide de présentation du kit d'outils",
        "summary": (
            "Comment le kit est organisé, à quoi sert chaque type d'outil et comment l'adapter "
            "à votre officine et le partager avec l'équipe."
        ),
        "body": [
            ("paragraph", "<p>Le kit d'outils rend concrets les principes du référentiel qualité. Les outils sont "
             "classés par thème et par principe ; chacun existe en PDF et en version modifiable.</p>"),
            ("table", {"caption": "Les cinq types d'outils", "header": ["Type", "À quoi il sert"], "rows": [
                ["Guide", "Présenter une démarche ou l'organisation du kit."],
                ["Mémo", "Rappeler l'essentiel d'une pratique en une page."],
                ["Procédure", "Décrire les points clés d'une activité, souvent en logigramme, discutée en équipe."],
                ["Check-list", "Vérifier point par point qu'une organisation est en place."],
                ["Enregistrement", "Garder la trace d'un événement (incident, contrôle, action)."],
            ]}),
            ("steps", {"title": "Mettre un outil en place", "steps": [
                "<p>Lire l'outil en équipe et l'adapter à l'officine (version modifiable).</p>",
                "<p>Le ranger dans le classeur qualité ou l'espace documentaire partagé.</p>",
                "<p>Désigner un responsable et le marquer « Mis en place » dans Ma DQO perso.</p>",
                "<p>Le relire à chaque mise à jour signalée par le portail.</p>",
            ]}),
            ("callout", "<p>Les outils ne remplacent jamais la réglementation : le titulaire reste responsable de la conformité de son officine.</p>"),
        ],
    },
    {
        "code": "M11",
        "type": "memo",
        "principles": ["4.1", "4.2"],
        "title": "Le double contrôle",
        "summary": (
            "Des erreurs surviennent à la délivrance : un second contrôle permet de les détecter et "
            "de les corriger. Deux variantes, en direct ou en différé, à choisir selon l'organisation."
        ),
        "version": "2.0",
        "last_major_update": "2026-10-15",
        "last_major_update_note": "Ajout du script d'appel au patient après une erreur.",
        "body": [
            ("paragraph", "<p>Des erreurs peuvent se produire lors de la délivrance. Un second contrôle, réalisé "
             "par un autre diplômé, permet de les détecter et de les corriger avant qu'elles n'aient des conséquences "
             "pour le patient.</p>"),
            ("callout", "<p>Le double contrôle ne remplace jamais l'analyse pharmaceutique de l'ordonnance. "
             "Toute erreur détectée doit être tracée dans le registre des incidents de délivrance.</p>"),
            ("table", {"caption": "Les deux variantes du double contrôle", "header": ["", "En direct", "En différé"], "rows": [
                ["Quand", "Avant la fin de la délivrance", "En fin de demi-journée ou aux heures creuses"],
                ["Qui, comment", "Un autre diplômé revérifie l'ordonnance et les produits", "Un diplômé vérifie, avec une fonction du logiciel, que les produits facturés correspondent aux produits prescrits"],
                ["Avantages", "Possibilité d'interroger le patient ; correction immédiate", "Contrôle réalisé au calme"],
                ["Inconvénients", "Interrompt un collègue ; parfois difficile à justifier auprès du patient", "Contrôle partiel ; erreur corrigée a posteriori"],
                ["Facteur de réussite", "L'implication de toute l'équipe", "Un créneau quotidien dédié"],
            ]}),
            ("heading", "Appeler un patient après une erreur"),
            ("steps", {"title": "", "steps": [
                "<p>Se présenter : « Bonjour, je suis pharmacien à la pharmacie… Vous êtes venu(e) aujourd'hui avec une ordonnance. »</p>",
                "<p>Expliquer simplement : « En revérifiant votre ordonnance, nous avons constaté une erreur dans les médicaments remis. »</p>",
                "<p>Vérifier : le médicament a-t-il été pris ? Quand, à quelle dose ? Orienter vers le médecin si besoin.</p>",
                "<p>Proposer la correction : échange à l'officine ou livraison, dans les meilleurs délais.</p>",
                "<p>Remercier, puis tracer l'incident et sa résolution dans le registre.</p>",
            ]}),
        ],
    },
    {
        "code": "P41",
        "type": "procedure",
        "principles": ["4.1", "4.5"],
        "title": "Dispensation d'un médicament sur prescription",
        "summary": (
            "Les points clés de la dispensation sur ordonnance, du contrôle de la personne jusqu'à la "
            "remise du médicament, sous forme de logigramme à discuter en équipe."
        ),
        "body": [
            ("paragraph", "<p>Cette procédure décrit les points clés d'une dispensation sur prescription. Discutez-la "
             "avec toute l'équipe et rangez-la dans le classeur qualité. Chaque échange avec le patient ou le "
             "prescripteur laisse une trace écrite.</p>"),
            ("flowchart", {
                "title": "Logigramme de la dispensation sur prescription",
                "legend": "chaque étape renvoie à la suivante ; une question propose deux chemins.",
                "steps": [
                    {"key": "1", "kind": "action", "text": "Accueillir la personne et vérifier son identité",
                     "detail": "Le patient ou son mandataire ; consulter le DP avec son accord."},
                    {"key": "2", "kind": "decision", "text": "L'ordonnance est-elle valide ?",
                     "detail": "Prescripteur, date, mentions obligatoires ; e-prescription : récupérer l'ordonnance numérique.",
                     "yes_to": "3", "no_to": "7"},
                    {"key": "3", "kind": "decision", "text": "Le traitement est-il adapté au profil du patient ?",
                     "detail": "Observance, indication, interactions, contre-indications, posologie.",
                     "yes_to": "4", "no_to": "7"},
                    {"key": "4", "kind": "action", "text": "Préparer les produits et contrôler chaque boîte",
                     "detail": "Dispositif anti-effraction intact ; identifiant unique (datamatrix) vérifié."},
                    {"key": "5", "kind": "action", "text": "Expliquer le traitement et remettre les médicaments",
                     "detail": "Plan de prise, conseils, alimentation du DP."},
                    {"key": "6", "kind": "end", "text": "Fin : dispensation tracée", "next_to": ""},
                    {"key": "7", "kind": "action", "text": "Contacter le prescripteur et rédiger une intervention pharmaceutique",
                     "detail": "Tracer l'échange et la décision.", "next_to": "8"},
                    {"key": "8", "kind": "decision", "text": "Le problème est-il résolu ?",
                     "yes_to": "4", "no_to": "9"},
                    {"key": "9", "kind": "end", "text": "Fin : pas de délivrance, patient informé et orienté"},
                ],
            }),
            ("heading", "Références"),
            ("paragraph", "<p>Code de la santé publique (dispensation, analyse pharmaceutique) ; directive 2011/62/UE "
             "sur les médicaments falsifiés (sérialisation, en vigueur depuis le 9 février 2019).</p>"),
        ],
    },
    {
        "code": "E01",
        "type": "record",
        "principles": ["4.1", "6.13"],
        "title": "Gestion des incidents de délivrance",
        "summary": (
            "Le registre des incidents de délivrance : une ligne par incident, de sa découverte à sa "
            "résolution, alimenté notamment par le double contrôle."
        ),
        "body": [
            ("paragraph", "<p>Tout incident de délivrance est enregistré puis suivi jusqu'à sa résolution. Le registre "
             "est alimenté notamment par le double contrôle (mémo M11).</p>"),
            ("table", {"caption": "Colonnes du registre (une ligne par incident)", "header": ["Colonne", "Contenu"], "rows": [
                ["Date", "Date de l'incident"],
                ["Déclarant", "Membre de l'équipe qui le déclare"],
                ["Patient", "Nom du patient et/ou numéro de facture"],
                ["Nature de l'erreur", "Identification · dosage, forme, quantité… · interaction / contre-indication · autre"],
                ["Détails et causes", "Ce qui s'est passé et pourquoi"],
                ["Résolution", "Oui / non, avec la date et l'action corrective"],
                ["Fiche d'amélioration", "Ouverte : oui / non"],
            ]}),
            ("callout", "<p>Le registre en ligne arrive bientôt dans Ma DQO perso : en attendant, utilisez la version "
             "modifiable de cet outil.</p>"),
        ],
    },
    {
        "code": "C31",
        "type": "checklist",
        "principles": ["3.1", "3.2"],
        "title": "Check-list de l'accueil de l'utilisateur",
        "summary": "Vérifier que l'accueil physique et téléphonique de l'officine est organisé et connu de toute l'équipe.",
        "body": [
            ("steps", {"title": "Points à vérifier", "steps": [
                "<p>Des règles d'accueil physique et téléphonique sont définies et affichées.</p>",
                "<p>Une ligne de confidentialité et des chaises sont en place.</p>",
                "<p>L'équipe suit une méthode d'accueil structurée.</p>",
                "<p>Une liste de questions systématiques est partagée.</p>",
                "<p>L'équipe sait vers qui orienter : médecin, urgences, aide sociale.</p>",
                "<p>Des fiches conseils sont disponibles pour les patients.</p>",
            ]}),
            ("callout", "<p>Revoir cette check-list en réunion d'équipe au moins une fois par an.</p>"),
        ],
    },
    {
        "code": "M33",
        "type": "memo",
        "principles": ["3.3"],
        "title": "Recueillir et exploiter la satisfaction des patients",
        "summary": "Recueillir l'avis des patients, le discuter en équipe et en tirer des améliorations.",
        "body": [
            ("paragraph", "<p>Les retours des patients (remarques au comptoir, questionnaire, avis en ligne) sont une "
             "source d'amélioration. Ils sont notés, discutés en réunion d'équipe et suivis d'actions.</p>"),
            ("steps", {"title": "En pratique", "steps": [
                "<p>Proposer un court questionnaire deux fois par an.</p>",
                "<p>Noter les remarques reçues au comptoir.</p>",
                "<p>En discuter en réunion d'équipe et décider d'une action.</p>",
            ]}),
        ],
    },
    {
        "code": "P63",
        "type": "procedure",
        "principles": ["6.3"],
        "title": "Gestion des alertes sanitaires (retraits et rappels de lots)",
        "summary": "Recevoir, traiter et tracer les alertes sanitaires : retraits de lots, rappels, informations de sécurité.",
        "body": [
            ("steps", {"title": "Étapes", "steps": [
                "<p>Consulter chaque jour les alertes reçues (DP-Alertes, grossistes, autorités).</p>",
                "<p>Rechercher les lots concernés en stock et les isoler.</p>",
                "<p>Retourner les lots selon les consignes et conserver la preuve du retour.</p>",
                "<p>Informer les patients concernés si l'alerte le demande.</p>",
                "<p>Tracer l'alerte, la date de traitement et la personne qui l'a traitée.</p>",
            ]}),
            ("callout", "<p>Désignez un référent et un suppléant pour que les alertes soient traitées même en cas d'absence.</p>"),
        ],
    },
    {
        "code": "C66",
        "type": "checklist",
        "principles": ["6.6"],
        "title": "Check-list de la chaîne du froid",
        "summary": "Contrôler la réception, le stockage et la délivrance des produits thermosensibles.",
        "body": [
            ("steps", {"title": "Points à vérifier", "steps": [
                "<p>Les produits froids sont rangés dès leur réception.</p>",
                "<p>La température du réfrigérateur est relevée et tracée chaque jour (entre +2 °C et +8 °C).</p>",
                "<p>Une conduite à tenir en cas de rupture de la chaîne du froid est affichée.</p>",
                "<p>Le réfrigérateur est entretenu et son thermomètre vérifié.</p>",
                "<p>Le patient reçoit un conseil de conservation à la délivrance.</p>",
            ]}),
        ],
    },
    {
        "code": "P610",
        "type": "procedure",
        "principles": ["6.10"],
        "title": "Gestion des stocks et des produits périmés",
        "summary": "Repérer les produits périmés ou dormants et les sortir du stock de façon tracée.",
        "body": [
            ("steps", {"title": "Étapes", "steps": [
                "<p>Contrôler les dates de péremption selon un planning, rayon par rayon.</p>",
                "<p>Isoler les produits périmés dans une zone identifiée.</p>",
                "<p>Éliminer par la filière adaptée et tracer la sortie.</p>",
                "<p>Repérer le stock sans vente depuis plus de 6 mois et décider de son devenir.</p>",
            ]}),
        ],
    },
    {
        "code": "M53",
        "type": "memo",
        "principles": ["5.3"],
        "title": "Urgences et premiers secours à l'officine",
        "summary": "Un arbre de décision pour réagir à une urgence et un registre des premiers secours.",
        "body": [
            ("flowchart", {
                "title": "Arbre de décision en cas d'urgence",
                "legend": "à afficher près du comptoir.",
                "steps": [
                    {"key": "A", "kind": "decision", "text": "La personne est-elle consciente et respire-t-elle ?",
                     "yes_to": "B", "no_to": "C"},
                    {"key": "B", "kind": "action", "text": "Installer la personne, évaluer et conseiller ou orienter",
                     "detail": "Médecin traitant, service d'urgence, selon la situation.", "next_to": "D"},
                    {"key": "C", "kind": "action", "text": "Appeler le 15, commencer les gestes de premiers secours",
                     "detail": "Défibrillateur s'il est disponible."},
                    {"key": "D", "kind": "end", "text": "Fin : noter l'intervention dans le registre des premiers secours"},
                ],
            }),
        ],
    },
    {
        "code": "E55",
        "type": "record",
        "principles": ["5.5"],
        "title": "Fiche de vie d'un dispositif médical loué",
        "summary": "Tracer les locations, retours, nettoyages et contrôles de chaque dispositif médical loué.",
        "body": [
            ("table", {"caption": "Colonnes de la fiche de vie", "header": ["Colonne", "Contenu"], "rows": [
                ["Dispositif", "Désignation et numéro de série"],
                ["Location", "Patient, date de début et de fin"],
                ["Nettoyage", "Date et personne"],
                ["Contrôle", "Date, résultat, maintenance éventuelle"],
            ]}),
        ],
    },
    {
        "code": "M57",
        "type": "memo",
        "principles": ["5.7", "5.2"],
        "title": "Organiser la vaccination à l'officine",
        "summary": "Les prérequis et l'organisation de la vaccination : espace, formation, traçabilité.",
        "body": [
            ("steps", {"title": "Prérequis", "steps": [
                "<p>Un espace de confidentialité adapté.</p>",
                "<p>Des pharmaciens formés et un planning de vaccination.</p>",
                "<p>Une trousse de premiers secours et une conduite à tenir en cas de malaise.</p>",
                "<p>La traçabilité de chaque vaccination (carnet, DMP via Mon espace santé).</p>",
            ]}),
            ("callout", "<p>Le DP conserve les vaccins dispensés pendant 21 ans.</p>"),
        ],
    },
    {
        "code": "M62",
        "type": "memo",
        "principles": ["6.1", "6.2"],
        "title": "Responsabilités et gestion des compétences",
        "summary": "Définir qui fait quoi, désigner des référents et conserver les preuves de formation.",
        "body": [
            ("table", {"caption": "Exemples de référents", "header": ["Domaine", "Référent", "Suppléant"], "rows": [
                ["Qualité", "Pharmacien titulaire", "Pharmacien adjoint"],
                ["Alertes sanitaires", "Pharmacien adjoint", "Préparateur"],
                ["Chaîne du froid", "Préparateur", "Pharmacien adjoint"],
            ]}),
            ("paragraph", "<p>Conservez les diplômes et attestations de formation de chaque membre de l'équipe.</p>"),
        ],
    },
    {
        "code": "E613",
        "type": "record",
        "principles": ["6.13"],
        "title": "Fiche d'amélioration (non-conformité)",
        "summary": "Décrire un dysfonctionnement, en chercher les causes et suivre les actions correctives.",
        "body": [
            ("table", {"caption": "Rubriques de la fiche", "header": ["Rubrique", "Contenu"], "rows": [
                ["Constat", "Ce qui s'est passé, quand, qui l'a constaté"],
                ["Causes", "Pourquoi (méthode des 5 pourquoi)"],
                ["Actions", "Action corrective liée à chaque cause, responsable, échéance"],
                ["Vérification", "L'action a-t-elle été efficace ?"],
            ]}),
        ],
    },
]
