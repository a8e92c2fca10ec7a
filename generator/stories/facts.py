"""Pure: the figures and names a headline reports, comparable across languages and days (generator.stories.continuity).

A follow-up says what is new in words taken from the feeds: `fact_figures` and `fact_names` read a headline's figures
(generator.lang.quantities keys, dates and years left out) and names (Latin names, names in Chinese quotes);
`figure_text` and `written_name` find how a headline writes one of them; `Entities` tells whether two sets of
headlines name one thing at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from generator.lang import alias_names, glossed_names, latin_names, pinyin_keys, pinyin_matches, quantities
from generator.models import Article, FigureChange
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


# ── figures compared across days (a follow-up's "下载量由50万升至100万", issue 19 §4) ─────────────────────────────

# Words between a measure and its figure ("下载量破50万", "最高补贴500万元"): not part of what is measured.
_LINKING = re.compile(
    r"(?:突破了|突破|破|超过|超越|超|达到了|达到|达|升至|增至|增长至|提升至|提升|降至|跌至|下降|至|为|约|近|逾|"
    r"已|累计|共计|共|高达|仅|最高|最低|同比|环比|\s)+$"
)
_MARK = re.compile(r"[，,；;：:｜|、。！？!?“”\"《》（）()]")
_COMPARABLE = (
    "#%x"  # kinds of generator.lang.quantities keys whose values compare: counts, percentages, multiples
)


def figure_measure(title: str, key: str) -> str:
    """What the figure `key` measures in a headline: in Chinese the word before it, linking words left out
    ("星织2下载量突破100万次" → "下载量"); in English the word after it ("passes 500,000 downloads" →
    "downloads"); "" when the headline does not say."""
    written = figure_text(title, key)
    position = title.find(written) if written else -1
    if position < 0:
        return ""
    if not has_cjk(title):
        after = re.match(r"\s*([A-Za-z]{3,})", title[position + len(written) :])
        return after.group(1).lower() if after else ""
    before = _LINKING.sub("", _MARK.split(title[:position])[-1])
    if not has_cjk(before):
        return ""
    import jieba  # loaded by the editors anyway; only needed for a follow-up

    words = [w for w in jieba.lcut(before) if has_cjk(w) and len(w) >= 2]
    return words[-1] if words else ""


def _value(key: str) -> float | None:
    if not key or key[0] not in _COMPARABLE:
        return None
    try:
        return float(key[1:])
    except ValueError:
        return None


def figure_changes(titles: Sequence[str], earlier: Sequence[tuple[date, str]]) -> tuple[FigureChange, ...]:
    """Today's figures of a continuing story against what earlier posts told (issue 19 §4).

    `titles`: today's new headlines, the one shown first; `earlier`: (day, headline) of the thread's records,
    most recent first. Each figure of today's headlines that no earlier headline holds becomes one FigureChange
    (once, as the first headline writes it), with its measure (`figure_measure`); it is compared with the most
    recent earlier figure of the same kind and the same measure (a count with a count, "下载量" with "下载量"),
    never with a figure of another measure ("千亿参数" is not a download count)."""
    told = {key for _, title in earlier for key in fact_figures(title)}
    changes: dict[str, FigureChange] = {}
    for title in titles:
        for key in sorted(fact_figures(title) - told, key=lambda k: title.find(figure_text(title, k))):
            if key in changes:
                continue
            measure = figure_measure(title, key)
            change = FigureChange(after=figure_text(title, key), measure=measure)
            value = _value(key)
            for day, old_title in earlier if measure and value is not None else ():
                match = next(
                    (
                        k
                        for k in fact_figures(old_title)
                        if k[0] == key[0]
                        and _value(k) is not None
                        and figure_measure(old_title, k) == measure
                    ),
                    None,
                )
                if match is not None:
                    old = _value(match) or 0.0
                    before = figure_text(old_title, match)
                    change = replace(change, before=before, before_day=day, rise=value > old)
                    break
            changes[key] = change
    return tuple(changes.values())
