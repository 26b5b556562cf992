"""The back-office's knowledge pages: the facts the assistant answers questions with.

Owns the list of knowledge entries (grouped by subject), the form that creates or edits one
(checked by the seed file's own model, bot.db.seed.KnowledgeIn, written by its own code,
`write_knowledge`) and the deletion of one. The assistant reads the knowledge from the
database at parse time, so a saved answer is given at the very next message, no retraining.
A saved entry carries `changed_at`/`changed_by`, so re-seeding leaves it alone; each save is
in the audit log with the fields it changed. May import: bot.config, bot.db, bot.i18n,
bot.office.render.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from aiohttp import web
from pydantic import ValidationError
from sqlalchemy import func, select

from bot.config import LANGUAGES, PARIS, default_language
from bot.db import audit, office
from bot.db.export import knowledge_document
from bot.db.models import KnowledgeEntry
from bot.db.queries import get_setting, list_knowledge, list_programmes, localized, utcnow
from bot.db.seed import NETWORK, KnowledgeIn, Source, write_knowledge
from bot.db.session import session_scope
from bot.i18n import t
from bot.office.render import FormError, page, refusal_of, route

FIELDS = ("subject", "aspect", "known", "yes_no", "answer", "questions", "source")
SLUG = re.compile(r"[a-z0-9_]{2,64}")
RESERVED = ("new",)  # knowledge/new is the creation form (route "knowledge_new")
MAX_ANSWER, MAX_QUESTION, MAX_QUESTIONS, MAX_SOURCE = 2000, 300, 50, 300
SHORT = 110  # characters of an answer in the list


def _text(form: Any, name: str) -> str:
    return str(form.get(name, "")).strip()


def _slug(form: Any, name: str, default: str = "") -> str:
    value = _text(form, name) or default
    if not SLUG.fullmatch(value):
        raise FormError(f"office_knowledge_bad_{name}", value=value[:70])
    return value


def _source(form: Any, known: bool) -> Source | None:
    title, url, day = (_text(form, f"source_{part}") for part in ("title", "url", "date"))
    if not (title or url or day):
        if known:
            raise FormError("office_knowledge_source_needed")
        return None
    if not title or not day or len(title) > MAX_SOURCE or len(url) > 500:
        raise FormError("office_knowledge_source_needed")
    if url and not url.startswith(("https://", "http://")):
        raise FormError("office_knowledge_bad_url")
    try:
        return Source(title=title, url=url or None, date=date.fromisoformat(day))
    except ValueError as error:
        raise FormError("office_knowledge_source_needed") from error


def edited(form: Any, key: str, subjects: set[str]) -> tuple[KnowledgeIn, Source | None]:
    """The entry the form describes, checked like the seed file (FormError otherwise)."""
    subject = _text(form, "subject")
    if subject not in subjects:
        raise FormError("office_knowledge_bad_subject", value=subject[:70])
    aspect = _slug(form, "aspect", default=key)
    answer = {lang: _text(form, f"answer_{lang}") for lang in LANGUAGES}
    if not all(answer.values()):
        raise FormError("office_knowledge_answer_needed")
    questions = {lang: [line.strip() for line in _text(form, f"questions_{lang}").splitlines()
                        if line.strip()] for lang in LANGUAGES}
    if not all(questions.values()):
        raise FormError("office_knowledge_questions_needed")
    if max(map(len, answer.values())) > MAX_ANSWER \
            or any(len(q) > MAX_QUESTION for qs in questions.values() for q in qs) \
            or any(len(qs) > MAX_QUESTIONS for qs in questions.values()):
        raise FormError("office_knowledge_too_long", answer=MAX_ANSWER, question=MAX_QUESTION,
                        questions=MAX_QUESTIONS)
    yes_no = _text(form, "yes_no") or None
    if yes_no not in (None, "yes", "no"):
        raise FormError("office_knowledge_bad_yes_no")
    known = bool(form.get("known"))
    source = _source(form, known)
    try:
        item = KnowledgeIn.parse_obj({"key": key, "subject": subject, "aspect": aspect,
                                      "known": known, "yes_no": yes_no, "answer": answer,
                                      "questions": questions, "source": source})
    except ValidationError as error:
        raise refusal_of(error) from error
    return item, source


def _subjects(db: Any, language: str) -> dict[str, str]:
    """Every subject an entry may have, by key: the network first, then the schemes."""
    return {NETWORK: t("office_knowledge_network", language),
            **{p.key: localized(p.name, language) or p.key for p in list_programmes(db)}}


def _aspects(db: Any) -> list[str]:
    return sorted(set(db.execute(select(KnowledgeEntry.aspect)).scalars()))


def _clash(db: Any, item: KnowledgeIn) -> None:
    """Two entries of one subject and one aspect: the assistant would only ever say one."""
    other = db.execute(select(KnowledgeEntry.key).where(
        KnowledgeEntry.subject == item.subject, KnowledgeEntry.aspect == item.aspect,
        KnowledgeEntry.key != item.key)).scalars().first()
    if other is not None:
        raise FormError("office_knowledge_aspect_taken", other=other)


def form_values(document: dict[str, Any]) -> dict[str, Any]:
    source = document.get("source") or {}
    values = {"key": document.get("key", ""), "subject": document.get("subject", NETWORK),
              "aspect": document.get("aspect", ""), "known": document.get("known", True),
              "yes_no": document.get("yes_no") or "", "source_title": source.get("title") or "",
              "source_url": source.get("url") or "", "source_date": str(source.get("date") or "")}
    for lang in LANGUAGES:
        values[f"answer_{lang}"] = (document.get("answer") or {}).get(lang, "")
        values[f"questions_{lang}"] = "\n".join((document.get("questions") or {}).get(lang, []))
    return values


def _posted(form: Any) -> dict[str, Any]:
    """The values as sent, shown again with the error (autoescaped by the template)."""
    values = {name: str(form.get(name, "")) for name in form if name != "csrf"}
    values["known"] = bool(form.get("known"))
    return values


def _changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [name for name in FIELDS if before.get(name) != after.get(name)]


def history(db: Any, key: str, language: str) -> list[tuple[str, str, str]]:
    """The entry's saves in the back-office, newest first (the audit log's entries)."""
    rows = []
    for e in audit.history(db, key, ("knowledge",)):  # the audit log's rows about it
        detail = e.detail or {}
        what = (t("office_knowledge_created", language) if detail.get("created") else "")
        rows.append((e.at.strftime("%Y-%m-%d %H:%M"), e.who,
                     " ".join(filter(None, (what, ", ".join(detail.get("fields", [])))))))
    return rows


def _suggested_key(db: Any, question: str) -> str:
    """A key for a new entry from its question's longer words ("parking_pour_visiteurs")."""
    plain = unicodedata.normalize("NFKD", question).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z0-9]+", plain) if len(w) > 3][:3] or ["entry"]
    base = "_".join(words)[:56]
    taken = set(db.execute(select(KnowledgeEntry.key)).scalars())
    return next(k for n in range(1, 1000) if (k := base if n == 1 else f"{base}_{n}")
                not in taken)


def _render(request: web.Request, db: Any, values: dict[str, Any], *, key: str | None,
            error: str | None = None, status: int = 200) -> web.Response:
    language = request["language"]
    return page(request, "knowledge_entry.html", {
        "key": key, "values": values, "subjects": _subjects(db, language),
        "aspects": _aspects(db), "error": error, "saved": request.query.get("saved") == "1",
        "history": history(db, key, language) if key else []}, status=status)


async def knowledge_list(request: web.Request) -> web.StreamResponse:
    language = request["language"]
    with session_scope() as db:
        subjects = _subjects(db, language)
        groups: dict[str, list[dict[str, Any]]] = {key: [] for key in subjects}
        for e in list_knowledge(db):
            questions = ((e.questions or {}).get(language)
                         or (e.questions or {}).get(default_language()) or [""])
            answer = localized(e.answer, language) or ""
            groups.setdefault(e.subject, []).append({
                "key": e.key, "aspect": e.aspect, "known": e.known, "question": questions[0],
                "answer": answer if len(answer) <= SHORT else answer[:SHORT].rstrip() + "…",
                "changed_by": e.changed_by})
    rows = [(subjects.get(key, key), entries) for key, entries in groups.items() if entries]
    return page(request, "knowledge.html", {"groups": rows,
                                            "deleted": request.query.get("deleted", "")})


async def new_entry(request: web.Request) -> web.StreamResponse:
    question = request.query.get("question", "").strip()[:MAX_QUESTION]
    language = request.query.get("language")
    language = language if language in LANGUAGES else default_language()
    with session_scope() as db:
        document: dict[str, Any] = {
            "key": _suggested_key(db, question) if question else "", "subject": NETWORK,
            "known": True, "questions": {language: [question]} if question else {},
            "source": {"title": get_setting(db, "network_name") or "Normandy French Tech",
                       "date": utcnow().astimezone(PARIS).date()}}
        return _render(request, db, form_values(document), key=None)


async def create_entry(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    key = _text(form, "key")
    with session_scope() as db:
        try:
            key = _slug(form, "key")
            if key in RESERVED or db.execute(select(KnowledgeEntry.id).where(
                    KnowledgeEntry.key == key)).first() is not None:
                raise FormError("office_knowledge_key_taken", entry=key)
            item, source = edited(form, key, set(_subjects(db, request["language"])))
            _clash(db, item)
        except FormError as error:
            return _render(request, db, _posted(form), key=None,
                           error=error.text(request["language"]), status=400)
        last = db.execute(select(func.max(KnowledgeEntry.position))).scalar()
        entry = write_knowledge(KnowledgeEntry(key=key), item, source, (last or 0) + 1)
        entry.changed_at, entry.changed_by = utcnow(), request["staff"]
        db.add(entry)
        fields = [name for name, value in knowledge_document(entry).items()
                  if name in FIELDS and value not in (None, "", False)]
        office.audit(db, request["staff"], "knowledge", key, {
            "fields": fields, "created": True,
            "changes": audit.changes({}, knowledge_document(entry), fields)})
    raise web.HTTPSeeOther(route(request, "knowledge_entry", {"saved": "1"}, key=key))


def _found(db: Any, key: str) -> KnowledgeEntry:
    entry = db.execute(select(KnowledgeEntry).where(KnowledgeEntry.key == key)).scalar()
    if entry is None:
        raise web.HTTPNotFound()
    return entry


async def entry_page(request: web.Request) -> web.StreamResponse:
    with session_scope() as db:
        found = _found(db, request.match_info["key"])
        return _render(request, db, form_values(knowledge_document(found)), key=found.key)


async def save_entry(request: web.Request) -> web.StreamResponse:
    key, form = request.match_info["key"], await request.post()
    with session_scope() as db:
        found = _found(db, key)
        before = knowledge_document(found)
        try:
            item, source = edited(form, key, set(_subjects(db, request["language"])))
            _clash(db, item)
        except FormError as error:
            values = {**_posted(form), "key": key}
            return _render(request, db, values, key=key, error=error.text(request["language"]),
                           status=400)
        after = knowledge_document(write_knowledge(found, item, source))
        changes = _changes(before, after)
        if changes:
            found.changed_at, found.changed_by = utcnow(), request["staff"]
            office.audit(db, request["staff"], "knowledge", key, {
                "fields": changes, "changes": audit.changes(before, after, changes)})
    raise web.HTTPSeeOther(route(request, "knowledge_entry", {"saved": "1"}, key=key))


async def delete_entry(request: web.Request) -> web.StreamResponse:
    key = request.match_info["key"]
    with session_scope() as db:
        found = _found(db, key)
        before = knowledge_document(found)
        db.delete(found)
        office.audit(db, request["staff"], "knowledge_deleted", key,
                     {"changes": audit.changes(before, {}, FIELDS)})
    raise web.HTTPSeeOther(route(request, "knowledge", {"deleted": key}))
