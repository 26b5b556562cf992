"""The advisor reads a founder's situation from informal French and English, and guesses
nothing the words do not say (bot/advisor/reading.py, bot/advisor/places.py)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.advisor.places import ABROAD, FRANCE, NORMANDIE, find_place, foreign_founder
from bot.advisor.reading import (
    adds_to_needs,
    company_age,
    read,
    read_need,
    read_needs,
    read_priority,
    read_stage,
    says_dont_know,
)

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(("text", "stage"), [
    ("je suis étudiant et j'ai une idée de startup", "idea"),
    ("I'm a student with a startup idea", "idea"),
    ("ma boite n'est pas encore créée", "idea"),
    ("je veux créer ma startup", "idea"),
    ("on est en train de créer la société", "creation"),
    ("my company is being set up right now", "creation"),
    ("startup créée il y a 1 an", "young"),
    ("we started a year ago", "young"),
    ("founded 6 months ago", "young"),
    ("ma boite a 2 ans", "young"),
    ("créée en mars 2025", "young"),
    ("entreprise créée il y a 5 ans", "established"),
    ("our company was founded 5 years ago", "established"),
    ("company founded in 2019", "established"),
    ("j'ai 25 ans et une idée", "idea"),  # the founder's age is no company's
    ("jsuis etudiant a rouen, 21 ans, jai une idee d'appli", "idea"),  # an age after a town
    ("une startup de 3 ans a caen", "established"),  # right before the number: its age
    ("quel dispositif pour moi ?", None),
    ("aucune idée", None),  # "idée" here is "I don't know"
])
def test_the_stage_is_read_only_when_the_words_say_it(text, stage):
    assert read_stage(text, TODAY) == stage


def test_a_company_age_is_read_in_years_months_or_from_a_year():
    assert company_age("créée il y a deux ans", TODAY) == 2
    assert company_age("founded 18 months ago", TODAY) == 1.5
    assert company_age("depuis 2016", TODAY) == 10
    assert company_age("I'm 30 years old", TODAY) is None


@pytest.mark.parametrize(("text", "region", "town"), [
    ("une startup à Caen", NORMANDIE, "Caen"),
    ("je suis étudiant au havre", NORMANDIE, "Le Havre"),
    ("a Saint-Lo", NORMANDIE, "Saint-Lô"),
    ("Cherbourg-en-Cotentin", NORMANDIE, "Cherbourg-en-Cotentin"),
    ("dans la Manche", NORMANDIE, None),
    ("76000", NORMANDIE, None),
    ("créée il y a 5 ans à Lyon", FRANCE, "Lyon"),
    ("75011 Paris", FRANCE, "Paris"),
    ("in Brittany", FRANCE, None),
    ("based in Germany", ABROAD, None),
    ("ma startup a été créée il y a 5 ans, elle est basée en Allemagne", ABROAD, None),
    ("basée à Berlin", ABROAD, None),  # a city abroad we know, where the company is
    ("we're based in London", ABROAD, None),
    ("we'd like to open an office in New York", None, None),  # a wish, not where it is
])
def test_the_place_says_normandy_elsewhere_in_france_or_abroad(text, region, town):
    place = find_place(text)
    assert (place and (place.region, place.town)) == (region and (region, town))


@pytest.mark.parametrize("text", ["nice to meet you", "je cherche 50000 euros",
                                  "je vire 100 euros", "quel dispositif ?",
                                  "basée à Trifouilly"])  # a town we do not know: no guess
def test_words_that_only_look_like_places_name_none(text):
    assert find_place(text) is None


@pytest.mark.parametrize(("text", "foreign"), [
    ("which scheme fits a foreign founder moving to Rouen?", True),
    ("je viens du Brésil et je veux créer à Caen", True),
    ("je suis brésilienne", True),
    ("I'm from India", True),
    ("je viens de l'étranger", True),
    ("I need a visa to start my company", True),
    ("I'm French, based in Paris", False),
    ("je parle espagnol", None),  # a language is no nationality
    ("je veux me développer à l'étranger", None),  # growing abroad is a need
    ("nous avons des clients du Canada", None),  # the customers', not the founder's
])
def test_a_foreign_founder_is_read_from_origin_not_from_languages_or_plans(text, foreign):
    assert foreign_founder(text) is foreign


@pytest.mark.parametrize(("text", "need"), [
    ("je cherche un financement pour ma startup", "funding"),
    ("il me faut des sous", "funding"),
    ("I need money", "funding"),
    ("on cherche un accompagnement", "support"),
    ("des contacts et du réseau", "network"),
    ("une place en incubateur", "incubator"),
    ("I need an office", "incubator"),
    ("je veux me développer à l'étranger", "international"),
    ("du financement et des contacts", "funding"),  # the first named
    ("la bourse french tech c'est pour moi ?", None),  # a scheme's name, not a need
])
def test_the_need_is_the_first_one_named(text, need):
    assert read_need(text) == need


@pytest.mark.parametrize("text", ["je ne sais pas", "jsp", "aucune idée", "I don't know",
                                  "no idea", "not sure", "je passe"])
def test_not_knowing_is_an_answer(text):
    assert says_dont_know(text)


def test_one_message_can_say_everything():
    reading = read("foreign founder, company founded 2 years ago in Rouen, we need funding",
                   TODAY)
    assert (reading.stage, reading.place.region, reading.place.town, reading.foreign_founder,
            reading.need) == ("young", NORMANDIE, "Rouen", True, "funding")


@pytest.mark.parametrize(("text", "stage"), [
    ("founded 2013, 12 people", "established"),
    ("we launched in spring 2022", "established"),  # the year, not the season
    ("on a démarré l'activité l'an dernier", "young"),
    ("on a créé notre SAS cet été", "young"),
    ("we're pre-seed with a prototype", "creation"),
    ("je pense créer une startup en Normandie l'an prochain", "idea"),
    ("slt, jsuis etudiant a caen (22 ans), j'ai une idee mais pas encore de boite", "idea"),
    ("startup rouennaise, 4 ans, on veut trouver des clients. une idée ?", "established"),
    ("Caen-based startup, 5 years old, we want to grow abroad. Ideas?", "established"),
    ("étudiant à Rouen, 21 ans, je cherche un accompagnement", "idea"),  # his age, not its
    ("startup en amorçage à Caen", "creation"),
    ("on vient d'immatriculer notre SAS", "young"),
    ("c'est encore un projet, en réflexion", "idea"),
    ("Créée il y a moins de 3 ans", "young"),  # the advisor's own button, typed
    ("founded less than 3 years ago", "young"),
    ("créée il y a plus de 3 ans", "established"),
])
def test_the_stage_is_read_from_how_founders_tell_it(text, stage):
    assert read(text, today=date(2026, 12, 7)).stage == stage



@pytest.mark.parametrize(("text", "needs"), [
    ("j'ai besoin d'argent et d'un accompagnement", ("funding", "support")),
    ("funding and mentoring", ("funding", "support")),
    ("de l'argent, des contacts", ("funding", "network")),
    ("un accompagnement, puis du financement et encore du financement", ("support", "funding")),
    ("je cherche un financement", ("funding",)),
    ("la bourse french tech c'est pour moi ?", ()),
])
def test_every_need_named_is_kept_in_the_order_named(text, needs):
    assert read_needs(text) == needs


@pytest.mark.parametrize(("text", "priority", "needs"), [
    ("je cherche des contacts mais surtout le financement", "funding", ("funding", "network")),
    ("le plus important c'est l'accompagnement, et un peu d'argent", "support",
     ("support", "funding")),
    ("some money, but mainly mentoring", "support", ("support", "funding")),
    ("above all an incubator, and some money", "incubator", ("incubator", "funding")),
    ("I need funding, but the visa is the big thing", "visa", ("funding",)),
    ("avant tout le titre de séjour, et du financement", "visa", ("funding",)),
    ("de l'argent et des contacts", None, ("funding", "network")),
])
def test_what_matters_most_is_read_and_comes_first(text, priority, needs):
    assert read_priority(text) == priority
    assert read_needs(text) == needs
    assert read(text).priority == priority and read(text).needs == needs


@pytest.mark.parametrize(("text", "adds"), [
    ("vous avez oublié que je veux aussi de l'accompagnement", True),
    ("actually I also need mentoring", True),
    ("et pour le financement ?", False),
])
def test_a_need_added_to_those_stated_is_told_apart(text, adds):
    assert adds_to_needs(text) is adds


@pytest.mark.parametrize(("text", "stage", "foreign"), [
    ("Hi, I'm a software engineer from Bangalore, I'd rather found my startup in Rouen",
     "idea", True),
    ("on vient de se lancer", "young", None),
    ("pas encore immatriculée", "creation", None),
    ("we're pre-revenue, just prototyping", "creation", None),
    ("des clients de Londres", None, None),  # the clients', not the founder's origin
])
def test_more_ways_of_saying_a_stage_or_an_origin(text, stage, foreign):
    reading = read(text)
    assert (reading.stage, reading.foreign_founder) == (stage, foreign)


@pytest.mark.parametrize(("text", "stage", "corrects"), [
    ("ct creer ya 6 mois", "young", False),
    ("ah non pardon, la société existe déjà depuis 2019", "established", True),
])
def test_a_stage_in_chat_words_and_a_correction_of_it(text, stage, corrects):
    reading = read(text)
    assert (reading.stage, reading.corrects) == (stage, corrects)
