"""The words of the layouts in one language (post.words): what a template says that is not a story's own text —
region names, why a story was kept, the sentences it formats with `say` — and how those words reach the
templates (`trusted_words`, `sayer`). generator.post.render registers these in its template environment, bound
to the words table of the Renderer's language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup

from generator.models import REGION_LABEL, Brief, Digest, Entry
from generator.post.escape import escape_md
from generator.post.words import FRAME_WORDS, POST_WORDS, REGION_WORDS
from generator.text import clean_line


def region_of(item: Entry | Brief, regions: Mapping[str, str] = REGION_WORDS) -> str:
    """国内 or 国际 (`regions`: the language's region names by key, post.words): the editor's word when it gave
    one (a key, or the Chinese name the model answers with, models.REGION_LABEL), else the source's region."""
    given = getattr(item, "region", "")
    keys = {label: key for key, label in REGION_LABEL.items()}
    key = given if given in REGION_LABEL else keys.get(given) or item.story.region
    return regions.get(key) or regions["global"]


def by_region(
    items: Iterable[Entry | Brief], regions: Mapping[str, str] = REGION_WORDS
) -> list[tuple[str, list[Entry | Brief]]]:
    """[("国内", […]), ("国际", […])], empty regions left out, order kept within each."""
    groups: dict[str, list[Entry | Brief]] = {label: [] for label in regions.values()}
    for item in items:
        groups.setdefault(region_of(item, regions), []).append(item)
    return [(label, members) for label, members in groups.items() if members]


def credit(editor: str, words: Mapping[str, str] = POST_WORDS) -> str:
    """The digest's `editor` (models.Digest.editor: "offline", "gemini-2.5-flash", "gemini-2.5-flash+offline") as
    a closing line says it in the language of `words`: each model's name as it is, the offline editor by the
    table's name for it ("离线编辑"), joined by the table's `credit_join` ("gemini-2.5-flash、离线编辑")."""
    parts = [words["offline_editor"] if part == "offline" else part for part in editor.split("+") if part]
    return words["credit_join"].join(parts)


def reason_of(entry: Entry, words: Mapping[str, str] = POST_WORDS) -> str:
    """Why the story was kept: the editor's reason, else what we know for sure (category, sources), in the
    language's `words` (post.words)."""
    if clean_line(entry.reason):
        return entry.reason
    count = len(entry.story.source_names)
    category = entry.category or words["news"]
    key = "reason_fallback_sources" if count > 1 else "reason_fallback"
    return words[key].format(category=category, count=count)


def framed(digest: Digest) -> bool:
    """Whether a story of the digest is told by its Chinese frame (generator.editor.frame): its line quotes the
    original headline."""
    mark = FRAME_WORDS["original"].split("{", 1)[0]
    return any(
        mark in text for text in [*(e.summary for e in digest.entries), *(b.text for b in digest.briefs)]
    )


def tags_of(entry: Entry) -> tuple[str, ...]:
    """An entry's tags as shown (its category when the editor gave none)."""
    return tuple(t for t in entry.tags if clean_line(t)) or tuple(t for t in (entry.category,) if t)


def trusted_words(table: Mapping[str, object]) -> dict[str, object]:
    """A words table (post.words) for the templates: each string is Markdown we wrote, shown as it is (Markup)."""
    return {key: Markup(value) if isinstance(value, str) else value for key, value in table.items()}


def sayer(table: Mapping[str, object]) -> Any:
    """`say(key, **values)` for the templates: the table's sentence `key` with each `{name}` filled, the values
    escaped (escape_md) unless they are Markup or numbers. Raises KeyError for a key the table lacks."""

    def say(key: str, **values: object) -> Markup:
        shown = {
            name: value if isinstance(value, Markup | int | float) else escape_md(value)
            for name, value in values.items()
        }
        return Markup(str(table[key]).format(**shown))

    return say
