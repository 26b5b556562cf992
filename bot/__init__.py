"""Normandy French Tech assistant: runtime, data layer and command line."""

import os

# Rasa's telemetry and its crash reports (Sentry) would send data about conversations out of
# the machine; they are off unless an operator turns them on explicitly.
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
