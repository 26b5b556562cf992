"""Rules of a candidacy, free of any channel: each answer's validation and eligibility.

Owns: `validation` (names, e-mail, phone, SIREN, town, dates, stage: what a user types, to a
value or a reason) and `eligibility` (a scheme's rules against an applicant's facts).
May import: bot.config and the libraries it names. The form itself is in actions/candidacy*.
"""
