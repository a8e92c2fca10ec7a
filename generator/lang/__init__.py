"""Reading Chinese and English news language: names, quantities, the glossary, one script for Chinese."""

from __future__ import annotations

from generator.lang.dates import is_date_only, parse_date
from generator.lang.entities import (
    Vocabulary,
    glossed_pairs,
    is_common_word,
    load_vocabulary,
    name_key,
    text_names,
    vocabulary_keys,
)
from generator.lang.glossary import concept_terms, concepts, events
from generator.lang.hanzi import simplified
from generator.lang.mixing import english_words, is_english_sentence, unquoted
from generator.lang.names import (
    ALIASES,
    GENERIC,
    alias_names,
    chinese_sounds,
    counterpart,
    english_sound_forms,
    english_sounds,
    glossed_names,
    glosses,
    latin_names,
    opening_sounds,
    pinyin_keys,
    pinyin_matches,
    sound_matches,
    strip_descriptor,
    syllables,
    version_conflict,
    versions,
)
from generator.lang.quantities import amount_conflict, count_conflict, quantities, read_quantities

__all__ = [
    "is_date_only",
    "parse_date",
    "ALIASES",
    "GENERIC",
    "Vocabulary",
    "alias_names",
    "amount_conflict",
    "chinese_sounds",
    "concept_terms",
    "concepts",
    "count_conflict",
    "counterpart",
    "english_sound_forms",
    "english_sounds",
    "english_words",
    "events",
    "glossed_names",
    "glossed_pairs",
    "glosses",
    "is_english_sentence",
    "is_common_word",
    "latin_names",
    "load_vocabulary",
    "opening_sounds",
    "name_key",
    "pinyin_keys",
    "pinyin_matches",
    "quantities",
    "read_quantities",
    "simplified",
    "sound_matches",
    "strip_descriptor",
    "syllables",
    "text_names",
    "unquoted",
    "version_conflict",
    "versions",
    "vocabulary_keys",
]
