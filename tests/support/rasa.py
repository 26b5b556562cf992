"""Rasa's own objects the Rasa-boundary tests build on: the project's domain."""

from __future__ import annotations

from pathlib import Path

from rasa.shared.core.domain import Domain

DOMAIN = Domain.load(Path(__file__).parents[2] / "domain.yml")
