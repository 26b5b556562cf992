"""Train the Rasa model from config.yml, domain.yml and nlu/ (never from tests/)."""

from __future__ import annotations

from pathlib import Path

from bot.config import PROJECT_ROOT


def train(output: Path) -> Path:
    from rasa.model_training import train as rasa_train

    result = rasa_train(
        domain=str(PROJECT_ROOT / "domain.yml"),
        config=str(PROJECT_ROOT / "config.yml"),
        training_files=[str(PROJECT_ROOT / "nlu")],
        output=str(output.parent),
        fixed_model_name=output.name.removesuffix(".tar.gz"),
        force_training=True,
    )
    if result.code != 0 or not result.model:
        raise RuntimeError(f"Rasa training failed (code {result.code})")
    return Path(result.model)
