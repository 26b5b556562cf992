"""Dates as the assistant writes them: Europe/Paris, only as precise as the source is."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime

from bot.config import PARIS
from bot.db.models import Event
from bot.db.queries import as_utc


def _first(text: str, day: int, language: str) -> str:
    """French writes the first of the month "1er"."""
    return f"1er{text[1:]}" if language == "fr" and day == 1 and text.startswith("1 ") else text


def long_date(value: date, language: str) -> str:
    return _first(format_date(value, format="long", locale=language), value.day, language)


def day_of(value: datetime, language: str) -> str:
    """The day (in Paris) of a stored moment, written long: "30 novembre 2026"."""
    return long_date(as_utc(value).astimezone(PARIS).date(), language)


def moment(value: datetime, language: str) -> str:
    local = as_utc(value).astimezone(PARIS)
    text = format_datetime(local, format="d MMMM yyyy, HH:mm", locale=language, tzinfo=PARIS)
    return _first(text, local.day, language)


def event_when(event: Event, language: str) -> str:
    local: datetime = as_utc(event.starts_at).astimezone(PARIS)
    if event.date_precision == "month":
        return format_date(local.date(), format="MMMM yyyy", locale=language)
    if event.date_precision == "day":
        return long_date(local.date(), language)
    return moment(event.starts_at, language)
