"""The words founders use for their situation, folded (no accents, words separated by one
space): the stage's phrases, the needs', "I don't know", what stresses a need, a residence
permit, the schemes' names that are no needs. Lists, read by `reading`: adding a way of
saying a thing is adding it here.
"""

from __future__ import annotations

import re

# Phrases, folded (no accents, words separated by one space); the first list that matches wins.
STAGE_PHRASES = (
    ("creation", ("pre seed", "preseed", "pre amorcage", "phase d amorcage", "prototype",
                  "en creation", "en cours de creation", "je cree ma", "en train de creer",
                  "en train de la creer", "en train de le creer", "en train de monter",
                  "en train de la monter", "en train de l immatriculer", "on la cree",
                  "in the process of setting", "in the process of creating",
                  "in the process of registering", "in the process of founding",
                  "being founded", "being set up", "being created", "being registered",
                  "setting up", "immatriculation en cours", "about to launch",
                  "about to register", "sur le point de creer", "en cours d immatriculation",
                  "pas encore immatricule", "pas encore immatriculee", "prototyping",
                  "pre revenue", "mvp", "en amorcage", "phase de lancement", "on demarre",
                  "je demarre", "nous demarrons", "en train de demarrer", "en train de lancer")),
    ("idea", ("idee", "idea", "etudiant", "etudiante", "student", "pas encore cree",
              "pas encore creee", "not yet founded", "not yet created", "not founded yet",
              "not created yet", "isn t founded", "isn t created", "not registered yet",
              "no company yet", "pas encore de boite", "pas encore d entreprise",
              "pas encore de societe", "pas encore de structure", "start my company",
              "start a company", "start my startup", "creer ma boite", "creer mon entreprise",
              "creer ma startup", "monter ma boite", "lancer ma boite", "porteur de projet",
              "porteuse de projet",
              "projet de creation", "projet de startup", "projet d entreprise", "je veux creer",
              "je voudrais creer", "j aimerais creer", "envie de creer", "want to start",
              "want to create", "want to found", "want to launch", "would like to start",
              "thinking of starting", "thinking about starting", "aspiring", "futur entrepreneur",
              "je pense creer", "pense a creer", "compte creer", "envisage de creer",
              "thinking of creating", "plan to create", "plan to start", "planning to start",
              "planning to create", "prochainement creer",
              "future founder", "like to launch", "like to found", "like to create",
              "d like to start", "love to start", "found my startup", "found my company",
              "found a startup", "found a company", "to found my", "fonder ma", "fonder mon",
              "fonder une", "encore un projet", "en reflexion", "still a project",
              "only a project", "still an idea")),
    ("young", ("jeune entreprise", "jeune startup", "jeune pousse", "young company",
               "young startup", "recently founded", "recently created", "recemment creee",
               "just founded", "just created", "vient d etre creee", "vient de creer",
               "viens de creer", "venons de creer", "vient de lancer", "venons de lancer",
               "viens de lancer", "just launched", "just incorporated", "just registered",
               "just started", "early stage", "premiers clients", "first customers",
               "first clients", "vient de se lancer", "venons de nous lancer",
               "viens de me lancer", "seed stage", "vient d immatriculer",
               "viens d immatriculer", "venons d immatriculer", "newly registered")),
    ("established", ("entreprise etablie", "established company", "established business",
                     "established sme", "mature", "pme", "sme", "eti", "scale up", "scaleup",
                     "depuis longtemps", "for many years", "depuis des annees")),
)
NEED_WORDS = {
    "funding": ("financement", "financer", "finance", "fonds", "argent", "subvention",
                "aide financiere", "pret", "levee de fonds", "lever des fonds", "investissement",
                "investisseur", "investisseurs", "tresorerie", "sous", "bourse", "funding",
                "thunes", "thune", "fric", "lever", "levee",
                "fund", "funds", "money", "grant", "loan", "invest", "investment", "investors",
                "raise", "raising", "seed", "cash", "financing", "financial"),
    "support": ("accompagnement", "accompagner", "accompagne", "accompagnes", "accompagnee",
                "accompagnees", "mentor", "mentorat",
                "mentoring", "coaching", "coach", "conseil", "conseils", "soutien", "support",
                "advice", "guidance", "expertise"),
    "network": ("reseau", "reseauter", "contacts", "partenaires", "rencontrer",
                "mise en relation", "grands groupes", "grandes entreprises", "clients",
                "partenariat", "grands comptes", "introduction", "big companies",
                "large companies", "large corporates", "big corporates", "pilot customer",
                "network", "networking", "partners", "connections", "corporates",
                "customer", "meet people",
                # a company that wants to work with startups: the network's partners
                "travailler avec des startups", "collaborer avec des startups",
                "travailler avec les startups", "open innovation", "innovation ouverte",
                "work with startups", "partner with startups", "collaborate with startups",
                "working with startups"),
    "incubator": ("incubateur", "incubation", "pepiniere", "locaux", "local", "bureau", "bureaux",
                  "hebergement", "coworking", "espace de travail", "incubator", "office",
                  "offices", "workspace", "desk", "premises", "accelerateur",
                  "accelerator"),
    "international": ("international", "internationale", "export", "exporter",
                      "a l etranger", "etats unis", "new york", "usa", "abroad", "overseas",
                      "global", "us market", "expand", "aux us", "aux usa", "aux etats unis",
                      "to the us", "in the us", "to the states", "amerique", "america",
                      "marche americain", "american market", "s implanter a l etranger"),
}
DONT_KNOW = ("je ne sais pas", "je sais pas", "sais pas", "jsp", "aucune idee", "pas sur",
             "pas sure", "no idea", "dont know", "don t know", "do not know", "not sure", "idk",
             "skip", "passer", "je passe", "peu importe", "whatever", "ne sais pas",
             "je ne suis pas sur", "no clue", "aucune idee", "unknown", "inconnu")
# What the person says matters most: a need, or a residence permit (the visa: a condition, not a
# need) named right before or after one of these.
STRESS = ("surtout", "avant tout", "le plus important", "plus important", "en priorite",
          "priorite", "prioritaire", "l essentiel", "essentiel", "principalement", "mainly",
          "above all", "most important", "most of all", "big thing", "main thing", "priority",
          "especially", "first and foremost", "matters most", "key thing", "crucial",
          "en premier", "first of all")
# these follow what they stress ("the visa is the big thing", "l'argent, c'est prioritaire")
STRESS_AFTER = ("big thing", "main thing", "matters most", "key thing", "crucial", "prioritaire",
                "essentiel")
VISA = "visa"  # the condition a residence permit stands for (the Ticket's)
VISA_WORDS = ("visa", "visas", "titre de sejour", "carte de sejour", "permis de sejour",
              "residence permit", "work permit", "passeport talent", "talent passport")
# Scheme names are not needs: "la bourse french tech" is no request for funding.
SCHEME_NAMES = re.compile(r" (bourse|pass|ticket) (french ?tech|ft) | french tech (ticket|pass) ")
# "what would I get exactly?", "on y gagne quoi ?": what the advice would bring them, asked
# before it is given.
WHAT_ONE_GETS = re.compile(r" (?:what (?:would|will|do|does|can|could) (?:i|we) (?:get|gain|"
                           r"receive|obtain)|what s in it for (?:me|us)|qu est ce que (?:j|on|"
                           r"nous) (?:aurai\w*|aur\w+|obtiendr\w+|gagner\w*)|(?:j|on|nous) "
                           r"(?:aurai\w*|aur\w+|obtiendr\w+|obtient|gagne|y gagne) quoi|"
                           r"ca (?:me|nous) (?:apporte|apporterait|rapporte\w*) quoi) ")
