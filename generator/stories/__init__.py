"""Articles to stories across sources, languages and days: dedupe, cluster, continuity, facts, and the sentences
that cite a story's sources (citations)."""

from __future__ import annotations

from generator.stories.citations import (
    REASONS,
    cite_article,
    cited_text,
    facts_problem,
    facts_problem_in,
    fetched_text,
    judge,
    read_sentences,
    sentence_problem,
    strip_markers,
)
from generator.stories.cluster import SAME_STORY, cluster_articles, conflict, stories_match, story_score
from generator.stories.continuity import (
    Continuity,
    compose_follow_up,
    old_news_note,
    related_records,
    sort_stories,
)
from generator.stories.dedupe import dedupe_articles, dedupe_items, memory_keys, seen_before
from generator.stories.facts import fact_figures
from generator.stories.headline import HEADLINE_CHARS, in_language, strip_brand

__all__ = [
    "REASONS",
    "cite_article",
    "cited_text",
    "facts_problem",
    "facts_problem_in",
    "fetched_text",
    "judge",
    "read_sentences",
    "sentence_problem",
    "strip_markers",
    "HEADLINE_CHARS",
    "in_language",
    "strip_brand",
    "Continuity",
    "SAME_STORY",
    "cluster_articles",
    "compose_follow_up",
    "conflict",
    "dedupe_articles",
    "dedupe_items",
    "fact_figures",
    "memory_keys",
    "old_news_note",
    "related_records",
    "seen_before",
    "sort_stories",
    "stories_match",
    "story_score",
]
