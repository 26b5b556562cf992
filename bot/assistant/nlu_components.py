"""NLU component that guarantees the `programme` entity is one of the canonical keys.

Rasa's EntitySynonymMapper only maps surface forms seen in training. Entrepreneurs type
"bourse frenchteck" or "le tiket": this mapper also accepts a close match (rapidfuzz) and
drops a `programme` value it cannot map, so every consumer sees a canonical key or nothing.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from rapidfuzz import fuzz, process
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.entity_synonyms import EntitySynonymMapper

ENTITY = "programme"
MIN_SCORE = 80
_ARTICLES = re.compile(r"^(le|la|les|l'|the|un|une|a)\s*", re.IGNORECASE)


def normalise(text: str) -> str:
    """Lowercase, no accents, no leading article, single spaces."""
    stripped = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    stripped = _ARTICLES.sub("", stripped.lower().strip())
    return re.sub(r"[\s\-_]+", " ", stripped).strip()


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class ProgrammeNormalizer(EntitySynonymMapper):
    """EntitySynonymMapper plus fuzzy matching for the `programme` entity."""

    def replace_synonyms(self, entities: list[dict[str, Any]]) -> None:
        super().replace_synonyms(entities)
        canonical = set(self.synonyms.values())
        forms = {normalise(form): key for form, key in self.synonyms.items()}
        forms.update({normalise(key): key for key in canonical})
        seen: set[str] = set()
        for entity in list(entities):
            if entity.get("entity") != ENTITY:
                continue
            if entity["value"] not in canonical:
                value = normalise(str(entity["value"]))
                match = forms.get(value) or self._closest(value, forms)
                if not match:
                    entities.remove(entity)
                    continue
                entity["value"] = match
                self.add_processor_name(entity)
            if entity["value"] in seen:  # "hubs ... french tech" split in two spans
                entities.remove(entity)
            seen.add(entity["value"])

    @staticmethod
    def _closest(value: str, forms: dict[str, str]) -> str | None:
        if len(value) < 3:
            return None
        best = process.extractOne(value, list(forms), scorer=fuzz.token_sort_ratio,
                                  score_cutoff=MIN_SCORE)
        return forms[best[0]] if best else None
