"""The model's themes (issue 19 §1): the day's sections, named by the model, checked against our records.

A theme is kept when its name is clean (grounding.problem: no link, markup, injected instruction or call to action)
and at most NAME_CHARS long, its subtitle clean and at most SUBTITLE_CHARS (else the theme keeps no subtitle), in a
Chinese post neither of them an English sentence (lang.is_english_sentence; counted in `english_fields`), and
at least one of its ids is a story the post shows (an entry or a follow-up). An id the model invented is dropped
and counted; a story named by two themes stays in the first. At most MAX_THEMES are kept; fewer than MIN_THEMES
(on a day of MIN_THEMES stories or more) are not a grouping: the post then keeps its categories (logged, not
counted as a failed text: a split write-up's parts may each name one).

The day's title may sum up the themes instead of naming stories ("AI安全、开源与产业落地齐头并进"): it is grounded
when it shares a word (text.title_tokens: a Chinese bigram, a Latin word) with the names or subtitles of at least
two kept themes (of the one, when there is one).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from generator.editor.answers import WrittenTheme
from generator.editor.grounding import checked_text
from generator.lang import is_english_sentence
from generator.models import Theme
from generator.text import title_tokens

log = logging.getLogger(__name__)
NAME_CHARS = 16
SUBTITLE_CHARS = 24
MIN_THEMES = 2
MAX_THEMES = 4
# Words every theme of an AI digest may hold: sharing them says nothing about the themes.
_GENERIC = frozenset("ai 人工 工智 智能 模型 大模 发布 行业 产业 技术".split())


def read_themes(
    written: Sequence[WrittenTheme],
    resolve: Callable[[str], str | None],
    shown: int,
    usage: dict[str, int],
    chinese: bool = False,
) -> tuple[Theme, ...]:
    """The kept themes (see the module docstring). `resolve(id)` gives the id the post knows a story by (an
    entry's story id, a follow-up's thread), or None for an invented id; `shown` is how many entries and
    follow-ups the post has. Rejected themes count in usage["rejected_fields"], invented ids in
    usage["unknown_ids"]."""
    themes: list[Theme] = []
    placed: set[str] = set()
    for theme in written:
        name = checked_text(theme.name, NAME_CHARS) if theme.name.strip() else None
        subtitle = checked_text(theme.subtitle, SUBTITLE_CHARS) if theme.subtitle.strip() else ""
        if chinese and any(is_english_sentence(t) for t in (name or "", subtitle or "")):
            usage["english_fields"] += 1
            name = None
        ids: list[str] = []
        for raw in theme.ids:
            known = resolve(raw)
            if known is None:
                usage["unknown_ids"] += 1
            elif known not in placed and known not in ids:
                ids.append(known)
        if name is None or not ids or len(themes) == MAX_THEMES:
            usage["rejected_fields"] += 1
            log.info("gemini: the model's theme is not used: %.40r (%d known ids)", theme.name, len(ids))
            continue
        placed.update(ids)
        themes.append(Theme(name, subtitle or "", tuple(ids)))
    if len(themes) < MIN_THEMES and shown >= MIN_THEMES:  # not a bad text: too few to group by (not counted)
        log.info(
            "gemini: %d theme(s) are no grouping of %d stories: the categories are kept", len(themes), shown
        )
        return ()
    return tuple(themes)


def _words(text: str) -> set[str]:
    return title_tokens(text) - _GENERIC


def grounded_in_themes(title: str, themes: Sequence[Theme]) -> bool:
    """Whether a title sums up the kept themes (see the module docstring)."""
    if not themes:
        return False
    words = _words(title)
    sharing = sum(1 for t in themes if words & _words(f"{t.name} {t.subtitle}"))
    return sharing >= min(MIN_THEMES, len(themes))
