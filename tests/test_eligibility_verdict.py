"""A yes/no question on who may apply, read against a scheme's rules as the seed holds them:
the verdict the eligibility answer opens with."""

from __future__ import annotations

import pytest

from actions.eligibility import eligibility_verdict
from bot.config import Settings
from bot.db import catalogue
from bot.db.seed import apply_seed, load_seed
from bot.db.session import session_scope


@pytest.fixture
def programmes(database_url):
    with session_scope(database_url) as session:
        apply_seed(session, load_seed(Settings.from_env().seed_file))
    with session_scope(database_url) as session:
        return {p.key: p for p in catalogue.programmes(session)}


@pytest.mark.parametrize(("key", "question", "verdict"), [
    ("french_tech_ticket", "I'm French, can I get the Ticket?", "no"),
    ("french_tech_ticket", "il faut etre etranger pour l'avoir ?", "named"),
    ("french_tech_ticket", "do I need to be a foreign entrepreneur?", "named"),
    ("french_tech_ticket", "il faut un diplôme ?", "not_named"),
    ("normandy_tech_40", "le normandy tech 40 c'est une centaine de boites ?", "contradicted"),
    ("normandy_tech_40", "le normandy tech 40 réunit-il 40 entreprises ?", None),
    ("french_tech_ticket", "qui peut candidater ?", None),  # no yes/no
])
def test_a_yes_no_on_who_may_apply_gets_its_verdict(programmes, key, question, verdict):
    assert eligibility_verdict(programmes[key], question) == verdict
