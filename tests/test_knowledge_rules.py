"""The rules that read a question's form beside retrieval: what a short follow-up asks for,
whether a fact says "no", a wish to apply or to stop, a question or a wish for advice."""

from __future__ import annotations

import pytest

from bot.knowledge import form, wishes
from bot.knowledge.asked import kind_asked, states
from bot.knowledge.verdict import contradicts
from bot.knowledge.words import with_referent

MRI = {"fr": "La MRI (Maison de la recherche et de l'imagination) est à Caen.",
       "en": "The MRI (Maison de la recherche et de l'imagination) is in Caen."}
LABEL = {"en": "Axelle Lemaire announced from New York in June 2015 that Normandy was one of "
               "the thirteen territories labelled French Tech."}
TECH_40 = {"fr": "Les membres sont 40 entreprises leaders installées en Normandie."}
COMMITTEE = {"fr": "Il est composé majoritairement d'entrepreneurs et d'investisseurs."}


@pytest.mark.parametrize(("question", "answer", "no"), [
    ("is the mri in rouen?", MRI, True),
    ("is the mri in caen?", MRI, False),
    ("so the label news came out of paris right?", LABEL, True),
    ("labelled in 2016, right?", LABEL, True),
    ("labelled in 2015, right?", LABEL, False),
    ("le xschemex réunit-il une cinquantaine d'entreprises ?", TECH_40, True),
    ("le xschemex réunit-il une quarantaine d'entreprises ?", TECH_40, False),
    ("is it for startups?", TECH_40, False),  # names nothing of a kind the fact states
    ("le comite strategique c surtout des elus ?", COMMITTEE, True),
    ("are there investors on the strategic committee?", COMMITTEE, False),
    ("des fonctionnaires au comité ?", COMMITTEE, True),
    ("is the ticket for students?", {"en": "For foreign entrepreneurs."}, False),  # may found
])
def test_a_fact_says_no_to_another_town_year_count_or_group(question, answer, no):
    assert contradicts(question, answer) is no


HUBS = {"en": "The announcement only mentions New York, the first hub; it does not list others."}


@pytest.mark.parametrize(("question", "no"), [
    ("london?", False),  # a place a silent fact does not list: not said, no "No"
    ("is new york the only hub? there are 50 of them?", False),
    ("le xschemex c'est 50 entreprises ?", True),  # a count it states still says no
])
def test_a_fact_the_source_is_silent_on_says_no_only_to_a_count(question, no):
    answer = HUBS if "xschemex" not in question else TECH_40
    assert contradicts(question, answer, complete=False) is no


def test_a_headcount_or_an_age_is_no_count_of_the_facts_things():
    assert not contradicts("can a 300-employee group join the xschemex?", TECH_40)
    assert not contradicts("on a 3 ans et 12 salariés, le xschemex c'est pour nous ?", TECH_40)


@pytest.mark.parametrize(("text", "yes_no"), [
    ("so it was axelle lemaire who announced the label?", True),
    ("c'est bien Bpi qui opère la bourse ?", True),
    ("C'est elle qui porte l'axe portuaire ?", True),
    ("c'est qui qui le donne ?", False), ("who is it that runs it?", False),
    ("c'est pour qui le ticket ?", False), ("c'est quoi le pass", False),
])
def test_a_cleft_question_is_a_yes_no_its_who_asks_nothing(text, yes_no):
    assert form.is_yes_no(text) is yes_no


@pytest.mark.parametrize(("before", "text", "read"), [
    ("Caen est-elle une ville du réseau ?", "C'est elle qui porte l'axe portuaire ?",
     "C'est elle qui porte l'axe portuaire ? (caen)"),
    ("le havre fait partie du reseau ?", "et c'est lui qui porte l'axe industries ?",
     "et c'est lui qui porte l'axe industries ? (le havre)"),
    # the town was no subject: "elle" is the minister
    ("La secrétaire d'État est-elle passée par Caen ?", "Elle a rencontré des startups ?",
     "Elle a rencontré des startups ?"),
    ("Caen est dans le réseau ?", "il y a un totem ?", "il y a un totem ?"),  # impersonal
    ("Caen et Rouen ?", "c'est elle qui porte l'axe portuaire ?",
     "c'est elle qui porte l'axe portuaire ?"),  # two towns: no referent
])
def test_a_pronoun_stands_for_the_town_the_previous_question_was_about(before, text, read):
    assert with_referent(before, text) == read


@pytest.mark.parametrize(("text", "kind"), [
    ("c'est ou deja", "where"), ("et c'etait ou ?", "where"), ("where is it exactly?", "where"),
    ("C'est dans quelle ville déjà ?", "where"), ("wen is it again", "when"),
    ("ils ont été constitués quand ?", "when"), ("ticket ou bourse, lequel ?", None),
    ("c'est payant ?", None),
])
def test_what_a_short_follow_up_asks_for(text, kind):
    assert kind_asked(text) == kind


def test_a_fact_states_a_place_beyond_normandy_or_a_date():
    assert states("where", "A delegation to the CES in Las Vegas, in January 2016.")
    assert not states("where", "Normandy's digital ecosystem.")
    assert states("when", "Deux comités se sont tenus le 7 juillet et le 30 septembre 2015.")
    assert not states("when", "The strategic committee is the decision-making body.")


@pytest.mark.parametrize(("text", "wish"), [
    ("je veux candidater au pass", True), ("sign my startup up", True),
    ("ok je me lance", True), ("le pass je veux dire", False), ("for the ticket", False),
])
def test_applying_needs_a_wish_to_apply(text, wish):
    assert form.wishes_to_apply(text) is wish


@pytest.mark.parametrize(("text", "stop"), [
    ("non non je veux pas candidater", True), ("I don't want to apply", True),
    ("c'est bon j'ai trouvé", True), ("nevermind i figured it out", True),
    ("plus besoin merci", True), ("j'ai plus besoin d'argent que de coaching", False),
    ("je veux candidater", False),
])
def test_a_refusal_to_apply_or_nothing_more_needed(text, stop):
    assert (form.refuses_to_apply(text) or form.no_more_needed(text)) is stop


@pytest.mark.parametrize(("text", "question", "advice"), [
    ("n wen was she here", True, False), ("ok jle demande ou", True, False),
    ("how does a startup get paired with one of them?", True, False),
    ("Et pour une startup, y participer, ça se paie ?", True, False),
    ("so which one can i actually go for?", True, True),
    ("par ou commencer pour financer ma startup ?", True, True), ("merci", False, False),
])
def test_a_question_and_a_wish_for_advice_are_told_apart(text, question, advice):
    assert form.is_question(text) is question
    assert form.asks_recommendation(text) is advice


@pytest.mark.parametrize(("text", "most"), [
    ("Et lequel des deux rapporte le plus ?", True), ("which is the most money?", True),
    ("I need cash more than coaching", False), ("does the ticket give more support?", False),
])
def test_amounts_compared(text, most):
    assert form.asks_most_money(text) is most


def test_several_questions_in_one_message_are_each_asked():
    assert form.questions_in("salut ! la bourse c'est pour qui, ca dure combien de temps et "
                             "c'est qui qui gere ?") == [
        "salut ! la bourse c'est pour qui", "ca dure combien de temps", "c'est qui qui gere ?"]
    assert form.questions_in("je suis a caen, on est 3 et on cherche du financement") == [
        "je suis a caen, on est 3 et on cherche du financement"]  # a situation, not questions


@pytest.mark.parametrize(("text", "kind"), [("il est ou ?", "where"), ("c ou ?", "where"),
                                           ("since when?", "when")])
def test_a_terse_where_or_when_is_read(text, kind):
    assert kind_asked(form.as_asked(text)) == kind


def test_a_fact_naming_the_question_s_place_is_preferred_to_one_naming_none():
    """"est-elle passée par Caen ?" is closer to the role's question, yet the visit (Caen)
    answers; "la MRI, c'est bien au Havre ?" keeps the MRI's fact (it names Caen: a no)."""
    from bot.knowledge.retrieval import Index

    index = Index([("la secrétaire d'état au numérique c'est qui", "minister_role"),
                   ("la secrétaire d'état est passée à caen", "minister_visit"),
                   ("c'est où la mri ?", "mri")], {},
                  [("minister_role", "Axelle Lemaire était secrétaire d'État."),
                   ("minister_visit", "Elle est venue à Caen et à Seine Innopolis."),
                   ("mri", "La MRI est à Caen.")])
    assert index.match("La secrétaire d'État au numérique est-elle passée par Caen ?"
                       ).label == "minister_visit"
    assert index.match("La MRI, c'est bien au Havre qu'elle se trouve ?").label == "mri"


@pytest.mark.parametrize(("text", "ranking"), [
    ("lequel est le plus rapide ?", True), ("which one is faster?", True),
    ("which one is the easiest to get?", True), ("lequel est le mieux pour moi ?", False),
    ("lequel rapporte le plus ?", False),  # money: the amounts answer
    ("lequel des deux est opéré par Bpi ?", False),
])
def test_a_ranking_on_a_quality_is_told_apart_from_money_and_advice(text, ranking):
    assert wishes.asks_ranking(text) is ranking


@pytest.mark.parametrize(("text", "fit"), [
    ("et le pass, ca marche pour nous ?", True), ("does it fit us?", True),
    ("c'est pour moi ?", True), ("et pour le pass ?", False), ("and the ticket?", False),
])
def test_whether_a_scheme_fits_the_person_is_an_eligibility_question(text, fit):
    assert wishes.asks_fit(text) is fit


@pytest.mark.parametrize(("text", "aspect"), [
    ("How long does the whole process take?", "duration"),
    ("ça dure combien de temps le dossier ?", "duration"),
    ("c'est payant la candidature ?", "cost"), ("is it free to apply?", "cost"),
    ("how do I apply?", None), ("c'est gratuit et ça dure combien de temps ?", None),
])
def test_words_naming_an_aspect_no_intent_covers(text, aspect):
    from bot.knowledge.wishes import cued

    found = cued(text)
    assert (found or {}).get("aspect") == aspect


@pytest.mark.parametrize(("text", "advice"), [
    ("ya quoi pr moi ?", True), ("vous avez quoi pour nous ?", True),
    ("what do you have for me?", True), ("lequel des deux est opéré par Bpi ?", False),
    ("quelle ville porte cet axe, Rouen, Caen ou Le Havre ?", False),
])
def test_what_there_is_for_the_person_is_a_wish_for_advice(text, advice):
    from bot.knowledge.wishes import asks_advice

    assert asks_advice(text) is advice


@pytest.mark.parametrize(("text", "who"), [
    ("ok who can tell me?", True), ("qui peut me le confirmer ?", True),
    ("who should I contact?", True), ("qui peut candidater ?", False),
])
def test_asking_who_can_answer_is_asking_for_the_contact(text, who):
    from bot.knowledge.wishes import asks_who_knows

    assert asks_who_knows(text) is who


class _Fact:
    def __init__(self, answer: dict, yes_no: str | None = None, known: bool = True):
        self.answer, self.yes_no, self.known = answer, yes_no, known


LABEL_DATE = {"fr": "La Normandy French Tech a obtenu le label French Tech le 25 juin 2015."}
OFFICIALS = {"fr": "Au premier rang de la rencontre à Seine Innopolis se trouvaient Frédéric "
                   "Sanchez, président de la Métropole Rouen Normandie, et Nicolas "
                   "Mayer-Rossignol, président de la Région Haute-Normandie."}


NT40_LIST = {"fr": "L'annonce de 2015 ne donne pas la liste des 40 entreprises du Normandy "
                   "Tech 40 ; elle indique seulement qu'il s'agit d'entreprises leaders."}
MEMBERS = {"fr": "L'annonce de 2015 ne donne pas les noms des membres du comité stratégique ; "
                 "elle dit seulement qu'il sera composé majoritairement d'entrepreneurs et "
                 "d'investisseurs."}
FUND = {"fr": "Le label donne accès à un fonds de 200 M€ pour l'ensemble des métropoles French "
              "Tech."}
COMMITTEES = {"en": "Two operational committee meetings have already been held, on 7 July and "
                   "30 September 2015."}


@pytest.mark.parametrize(("question", "fact", "settled", "verdict"), [
    ("le label a été obtenu le 25 juin ?", _Fact(LABEL_DATE), False, "yes"),
    ("le label a été obtenu en 2016 ?", _Fact(LABEL_DATE), False, "no"),
    # the words are there, but not said together: who presides what is each one's own clause
    ("Frédéric Sanchez est président de la Région ?", _Fact(OFFICIALS), False, "no"),
    ("is Nicolas Mayer-Rossignol the mayor of Rouen?", _Fact(OFFICIALS), False, "no"),
    ("Frédéric Sanchez préside la Métropole ?", _Fact(OFFICIALS), False, "yes"),
    # a date: each of its parts the fact's, and nothing else
    ("la Normandie a eu le label en juin 2015 ?", _Fact(LABEL_DATE), False, "yes"),
    ("c'était le 25 ?", _Fact(LABEL_DATE), False, "yes"),
    ("c'était en juillet ?", _Fact(LABEL_DATE), False, "no"),
    # what a fact the source is silent on still says: its count, what it "only says"
    ("ce sont 50 entreprises ?", _Fact(NT40_LIST, known=False), False, "no"),
    ("les entrepreneurs sont majoritaires au comité ?", _Fact(MEMBERS, known=False), False,
     "yes"),
    ("les noms des membres du comité sont donnés ?", _Fact(MEMBERS, known=False), False, None),
    # only for one, said for all together
    ("les 200 M€ c'est que pour la Normandie ?", _Fact(FUND), False, "no"),
    # someone named the fact does not name: not said
    ("c'est Frédéric Sanchez qui a obtenu le label ?", _Fact(LABEL_DATE), False, "unsaid"),
    ("is the mri in rouen?", _Fact(MRI, yes_no="yes"), True, "no"),
    ("la MRI est à Caen ?", _Fact(MRI, yes_no="yes"), True, "yes"),
    ("la MRI est à Caen ?", _Fact(MRI, known=False), True, None),
    # a second trial's false yeses: each name with its own clause, a month, a name not held
    ("Does Nicolas Mayer-Rossignol preside the Métropole Rouen Normandie?",
     _Fact(OFFICIALS), False, "no"),
    ("the committees met on 7 July and 30 October 2015, right?", _Fact(COMMITTEES), False,
     "no"),
    ("La MRI, c'est bien la Maison de la Recherche et de l'Innovation ?",
     _Fact(MRI, yes_no="yes"), True, None),
])
def test_a_fact_says_yes_only_when_it_states_the_question_and_no_when_it_contradicts_it(
        question, fact, settled, verdict):
    from bot.knowledge.verdict import verdict_of

    assert verdict_of(question, fact, settled) == verdict


@pytest.mark.parametrize(("text", "aspect"), [
    ("c'est qui qui le donne ?", "operator"), ("elle est gérée par qui ?", "operator"),
    ("who runs it?", "operator"), ("how are startups selected?", "selection"),
    ("qui peut candidater ?", None),
])
def test_who_gives_it_and_how_they_are_chosen_are_aspects_of_their_own(text, aspect):
    assert wishes.aspect_cued(text) == aspect


def test_the_bourse_named_among_schemes_is_no_word_for_money():
    assert not form.asks_most_money("lequel est le plus adapté, la bourse ou le pass ?")
    assert form.asks_most_money("lequel rapporte le plus ?")
    assert not wishes.asks_ranking("lequel est le plus adapté à une boîte de 2 ans ?")


@pytest.mark.parametrize(("text", "asks"), [
    ("I run a logistics startup in Le Havre, 12 employees. Any program?", True),
    ("Que nous conseillez-vous ?", True), ("quel dispositif pour nous ?", True),
    ("c'est quoi la MRI ?", False),
])
def test_a_request_for_schemes_is_told_apart_from_a_question(text, asks):
    assert wishes.asks_for_schemes(text) is asks


def test_no_yes_to_a_question_of_exclusivity_or_of_a_scheme_the_fact_is_not_about():
    from bot.knowledge.verdict import verdict_of

    first = _Fact({"en": "New York was the first labelled French Tech Hub."}, yes_no="yes")
    assert verdict_of("is new york the only one?", first, True) is None
    assert verdict_of("was new york the first hub?", first, True) == "yes"
    visit = _Fact({"fr": "Elle a rencontré les acteurs de l'écosystème."}, yes_no="yes")
    assert verdict_of("et la xschemex elle en a parlé ?", visit, True, yes=False) is None
