"""Pure: the figures and names a headline reports, comparable across languages and days (generator.stories.continuity).

A follow-up says what is new in words taken from the feeds: `fact_figures` and `fact_names` read a headline's figures
(generator.lang.quantities keys, dates and years left out) and names (Latin names, names in Chinese quotes);
`figure_text` and `written_name` find how a headline writes one of them; `Entities` tells whether two sets of
headlines name one thing at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.lang import alias_names, glossed_names, latin_names, pinyin_keys, pinyin_matches, quantities
from generator.models import Article
from generator.text import has_cjk

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# Dates and years: how a headline says when, not what (removed before its figures are read).
_DATES = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]?|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{4}\s*年(?!代)"
    r"|\d{1,2}\s*月(?!\s*[内底])|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?|\b\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    r"|\b(?:in|since|by|of|from|to|until|through|for)\s+(?:19|20)\d{2}\b(?![,.]\d|%)",
    re.I,
)


def fact_figures(text: str) -> set[str]:
    """The figures of `text` as generator.lang.quantities keys ("下载量破50万" → {"#500000"}), dates and years left out
    ("11月16日", "2026年", "Nov. 16", "in 2026")."""
    return quantities(_DATES.sub(" ", text))


def figure_text(text: str, key: str) -> str:
    """How `text` writes the figure `key` ("50万" for "#500000" in "下载量破50万次"); "" when it does not hold it.

    The shortest piece of `text` that still reads as `key`: it ends where the figure is first complete (at the end
    of a Latin word) and starts as late as it can."""
    end = next((e for e in range(1, len(text) + 1) if key in fact_figures(text[:e])), None)
    if end is None:
        return ""
    while end < len(text) and text[end - 1].isascii() and text[end].isascii() and text[end].isalnum():
        end += 1  # "1 m" is read as a million already: the word is "1 million"
    start = next(s for s in range(end - 1, -1, -1) if key in fact_figures(text[s:end]))
    return text[start:end].strip()


_QUOTED = re.compile(r"[“「《]([^“”「」《》]{1,16})[”」》]")
_TITLE_CASE_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9'’-]{3,}")


def fact_names(title: str) -> set[str]:
    """The names a headline reports (lower-cased): its Latin names (names.latin_names) unless it is an English
    headline in Title Case (where every word looks like a name), and the names in Chinese quotes “…” 《…》 「…」."""
    chinese = has_cjk(title)
    words = _TITLE_CASE_WORDS.findall(title)
    title_case = not chinese and len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
    found = set() if title_case else latin_names(title, chinese)
    return found | {m.group(1).strip().lower() for m in _QUOTED.finditer(title) if m.group(1).strip()}


def known_name(name: str, titles: Sequence[str]) -> bool:
    """Whether the thread's headlines mention `name` (literally, or a Latin name by the pinyin of a Chinese
    headline); a Chinese name counts as mentioned when no headline is Chinese (nothing to compare it with)."""
    lowered = [t.lower() for t in titles]
    if any(name in t for t in lowered):
        return True
    chinese = [t for t in titles if has_cjk(t)]
    if has_cjk(name):
        return not chinese
    return bool(chinese) and bool(pinyin_matches((name,), {k for t in chinese for k in pinyin_keys(t)}))


def written_name(title: str, name: str) -> str:
    """How `title` writes the lower-cased `name` ("" when it does not)."""
    match = re.search(re.escape(name), title, re.I)
    return match.group() if match else ""


@dataclass(frozen=True)
class Entities:
    """The names and figures of some headlines (`keys`: fact_names, alias_names, fact_figures and, for a Chinese
    headline, the names its lead glosses) and the pinyin keys of the Chinese ones."""

    keys: frozenset[str]
    pinyin: frozenset[str]

    @classmethod
    def of(cls, articles: Iterable[Article]) -> Entities:
        """The names (and their pinyin) the articles' headlines give."""
        keys: set[str] = set()
        pinyin: set[str] = set()
        for article in articles:
            title = article.item.title
            keys |= fact_names(title) | alias_names(title) | fact_figures(title)
            if has_cjk(title):
                keys |= glossed_names(title, article.text or article.item.summary)
                pinyin |= pinyin_keys(title)
        return cls(frozenset(keys), frozenset(pinyin))

    def shared_with(self, other: Entities) -> bool:
        """Whether both name one thing: a key in common, or a name of one that is the pinyin of the other."""
        return bool(
            self.keys & other.keys
            or pinyin_matches(self.keys, other.pinyin)
            or pinyin_matches(other.keys, self.pinyin)
        )
