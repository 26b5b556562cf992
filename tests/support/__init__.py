"""Test helpers, shared by the test modules: the only place a test module imports helpers from.

A test module (tests/test_*.py) never imports another test module: what two of them share
lives here (tests/test_architecture.py checks). The fixtures many modules need come from
tests/conftest.py, which registers office.py's `site` and browser.py's `browser` for all.

- actions: custom actions run through the in-process endpoint on a hand-built tracker
- advisor: the advisor's conversation and the reading of its recommendation
- assistant: the trained model's mark, `ftbot` in a child process, seeded databases
- browser: the headless Chromium, its screenshots, its forms, logging in from the staff chat
- candidacy_scripts: the candidacy form's scripted answers and what the bot says to them
- console: the real console chat driven line by line
- factories: small builders of programmes, rules, events, settings and seed files
- office: the back-office over real HTTP, logged in with a one-time link
- rasa: Rasa's own objects built from the project (the domain)
- staff: the staff group chat over the Bot API double, its members, their replies
- telegram_harness: the bot process and the users talking to it over the Bot API double
"""
