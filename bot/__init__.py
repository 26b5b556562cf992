"""Normandy French Tech assistant: runtime, data layer and command line."""
