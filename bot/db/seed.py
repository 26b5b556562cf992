"""Import the human-edited YAML seed file into the database.

The whole file is validated before anything is written, and written in one transaction:
a bad file changes nothing, and its error names the line to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import (
    EligibilityRule,
    Event,
    KnowledgeEntry,
    NetworkSection,
    Programme,
    ProgrammeCall,
    Setting,
)
from bot.db.seed_schema import (  # noqa: F401 (the schema, imported from here too)
    NETWORK,
    Call,
    CandidacyIn,
    EventIn,
    KnowledgeIn,
    KnowledgeQuestions,
    NonEmpty,
    ProgrammeIn,
    Question,
    Rule,
    SectionIn,
    SeedError,
    SeedFile,
    Slug,
    Source,
    Texts,
    _Strict,
    parse_start,
)


def _check_knowledge(seed: SeedFile, path: Path, root: yaml.Node | None) -> None:
    """Each entry's subject is a programme of the seed (or the network), its source known."""
    subjects = {p.key for p in seed.programmes} | {NETWORK}
    for index, entry in enumerate(seed.knowledge):
        if entry.subject not in subjects:
            problem = f"unknown subject {entry.subject!r} (a programme's key, or network)"
        elif isinstance(entry.source, str) and entry.source not in seed.sources:
            problem = f"unknown source {entry.source!r} (a key of `sources`)"
        else:
            continue
        line = _line_of(root, ("knowledge", index)) if root is not None else "?"
        raise SeedError(f"{path}, line {line}: knowledge.{index}: {problem}")


def knowledge_source(seed: SeedFile, entry: KnowledgeIn) -> Source | None:
    return seed.sources[entry.source] if isinstance(entry.source, str) else entry.source


@dataclass
class SeedReport:
    created: int = 0
    updated: int = 0
    left_alone: list[str] = field(default_factory=list)  # staff's changes: events, knowledge

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated"
        if self.left_alone:
            text += (f"; left alone (changed or cancelled by staff since): "
                     f"{', '.join(self.left_alone)}")
        return text


def _line_of(node: yaml.Node, path: tuple) -> int:
    """1-based line of the deepest YAML node along a pydantic error location."""
    for step in path:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) \
                and step < len(node.value):
            match = node.value[step]
        else:
            match = None
        if match is None:
            break
        node = match
    return node.start_mark.line + 1


def load_seed(path: Path) -> SeedFile:
    """Parse and validate, with the files it includes; raises SeedError naming the file and
    line. An included file's sources, programmes, sections, events and knowledge are added to
    the including file's (keys stay unique across files)."""
    path = Path(path)
    seed, root = _load_one(path)
    for name in seed.include:
        included, _ = _load_one(path.parent / name)
        if included.include:
            raise SeedError(f"{path.parent / name}: an included file includes no other")
        merged = seed.dict()
        for field_name in ("programmes", "network_sections", "events", "knowledge"):
            merged[field_name] += included.dict()[field_name]
        merged["sources"] = {**included.dict()["sources"], **merged["sources"]}
        merged["settings"] = {**included.settings, **seed.settings}
        try:
            seed = SeedFile.parse_obj(merged)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"] if p != "__root__")
            raise SeedError(f"{path} with {name}: {where}: {first['msg']}") from exc
        root = None  # lines of the merged document are no single file's
    _check_knowledge(seed, path, root)
    return seed


def _load_one(path: Path) -> tuple[SeedFile, yaml.Node]:
    """One file parsed and validated; raises SeedError naming the file and line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedError(f"{path}: cannot read the file ({exc.strerror})") from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else "?"
        raise SeedError(f"{path}, line {line}: invalid YAML: {exc.problem}") from exc
    if not isinstance(data, dict) or root is None:
        raise SeedError(f"{path}, line 1: expected a mapping with 'version' and 'programmes'")
    try:
        return SeedFile.parse_obj(data), root
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"] if p != "__root__")
        line = _line_of(root, first["loc"])
        raise SeedError(f"{path}, line {line}: {where}: {first['msg']}") from exc


def _texts(value: Texts | None) -> dict | None:
    return value.dict() if value else None


def _upsert(session: Session, model: type, key: str, report: SeedReport) -> Any:
    record = session.execute(select(model).where(model.key == key)).scalar_one_or_none()
    if record is None:
        record = model(key=key)
        session.add(record)
        report.created += 1
    else:
        report.updated += 1
    return record


def is_seeded(session: Session) -> bool:
    """Whether any programme is there: `make run` seeds only a database that has none."""
    return session.execute(select(Programme.id).limit(1)).first() is not None


def write_programme(session: Session, item: ProgrammeIn, position: int | None = None,
                    report: SeedReport | None = None) -> Programme:
    """Create or update one programme from its validated form (the seed's, or the
    back-office's: the same checks, the same writing); `position` None keeps its place."""
    report = report or SeedReport()
    programme = _upsert(session, Programme, item.key, report)
    programme.kind = item.kind
    programme.position = position if position is not None else programme.position or 0
    programme.name = item.name.dict()
    programme.operator = item.operator
    programme.summary = item.summary.dict()
    for name in ("offer", "funding", "eligibility_summary", "how_to_apply", "documents",
                  "deadline_note", "contact"):
        setattr(programme, name, _texts(getattr(item, name)))
    programme.funding_amount_eur = item.funding_amount_eur
    programme.offers = list(item.offers)
    programme.candidacy = item.candidacy.dict() if item.candidacy else None
    programme.source_title = item.source.title
    programme.source_url = item.source.url
    programme.information_date = item.source.date
    programme.rules.clear()  # delete old rules first: their codes are unique per programme
    programme.calls.clear()
    session.flush()
    programme.rules = [
        EligibilityRule(code=r.code, position=i, check=r.check, text=r.text.dict())
        for i, r in enumerate(item.eligibility_rules)
    ]
    programme.calls = [
        ProgrammeCall(title=c.title.dict(), opens_at=c.opens, closes_at=c.closes, url=c.url)
        for c in item.calls
    ]
    return programme


def apply_seed(session: Session, seed: SeedFile) -> SeedReport:
    """Create or update every record of the file, matched by key.

    Events staff changed (`ftbot events update`, `/newevent`) or cancelled since are left as
    they are, and named in the report: a seed never moves them back nor revives them.
    """
    report = SeedReport()
    for key, value in seed.settings.items():
        session.merge(Setting(key=key, value=value))
    for position, item in enumerate(seed.programmes):
        write_programme(session, item, position, report)
    for position, item in enumerate(seed.network_sections):
        section = _upsert(session, NetworkSection, item.key, report)
        section.position = position
        section.title = item.title.dict()
        section.body = item.body.dict()
        section.source_title = item.source.title
    for item in seed.events:
        existing = session.execute(select(Event).where(Event.key == item.key)).scalar_one_or_none()
        if existing is not None and (existing.cancelled or existing.changed_at is not None):
            report.left_alone.append(item.key)  # staff's word is newer than the file's
            continue
        event = _upsert(session, Event, item.key, report)
        event.title = item.title.dict()
        event.starts_at, event.date_precision = parse_start(item.starts)
        event.place = item.place
        event.description = _texts(item.description)
        event.url = item.url
        event.source_title = item.source.title if item.source else None
    for position, item in enumerate(seed.knowledge):
        existing = session.execute(select(KnowledgeEntry)
                                   .where(KnowledgeEntry.key == item.key)).scalar_one_or_none()
        if existing is not None and existing.changed_at is not None:
            report.left_alone.append(item.key)  # a staff member's answer is newer
            continue
        write_knowledge(_upsert(session, KnowledgeEntry, item.key, report), item,
                        knowledge_source(seed, item), position)
    return report


def write_knowledge(entry: KnowledgeEntry, item: KnowledgeIn, source: Source | None,
                    position: int | None = None) -> KnowledgeEntry:
    """One knowledge entry from its validated form (the seed's, or the back-office's)."""
    entry.position = position if position is not None else entry.position or 0
    entry.subject = item.subject
    entry.aspect = item.aspect
    entry.known = item.known
    entry.yes_no = item.yes_no
    entry.answer = item.answer.dict()
    entry.questions = item.questions.dict()
    entry.source_title = source.title if source else None
    entry.source_url = source.url if source else None
    entry.information_date = source.date if source else None
    return entry
