"""Rasa custom actions; run in-process by default, or by `rasa run actions`."""
