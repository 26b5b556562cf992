"""The staff's office hours (Europe/Paris): when a person can be expected to answer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from babel.dates import format_datetime, get_day_names

from bot.config import PARIS

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FORMAT = re.compile(r"^\s*(mon|tue|wed|thu|fri|sat|sun)-(mon|tue|wed|thu|fri|sat|sun)\s+"
                    r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class OfficeHours:
    first_day: int  # 0 = Monday
    last_day: int
    opens: time
    closes: time

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """'mon-fri 09:00-18:00' (days inclusive, Europe/Paris time)."""
        match = FORMAT.match(text)
        if not match:
            raise ValueError(f"office hours {text!r}: expected e.g. 'mon-fri 09:00-18:00'")
        first, last, oh, om, ch, cm = match.groups()
        hours = cls(DAYS.index(first.lower()), DAYS.index(last.lower()),
                    time(int(oh), int(om)), time(int(ch), int(cm)))
        if hours.opens >= hours.closes:
            raise ValueError(f"office hours {text!r}: opening must come before closing")
        return hours

    def _open_day(self, weekday: int) -> bool:
        if self.first_day <= self.last_day:
            return self.first_day <= weekday <= self.last_day
        return weekday >= self.first_day or weekday <= self.last_day  # e.g. sat-tue

    def is_open(self, at: datetime) -> bool:
        local = at.astimezone(PARIS)
        return self._open_day(local.weekday()) and self.opens <= local.time() < self.closes

    def next_opening(self, at: datetime) -> datetime:
        """`at` itself when open, else the next opening time (Europe/Paris)."""
        local = at.astimezone(PARIS)
        if self.is_open(local):
            return local
        day = local.date()
        if local.time() >= self.opens:
            day += timedelta(days=1)
        while not self._open_day(day.weekday()):
            day += timedelta(days=1)
        return datetime.combine(day, self.opens, tzinfo=PARIS)

    def after(self, start: datetime, seconds: float) -> datetime:
        """When `seconds` of office time have passed since `start` (time out of hours does
        not count): 30 minutes from Friday 17:50 is Monday 09:20."""
        at, left = self.next_opening(start), timedelta(seconds=seconds)
        while True:
            closing = datetime.combine(at.date(), self.closes, tzinfo=PARIS)
            if at + left < closing:
                return at + left
            left -= closing - at
            at = self.next_opening(closing)

    def describe(self, language: str) -> str:
        """'lun.–ven. 09:00–18:00' / 'Mon–Fri 09:00–18:00'."""
        days = get_day_names("abbreviated", locale=language)
        return (f"{days[self.first_day]}–{days[self.last_day]} "
                f"{self.opens:%H:%M}–{self.closes:%H:%M}")

    def when(self, at: datetime, language: str) -> str:
        """The next opening, written for a person: 'lundi 30 novembre à 09:00'."""
        pattern = "EEEE d MMMM 'à' HH:mm" if language == "fr" else "EEEE d MMMM 'at' HH:mm"
        return format_datetime(self.next_opening(at), pattern, locale=language, tzinfo=PARIS)
