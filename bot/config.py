"""Settings from environment variables (a `.env` file is read when present), and the
languages: `LANGUAGES`, the one list, and `language_for`, the one rule choosing the one a
person is spoken to in.

Every variable is documented in the README's configuration table.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fr", "en")  # the one list; every text exists in each (tests/test_languages.py)
# A Telegram client in a language none of LANGUAGES is: spoken to in English, the language
# most people read (not DEFAULT_LANGUAGE, the network's own).
FOREIGN_CLIENT = "en"
PARIS = ZoneInfo("Europe/Paris")  # the network's time zone, for every date shown or typed


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _switch(name: str, default: bool) -> bool:
    value = (_env(name) or "").strip().lower()
    if not value:
        return default
    if value in ("on", "true", "1", "yes"):
        return True
    if value in ("off", "false", "0", "no"):
        return False
    raise ValueError(f"{name} must be on or off, not {value!r}")


@lru_cache(maxsize=1)
def _load_dotenv_once() -> None:
    load_dotenv(PROJECT_ROOT / ".env", override=False)


@dataclass(frozen=True)
class Settings:
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'nft.db'}"
    model_path: Path = PROJECT_ROOT / "models" / "nft.tar.gz"
    seed_file: Path = PROJECT_ROOT / "seed" / "programmes.yml"
    action_endpoint_url: str | None = None
    default_language: str = "fr"
    max_message_chars: int = 1000
    telegram_token: str | None = field(default=None, repr=False)
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_timeout: float = 10.0
    poll_timeout: int = 25
    poll_batch_wait: float = 0.05  # after updates arrived: gather the next ones for this long
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8080
    log_level: str = "INFO"
    staff_chat_id: int | None = None
    staff_language: str = "fr"
    office_hours: str = "mon-fri 09:00-18:00"
    handoff_repost_after: float = 1800.0  # seconds an open handoff waits before a re-post
    handoff_answer_within: float = 1800.0  # office-hours seconds before "nobody answered yet"
    reminder_offsets: str = "7d,1d,2h"  # when reminders go out before an event or deadline
    rasa_patches: bool = True  # bot.rasa_patches; RASA_PATCHES=off runs Rasa as released
    instance_lease_seconds: float = 20.0  # a standby takes over this long after a crash
    admin_listen: str = "127.0.0.1"  # /healthz, /metrics and the back-office (/admin)
    admin_port: int = 8081  # 0: no admin server
    admin_url: str | None = None  # the back-office's public address, for login links
    admin_secret: str | None = field(default=None, repr=False)  # the session cookie's key

    @classmethod
    def from_env(cls) -> Settings:
        _load_dotenv_once()
        defaults = cls()
        return cls(
            database_url=_env("DATABASE_URL", defaults.database_url),
            model_path=Path(_env("MODEL_PATH", str(defaults.model_path))),
            seed_file=Path(_env("SEED_FILE", str(defaults.seed_file))),
            action_endpoint_url=_env("ACTION_ENDPOINT_URL"),
            default_language=_env("DEFAULT_LANGUAGE", defaults.default_language),
            max_message_chars=int(_env("MAX_MESSAGE_CHARS", str(defaults.max_message_chars))),
            telegram_token=_env("TELEGRAM_TOKEN"),
            telegram_api_url=_env("TELEGRAM_API_URL", defaults.telegram_api_url),
            telegram_timeout=float(_env("TELEGRAM_TIMEOUT", str(defaults.telegram_timeout))),
            poll_timeout=int(_env("POLL_TIMEOUT", str(defaults.poll_timeout))),
            poll_batch_wait=float(_env("POLL_BATCH_WAIT", str(defaults.poll_batch_wait))),
            webhook_url=_env("WEBHOOK_URL"),
            webhook_secret=_env("WEBHOOK_SECRET"),
            webhook_listen=_env("WEBHOOK_LISTEN", defaults.webhook_listen),
            webhook_port=int(_env("WEBHOOK_PORT", str(defaults.webhook_port))),
            log_level=_env("LOG_LEVEL", defaults.log_level),
            staff_chat_id=int(_env("STAFF_CHAT_ID")) if _env("STAFF_CHAT_ID") else None,
            staff_language=_env("STAFF_LANGUAGE", defaults.staff_language),
            office_hours=_env("OFFICE_HOURS", defaults.office_hours),
            handoff_repost_after=float(_env("HANDOFF_REPOST_AFTER",
                                            str(defaults.handoff_repost_after))),
            handoff_answer_within=float(_env("HANDOFF_ANSWER_WITHIN",
                                             str(defaults.handoff_answer_within))),
            reminder_offsets=_env("REMINDER_OFFSETS", defaults.reminder_offsets),
            rasa_patches=_switch("RASA_PATCHES", defaults.rasa_patches),
            instance_lease_seconds=float(_env("INSTANCE_LEASE_SECONDS",
                                              str(defaults.instance_lease_seconds))),
            admin_listen=_env("ADMIN_LISTEN", defaults.admin_listen),
            admin_port=int(_env("ADMIN_PORT", str(defaults.admin_port))),
            admin_url=_env("ADMIN_URL"),
            admin_secret=_env("ADMIN_SECRET"),
        )

    def office_login_url(self, token: str) -> str:
        """The back-office's one-time login link: ADMIN_URL (else the admin server's own
        address, under /admin) and the path of bot/office/app.py's route "login". Here, not in
        bot.office: the staff chat's /login and `ftbot admin link` both build it, and the
        staff desk is a lower layer than the back-office (docs/architecture.md)."""
        base = self.admin_url or f"http://{self.admin_listen}:{self.admin_port}/admin"
        return f"{base.rstrip('/')}/login/{token}"


def default_language() -> str:
    """The language of a conversation that has none yet (DEFAULT_LANGUAGE)."""
    language = Settings.from_env().default_language
    return language if language in LANGUAGES else LANGUAGES[0]


def language_for(chosen: str | None = None, *, locked: bool = False, slot: str | None = None,
                 client_code: str | None = None, default: str | None = None) -> str:
    """The language a person is spoken to in: the one rule, each caller handing what it sees.

    1. `chosen` when `locked`: a choice made for good (/language, the back-office's switch);
    2. else `slot`: the conversation's language (Rasa's `language` slot, which follows what
       the person writes);
    3. else `chosen`: the chat's stored language;
    4. else the client's (`client_code`: Telegram's `language_code`, "" when it gives none):
       the language of LANGUAGES it starts with (a French client French), else FOREIGN_CLIENT;
    5. else `default`, an audience's own (STAFF_LANGUAGE for the staff), else
       DEFAULT_LANGUAGE.
    A value outside LANGUAGES is passed over: the answer is always one of them.
    """
    for candidate in (chosen if locked else None, slot, chosen):
        if candidate in LANGUAGES:
            return candidate
    if client_code is not None:
        code = client_code.lower()
        spoken = next((language for language in LANGUAGES if code.startswith(language)),
                      FOREIGN_CLIENT)
        if spoken in LANGUAGES:
            return spoken
    return default if default in LANGUAGES else default_language()
