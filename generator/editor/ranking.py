"""The ranking both editors share: which stories matter most today, and which category a story belongs to.

The offline editor features the best-ranked stories; the Gemini editor shows the model its candidates in this order
and tops up a stingy triage from it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from generator.editor import EditContext
from generator.models import Story


def keyword_hits(text: str, keywords: Iterable[str]) -> int:
    lowered = text.lower()
    return sum(1 for keyword in keywords if keyword and keyword.lower() in lowered)


def score_story(story: Story, context: EditContext) -> float:
    """Source weight, recency, how many sources carried it, topic keywords and whether we have its text."""
    age_h = max(0.0, (context.window_end - story.published).total_seconds() / 3600)
    text = f"{story.title} {story.primary.text[:600]}"
    weight = max(a.item.weight for a in story.articles)
    return (
        2.0 * weight
        + 1.5 * math.log2(len(story.articles) + len(story.source_names))
        + 1.0 * max(0.0, 1 - age_h / 48)
        + 0.4 * min(keyword_hits(text, context.topic_keywords), 5)
        + 0.5 * story.primary.extracted
    )


def categorize(story: Story, categories: Sequence[str], rules: Mapping[str, Iterable[str]]) -> str:
    """The category whose keywords hit most (a title hit counts three times); ties go to the earlier category."""
    text = story.primary.text[:1500]
    best, best_hits = "", 0
    for category in categories:
        keywords = rules.get(category, ())
        hits = 3 * keyword_hits(story.title, keywords) + keyword_hits(text, keywords)
        if hits > best_hits:
            best, best_hits = category, hits
    return best or (categories[1] if len(categories) > 1 else categories[0])


def rank_stories(stories: Iterable[Story], context: EditContext) -> list[Story]:
    """The stories, best first (score_story), ties by story id: the same input gives the same order."""
    return sorted(stories, key=lambda s: (-score_story(s, context), s.id))
