"""The post's first screen, for both editors: the day's title, the 今日摘要 bullets and the description
(issue 19 §2 and §5).

- The title names the best one or two stories (the offline editor) or the day's themes (the model); the bullets
  then **lead with the next stories**, not the title's again: a story the title names gets no bullet, and the
  cover and the channel post, which show the bullets, add to the title instead of repeating it.
- Follow-ups (stories of recent posts with news) take their place among the bullets by importance.
- Nothing is cut mid-way: a headline that is too long for a bullet or the title gives its leading whole clauses
  (text.fit_clauses), the description joins whole headlines (text.join_whole), never an ellipsis.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.models import DESCRIPTION_CHARS, CitedText, Sentence, title_separator
from generator.text import display_width, fit_clauses, has_cjk, join_whole

# The title: "AI 日报｜" and the short headlines of the best one or two stories in the site language, at most
# TITLE_COLUMNS wide (a CJK character takes two columns) and TITLE_CHARS long.
TITLE_COLUMNS = 80
TITLE_CHARS = 60
BULLET_CHARS = 60
MAX_BULLETS = 6
MIN_BULLETS = 3
FOLLOW_UP_PLACE = 2  # the lowest place (from 0) a follow-up's bullet takes: within the cover's three lines
_CLAUSE = re.compile(r"[，,:：;；|｜]|(?<=[\u4e00-\u9fff”」》])\s+(?=[\u4e00-\u9fff“「《])|\s[-–—]\s")


@dataclass(frozen=True)
class LeadItem:
    """A story as the first screen may show it: its id, importance (1-5), its line (a headline or, for a
    follow-up, what is new; a CitedText when it cites the source it comes from) and whether it is a one-liner
    (used only to fill a short list)."""

    id: str
    importance: int
    line: str
    brief: bool = False
    follow_up: bool = False

    def bullet(self) -> str:
        """The line as a bullet (`bullet_line`), still citing what the whole line cites."""
        line = bullet_line(self.line)
        if not isinstance(self.line, CitedText) or line == self.line:
            return self.line if isinstance(self.line, CitedText) else line
        cites = tuple(dict.fromkeys(c for s in self.line.sentences for c in s.cites))
        return CitedText((Sentence(line, cites),), self.line.story)


def short_headline(headline: str) -> str:
    """The headline's first clause that says something (at least 12 columns: "Paper: …" gives what follows the
    label), else the whole headline."""
    clauses = [c.strip() for c in _CLAUSE.split(headline)]
    return next((c for c in clauses if display_width(c) >= 12), headline.strip())


def _fit_columns(text: str, columns: int, chars: int) -> str:
    """`text` whole when it fits `columns` and `chars`; else its longest head of whole clauses that fits; ""."""
    while text and (display_width(text) > columns or len(text) > chars):
        shorter = fit_clauses(text, len(text) - 1)
        if not shorter or shorter == text:
            return ""
        text = shorter
    return text


def compose_title(
    prefix: str, headlines: Sequence[str], language: str, framed: Sequence[bool] = (), joiner: str = "、"
) -> tuple[str, tuple[int, ...]]:
    """(`prefix｜` and the short form of the first one or two `headlines` (best first) in the site language, the
    indices of the headlines it names). Each is whole or its leading whole clauses, never cut inside a clause:
    the second only when it fits too; a first one no clause of which fits is shown whole, wider than the room (a
    long title beats a cut one). Headlines a source wrote in the site language come first: on a Chinese site a
    Chinese one that is not a frame (`framed[k]`: the offline editor's frame of an English story), then any.
    `joiner` goes between two headlines ("、"; "; " in English)."""
    chinese = language.lower().startswith(("zh", "ja"))
    flags = list(framed) + [False] * (len(headlines) - len(framed))
    order = [k for k, h in enumerate(headlines) if h.strip() and not flags[k] and (has_cjk(h) or not chinese)]
    order = order or [k for k, h in enumerate(headlines) if h.strip()]
    if not order:
        return prefix, ()
    heads = [short_headline(headlines[k]) for k in order]
    start = prefix + title_separator(language)
    columns, chars = TITLE_COLUMNS - display_width(start), TITLE_CHARS - len(start)
    first = _fit_columns(heads[0], columns, chars) or heads[0]
    if len(heads) > 1 and (second := _fit_columns(heads[1], columns, chars)):
        both = f"{first}{joiner}{second}"
        if display_width(both) <= columns and len(both) <= chars:
            return start + both, tuple(order[:2])
    return start + first, tuple(order[:1])


def bullet_line(line: str) -> str:
    """A summary bullet: the line whole, or its leading whole clauses within BULLET_CHARS (its first clause when
    none fits: a long bullet beats a cut one)."""
    return fit_clauses(line, BULLET_CHARS) or short_headline(line)


def lead_bullets(items: Sequence[LeadItem], named: frozenset[str]) -> tuple[str, ...]:
    """The 今日摘要 bullets: the stories the title does not name (`named`), most important first (entries and
    follow-ups; ties keep their order), at most MAX_BULLETS; one-liners only to reach MIN_BULLETS. A line is
    `LeadItem.bullet`; a repeated line is left out."""
    ranked = sorted(
        (k, item) for k, item in enumerate(items) if item.id not in named and not item.brief and item.line
    )
    ranked.sort(key=lambda pair: (-pair[1].importance, pair[0]))
    lines = lift_follow_ups([(item.bullet(), item.follow_up) for _, item in ranked])
    if len(lines) < MIN_BULLETS:
        briefs = [i.bullet() for i in items if i.brief and i.id not in named and i.line]
        lines += briefs[: MIN_BULLETS - len(lines)]
    return tuple(dict.fromkeys(line for line in lines if line))[:MAX_BULLETS]


def lift_follow_ups(lines: Sequence[tuple[str, bool]]) -> list[str]:
    """The lines in order, but a follow-up (`True`) no lower than FOLLOW_UP_PLACE: the cover shows the first three
    lines and the channel post the first five, and a follow-up must reach both (issue 19 §4)."""
    out = [text for text, _ in lines]
    late = [text for k, (text, follow_up) in enumerate(lines) if follow_up and k > FOLLOW_UP_PLACE]
    for text in late:
        out.remove(text)
    head = [text for text in out[:FOLLOW_UP_PLACE]]
    return [*head, *late, *out[FOLLOW_UP_PLACE:]]


def compose_description(headlines: Sequence[str]) -> str:
    """The description: whole headlines joined by "；", as many as fit DESCRIPTION_CHARS."""
    return join_whole([h for h in headlines if h.strip()], DESCRIPTION_CHARS)
