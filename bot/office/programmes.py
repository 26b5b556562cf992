"""The back-office's programme pages: every fact of a scheme, French and English side by side,
checked by the seed file's own model (bot.db.seed.ProgrammeIn) and written by its own code;
the assistant answers from the database, so the change shows at once. Rules and calls, being
structured, are edited as YAML in the seed's format. Each save is in the audit log with the
fields it changed."""

from __future__ import annotations

from typing import Any

import yaml
from aiohttp import web
from pydantic import ValidationError

from bot.advisor.reading import NEEDS
from bot.config import LANGUAGES
from bot.db import audit, office
from bot.db.export import programme_document
from bot.db.queries import get_programme, list_programmes, localized
from bot.db.seed import ProgrammeIn, write_programme
from bot.db.session import session_scope
from bot.office.render import FormError, page, refusal_of, route

TEXT_FIELDS = ("name", "summary", "offer", "funding", "eligibility_summary", "how_to_apply",
               "documents", "deadline_note", "contact")
REQUIRED_TEXTS = ("name", "summary")
YAML_FIELDS = ("eligibility_rules", "calls")
YAML_MAX_CHARS = 20_000  # the seed's longest field is a tenth of it
YAML_MAX_DEPTH = 20  # the seed's rules nest to 5
LARGEST_AMOUNT = 2**31 - 1  # euros, in an INTEGER column
MAX_TEXT = 4000  # characters of a text in one language (the seed's longest: 279)
MAX_SCALAR = 500  # characters of one value in the YAML fields (a call's link: 500)
LIMITS = {"operator": 200, "source_title": 300, "source_url": 500, "source_date": 10}


def _texts(form: Any, field: str) -> dict[str, str] | None:
    texts = {lang: str(form.get(f"{field}_{lang}", "")).strip() for lang in LANGUAGES}
    if max(len(text) for text in texts.values()) > MAX_TEXT:
        raise FormError("office_programme_text_too_long", field=field, limit=MAX_TEXT)
    if not any(texts.values()) and field not in REQUIRED_TEXTS:
        return None  # unknown: the assistant says so
    if not all(texts.values()):
        raise FormError("office_programme_texts_needed", field=field,
                        languages=", ".join(LANGUAGES))
    return texts


def edited(document: dict[str, Any], form: Any) -> ProgrammeIn:
    """The programme's seed document with the form's values, checked like the seed file."""
    changed = dict(document)
    for name, limit in LIMITS.items():  # the columns' sizes (PostgreSQL refuses more)
        if len(str(form.get(name, "")).strip()) > limit:
            raise FormError("office_programme_too_long", field=name, limit=limit)
    for field in TEXT_FIELDS:
        changed[field] = _texts(form, field)
    changed["operator"] = str(form.get("operator", "")).strip() or None
    changed["funding_amount_eur"] = _amount(str(form.get("funding_amount_eur", "")).strip())
    chosen = [need for need in NEEDS if form.get(f"offer_{need}")]
    kept = list(document.get("offers") or [])
    changed["offers"] = kept if set(kept) == set(chosen) else chosen  # the order staff wrote
    changed["source"] = {"title": str(form.get("source_title", "")).strip(),
                         "url": str(form.get("source_url", "")).strip() or None,
                         "date": str(form.get("source_date", "")).strip()}
    for field in YAML_FIELDS:
        changed[field] = _yaml(field, str(form.get(field, "")))
    try:
        return ProgrammeIn.parse_obj(changed)
    except ValidationError as error:
        raise refusal_of(error) from error


def _amount(amount: str) -> int | None:
    if amount and not (amount.isascii() and amount.isdigit()):
        raise FormError("office_programme_amount_not_whole", field="funding_amount_eur")
    if len(amount) > 10 or (amount and int(amount) > LARGEST_AMOUNT):
        raise FormError("office_programme_amount_too_large", field="funding_amount_eur",
                        limit=LARGEST_AMOUNT)
    return int(amount) if amount else None


def _checked_yaml(field: str, text: str) -> None:
    """Refuse before building anything: aliases and anchors (a few hundred bytes of them
    expand to billions of items), more than YAML_MAX_CHARS, nesting deeper than
    YAML_MAX_DEPTH (the loader recurses), a value longer than MAX_SCALAR (a column's size)."""
    if len(text) > YAML_MAX_CHARS:
        raise FormError("office_programme_too_long", field=field, limit=YAML_MAX_CHARS)
    if _brackets_depth(text) > YAML_MAX_DEPTH:  # the parser reads a flow's "[[[…" whole first
        raise FormError("office_programme_too_deep", field=field, limit=YAML_MAX_DEPTH)
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise FormError("office_programme_yaml_aliases", field=field)
        if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_SCALAR:
            raise FormError("office_programme_value_too_long", field=field, limit=MAX_SCALAR)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > YAML_MAX_DEPTH:
                raise FormError("office_programme_too_deep", field=field, limit=YAML_MAX_DEPTH)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _brackets_depth(text: str) -> int:
    """How deep [ and { nest (quoted ones counted too: a seed never comes near the limit)."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    return deepest


def _yaml(field: str, text: str) -> Any:
    try:
        _checked_yaml(field, text)
        return yaml.safe_load(text) or []
    except FormError:
        raise
    except yaml.YAMLError as error:
        raise FormError("office_programme_not_yaml", field=field,
                        error=error.__class__.__name__) from error
    except (ValueError, TypeError, OverflowError) as error:  # e.g. a date like 2031-02-30
        raise FormError("office_programme_unreadable", field=field, error=error) from error


def _changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [field for field in (*TEXT_FIELDS, "operator", "funding_amount_eur", "offers",
                                *YAML_FIELDS, "source") if before.get(field) != after.get(field)]


def form_values(document: dict[str, Any]) -> dict[str, Any]:
    values = {f"{field}_{lang}": (document.get(field) or {}).get(lang, "")
              for field in TEXT_FIELDS for lang in LANGUAGES}
    values["funding_amount_eur"] = document.get("funding_amount_eur") or ""
    values["operator"] = document.get("operator") or ""
    values.update({f"offer_{need}": need in (document.get("offers") or []) for need in NEEDS})
    values.update({field: yaml.safe_dump(document.get(field) or [], allow_unicode=True,
                                         sort_keys=False) for field in YAML_FIELDS})
    source = document.get("source") or {}
    values.update(source_title=source.get("title") or "", source_url=source.get("url") or "",
                  source_date=str(source.get("date") or ""))
    return values


def history(db: Any, key: str) -> list[Any]:
    """The programme's saves in the back-office, newest first: the audit log's rows about it."""
    return audit.history(db, key, ("programme",))


async def programmes(request: web.Request) -> web.StreamResponse:
    with session_scope() as db:
        rows = [(p.key, localized(p.name, request["language"]))
                for p in list_programmes(db)]
    return page(request, "programmes.html", {"rows": rows})


async def programme(request: web.Request) -> web.StreamResponse:
    key = request.match_info["key"]
    with session_scope() as db:
        found = get_programme(db, key)
        if found is None:
            raise web.HTTPNotFound()
        document = programme_document(found)
        changes = [(e.at.strftime("%Y-%m-%d %H:%M"), e.who,
                    ", ".join((e.detail or {}).get("fields", []))) for e in history(db, key)]
    saved = request.query.get("saved") == "1"
    return page(request, "programme.html", {"key": key, "values": form_values(document),
                                            "fields": TEXT_FIELDS, "needs": NEEDS,
                                            "saved": saved, "error": None,
                                            "history": changes})


async def save_programme(request: web.Request) -> web.StreamResponse:
    key, form = request.match_info["key"], await request.post()
    with session_scope() as db:
        found = get_programme(db, key)
        if found is None:
            raise web.HTTPNotFound()
        before = programme_document(found)
        try:
            item = edited(before, form)
        except FormError as error:
            values = {name: form.get(name, "") for name in form}
            values.update({f"offer_{need}": bool(form.get(f"offer_{need}")) for need in NEEDS})
            return page(request, "programme.html", {
                "key": key, "values": values, "fields": TEXT_FIELDS, "needs": NEEDS,
                "saved": False, "error": error.text(request["language"]), "history": []},
                status=400)
        after = programme_document(write_programme(db, item))
        changes = _changes(before, after)
        if changes:
            office.audit(db, request["staff"], "programme", key, {
                "fields": changes, "changes": audit.changes(before, after, changes)})
    raise web.HTTPSeeOther(route(request, "programme", {"saved": "1"}, key=key))
