"""The scheme advisor, free of any channel: what a founder's words say about their situation,
and which schemes fit it by the database's eligibility rules.

Owns: `places` (a town, postcode, department or country to Normandy / elsewhere in France /
abroad), `reading` (stage, place, foreign founder, need from informal French or English;
the words it looks for in `phrases`),
`recommend` (every scheme's rules against a situation: ✓ met, ? unknown, ✗ not met; what is
worth asking next). Nothing here is written per scheme: the rules and offers come from the
database, so staff change a recommendation by changing the data.
May import: bot.candidacy, bot.config, babel, rapidfuzz. Not bot.db: its callers hand it the
programmes, and bot.db's seed schema checks a scheme's needs with `reading`.
"""
