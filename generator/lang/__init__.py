"""Reading Chinese and English news language: names, names by sound, quantities, the glossary, one Chinese script."""

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
from generator.lang.glossary import (
    concept_terms,
    concepts,
    events,
    joined_particles,
    moves,
    roles,
    rule_subject,
    without_roles,
)
from generator.lang.hanzi import simplified
from generator.lang.mixing import english_words, is_english_sentence, unquoted
from generator.lang.names import (
    ALIASES,
    GENERIC,
    alias_names,
    counterpart,
    glossed_names,
    glosses,
    latin_names,
    pinyin_keys,
    pinyin_matches,
    spelled_in_pinyin,
    strip_descriptor,
    syllables,
    version_conflict,
    versions,
)
from generator.lang.quantities import amount_conflict, count_conflict, quantities, read_quantities
from generator.lang.sounds import (
    chinese_sounds,
    english_sound_forms,
    english_sounds,
    heads_sound_alike,
    opening_sounds,
    sound_matches,
)

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
    "heads_sound_alike",
    "is_english_sentence",
    "is_common_word",
    "joined_particles",
    "latin_names",
    "moves",
    "load_vocabulary",
    "opening_sounds",
    "name_key",
    "pinyin_keys",
    "pinyin_matches",
    "quantities",
    "read_quantities",
    "roles",
    "rule_subject",
    "simplified",
    "sound_matches",
    "spelled_in_pinyin",
    "strip_descriptor",
    "syllables",
    "text_names",
    "unquoted",
    "version_conflict",
    "versions",
    "without_roles",
    "vocabulary_keys",
]
