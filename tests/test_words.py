"""The words tables (generator/post/words.py): every reader-facing word of the layouts comes from the table of the
renderer's language, so that a second language is a table, not a hunt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.post.render import TEMPLATES
from generator.post.words import TABLES, words_for

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _code(template: Path) -> str:
    """A template without its comments ({# … #}): what it renders."""
    return re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.j2")), ids=lambda p: p.name)
def test_no_template_writes_a_chinese_word_of_its_own(template: Path) -> None:
    assert HAN.findall(_code(template)) == []


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.j2")), ids=lambda p: p.name)
def test_every_word_a_template_names_is_in_every_table(template: Path) -> None:
    code = _code(template)
    named = set(re.findall(r"\bwords\.(\w+)", code)) | set(re.findall(r'\bsay\("(\w+)"', code))
    part = "weekly" if template.name == "_weekly.md.j2" else "post"
    for language, table in TABLES.items():
        missing = named - set(table[part])
        assert not missing, f"{language} {part}: {sorted(missing)}"


def test_every_table_has_the_parts_and_keys_of_the_chinese_one() -> None:
    chinese = words_for("zh")
    for language, table in TABLES.items():
        assert set(table) == set(chinese), language
        for part, words in chinese.items():
            if isinstance(words, dict):
                missing = set(words) - set(table[part])
                assert not missing, f"{language} {part}: {sorted(missing)}"


def test_a_language_without_a_table_is_named() -> None:
    with pytest.raises(KeyError, match="'fr'.*zh"):
        words_for("fr")
