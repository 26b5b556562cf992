"""Small factories: each test builds exactly the data it reads."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from itertools import count
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from bot.db.candidacies import submit
from bot.db.models import (
    Candidacy,
    EligibilityRule,
    Event,
    Programme,
    ProgrammeCall,
    Setting,
)

SEED_FILE = Path(__file__).resolve().parents[2] / "seed" / "programmes.yml"
_ids = count(1)


def texts(fr: str, en: str | None = None) -> dict[str, str]:
    return {"fr": fr, "en": en or f"{fr} (en)"}


def make_programme(session: Session, key: str | None = None, **fields) -> Programme:
    key = key or f"programme_{next(_ids)}"
    values = {
        "kind": "national_scheme",
        "name": texts(f"Nom {key}", f"Name {key}"),
        "summary": texts(f"Résumé de {key}.", f"Summary of {key}."),
        "source_title": "Source de test",
        "information_date": date(2015, 10, 1),
    }
    values.update(fields)
    programme = Programme(key=key, **values)
    session.add(programme)
    session.flush()
    return programme


def make_rule(session: Session, programme: Programme, code: str, check: dict,
              fr: str, en: str) -> EligibilityRule:
    rule = EligibilityRule(programme=programme, code=code, check=check, text=texts(fr, en),
                           position=len(programme.rules))
    session.add(rule)
    session.flush()
    return rule


def make_event(session: Session, title: str = "Demo day", in_days: float = 10,
               place: str | None = "Seine Innopolis", **fields) -> Event:
    fields.setdefault("date_precision", "minute")
    event = Event(title=texts(title, title),
                  starts_at=datetime.now(timezone.utc) + timedelta(days=in_days),
                  place=place, **fields)
    session.add(event)
    session.flush()
    return event


def make_settings(session: Session, email: str = "contact@example.org") -> None:
    session.merge(Setting(key="network_name", value="Normandy French Tech"))
    session.merge(Setting(key="contact_email", value=email))


def seed_data() -> dict:
    """The real seed file as data, with the files it includes merged in, so that a test can
    change it and write it anywhere as one self-contained file."""
    data = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    for name in data.pop("include", []):
        included = yaml.safe_load((SEED_FILE.parent / name).read_text(encoding="utf-8"))
        for key, value in included.items():
            if isinstance(value, list):
                data[key] = data.get(key, []) + value
            elif isinstance(value, dict):
                data[key] = {**value, **data.get(key, {})}
    return data


def seed_items() -> int:
    """How many items the real seed file creates: programmes, network sections, events and
    knowledge entries."""
    data = seed_data()
    return sum(len(data.get(name) or []) for name in
               ("programmes", "network_sections", "events", "knowledge"))


def write_seed(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def make_call(session: Session, programme: Programme, closes_in_days: float = 20,
              title: str = "Appel à candidatures") -> ProgrammeCall:
    call = ProgrammeCall(programme=programme, title=texts(title, "Call for candidacies"),
                         closes_at=datetime.now(timezone.utc) + timedelta(days=closes_in_days))
    session.add(call)
    session.flush()
    return call


def make_subscribers(session: Session, target: str, count: int, first_id: int = 1000,
                     language: str = "fr") -> list[str]:
    """`count` chats subscribed to `target`, with consecutive ids."""
    from bot.db.reminders import subscribe

    chats = [str(first_id + i) for i in range(count)]
    for chat in chats:
        subscribe(session, chat, target, language)
    return chats


def candidacy_fields(**overrides) -> dict:
    fields = {"full_name": "Camille Martin", "email": "camille@startup.fr", "phone": None,
              "company": "Startup SAS", "siren": "732829320", "town": "Caen",
              "postcode": "14000", "in_normandy": True, "stage": "creation",
              "founded_on": date(2025, 3, 1), "pitch": "Des drones pour les ports.",
              "expectations": "Un financement.", "answers": {}}
    fields.update(overrides)
    return fields


def make_candidacy(session: Session, chat_id: str = "7",
                   programme: str | None = "bourse_french_tech", language: str = "fr",
                   **overrides) -> Candidacy:
    """A candidacy sent from `chat_id` (programme None: to join the network)."""
    return submit(session, chat_id=chat_id, language=language, programme_key=programme,
                  fields=candidacy_fields(**overrides))
