"""The ranking both editors share: which stories are about AI, which matter most today, and which category a
story belongs to.

The offline editor features the best-ranked stories and leaves out the off-topic ones; the Gemini editor shows the
model its candidates in this order (off-topic ones last) and tops up a stingy triage from it.

Keywords (config `editor:`) are matched as words: a latin keyword only as a whole word, with an optional English
ending (model → models, raise → raised, fund → funding), its spaces and hyphens interchangeable (open-weights ↔
open weights); a keyword written in lowercase in any case, one with a capital letter only in that case (AI, GPU,
Nvidia: "Craig", "said" and "Ai" do not match "AI", "the cursor" does not match "Cursor"); a Chinese keyword
anywhere in the text. Where keywords overlap, the longest one at a position wins
("安全评测" over "安全" and "评测"), and each keyword counts once per text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

from generator.editor import EditContext
from generator.lang import simplified
from generator.models import Story
from generator.text import has_cjk

LEAD_CHARS = 1500  # how much of an article's text the keyword checks read
# AI relevance: weights of a keyword of `editor.topic_keywords` (names and terms that alone make a story AI news)
# and of `editor.topic_hints` (words that suggest AI: model, GPU, 芯片, robot); a title counts twice, the lead text
# at most TEXT_CAP. The bar per source topic (config `sources[].topic`): (minimum title score, minimum total).
STRONG, HINT, TEXT_CAP = 2, 1, 4
RELEVANCE_BAR = {"ai": (0, 1), "general": (2, 4)}
RELEVANCE_CAP = 6  # in score_story


def _keyword_regex(keyword: str) -> str:
    if has_cjk(keyword):
        return f"(?i:{re.escape(keyword)})"
    parts = re.split(r"[\s\-]+", keyword.strip())
    last = parts[-1]
    ending = "(?:s|es|d|ed|ing)?"
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        parts[-1], ending = last[:-1], "(?:s|es|d|ed|ing)?"  # "open-weights" also matches "open-weight"
    elif len(last) > 3 and last.endswith("e"):
        parts[-1], ending = last[:-1], "(?:e|es|ed|ing)?"  # "fine-tune" also matches "fine-tuning"
    body = r"[\s\-]?".join(re.escape(part) for part in parts)
    word = rf"(?<![A-Za-z0-9]){body}{ending}(?![A-Za-z0-9])"
    return word if keyword != keyword.lower() else f"(?i:{word})"


@lru_cache(maxsize=4096)
def _keyword_pattern(keyword: str) -> tuple[str, re.Pattern[str]]:
    """A keyword's pattern, and a lowercase piece of it every match contains (a cheap test before the pattern)."""
    piece = max(re.split(r"[\s\-]+", keyword.strip().lower()), key=len)
    piece = (
        piece[:-1] if len(piece) > 3 and piece[-1] in "se" else piece
    )  # "weights" ↔ "weight", "tune" ↔ "tuning"
    return piece, re.compile(_keyword_regex(keyword))


def find_keywords(text: str, keywords: Iterable[str]) -> set[str]:
    """The keywords that occur in `text` (matched as the module docstring says). Where matches overlap, the
    leftmost one wins, and of those starting together the longest."""
    lowered = text.lower()
    spans: list[tuple[int, int, str]] = []
    for keyword in dict.fromkeys(k for k in keywords if k.strip()):
        piece, pattern = _keyword_pattern(keyword)
        if piece in lowered:
            spans.extend((m.start(), -m.end(), keyword) for m in pattern.finditer(text))
    found: set[str] = set()
    reached = 0
    for start, negative_end, keyword in sorted(spans):
        if start >= reached:
            found.add(keyword)
            reached = -negative_end
    return found


def keyword_hits(text: str, keywords: Iterable[str]) -> int:
    """How many of `keywords` occur in `text`."""
    return len(find_keywords(text, keywords))


def _titles(story: Story) -> str:
    """The story's headlines, traditional Chinese read as simplified (the keyword lists are simplified)."""
    return simplified("\n".join(dict.fromkeys(a.item.title for a in story.articles)))


def _lead(story: Story) -> str:
    return simplified("\n".join(dict.fromkeys(a.text[:LEAD_CHARS] for a in story.articles[:3])))


def relevance(story: Story, context: EditContext) -> tuple[int, int]:
    """How much the story is about AI: (title score, total score).

    A keyword of `context.topic_keywords` weighs STRONG, one of `context.topic_hints` HINT. The title score is
    twice the weights of the keywords in the titles of all the story's articles; the total adds the weights of
    those in the lead texts (LEAD_CHARS of up to three articles), at most TEXT_CAP. "英伟达发布新一代 GPU" scores
    2 × (2 + 1) = 6 from its title alone; "Craig Venter has died" 0.
    """
    strong, hints = context.topic_keywords, context.topic_hints
    vocabulary = (*strong, *hints)

    def weight(found: set[str]) -> int:
        return sum(STRONG if k in strong else HINT for k in found)

    title = 2 * weight(find_keywords(_titles(story), vocabulary))
    return title, title + min(TEXT_CAP, weight(find_keywords(_lead(story), vocabulary)))


def is_relevant(story: Story, context: EditContext) -> bool:
    """Whether the story clears the AI-relevance bar of its most AI-minded source (RELEVANCE_BAR: an AI-only
    source needs one keyword anywhere; a `topic: general` source a keyword in a title and a total of 4). Always
    True when no topic keywords are configured, and when an AI-only source's article has no text at all (neither
    page nor feed summary: a headline alone is too little to overrule the owner's word that the source is about
    AI; labs' feeds often carry bare headlines). Measured by `scripts/bench relevance` on labelled real items."""
    if not (context.topic_keywords or context.topic_hints):
        return True
    if any(a.item.topic != "general" and not a.text.strip() for a in story.articles):
        return True  # an AI-only source's headline with no text to read: nothing says it went off-topic
    title, total = relevance(story, context)
    bars = [RELEVANCE_BAR.get(a.item.topic, RELEVANCE_BAR["ai"]) for a in story.articles]
    return any(title >= need_title and total >= need_total for need_title, need_total in bars)


def score_story(story: Story, context: EditContext) -> float:
    """Source weight, recency, how many sources carried it, AI relevance (up to RELEVANCE_CAP: a story plainly
    about AI gets it all; relevance is not importance) and whether we have its text. Recency counts the dated
    articles only: a story no feed dated gets half (its `published` is only when we first saw it)."""
    dated = [a.item.published for a in story.articles if a.item.dated]
    age_h = max(0.0, (context.window_end - min(dated)).total_seconds() / 3600) if dated else 24.0
    weight = max(a.item.weight for a in story.articles)
    return (
        2.0 * weight
        + 1.5 * math.log2(len(story.articles) + len(story.source_names))
        + 1.0 * max(0.0, 1 - age_h / 48)
        + 0.3 * min(relevance(story, context)[1], RELEVANCE_CAP)
        + 0.5 * story.primary.extracted
    )


def categorize(story: Story, categories: Sequence[str], rules: Mapping[str, Iterable[str]]) -> str:
    """The category (one of `categories`) whose keywords (`rules`) the story hits most.

    Each keyword counts once: three points when it is in a title of the story's articles, one when it is only in
    the lead text. A tie goes to the category listed later (the config lists the broad ones first: "AI safety
    evaluation" hits research's "evaluation" and safety's "safety", and is safety news). A story without any hit
    goes to the second category (the first when there is one).
    """
    vocabulary = tuple(k for c in categories for k in rules.get(c, ()))
    in_title = find_keywords(_titles(story), vocabulary)
    in_text = find_keywords(_lead(story), vocabulary)
    best, best_hits = "", 0
    for category in categories:
        keywords = set(rules.get(category, ()))
        hits = 3 * len(keywords & in_title) + len(keywords & (in_text - in_title))
        if hits and hits >= best_hits:
            best, best_hits = category, hits
    return best or (categories[1] if len(categories) > 1 else categories[0])


def rank_stories(
    stories: Iterable[Story], context: EditContext, bonus: Callable[[Story], float] | None = None
) -> list[Story]:
    """The stories, AI-relevant ones first (is_relevant), each group best first (score_story plus `bonus`, an
    editor's own preference), ties by story id: the same input gives the same order."""
    extra = bonus or (lambda story: 0.0)
    return sorted(
        stories, key=lambda s: (not is_relevant(s, context), -(score_story(s, context) + extra(s)), s.id)
    )
