"""The words tables (generator/post/words.py): every reader-facing word of the layouts comes from the table of the
renderer's language, so that a second language is a table, not a hunt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.post.render import TEMPLATES
from generator.post.wording import credit
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


@pytest.mark.parametrize(
    ("language", "editor", "said"),
    [
        ("zh", "offline", "离线编辑"),
        ("zh", "gemini-2.5-flash", "gemini-2.5-flash"),
        (
            "zh",
            "gemini-2.5-flash+gemini-2.5-flash-lite+offline",
            "gemini-2.5-flash、gemini-2.5-flash-lite、离线编辑",
        ),
        ("en", "offline", "the offline editor"),
        ("en", "gemini-2.5-flash+offline", "gemini-2.5-flash and the offline editor"),
    ],
)
def test_the_editor_credit_is_said_in_the_posts_language(language: str, editor: str, said: str) -> None:
    """A Chinese closing line said 编辑：offline: the offline editor has a name in each language; a model keeps its."""
    assert credit(editor, words_for(language)["post"]) == said
