"""Contenu de démonstration (en français) du portail « Démarche Qualité Officine ».

Données pures : page d'accueil, référentiel qualité (4 thèmes, 35 principes),
actualités et pages standard. Chaque bloc de contenu est un couple (type, valeur)
avec type parmi « heading », « paragraph », « callout » et « table ».
"""

HOME = {
    "title": "Démarche Qualité Officine",
    "hero_title": "Pharmacie engagée, patient sécurisé",
    "hero_text": (
        "La Démarche Qualité Officine aide chaque équipe officinale à structurer, "
        "évaluer et améliorer ses pratiques au service des patients. Référentiel, "
        "kit d'outils et auto-évaluation annuelle : tout est réuni ici, gratuitement."
    ),
    "body": [
        ("heading", "Une démarche nationale, volontaire et gratuite"),
        (
            "paragraph",
            "<p>La <strong>Démarche Qualité Officine (DQO)</strong> est le programme qualité "
            "national des pharmacies d'officine. Portée par l'Ordre national des pharmaciens et "
            "le Haut Comité Qualité Officine, elle propose à chaque officine un cadre commun pour "
            "sécuriser la prise en charge des patients et progresser à son rythme. La première "
            "feuille de route (2019-2023) visait l'engagement de toutes les officines en cinq ans "
            "et a posé les fondations : une instance qualité nationale, un référentiel, des outils "
            "numériques gratuits et un accompagnement progressif.</p>"
            "<p>La <strong>feuille de route 2023-2027</strong> s'articule autour de trois axes :</p>"
            "<ol>"
            "<li>faire évoluer les outils et proposer un accompagnement personnalisé aux pharmaciens ;</li>"
            "<li>poursuivre le déploiement et renforcer les incitations ;</li>"
            "<li>consolider la démarche et avancer vers une labellisation.</li>"
            "</ol>",
        ),
        (
            "table",
            {
                "caption": "La Démarche Qualité Officine comparée aux normes ISO",
                "header": ["Critère", "ISO 9001", "ISO 15189", "Démarche Qualité Officine"],
                "rows": [
                    ["Champ d'application", "Tout type d'organisation", "Laboratoires de biologie médicale", "Pharmacies d'officine uniquement"],
                    ["Caractère", "Volontaire", "Obligatoire", "Volontaire"],
                    ["Reconnaissance", "Certification tous les 3 ans", "Accréditation tous les 4 à 5 ans", "Pas de certification"],
                    ["Coût", "Payant", "Payant", "Gratuit"],
                ],
            },
        ),
        ("heading", "Référentiel, kit d'outils et auto-évaluation"),
        (
            "paragraph",
            "<p>Le <strong>Référentiel Qualité</strong> (version 1.0, novembre 2023) rassemble "
            "35 principes répartis en quatre thèmes, chacun présenté sous forme de fiche didactique. "
            "Le <strong>kit d'outils</strong> les rend concrets : mémos, procédures, check-lists et "
            "enregistrements, proposés en version modifiable pour que chaque officine les adapte. "
            "Enfin, l'<strong>auto-évaluation</strong>, à réaliser au moins une fois par an, situe "
            "l'officine par rapport au référentiel, propose des recommandations ciblées et délivre "
            "l'attestation utile à la rémunération sur objectifs de santé publique.</p>",
        ),
        (
            "callout",
            "<p>Le référentiel et les outils ne se substituent jamais à la réglementation : "
            "le pharmacien titulaire reste responsable de la conformité de son officine.</p>",
        ),
    ],
}


THEMES = [
    # ------------------------------------------------------------------
    # Thème 3
    # ------------------------------------------------------------------
    {
        "number": 3,
        "title": "Prise en charge et information de l'utilisateur du système de santé",
        "introduction": (
            "Chaque passage à l'officine commence par un accueil et se poursuit par un échange. "
            "Ce thème décrit comment accueillir, écouter, informer et orienter l'utilisateur du "
            "système de santé dans le respect de la confidentialité, puis comment tenir compte de "
            "son avis pour améliorer le service rendu."
        ),
        "principles": [
            {
                "number": "3.1",
                "title": "Accueil de l'utilisateur",
                "objectives": (
                    "Garantir à chaque personne un accueil courtois, disponible et respectueux de la "
                    "confidentialité, au comptoir comme au téléphone."
                ),
                "body": [
                    ("heading", "Des règles d'accueil partagées par toute l'équipe"),
                    (
                        "paragraph",
                        "<p>L'accueil conditionne la qualité de l'échange qui suit. L'équipe définit "
                        "ensemble des règles simples, écrites et connues de tous :</p>"
                        "<ul>"
                        "<li><strong>accueil physique</strong> : saluer chaque personne, signaler "
                        "qu'on l'a vue même si l'on est occupé, limiter l'attente ;</li>"
                        "<li><strong>accueil téléphonique</strong> : formule de présentation commune, "
                        "identification de l'interlocuteur, prise de message avec rappel tracé ;</li>"
                        "<li><strong>méthode d'accueil structurée</strong> : qui accueille, comment "
                        "orienter vers le bon interlocuteur, comment passer le relais.</li>"
                        "</ul>",
                    ),
                    ("heading", "Des locaux qui facilitent l'échange"),
                    (
                        "paragraph",
                        "<p>Une <strong>ligne de confidentialité</strong> matérialisée au sol, des "
                        "chaises pour les personnes qui ne peuvent pas attendre debout et un espace "
                        "de confidentialité accessible permettent à chacun de parler librement. "
                        "Pensez aussi aux personnes à mobilité réduite, malentendantes ou ne "
                        "maîtrisant pas le français : des solutions simples (écrit, pictogrammes, "
                        "accompagnant) sont à prévoir.</p>",
                    ),
                    (
                        "callout",
                        "<p>Formalisez vos règles d'accueil physique et téléphonique, présentez-les "
                        "à chaque nouvel arrivant et revoyez-les en réunion d'équipe.</p>",
                    ),
                ],
            },
            {
                "number": "3.2",
                "title": "Écoute et information de l'utilisateur",
                "objectives": (
                    "Recueillir les informations utiles sur la personne et sa demande, lui délivrer "
                    "une information claire et adaptée, et l'orienter si nécessaire."
                ),
                "body": [
                    ("heading", "Poser les bonnes questions"),
                    (
                        "paragraph",
                        "<p>Une <strong>liste de questions systématiques</strong>, connue de toute "
                        "l'équipe, évite les oublis : pour qui est le produit ? quels symptômes, "
                        "depuis quand ? quels traitements en cours, quelles allergies ? grossesse ou "
                        "allaitement ? déjà essayé quelque chose ? Les réponses guident le conseil et "
                        "repèrent les situations qui dépassent le cadre officinal.</p>"
                        "<p>L'information délivrée est reformulée simplement et complétée par une "
                        "<strong>fiche conseil</strong> remise au patient quand elle existe.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Savoir orienter la personne",
                            "header": ["Situation repérée", "Orientation possible"],
                            "rows": [
                                ["Symptômes persistants ou inhabituels", "Médecin traitant ou téléconsultation"],
                                ["Signes de gravité, détresse vitale", "Appel du 15 (SAMU) ou des urgences"],
                                ["Difficultés sociales, isolement, renoncement aux soins", "Services sociaux, associations, CPAM"],
                                ["Question hors du champ de l'officine", "Professionnel de santé ou structure compétente"],
                            ],
                        },
                    ),
                    (
                        "callout",
                        "<p>Affichez en back-office les coordonnées utiles (médecins du secteur, "
                        "urgences, aide sociale) pour orienter sans perdre de temps.</p>",
                    ),
                ],
            },
            {
                "number": "3.3",
                "title": "Satisfaction de l'utilisateur",
                "objectives": (
                    "Recueillir l'avis des utilisateurs, traiter leurs réclamations et s'en servir "
                    "pour faire évoluer les pratiques de l'officine."
                ),
                "body": [
                    ("heading", "Écouter ce que disent les patients"),
                    (
                        "paragraph",
                        "<p>La satisfaction se mesure avec des moyens simples : questionnaire court "
                        "proposé au comptoir ou en ligne, boîte à suggestions, remarques notées par "
                        "l'équipe. Chaque <strong>réclamation</strong> reçoit une réponse : elle est "
                        "enregistrée, analysée puis clôturée, avec si besoin une action corrective.</p>",
                    ),
                    ("heading", "Transformer les retours en actions"),
                    (
                        "paragraph",
                        "<p>Les retours sont <strong>discutés en réunion d'équipe</strong> : qu'est-ce "
                        "qui fonctionne, qu'est-ce qui irrite, qu'est-ce qui peut changer dès "
                        "maintenant ? Les actions retenues (horaires, affichage, temps d'attente, "
                        "disponibilité d'un produit, confidentialité) sont suivies et leur effet "
                        "vérifié lors de l'enquête suivante. Informer les patients des améliorations "
                        "obtenues valorise leur participation.</p>",
                    ),
                    (
                        "callout",
                        "<p>Un retour patient, positif ou négatif, est une information précieuse : "
                        "tracez-le, partagez-le en équipe et donnez-lui une suite.</p>",
                    ),
                ],
            },
        ],
    },
    # ------------------------------------------------------------------
    # Thème 4
    # ------------------------------------------------------------------
    {
        "number": 4,
        "title": "Dispensation des médicaments et des autres produits autorisés",
        "introduction": (
            "La dispensation est le cœur du métier officinal. Ce thème couvre la dispensation sur "
            "prescription, au comptoir comme à domicile, le conseil sans ordonnance, la vente en "
            "ligne, les préparations et l'usage des dossiers partagés, avec un objectif constant : "
            "le bon produit, au bon patient, avec la bonne information."
        ),
        "principles": [
            {
                "number": "4.1",
                "title": "Dispensation en officine et à domicile de médicaments sur prescription",
                "objectives": (
                    "Sécuriser chaque étape de la dispensation sur ordonnance, de l'analyse "
                    "pharmaceutique à la remise du traitement, et détecter les erreurs avant "
                    "qu'elles n'atteignent le patient."
                ),
                "body": [
                    ("heading", "Une procédure écrite et partagée"),
                    (
                        "paragraph",
                        "<p>La procédure de dispensation suit un ordre logique :</p>"
                        "<ol>"
                        "<li>vérifier la personne, l'observance et l'indication ;</li>"
                        "<li>contrôler la validité de l'ordonnance (y compris électronique) et son "
                        "adéquation au profil du patient, en consultant le DP ;</li>"
                        "<li>rédiger une intervention pharmaceutique si nécessaire et garder une "
                        "trace écrite de chaque échange avec le prescripteur ;</li>"
                        "<li>vérifier le dispositif d'inviolabilité et l'identifiant unique de "
                        "chaque boîte (sérialisation).</li>"
                        "</ol>"
                        "<p>Les médicaments coûteux (prix unitaire supérieur à 300 €) font l'objet "
                        "de vérifications renforcées ; une suspicion de fausse ordonnance peut être "
                        "signalée via ASAFO-PHARMA.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Le double contrôle (mémo M11)",
                            "header": ["Modalité", "Principe", "Atouts", "Limites", "Facteur de réussite"],
                            "rows": [
                                ["En direct", "Avant la finalisation, un autre diplômé revérifie ordonnance et produits", "Patient interrogeable, correction immédiate", "Interrompt un collègue, difficile à justifier", "Implication de l'équipe"],
                                ["En différé", "En fin de demi-journée, un diplômé compare produits facturés et prescrits via le logiciel", "Réalisé au calme", "Contrôle partiel, correction plus tardive", "Un créneau quotidien dédié"],
                            ],
                        },
                    ),
                    (
                        "callout",
                        "<p>Le double contrôle ne remplace jamais l'analyse pharmaceutique. Toute "
                        "erreur détectée est tracée dans le registre des incidents de délivrance, "
                        "le patient est prévenu et l'erreur corrigée.</p>",
                    ),
                ],
            },
            {
                "number": "4.2",
                "title": "Dispensation sans prescription et des autres produits",
                "objectives": (
                    "Sécuriser le conseil et la dispensation des médicaments sans ordonnance et des "
                    "autres produits de santé, en évaluant chaque demande avant d'y répondre."
                ),
                "body": [
                    ("heading", "Évaluer avant de conseiller"),
                    (
                        "paragraph",
                        "<p>Une demande spontanée n'est pas une simple vente. L'équipe applique la "
                        "liste de questions systématiques (pour qui, quels symptômes, quels "
                        "traitements, quel terrain) et vérifie l'absence d'interaction ou de "
                        "contre-indication, idéalement en consultant le <strong>DP</strong>, qui "
                        "gagne à être alimenté aussi pour les médicaments sans ordonnance.</p>"
                        "<p>Le conseil précise la posologie, la durée maximale du traitement et les "
                        "signes qui doivent amener à consulter.</p>",
                    ),
                    ("heading", "Des compétences sur toutes les catégories de produits"),
                    (
                        "paragraph",
                        "<p>Dispositifs médicaux, compléments alimentaires, produits cosmétiques, "
                        "produits vétérinaires : chaque catégorie a ses règles et ses vigilances. "
                        "Des <strong>formations régulières</strong> sur l'ensemble des gammes "
                        "garantissent un conseil homogène, quel que soit le membre de l'équipe "
                        "présent au comptoir.</p>",
                    ),
                    (
                        "callout",
                        "<p>Savoir refuser ou orienter fait partie du conseil : en cas de doute ou "
                        "de signe d'alerte, adressez la personne au médecin.</p>",
                    ),
                ],
            },
            {
                "number": "4.3",
                "title": "Vente et dispensation en ligne",
                "objectives": (
                    "Offrir en ligne le même niveau de sécurité et de conseil qu'au comptoir, dans "
                    "le strict respect du cadre réglementaire du commerce électronique de médicaments."
                ),
                "body": [
                    ("heading", "Un prolongement de l'officine physique"),
                    (
                        "paragraph",
                        "<p>Le site de vente en ligne est rattaché à une officine et placé sous la "
                        "responsabilité de son pharmacien titulaire. Avant l'ouverture, l'officine "
                        "vérifie qu'elle dispose des autorisations requises et que le site affiche "
                        "les mentions obligatoires. Seuls les produits dont la vente en ligne est "
                        "autorisée peuvent être proposés.</p>",
                    ),
                    (
                        "paragraph",
                        "<p>Points à organiser :</p>"
                        "<ul>"
                        "<li>un <strong>questionnaire patient</strong> validé par un pharmacien "
                        "avant toute validation de commande de médicament ;</li>"
                        "<li>la possibilité d'un échange avec un pharmacien ;</li>"
                        "<li>des quantités limitées à un usage raisonnable ;</li>"
                        "<li>la préparation des colis à l'officine, avec respect de la chaîne du "
                        "froid et de la confidentialité ;</li>"
                        "<li>la protection des données de santé des clients.</li>"
                        "</ul>",
                    ),
                    (
                        "callout",
                        "<p>En ligne comme au comptoir, c'est le pharmacien qui valide la "
                        "dispensation : le site n'est qu'un canal de plus.</p>",
                    ),
                ],
            },
            {
                "number": "4.4",
                "title": "Préparations pharmaceutiques",
                "objectives": (
                    "Réaliser, ou faire réaliser, des préparations de qualité, contrôlées et "
                    "tracées, conformément aux bonnes pratiques de préparation."
                ),
                "body": [
                    ("heading", "De la demande à la remise"),
                    (
                        "paragraph",
                        "<p>Avant toute préparation, le pharmacien vérifie sa faisabilité : "
                        "pertinence de la formule, disponibilité et qualité des matières premières, "
                        "équipements du préparatoire. Si l'officine ne réalise pas elle-même la "
                        "préparation, elle la confie à une officine ou un établissement habilité, "
                        "dans le cadre prévu par la réglementation. Au moment de la remise, le patient "
                        "reçoit une information claire sur l'utilisation, la conservation et la durée "
                        "d'utilisation de la préparation.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Les contrôles à tracer",
                            "header": ["Étape", "Contrôle", "Trace conservée"],
                            "rows": [
                                ["Réception des matières premières", "Conformité, certificat d'analyse, péremption", "Fiche matière première"],
                                ["Préparation", "Formule, pesées, mode opératoire", "Fiche de fabrication"],
                                ["Contrôle final", "Aspect, masse ou volume, étiquetage", "Visa du pharmacien"],
                                ["Délivrance", "Identité du patient, information", "Enregistrement à l'ordonnancier"],
                            ],
                        },
                    ),
                    (
                        "callout",
                        "<p>Chaque préparation doit pouvoir être retracée : matières premières, "
                        "opérateur, contrôles et patient destinataire.</p>",
                    ),
                ],
            },
            {
                "number": "4.5",
                "title": "Usage du DP et du DMP",
                "objectives": (
                    "Consulter et alimenter systématiquement le Dossier Pharmaceutique et utiliser "
                    "les services de Mon espace santé pour sécuriser la dispensation et partager "
                    "l'information utile."
                ),
                "body": [
                    ("heading", "Le DP, un réflexe à chaque dispensation"),
                    (
                        "paragraph",
                        "<p>Créé par la loi du 30 janvier 2007, le <strong>Dossier "
                        "Pharmaceutique</strong> recense les médicaments dispensés au patient, quelle "
                        "que soit l'officine. Le pharmacien doit l'alimenter, sauf opposition du "
                        "patient ; sa création est automatique depuis avril 2023. Le consulter permet "
                        "de repérer redondances, interactions et problèmes d'observance.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Durées de conservation des données dans le DP",
                            "header": ["Type de produit", "Durée de conservation"],
                            "rows": [
                                ["Médicaments dispensés", "12 mois"],
                                ["Médicaments biologiques", "3 ans"],
                                ["Vaccins", "21 ans"],
                            ],
                        },
                    ),
                    (
                        "paragraph",
                        "<p>Depuis le 1er juillet 2021, aucun nouveau DMP ne peut être créé : "
                        "<strong>Mon espace santé</strong> a pris le relais. Lorsque le patient "
                        "l'a activé, l'officine peut y consulter ou y déposer des documents utiles "
                        "(vaccinations, comptes rendus), dans le respect de ses droits.</p>",
                    ),
                    (
                        "callout",
                        "<p>Consultez et alimentez le DP à chaque dispensation, avec ou sans "
                        "ordonnance, et informez le patient de son droit d'opposition.</p>",
                    ),
                ],
            },
        ],
    },
    # ------------------------------------------------------------------
    # Thème 5
    # ------------------------------------------------------------------
    {
        "number": 5,
        "title": "Missions et services",
        "introduction": (
            "Au-delà de la dispensation, l'officine propose un nombre croissant de missions et de "
            "services : prévention, vaccination, dépistage, accompagnement des patients, télésanté. "
            "Ce thème aide à choisir les services adaptés aux besoins de la patientèle, puis à les "
            "organiser et les tracer avec la même exigence que la dispensation."
        ),
        "principles": [
            {
                "number": "5.1",
                "title": "Stratégie de services",
                "objectives": (
                    "Définir une politique de services cohérente avec les besoins des utilisateurs "
                    "et les ressources de l'officine, partagée avec toute l'équipe."
                ),
                "body": [
                    ("heading", "Partir des besoins des utilisateurs"),
                    (
                        "paragraph",
                        "<p>Une stratégie de services commence par un état des lieux : profil de la "
                        "patientèle (âge, pathologies chroniques, familles, résidents d'EHPAD), "
                        "demandes fréquentes au comptoir, offre de soins du territoire, compétences "
                        "et disponibilité de l'équipe, configuration des locaux.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Questions pour bâtir la politique de services",
                            "header": ["Question", "Exemple de réponse"],
                            "rows": [
                                ["Quels besoins observons-nous ?", "Nombreux patients sous anticoagulants oraux"],
                                ["Quel service y répond ?", "Entretiens pharmaceutiques"],
                                ["Avons-nous les moyens ?", "Deux pharmaciens formés, espace de confidentialité"],
                                ["Comment le faire connaître ?", "Affichage, proposition au comptoir, médecins du secteur"],
                                ["Comment mesurer le résultat ?", "Nombre d'entretiens, retours des patients"],
                            ],
                        },
                    ),
                    (
                        "paragraph",
                        "<p>La politique retenue est <strong>discutée et validée avec l'équipe</strong>, "
                        "écrite, puis revue chaque année à la lumière des résultats et de "
                        "l'auto-évaluation.</p>",
                    ),
                    (
                        "callout",
                        "<p>Mieux vaut quelques services bien organisés qu'une offre large mais "
                        "irrégulière : priorisez selon les besoins réels.</p>",
                    ),
                ],
            },
            {
                "number": "5.2",
                "title": "Organisation des services",
                "objectives": (
                    "Organiser chaque service retenu de façon fiable : responsable identifié, "
                    "équipe formée, planning, locaux et traçabilité."
                ),
                "body": [
                    ("heading", "Un cadre commun à tous les services"),
                    (
                        "paragraph",
                        "<p>Qu'il s'agisse de vaccination, de dépistage ou d'entretiens, chaque "
                        "service repose sur les mêmes fondations. Les formaliser une fois évite "
                        "l'improvisation et garantit la continuité lorsque le référent est absent. Un "
                        "point régulier en réunion d'équipe permet de suivre l'activité de chaque "
                        "service, de recueillir les difficultés et d'ajuster l'organisation.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Les éléments à organiser pour chaque service",
                            "header": ["Élément", "Attendu"],
                            "rows": [
                                ["Référent", "Un membre de l'équipe nommé pour chaque service"],
                                ["Compétences", "Équipe formée, attestations conservées"],
                                ["Planning", "Créneaux dédiés, prise de rendez-vous"],
                                ["Locaux", "Espace de confidentialité disponible et adapté"],
                                ["Procédure", "Déroulé écrit, matériel nécessaire, conduite en cas d'incident"],
                                ["Traçabilité", "Enregistrement de chaque acte, transmission au médecin si besoin"],
                            ],
                        },
                    ),
                    (
                        "callout",
                        "<p>Un service n'est réellement en place que s'il fonctionne aussi en "
                        "l'absence de son référent : documentez-le.</p>",
                    ),
                ],
            },
            {
                "number": "5.3",
                "title": "Urgences et premiers secours",
                "objectives": (
                    "Savoir réagir face à une urgence à l'officine ou à proximité, avec une équipe "
                    "formée, un matériel prêt et une conduite à tenir connue de tous."
                ),
                "body": [
                    ("heading", "Se préparer avant l'urgence"),
                    (
                        "paragraph",
                        "<p>L'officine est souvent le premier lieu de soins sollicité. Pour réagir "
                        "vite et juste :</p>"
                        "<ul>"
                        "<li>un <strong>arbre décisionnel</strong> affiché en back-office : quand "
                        "soigner sur place, quand orienter, quand appeler le 15 ;</li>"
                        "<li>une trousse de premiers secours complète, vérifiée régulièrement ;</li>"
                        "<li>une équipe formée aux gestes de premiers secours, formation "
                        "entretenue ;</li>"
                        "<li>les numéros d'urgence visibles près du téléphone.</li>"
                        "</ul>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Registre des premiers secours : colonnes suggérées",
                            "header": ["Date et heure", "Personne prise en charge", "Motif", "Soins ou orientation", "Intervenant"],
                            "rows": [
                                ["12/03, 10 h 15", "Adulte, chute sur le trottoir", "Plaie superficielle au genou", "Nettoyage, pansement, conseils", "Pharmacien adjoint"],
                            ],
                        },
                    ),
                    (
                        "callout",
                        "<p>Tenez un registre des premiers secours : il trace vos interventions et "
                        "aide à ajuster le matériel et les formations.</p>",
                    ),
                ],
            },
            {
                "number": "5.4",
                "title": "Prévention et promotion de la santé",
                "objectives": (
                    "Faire de l'officine un relais actif de prévention, en participant aux campagnes "
                    "de santé publique et en délivrant des messages adaptés à chaque personne."
                ),
                "body": [
                    ("heading", "Un relais de proximité"),
                    (
                        "paragraph",
                        "<p>Par sa proximité et son amplitude horaire, l'officine touche des personnes "
                        "qui consultent peu. Elle peut relayer les <strong>campagnes nationales et "
                        "régionales</strong> (vaccination, arrêt du tabac, dépistage organisé, bon "
                        "usage des antibiotiques, exposition au soleil) et saisir chaque occasion "
                        "pour un message de prévention bref et personnalisé.</p>",
                    ),
                    ("heading", "S'organiser pour durer"),
                    (
                        "paragraph",
                        "<p>Un <strong>calendrier annuel</strong> des thèmes, un espace dédié à la "
                        "documentation, des <strong>fiches conseil</strong> à remettre et une "
                        "équipe briefée avant chaque campagne rendent l'action visible et cohérente. "
                        "Les documents diffusés proviennent de sources institutionnelles fiables et "
                        "sont régulièrement mis à jour. Les actions menées sont tracées (thème, dates, "
                        "personnes sensibilisées) pour en dresser le bilan en fin d'année.</p>",
                    ),
                    (
                        "callout",
                        "<p>Une campagne par période, préparée en équipe, a plus d'impact qu'une "
                        "vitrine chargée : choisissez et préparez vos thèmes à l'avance.</p>",
                    ),
                ],
            },
            {
                "number": "5.5",
                "title": "Location de dispositifs médicaux",
                "objectives": (
                    "Louer des dispositifs médicaux fiables, propres et entretenus, accompagnés "
                    "d'une information claire sur leur utilisation."
                ),
                "body": [
                    ("heading", "Du prêt à la restitution"),
                    (
                        "paragraph",
                        "<p>Tire-lait, fauteuils roulants, béquilles, lits médicalisés : la location "
                        "engage la responsabilité de l'officine sur l'état du matériel. À la remise, "
                        "le patient ou son aidant reçoit une démonstration et une notice ; à la "
                        "restitution, le matériel est contrôlé, nettoyé et désinfecté selon une "
                        "procédure écrite avant toute nouvelle location. Les conditions de location "
                        "(durée, tarif, prise en charge, responsabilités en cas de dommage) sont "
                        "expliquées au patient et formalisées par écrit.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Fiche de vie d'un dispositif loué",
                            "header": ["Rubrique", "Contenu"],
                            "rows": [
                                ["Identification", "Type de dispositif, marque, numéro de série"],
                                ["Locations", "Patient, dates de début et de fin"],
                                ["Entretien", "Date de nettoyage et de désinfection, intervenant"],
                                ["Maintenance", "Contrôles, réparations, prestataire"],
                                ["Incidents", "Dysfonctionnement constaté, signalement de matériovigilance"],
                            ],
                        },
                    ),
                    (
                        "callout",
                        "<p>Chaque dispositif loué a sa fiche de vie : elle prouve l'entretien et "
                        "permet de retrouver le matériel en cas d'alerte.</p>",
                    ),
                ],
            },
            {
                "number": "5.6",
                "title": "Préparation des doses à administrer (PDA)",
                "objectives": (
                    "Sécuriser la préparation des doses à administrer, à l'officine ou pour un "
                    "établissement, par un processus écrit, contrôlé et tracé."
                ),
                "body": [
                    ("heading", "Un processus maîtrisé de bout en bout"),
                    (
                        "paragraph",
                        "<p>La PDA consiste à préparer, à partir des prescriptions, les doses à "
                        "administrer à un patient sur une période donnée. Elle exige :</p>"
                        "<ul>"
                        "<li>une convention lorsqu'elle est réalisée pour un établissement, "
                        "précisant les responsabilités de chacun ;</li>"
                        "<li>un local ou un espace dédié, propre et sans interruption ;</li>"
                        "<li>un personnel formé et habilité ;</li>"
                        "<li>une analyse pharmaceutique préalable de chaque prescription.</li>"
                        "</ul>",
                    ),
                    ("heading", "Contrôler et tracer"),
                    (
                        "paragraph",
                        "<p>Chaque pilulier ou sachet est identifié (patient, médicament, dosage, "
                        "moment de prise, numéro de lot et date de péremption) et fait l'objet d'un "
                        "<strong>contrôle avant livraison</strong>. Les modifications de traitement "
                        "en cours de période suivent une procédure écrite. Toute erreur détectée est "
                        "enregistrée et analysée.</p>",
                    ),
                    (
                        "callout",
                        "<p>Pas de PDA sans analyse de l'ordonnance, sans contrôle final ni "
                        "traçabilité des lots.</p>",
                    ),
                ],
            },
            {
                "number": "5.7",
                "title": "Vaccination",
                "objectives": (
                    "Proposer la vaccination à l'officine dans des conditions de sécurité "
                    "optimales, avec une équipe formée, un circuit maîtrisé et une traçabilité "
                    "complète."
                ),
                "body": [
                    ("heading", "Avant, pendant, après l'injection"),
                    (
                        "paragraph",
                        "<ul>"
                        "<li><strong>Avant</strong> : vérifier que le pharmacien vaccinateur a suivi "
                        "la formation requise, préparer l'espace de confidentialité, contrôler "
                        "la conservation des vaccins au réfrigérateur et la disponibilité de la "
                        "trousse d'urgence ;</li>"
                        "<li><strong>Pendant</strong> : recueillir le consentement, rechercher les "
                        "contre-indications, respecter les règles d'hygiène et d'élimination des "
                        "déchets piquants ;</li>"
                        "<li><strong>Après</strong> : surveiller la personne quelques instants, "
                        "tracer l'acte et informer le médecin traitant si nécessaire.</li>"
                        "</ul>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Où tracer la vaccination",
                            "header": ["Support", "Information"],
                            "rows": [
                                ["Logiciel de l'officine", "Vaccin, lot, date, vaccinateur"],
                                ["Dossier Pharmaceutique", "Vaccin dispensé, conservé 21 ans"],
                                ["Mon espace santé", "Carnet de vaccination du patient"],
                            ],
                        },
                    ),
                    (
                        "paragraph",
                        "<p>Le planning tient compte des campagnes saisonnières : commandes "
                        "anticipées, créneaux dédiés, équipe informée des recommandations "
                        "vaccinales en vigueur et de la conduite à tenir en cas de malaise.</p>",
                    ),
                    (
                        "callout",
                        "<p>Tout effet indésirable après vaccination doit être déclaré au titre de "
                        "la pharmacovigilance.</p>",
                    ),
                ],
            },
            {
                "number": "5.8",
                "title": "Livraison à domicile – portage",
                "objectives": (
                    "Garantir, lors d'une livraison au domicile, la même sécurité qu'au comptoir : "
                    "bon destinataire, conservation préservée, confidentialité et information."
                ),
                "body": [
                    ("heading", "Quand le patient ne peut pas se déplacer"),
                    (
                        "paragraph",
                        "<p>Le portage s'adresse aux personnes dont la situation le justifie "
                        "(perte d'autonomie, isolement, sortie d'hospitalisation) et s'exerce dans "
                        "le respect des conditions réglementaires. La dispensation reste réalisée "
                        "par l'officine : analyse de l'ordonnance, double contrôle, conseils écrits "
                        "joints si le pharmacien n'accompagne pas la livraison. Les modalités (jours, "
                        "horaires, secteurs desservis, personnes chargées de la livraison) sont "
                        "définies à l'avance et connues de l'équipe.</p>",
                    ),
                    ("heading", "Points de vigilance"),
                    (
                        "paragraph",
                        "<ul>"
                        "<li>paquet scellé, opaque et nominatif ;</li>"
                        "<li>conditionnement isotherme pour les produits de la chaîne du froid ;</li>"
                        "<li>remise à la bonne personne, vérification de l'identité ;</li>"
                        "<li>trace de la livraison : date, heure, personne ayant reçu le colis ;</li>"
                        "<li>possibilité pour le patient de joindre un pharmacien.</li>"
                        "</ul>",
                    ),
                    (
                        "callout",
                        "<p>Livrer, c'est encore dispenser : analyse, contrôle, confidentialité et "
                        "conseil restent dus au patient.</p>",
                    ),
                ],
            },
            {
                "number": "5.9",
                "title": "Dépistage des maladies infectieuses et non transmissibles",
                "objectives": (
                    "Réaliser des tests et orienter les personnes dépistées dans un cadre sécurisé, "
                    "et accompagner le bon usage des autotests."
                ),
                "body": [
                    ("heading", "Tests rapides et autotests"),
                    (
                        "paragraph",
                        "<p>L'officine peut réaliser certains tests rapides d'orientation "
                        "diagnostique et participer au dépistage de maladies chroniques ou au "
                        "dépistage organisé de certains cancers. Chaque test suit une procédure "
                        "écrite : indication, recueil du consentement, réalisation dans l'espace de "
                        "confidentialité, interprétation, élimination des déchets.</p>"
                        "<p>Lors de la délivrance d'un <strong>autotest</strong>, l'équipe "
                        "<strong>explique</strong> son utilisation, sa fiabilité et la conduite à "
                        "tenir selon le résultat.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Conduite à tenir selon le résultat",
                            "header": ["Résultat", "Action"],
                            "rows": [
                                ["Positif ou anormal", "Orientation vers le médecin, remise d'un compte rendu écrit"],
                                ["Négatif", "Explication des limites du test, conseils de prévention"],
                                ["Non interprétable", "Nouveau test ou orientation"],
                            ],
                        },
                    ),
                    (
                        "callout",
                        "<p>Un dépistage n'a de sens que si la personne sait quoi faire ensuite : "
                        "tracez le résultat et l'orientation proposée.</p>",
                    ),
                ],
            },
            {
                "number": "5.10",
                "title": "Bilan partagé de médication",
                "objectives": (
                    "Optimiser le traitement des patients polymédiqués grâce à une analyse "
                    "structurée de l'ensemble de leurs médicaments, menée en lien avec le médecin "
                    "traitant."
                ),
                "body": [
                    ("heading", "Une démarche en plusieurs temps"),
                    (
                        "paragraph",
                        "<ol>"
                        "<li><strong>Recrutement</strong> : proposer le bilan aux patients éligibles "
                        "et recueillir leur accord ;</li>"
                        "<li><strong>Entretien de recueil</strong> : lister tous les traitements, "
                        "y compris sans ordonnance, et les difficultés rencontrées ;</li>"
                        "<li><strong>Analyse</strong> des traitements et transmission des "
                        "propositions au médecin traitant ;</li>"
                        "<li><strong>Entretien conseil</strong> avec le patient ;</li>"
                        "<li><strong>Suivi</strong> de l'observance et des changements.</li>"
                        "</ol>",
                    ),
                    ("heading", "Les conditions de réussite"),
                    (
                        "paragraph",
                        "<p>Un pharmacien formé, du temps réservé dans le planning, l'espace de "
                        "confidentialité et des outils d'analyse à jour. La consultation du DP "
                        "aide à obtenir une liste complète. Les échanges avec le médecin passent de "
                        "préférence par une messagerie sécurisée de santé (MSSanté) et sont tracés "
                        "dans le dossier du patient.</p>",
                    ),
                    (
                        "callout",
                        "<p>Le bilan partagé de médication est un travail d'équipe avec le "
                        "médecin : sans transmission ni suivi, il perd son intérêt.</p>",
                    ),
                ],
            },
            {
                "number": "5.11",
                "title": "Entretien pharmaceutique",
                "objectives": (
                    "Accompagner les patients atteints de pathologies chroniques ou présentant des "
                    "besoins particuliers par des entretiens structurés favorisant le bon usage et "
                    "l'observance."
                ),
                "body": [
                    ("heading", "Structurer l'entretien"),
                    (
                        "paragraph",
                        "<p>Les entretiens pharmaceutiques concernent notamment les patients sous "
                        "anticoagulants oraux ou sous corticoïdes inhalés pour un asthme. Ils se "
                        "déroulent dans l'espace de confidentialité, sur rendez-vous, à l'aide de "
                        "supports adaptés : évaluation des connaissances du patient, explication du "
                        "traitement, repérage des difficultés, conseils personnalisés.</p>",
                    ),
                    (
                        "paragraph",
                        "<p>Bonnes pratiques :</p>"
                        "<ul>"
                        "<li>proposer l'entretien au moment opportun (initiation, renouvellement) ;</li>"
                        "<li>le préparer en amont : historique du DP, traitements en cours, points "
                        "à aborder ;</li>"
                        "<li>évaluer à chaque rendez-vous les progrès du patient et ses "
                        "difficultés persistantes ;</li>"
                        "<li>utiliser un guide d'entretien commun à l'équipe ;</li>"
                        "<li>tracer chaque entretien et planifier le suivant ;</li>"
                        "<li>informer le médecin traitant lorsque c'est utile.</li>"
                        "</ul>",
                    ),
                    (
                        "callout",
                        "<p>Un entretien réussi se termine par un objectif clair pour le patient "
                        "et une date de suivi.</p>",
                    ),
                ],
            },
            {
                "number": "5.12",
                "title": "Éducation thérapeutique",
                "objectives": (
                    "Contribuer aux programmes d'éducation thérapeutique du patient pour l'aider à "
                    "acquérir les compétences nécessaires à la gestion de sa maladie chronique."
                ),
                "body": [
                    ("heading", "Participer à un programme"),
                    (
                        "paragraph",
                        "<p>L'éducation thérapeutique du patient (ETP) s'inscrit dans des "
                        "programmes structurés et autorisés, conduits par des équipes "
                        "pluriprofessionnelles. Le pharmacien peut y intervenir s'il a suivi la "
                        "formation requise : ateliers collectifs, séances individuelles, "
                        "apprentissage des gestes techniques (dispositifs d'inhalation, stylos "
                        "injecteurs, autosurveillance). Il s'approprie les objectifs du programme et "
                        "transmet aux autres intervenants les observations utiles au suivi du "
                        "patient.</p>",
                    ),
                    ("heading", "Au quotidien, à l'officine"),
                    (
                        "paragraph",
                        "<p>Même hors programme, l'équipe renforce les acquis du patient à chaque "
                        "passage : vérifier la technique d'utilisation d'un dispositif, reprendre "
                        "un point mal compris, encourager. L'officine tient à jour la liste des "
                        "programmes existants sur son territoire pour y orienter les patients "
                        "concernés.</p>",
                    ),
                    (
                        "callout",
                        "<p>Identifiez les programmes d'ETP de votre territoire et les membres de "
                        "l'équipe formés pour y participer ou y orienter.</p>",
                    ),
                ],
            },
            {
                "number": "5.13",
                "title": "Coopération interprofessionnelle – parcours coordonné de soins",
                "objectives": (
                    "Travailler en coordination avec les autres professionnels de santé pour "
                    "assurer la continuité et la sécurité du parcours du patient."
                ),
                "body": [
                    ("heading", "Mieux se coordonner pour éviter les ruptures"),
                    (
                        "paragraph",
                        "<p>Les défauts de coordination sont une cause majeure d'événements "
                        "évitables, notamment lors des sorties d'hospitalisation ou de la "
                        "dispensation par la pharmacie hospitalière de médicaments réservés "
                        "(rétrocession). L'officine identifie ses interlocuteurs (médecins, "
                        "infirmiers, pharmacie hospitalière, structures d'exercice coordonné) et "
                        "échange par messagerie sécurisée MSSanté.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Rétrocession : six événements à ne jamais laisser survenir",
                            "header": ["Événement", "Parade possible"],
                            "rows": [
                                ["Interaction entre traitements de ville et hospitaliers", "Enregistrer les médicaments rétrocédés dans le DP"],
                                ["Patient non informé des règles de dispensation hospitalière", "Expliquer le circuit et les horaires"],
                                ["Interruption de traitement", "Anticiper les renouvellements"],
                                ["Contraintes de prescription ou de dispensation non respectées", "Vérifier l'ordonnance et ses conditions"],
                                ["Absence de suivi thérapeutique", "Convenir du suivi avec l'équipe hospitalière"],
                                ["Confidentialité non respectée", "Échanges sécurisés et espace dédié"],
                            ],
                        },
                    ),
                    (
                        "callout",
                        "<p>La cause commune de ces événements est un défaut de coordination : "
                        "formalisez vos circuits d'échange avec les autres professionnels.</p>",
                    ),
                ],
            },
            {
                "number": "5.14",
                "title": "Télésanté",
                "objectives": (
                    "Proposer des actes de télésanté, notamment l'accompagnement de "
                    "téléconsultations, avec un équipement adapté et dans le respect de la "
                    "confidentialité."
                ),
                "body": [
                    ("heading", "Accompagner une téléconsultation"),
                    (
                        "paragraph",
                        "<p>La téléconsultation à l'officine facilite l'accès au médecin, notamment "
                        "dans les territoires sous-dotés. Elle nécessite :</p>"
                        "<ul>"
                        "<li>un <strong>espace confidentiel</strong> fermé ou isolé ;</li>"
                        "<li>une solution logicielle sécurisée ;</li>"
                        "<li>des <strong>objets connectés</strong> (tensiomètre, oxymètre, "
                        "otoscope, stéthoscope…) entretenus et désinfectés.</li>"
                        "</ul>"
                        "<p>Une aide à l'équipement de 1 225 € est prévue la première année.</p>",
                    ),
                    ("heading", "Organiser le service"),
                    (
                        "paragraph",
                        "<p>L'équipe est formée à l'installation du patient et à l'usage des "
                        "appareils. Une procédure précise l'accueil, le recueil du consentement, "
                        "le rôle du membre de l'équipe qui assiste, la suite donnée à "
                        "l'ordonnance éventuelle et la traçabilité de l'acte. Le télésoin, qui permet "
                        "au pharmacien d'accompagner un patient à distance, obéit aux mêmes exigences "
                        "de confidentialité et de traçabilité.</p>",
                    ),
                    (
                        "callout",
                        "<p>Vérifiez régulièrement le fonctionnement du matériel de téléconsultation "
                        "pour ne jamais faire attendre un patient.</p>",
                    ),
                ],
            },
        ],
    },
    # ------------------------------------------------------------------
    # Thème 6
    # ------------------------------------------------------------------
    {
        "number": 6,
        "title": "Moyens nécessaires au fonctionnement de l'officine",
        "introduction": (
            "La qualité du service rendu repose sur des fondations solides : une organisation claire, "
            "des compétences entretenues, des locaux, des équipements et des systèmes d'information "
            "maîtrisés. Ce thème rassemble aussi les processus de sécurité sanitaire (alertes, "
            "ruptures, vigilances, chaîne du froid) et la démarche d'amélioration continue."
        ),
        "principles": [
            {
                "number": "6.1",
                "title": "Responsabilités et tâches",
                "objectives": (
                    "Définir clairement qui fait quoi à l'officine, afin que chaque tâche ait un "
                    "responsable et que chaque membre de l'équipe connaisse son rôle."
                ),
                "body": [
                    ("heading", "Clarifier les rôles"),
                    (
                        "paragraph",
                        "<p>Un organigramme à jour, des <strong>fiches de poste</strong> et un "
                        "tableau de répartition des tâches précisent les responsabilités de chacun, "
                        "dans le respect des compétences réglementaires de chaque fonction. Les "
                        "délégations sont écrites et connues.</p>",
                    ),
                    (
                        "paragraph",
                        "<p>La répartition est revue à chaque changement dans l'équipe ou à "
                        "l'ouverture d'un nouveau service. Affiché en back-office, le tableau des "
                        "tâches permet à chacun de savoir à qui s'adresser, en particulier pour les "
                        "situations urgentes : alerte sanitaire, panne du réfrigérateur, incident "
                        "de délivrance.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Exemples de responsabilités à attribuer",
                            "header": ["Mission", "Responsable", "Suppléant"],
                            "rows": [
                                ["Responsable qualité", "Pharmacien adjoint", "Titulaire"],
                                ["Alertes sanitaires", "Pharmacien présent", "Préparateur désigné"],
                                ["Chaîne du froid", "Préparateur référent", "Pharmacien adjoint"],
                                ["Vaccination", "Pharmacien référent", "Autre pharmacien formé"],
                                ["Gestion des périmés", "Préparateur référent", "Apprenti encadré"],
                            ],
                        },
                    ),
                    (
                        "callout",
                        "<p>Nommez un référent, et un suppléant, pour chaque service et chaque "
                        "processus sensible, ainsi qu'un responsable qualité.</p>",
                    ),
                ],
            },
            {
                "number": "6.2",
                "title": "Gestion des compétences",
                "objectives": (
                    "Disposer en permanence des compétences nécessaires aux activités de l'officine "
                    "grâce à l'accueil des nouveaux arrivants, à la formation continue et à leur "
                    "suivi."
                ),
                "body": [
                    ("heading", "Recenser, former, tracer"),
                    (
                        "paragraph",
                        "<p>La gestion des compétences commence par un état des lieux : quelles "
                        "activités, quelles compétences requises, qui les détient ? Les écarts "
                        "alimentent un <strong>plan de formation</strong> annuel, construit avec "
                        "l'équipe lors des entretiens individuels, qui couvre toutes les catégories "
                        "de produits et les nouveaux services. L'efficacité des formations est ensuite "
                        "vérifiée sur le terrain : la connaissance ou le geste est-il maîtrisé au "
                        "comptoir ?</p>",
                    ),
                    (
                        "paragraph",
                        "<ul>"
                        "<li>un parcours d'intégration pour chaque nouvel arrivant (procédures, "
                        "logiciel, règles d'accueil) ;</li>"
                        "<li>la conservation des <strong>diplômes</strong> et des "
                        "<strong>attestations de formation</strong> ;</li>"
                        "<li>le suivi de l'obligation de développement professionnel continu ;</li>"
                        "<li>le partage en équipe des acquis de chaque formation.</li>"
                        "</ul>",
                    ),
                    (
                        "callout",
                        "<p>Un tableau des compétences, tenu à jour, montre d'un coup d'œil qui "
                        "peut assurer chaque activité et où former en priorité.</p>",
                    ),
                ],
            },
            {
                "number": "6.3",
                "title": "Gestion des alertes sanitaires (retraits/rappels)",
                "objectives": (
                    "Traiter chaque alerte sanitaire sans délai et de façon tracée, pour que "
                    "les produits concernés soient retirés et les patients informés si nécessaire."
                ),
                "body": [
                    ("heading", "Une procédure connue de tous"),
                    (
                        "paragraph",
                        "<p>Les alertes (retraits et rappels de lots, informations de sécurité) "
                        "arrivent notamment via le Dossier Pharmaceutique et les autorités de "
                        "santé. La <strong>procédure alertes sanitaires</strong> précise qui les "
                        "consulte, plusieurs fois par jour, et qui agit en l'absence du "
                        "référent.</p>",
                    ),
                    (
                        "paragraph",
                        "<ol>"
                        "<li>prendre connaissance de l'alerte et de son niveau ;</li>"
                        "<li>rechercher les lots concernés dans le stock, les commandes, les "
                        "piluliers de PDA et les produits en location ;</li>"
                        "<li>mettre en quarantaine et retourner selon les consignes ;</li>"
                        "<li>si demandé, identifier et contacter les patients concernés ;</li>"
                        "<li>tracer l'action : date, lots trouvés, quantités, intervenant.</li>"
                        "</ol>",
                    ),
                    (
                        "callout",
                        "<p>Une alerte traitée mais non tracée est une alerte dont on ne peut pas "
                        "prouver le traitement : archivez chaque action.</p>",
                    ),
                ],
            },
            {
                "number": "6.4",
                "title": "Continuité des soins (ruptures)",
                "objectives": (
                    "Limiter l'impact des ruptures d'approvisionnement sur les patients en "
                    "anticipant, en cherchant des solutions et en informant."
                ),
                "body": [
                    ("heading", "Face à une rupture"),
                    (
                        "paragraph",
                        "<p>Les ruptures de stock et d'approvisionnement perturbent les traitements. "
                        "L'officine déclare les ruptures constatées via le service dédié du Dossier "
                        "Pharmaceutique, suit les recommandations des autorités de santé et "
                        "organise une réponse homogène au sein de l'équipe.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Conduite à tenir en cas de rupture",
                            "header": ["Situation", "Action"],
                            "rows": [
                                ["Produit momentanément indisponible", "Interroger les autres circuits d'approvisionnement, prévenir le patient du délai"],
                                ["Rupture durable", "Contacter le prescripteur pour une alternative, tracer l'échange"],
                                ["Médicament d'intérêt thérapeutique majeur en rupture active, sans stock", "Demande de dépannage d'urgence patient au laboratoire via le service du DP"],
                                ["Patient à risque d'interruption", "Anticiper les renouvellements, orienter si nécessaire"],
                            ],
                        },
                    ),
                    (
                        "paragraph",
                        "<p>La demande de <strong>dépannage d'urgence</strong> est tracée : le "
                        "laboratoire abonné au service y répond directement.</p>",
                    ),
                    (
                        "callout",
                        "<p>Ne laissez jamais un patient repartir sans solution ni information : "
                        "alternative, délai ou orientation.</p>",
                    ),
                ],
            },
            {
                "number": "6.5",
                "title": "Gestion des vigilances",
                "objectives": (
                    "Connaître l'ensemble des vigilances sanitaires et déclarer les événements "
                    "indésirables liés aux produits dispensés."
                ),
                "body": [
                    ("heading", "Toutes les vigilances concernent l'officine"),
                    (
                        "paragraph",
                        "<p>L'officine dispense des produits de natures très diverses : chaque "
                        "membre de l'équipe doit savoir reconnaître un événement indésirable et "
                        "savoir comment le déclarer, notamment via le portail national de "
                        "signalement des événements sanitaires indésirables.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Principales vigilances et exemples à l'officine",
                            "header": ["Vigilance", "Produits concernés", "Exemple"],
                            "rows": [
                                ["Pharmacovigilance", "Médicaments, vaccins", "Éruption après l'introduction d'un antibiotique"],
                                ["Matériovigilance", "Dispositifs médicaux", "Lecteur de glycémie défaillant"],
                                ["Réactovigilance", "Dispositifs de diagnostic in vitro", "Autotest donnant des résultats incohérents"],
                                ["Cosmétovigilance", "Produits cosmétiques", "Réaction cutanée après une crème"],
                                ["Nutrivigilance", "Compléments alimentaires", "Troubles digestifs après un complément"],
                                ["Addictovigilance", "Substances psychoactives", "Usage détourné d'un médicament"],
                            ],
                        },
                    ),
                    (
                        "callout",
                        "<p>Sensibilisez toute l'équipe aux vigilances : un signalement, même en "
                        "cas de doute, contribue à la sécurité de tous les patients.</p>",
                    ),
                ],
            },
            {
                "number": "6.6",
                "title": "Respect de la chaîne du froid",
                "objectives": (
                    "Garantir la conservation des produits thermosensibles de la réception à la "
                    "remise au patient."
                ),
                "body": [
                    ("heading", "Maîtriser chaque maillon"),
                    (
                        "paragraph",
                        "<p>Vaccins, insulines et autres produits thermosensibles perdent leur "
                        "efficacité s'ils ne sont pas conservés à la température indiquée sur leur "
                        "conditionnement. Un réfrigérateur dédié, non surchargé et équipé d'un "
                        "enregistreur de température est indispensable. Pour le transport, notamment "
                        "lors d'une livraison, des contenants isothermes adaptés, préparés selon "
                        "des consignes écrites, préservent les produits jusqu'au patient.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Contrôles de la chaîne du froid",
                            "header": ["Moment", "Contrôle", "Trace"],
                            "rows": [
                                ["Réception", "Rangement immédiat des produits froids", "Heure de mise au froid"],
                                ["Stockage", "Relevé des températures, alarme", "Relevés et alertes archivés"],
                                ["Dispensation", "Remise en sac isotherme, conseils de conservation", "Conseil donné"],
                                ["Incident", "Excursion de température", "Fiche d'incident, décision sur les produits"],
                            ],
                        },
                    ),
                    (
                        "callout",
                        "<p>Écrivez la conduite à tenir en cas de panne ou d'excursion de "
                        "température : qui prévenir, où transférer les produits, comment décider "
                        "de leur utilisation.</p>",
                    ),
                ],
            },
            {
                "number": "6.7",
                "title": "Adéquation des locaux",
                "objectives": (
                    "Disposer de locaux adaptés aux activités exercées, accessibles, entretenus "
                    "et permettant la confidentialité des échanges."
                ),
                "body": [
                    ("heading", "Des espaces adaptés à chaque activité"),
                    (
                        "paragraph",
                        "<p>Les locaux évoluent avec les missions de l'officine. Il est utile de "
                        "vérifier régulièrement leur adéquation :</p>"
                        "<ul>"
                        "<li>espace d'accueil clair, avec ligne de confidentialité et sièges ;</li>"
                        "<li><strong>espace de confidentialité</strong> pour les entretiens, la "
                        "vaccination, les tests et la téléconsultation ;</li>"
                        "<li>préparatoire et zone de PDA séparés des flux ;</li>"
                        "<li>zones de stockage adaptées, dont une zone de quarantaine pour les "
                        "produits retirés ou retournés ;</li>"
                        "<li>accessibilité aux personnes à mobilité réduite.</li>"
                        "</ul>",
                    ),
                    ("heading", "Entretien et hygiène"),
                    (
                        "paragraph",
                        "<p>Un plan de nettoyage précise les surfaces, la fréquence, les produits "
                        "utilisés et la personne responsable. Les opérations sont tracées, en "
                        "particulier pour le préparatoire et l'espace de soins.</p>",
                    ),
                    (
                        "callout",
                        "<p>Faites le tour de l'officine avec les yeux d'un patient : "
                        "confidentialité, accessibilité et propreté sont-elles au rendez-vous ?</p>",
                    ),
                ],
            },
            {
                "number": "6.8",
                "title": "Adéquation des équipements",
                "objectives": (
                    "Disposer d'équipements adaptés, fiables et entretenus, dont le bon "
                    "fonctionnement est vérifié et tracé."
                ),
                "body": [
                    ("heading", "Inventorier et entretenir"),
                    (
                        "paragraph",
                        "<p>L'officine tient un <strong>inventaire de ses équipements</strong> : "
                        "réfrigérateurs, enregistreurs de température, balances du préparatoire, "
                        "matériel de téléconsultation et de dépistage, automate de délivrance, "
                        "dispositifs médicaux loués. Pour chacun, une fiche de vie indique la "
                        "maintenance prévue et les contrôles réalisés. Les modes d'emploi restent "
                        "accessibles à l'équipe et chaque panne est enregistrée avec la décision "
                        "prise : réparation, remplacement, produits ou résultats à écarter.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Exemple de suivi des équipements",
                            "header": ["Équipement", "Vérification", "Trace"],
                            "rows": [
                                ["Balance du préparatoire", "Contrôle métrologique périodique", "Certificat, fiche de vie"],
                                ["Réfrigérateur", "Entretien, test de l'alarme", "Fiche de vie"],
                                ["Tensiomètre, oxymètre", "Vérification du bon fonctionnement, désinfection", "Fiche de vie"],
                                ["Automate", "Maintenance par le fournisseur", "Rapport d'intervention"],
                            ],
                        },
                    ),
                    (
                        "callout",
                        "<p>Un équipement sans entretien tracé n'offre aucune garantie : "
                        "planifiez les maintenances et conservez les preuves.</p>",
                    ),
                ],
            },
            {
                "number": "6.9",
                "title": "Maîtrise des systèmes d'information",
                "objectives": (
                    "Utiliser des systèmes d'information fiables, sécurisés et bien maîtrisés par "
                    "l'équipe, au service de la sécurité des patients et de la protection de leurs "
                    "données."
                ),
                "body": [
                    ("heading", "Des outils numériques au service de la sécurité"),
                    (
                        "paragraph",
                        "<p>Le logiciel de gestion officinale et les services associés sécurisent "
                        "la dispensation : identité nationale de santé (INS), acquisition des "
                        "droits intégrée (ADRI), ordonnance électronique, Dossier Pharmaceutique, "
                        "vérification de l'identifiant unique des boîtes, messagerie sécurisée "
                        "MSSanté, identification des professionnels par carte CPS ou e-CPS.</p>",
                    ),
                    ("heading", "Sécurité et bon usage"),
                    (
                        "paragraph",
                        "<ul>"
                        "<li>accès personnels et mots de passe robustes, jamais partagés ;</li>"
                        "<li>sauvegardes régulières et testées, mises à jour appliquées ;</li>"
                        "<li>sensibilisation de l'équipe aux cyber-risques (hameçonnage, "
                        "pièces jointes suspectes) ;</li>"
                        "<li>procédure dégradée en cas de panne informatique ;</li>"
                        "<li>outils d'intelligence artificielle utilisés avec discernement : l'IA "
                        "propose, le professionnel décide.</li>"
                        "</ul>",
                    ),
                    (
                        "callout",
                        "<p>Prévoyez et testez une procédure de fonctionnement en mode dégradé : "
                        "une panne ne doit pas interrompre la prise en charge des patients.</p>",
                    ),
                ],
            },
            {
                "number": "6.10",
                "title": "Gestion des stocks et des périmés",
                "objectives": (
                    "Disposer des produits nécessaires aux patients tout en maîtrisant le stock, "
                    "les dates de péremption et l'élimination des produits non utilisables."
                ),
                "body": [
                    ("heading", "Un stock adapté et surveillé"),
                    (
                        "paragraph",
                        "<p>Un stock bien géré évite à la fois les manquants et les produits "
                        "dormants. Le rangement respecte le principe « premier périmé, premier "
                        "sorti » ; les réceptions sont contrôlées (quantités, lots, dates, état des "
                        "colis, produits froids en priorité). Les commandes s'appuient sur l'historique "
                        "des ventes et sur les besoins des patients chroniques réguliers. Les "
                        "médicaments non utilisés rapportés par les patients suivent la filière de "
                        "collecte prévue à cet effet.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Routines de gestion du stock",
                            "header": ["Routine", "Objectif"],
                            "rows": [
                                ["Contrôle des dates de péremption", "Retirer à temps les produits proches de l'expiration"],
                                ["Liste du stock sans vente depuis plus de 6 mois", "Limiter les produits dormants"],
                                ["Zone dédiée aux périmés", "Éviter toute délivrance par erreur"],
                                ["Circuit d'élimination", "Détruire les produits selon les filières prévues"],
                            ],
                        },
                    ),
                    (
                        "callout",
                        "<p>Rédigez une procédure des produits périmés : repérage, isolement, "
                        "enregistrement et élimination.</p>",
                    ),
                ],
            },
            {
                "number": "6.11",
                "title": "Veille légale et scientifique",
                "objectives": (
                    "Se tenir informé des évolutions réglementaires et scientifiques et les "
                    "intégrer rapidement dans les pratiques de l'officine."
                ),
                "body": [
                    ("heading", "Organiser la veille"),
                    (
                        "paragraph",
                        "<p>Les textes, recommandations et données scientifiques évoluent sans "
                        "cesse. Une veille organisée s'appuie sur des sources fiables : "
                        "communications de l'Ordre national des pharmaciens, des autorités "
                        "sanitaires et de l'Assurance Maladie, publications professionnelles, "
                        "lettre d'information de la Démarche Qualité Officine.</p>",
                    ),
                    (
                        "paragraph",
                        "<ol>"
                        "<li>désigner une personne chargée de la veille ;</li>"
                        "<li>sélectionner les informations utiles à l'officine ;</li>"
                        "<li>les diffuser à l'équipe, par exemple en réunion ;</li>"
                        "<li>mettre à jour les procédures concernées ;</li>"
                        "<li>classer les documents pour pouvoir les retrouver.</li>"
                        "</ol>",
                    ),
                    (
                        "paragraph",
                        "<p>La veille scientifique porte aussi sur les recommandations de bonne "
                        "pratique et les nouveaux médicaments : les informations utiles au conseil "
                        "sont partagées sous forme de fiches de synthèse accessibles à toute "
                        "l'équipe.</p>",
                    ),
                    (
                        "callout",
                        "<p>Une nouvelle règle n'est appliquée que si l'équipe la connaît : "
                        "prévoyez un point de veille régulier en réunion.</p>",
                    ),
                ],
            },
            {
                "number": "6.12",
                "title": "Traçabilité des actes et services",
                "objectives": (
                    "Tracer les actes pharmaceutiques et les services rendus pour assurer le suivi "
                    "des patients, répondre aux obligations et pouvoir analyser les pratiques."
                ),
                "body": [
                    ("heading", "Ce qui n'est pas écrit n'existe pas"),
                    (
                        "paragraph",
                        "<p>La traçabilité protège le patient et l'officine. Elle permet de "
                        "retrouver un lot lors d'un rappel, de justifier une intervention, "
                        "d'assurer la continuité entre membres de l'équipe et de facturer les "
                        "services rendus. Les supports sont conservés selon les durées réglementaires, "
                        "protégés contre la perte et accessibles aux seules personnes autorisées.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Exemples d'actes à tracer",
                            "header": ["Acte ou service", "Support de traçabilité"],
                            "rows": [
                                ["Dispensation sur ordonnance", "Logiciel, ordonnancier, DP"],
                                ["Intervention pharmaceutique", "Dossier patient, échange avec le prescripteur"],
                                ["Incident de délivrance", "Registre des incidents de délivrance"],
                                ["Vaccination, test, entretien", "Logiciel, Mon espace santé si pertinent"],
                                ["Premiers secours", "Registre des premiers secours"],
                            ],
                        },
                    ),
                    (
                        "callout",
                        "<p>Privilégiez des supports structurés et uniformes : ils rendent la "
                        "traçabilité plus lisible et plus facile à exploiter.</p>",
                    ),
                ],
            },
            {
                "number": "6.13",
                "title": "Démarche d'amélioration continue",
                "objectives": (
                    "Faire vivre la qualité dans la durée en détectant les dysfonctionnements, en "
                    "analysant leurs causes et en mesurant l'effet des actions engagées."
                ),
                "body": [
                    ("heading", "Détecter, analyser, corriger"),
                    (
                        "paragraph",
                        "<p>L'amélioration continue s'appuie sur un <strong>responsable "
                        "qualité</strong>, une <strong>auto-évaluation</strong> au moins annuelle et "
                        "l'enregistrement des dysfonctionnements. Chaque incident de délivrance, "
                        "détecté notamment grâce au double contrôle, est inscrit au registre et "
                        "doit aboutir à une résolution.</p>",
                    ),
                    (
                        "table",
                        {
                            "caption": "Registre des incidents de délivrance (une ligne par incident)",
                            "header": ["Date", "Déclarant", "Patient ou n° de facture", "Nature de l'erreur", "Détails et causes", "Résolu (date, action)", "Fiche d'amélioration"],
                            "rows": [
                                ["Date de l'incident", "Membre de l'équipe", "Nom et/ou numéro", "Identification, dosage, quantité, interaction, autre", "Description et causes", "Oui/non", "Ouverte oui/non"],
                            ],
                        },
                    ),
                    (
                        "paragraph",
                        "<p>Une <strong>fiche de non-conformité</strong> relie les actions "
                        "correctives aux causes identifiées ; l'efficacité des actions est "
                        "vérifiée lors du bilan suivant.</p>",
                    ),
                    (
                        "callout",
                        "<p>Un incident bien analysé est une occasion d'apprendre : traitez les "
                        "causes, pas seulement les conséquences.</p>",
                    ),
                ],
            },
        ],
    },
]


NEWS = [
    {
        "title": "Kit d'outils : le mémo sur le double contrôle et le registre des incidents mis à jour",
        "date": "2026-10-05",
        "summary": (
            "Le mémo M11 « Le double contrôle » et l'enregistrement « Gestion des incidents de "
            "délivrance » évoluent pour faciliter leur appropriation par les équipes."
        ),
        "body": [
            (
                "paragraph",
                "<p>Le kit d'outils de la Démarche Qualité Officine s'enrichit régulièrement pour "
                "accompagner les équipes au plus près de leur pratique. Cette mise à jour porte sur "
                "deux outils très utilisés du thème « Dispensation » : le mémo <strong>M11 – Le "
                "double contrôle</strong> et l'enregistrement <strong>Gestion des incidents de "
                "délivrance</strong>.</p>",
            ),
            ("heading", "Ce qui change"),
            (
                "paragraph",
                "<ul>"
                "<li>une présentation côte à côte des deux modalités, en direct et en différé, "
                "avec leurs atouts, leurs limites et leurs facteurs de réussite ;</li>"
                "<li>une trame d'appel pour prévenir un patient après une erreur ;</li>"
                "<li>un registre simplifié, dont les rubriques guident l'analyse des causes et "
                "l'ouverture d'une fiche d'amélioration.</li>"
                "</ul>"
                "<p>Comme tous les outils du kit, ces documents sont proposés en version "
                "modifiable afin que chaque officine les adapte à son organisation.</p>",
            ),
            (
                "callout",
                "<p>Si vous suivez ces outils dans « Ma DQO perso », une alerte vous signale leur "
                "mise à jour : pensez à vérifier leur statut « Mis en place » ou « À mettre en "
                "place ».</p>",
            ),
        ],
    },
    {
        "title": "Auto-évaluation 2026 : faites le point sur vos pratiques",
        "date": "2026-06-15",
        "summary": (
            "Le questionnaire d'auto-évaluation est accessible à tout moment dans « Ma DQO perso ». "
            "Réalisez-le au moins une fois par an pour mesurer vos progrès et obtenir vos "
            "recommandations personnalisées."
        ),
        "body": [
            (
                "paragraph",
                "<p>L'auto-évaluation situe votre officine par rapport au Référentiel Qualité. "
                "Elle se réalise en équipe, à tout moment de l'année, et au moins une fois par an. "
                "C'est aussi l'occasion de valoriser le travail accompli et de rassurer l'équipe sur "
                "ses pratiques.</p>",
            ),
            ("heading", "Un bilan par thème"),
            (
                "paragraph",
                "<p>À l'issue du questionnaire, le bilan présente une appréciation globale puis, "
                "pour chacun des quatre thèmes, un score en pourcentage, le niveau correspondant "
                "et une liste de recommandations à mettre en œuvre « si ce n'est pas déjà fait ». "
                "Ces recommandations renvoient vers les fiches du référentiel et les outils du "
                "kit.</p>",
            ),
            (
                "callout",
                "<p>Comparez votre bilan avec celui de l'année précédente : c'est la meilleure "
                "façon de mesurer l'effet de vos actions d'amélioration.</p>",
            ),
        ],
    },
    {
        "title": "Rémunération sur objectifs : pensez à votre attestation d'auto-évaluation",
        "date": "2026-11-09",
        "summary": (
            "L'attestation de réalisation du questionnaire d'auto-évaluation est le justificatif de "
            "l'indicateur « adhésion à la démarche qualité » de la ROSP. Elle est téléchargeable à "
            "tout moment."
        ),
        "body": [
            (
                "paragraph",
                "<p>L'indicateur « adhésion à la démarche qualité » de la rémunération sur "
                "objectifs de santé publique (ROSP « bon usage des produits de santé ») représente "
                "100 € par an. Le justificatif attendu est l'<strong>attestation de réalisation du "
                "questionnaire d'auto-évaluation</strong>.</p>",
            ),
            ("heading", "Comment procéder"),
            (
                "paragraph",
                "<ol>"
                "<li>téléchargez l'attestation depuis la page de résultats ou le tableau de bord "
                "de « Ma DQO perso » : elle est pré-remplie avec le nom et l'adresse de l'officine "
                "et la date de l'auto-évaluation ;</li>"
                "<li>le pharmacien qui a réalisé l'auto-évaluation, titulaire ou adjoint, y "
                "ajoute son nom et son numéro RPPS, puis la signe et y appose le cachet de "
                "l'officine ;</li>"
                "<li>joignez-la à votre déclaration sur le portail de l'Assurance Maladie "
                "destiné aux professionnels de santé.</li>"
                "</ol>",
            ),
            (
                "callout",
                "<p>Des attestations sont disponibles pour les auto-évaluations antérieures, mais "
                "seules celles réalisées à partir de janvier 2022 sont prises en compte pour la "
                "rémunération.</p>",
            ),
        ],
    },
]


STANDARD_PAGES = [
    {
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "body": [
            (
                "callout",
                "<p>Ce site est un <strong>portail de démonstration</strong>. Il ne constitue pas "
                "le site officiel de la Démarche Qualité Officine et les contenus qu'il présente "
                "n'ont qu'une valeur d'illustration.</p>",
            ),
            ("heading", "Éditeur du site"),
            (
                "paragraph",
                "<p>Le portail est édité par l'<strong>Équipe du portail qualité</strong>, "
                "éditeur fictif créé pour les besoins de la démonstration.</p>"
                "<p>Directeur de la publication : [nom à compléter]</p>"
                "<p>Contact : [adresse électronique à compléter]</p>",
            ),
            ("heading", "Hébergement"),
            (
                "paragraph",
                "<p>Hébergeur : [raison sociale de l'hébergeur à compléter]</p>"
                "<p>Adresse : [adresse de l'hébergeur à compléter]</p>",
            ),
            ("heading", "Données personnelles"),
            (
                "paragraph",
                "<p>Les données collectées (identifiants de connexion, informations relatives à "
                "l'officine, réponses aux questionnaires) sont traitées uniquement pour fournir les "
                "services du portail, conformément au Règlement général sur la protection des "
                "données (RGPD). Elles ne sont ni vendues ni cédées à des tiers.</p>"
                "<p>Vous disposez d'un droit d'accès, de rectification, d'effacement, de limitation "
                "et d'opposition au traitement de vos données. Pour l'exercer, écrivez à : "
                "[contact données personnelles à compléter]. Vous pouvez également introduire une "
                "réclamation auprès de la CNIL.</p>",
            ),
            ("heading", "Cookies"),
            (
                "paragraph",
                "<p>Le portail n'utilise que deux types de cookies, strictement nécessaires à son "
                "fonctionnement :</p>"
                "<ul>"
                "<li>un <strong>cookie de session</strong>, qui maintient votre connexion ;</li>"
                "<li>un <strong>cookie de langue</strong>, qui mémorise la langue d'affichage "
                "choisie.</li>"
                "</ul>"
                "<p>Aucun cookie de mesure d'audience, de publicité ou de suivi n'est déposé.</p>",
            ),
        ],
    },
    {
        "slug": "a-propos",
        "title": "À propos",
        "body": [
            ("heading", "Un portail de démonstration"),
            (
                "paragraph",
                "<p>Ce portail illustre ce que peut offrir un espace numérique dédié à la "
                "<strong>Démarche Qualité Officine</strong>, le programme qualité national, "
                "volontaire et gratuit des pharmacies d'officine. Il s'adresse aux équipes "
                "officinales (titulaires, adjoints, préparateurs) ainsi qu'aux étudiants en "
                "pharmacie et à leurs enseignants.</p>",
            ),
            ("heading", "Ce que vous y trouverez"),
            (
                "paragraph",
                "<ul>"
                "<li>le <strong>Référentiel Qualité</strong> : quatre thèmes et 35 principes "
                "présentés sous forme de fiches didactiques ;</li>"
                "<li>le <strong>kit d'outils</strong> : mémos, procédures, check-lists et "
                "enregistrements à télécharger et à adapter ;</li>"
                "<li>l'<strong>auto-évaluation</strong> annuelle, avec un bilan par thème, des "
                "recommandations personnalisées et l'attestation de réalisation ;</li>"
                "<li><strong>Ma DQO perso</strong> : l'espace de l'officine, avec son tableau de "
                "bord, ses alertes et rappels, et le suivi du statut de chaque outil ;</li>"
                "<li>un <strong>espace de révision</strong> pour les étudiants en pharmacie, "
                "organisé en chapitres et questions, que les enseignants créent et suivent.</li>"
                "</ul>",
            ),
            (
                "callout",
                "<p>Les contenus de ce portail sont fournis à titre d'exemple. Ils ne remplacent "
                "ni la réglementation ni les publications officielles : chaque titulaire reste "
                "responsable de la conformité de son officine.</p>",
            ),
        ],
    },
]
