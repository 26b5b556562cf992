"""The database written back as a seed file: what staff changed in the database (a rule, an
offer, an event) becomes the YAML that starts the next database, in the seed's own format.

`load_seed` reads the result (tests/test_db_export.py: export, import into an empty database,
export again: the same document). Cancelled events are left out: a seed never revives them.
A section's or an event's source is found among the programmes' sources by its title.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import PARIS
from bot.db.models import Event, KnowledgeEntry, NetworkSection, Setting
from bot.db.queries import list_programmes

HEADER = ("# Exported from the database by `ftbot db export`: the seed format of "
          "seed/programmes.yml,\n# ready for `ftbot db seed`.\n")


class _Sources:
    """One mapping per distinct source, shared so that YAML writes it once (an anchor)."""

    def __init__(self) -> None:
        self.by_title: dict[str, dict[str, Any]] = {}

    def add(self, title: str, url: str | None, day: date) -> dict[str, Any]:
        return self.by_title.setdefault(title, {"title": title, "url": url, "date": day})

    def named(self, title: str | None, fallback: date) -> dict[str, Any] | None:
        if title is None:
            return None
        return self.by_title.get(title) or self.add(title, None, fallback)


def programme_document(programme: Any, sources: _Sources | None = None) -> dict[str, Any]:
    """One programme as the seed file writes it (the back-office edits this form too)."""
    sources = sources or _Sources()
    return {
        "key": programme.key, "kind": programme.kind, "name": programme.name,
        "operator": programme.operator, "summary": programme.summary, "offer": programme.offer,
        "funding": programme.funding, "funding_amount_eur": programme.funding_amount_eur,
        "eligibility_summary": programme.eligibility_summary,
        "eligibility_rules": [{"code": r.code, "check": r.check, "text": r.text}
                              for r in programme.rules],
        "offers": list(programme.offers or []),
        "how_to_apply": programme.how_to_apply, "documents": programme.documents,
        "deadline_note": programme.deadline_note,
        "calls": [{"title": c.title, "opens": c.opens_at, "closes": c.closes_at, "url": c.url}
                  for c in programme.calls],
        "contact": programme.contact, "candidacy": programme.candidacy,
        "source": sources.add(programme.source_title, programme.source_url,
                              programme.information_date),
    }


def _start(event: Event) -> Any:
    """The start as the seed writes it: a Paris time, a day, or "YYYY-MM"."""
    local = event.starts_at.astimezone(PARIS)
    if event.date_precision == "month":
        return local.strftime("%Y-%m")
    if event.date_precision == "day":
        return local.date()
    return local


def export_seed(session: Session) -> dict[str, Any]:
    sources = _Sources()
    programmes = [programme_document(p, sources) for p in list_programmes(session)]
    oldest = min((s["date"] for s in sources.by_title.values()), default=date.today())
    sections = [{"key": s.key, "title": s.title, "body": s.body,
                 "source": sources.named(s.source_title, oldest)}
                for s in session.execute(select(NetworkSection)
                                         .order_by(NetworkSection.position)).scalars()]
    events = [{"key": e.key or f"event_{e.id}", "title": e.title, "starts": _start(e),
               "place": e.place, "description": e.description, "url": e.url,
               "source": sources.named(e.source_title, oldest)}
              for e in session.execute(select(Event).where(Event.cancelled.is_(False))
                                       .order_by(Event.starts_at, Event.id)).scalars()]
    knowledge = [knowledge_document(k, sources)
                 for k in session.execute(select(KnowledgeEntry)
                                          .order_by(KnowledgeEntry.position,
                                                    KnowledgeEntry.key)).scalars()]
    settings = {s.key: s.value for s in session.execute(select(Setting)
                                                        .order_by(Setting.key)).scalars()}
    return {"version": 1,
            "sources": {f"source_{i}": s for i, s in enumerate(sources.by_title.values(), 1)},
            "settings": settings, "programmes": programmes, "network_sections": sections,
            "events": events, "knowledge": knowledge}


def knowledge_document(entry: KnowledgeEntry, sources: _Sources | None = None) -> dict[str, Any]:
    """One knowledge entry as the seed file writes it (the back-office edits this form)."""
    sources = sources or _Sources()
    document: dict[str, Any] = {"key": entry.key, "subject": entry.subject,
                                "aspect": entry.aspect, "known": entry.known}
    if entry.yes_no:
        document["yes_no"] = entry.yes_no
    document.update(answer=entry.answer, questions=entry.questions)
    if entry.source_title:
        document["source"] = sources.add(entry.source_title, entry.source_url,
                                         entry.information_date or date.today())
    return document


def dump(document: dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
