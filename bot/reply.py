"""What the assistant says: a text and its buttons, for any channel to render."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Reply:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)  # {"title", "payload"}
