"""Reading Chinese and English news language: names, quantities, the glossary."""

from __future__ import annotations

from generator.lang.glossary import concepts, events
from generator.lang.names import (
    ALIASES,
    GENERIC,
    alias_names,
    glossed_names,
    latin_names,
    pinyin_keys,
    pinyin_matches,
    version_conflict,
    versions,
)
from generator.lang.quantities import quantities, read_quantities

__all__ = [
    "ALIASES",
    "GENERIC",
    "alias_names",
    "concepts",
    "events",
    "glossed_names",
    "latin_names",
    "pinyin_keys",
    "pinyin_matches",
    "quantities",
    "read_quantities",
    "version_conflict",
    "versions",
]
