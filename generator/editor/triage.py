"""Reading the model's selection (the triage answer) against our records.

- picks are read one by one (generator.editor.answers): a bad pick is dropped, the rest kept; invented ids are
  dropped and counted;
- `same_story_as` merges two stories only when the offline evidence agrees or at least does not contradict it
  (`confirm_same_story`); a refused merge is counted and both stories stay;
- a category or region the model invents becomes the closest of ours, or the offline editor's;
- a stingy (or failed) selection is topped up from the offline ranking to the post's normal size (`max_entries`
  write-ups plus `max_briefs` one-liners, as far as the day has stories).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from generator.editor import EditContext
from generator.editor.answers import TriageAnswer, TriagePick
from generator.editor.assemble import LIMITS
from generator.editor.grounding import checked_text, clean_text, foreign, is_topic_word
from generator.editor.prompting import Pick
from generator.editor.ranking import categorize
from generator.models import Article, Story
from generator.stories import SAME_STORY, conflict, stories_match, story_score
from generator.text import clean_line

log = logging.getLogger(__name__)

REGIONS = {
    **dict.fromkeys(("国内", "中国", "cn", "china", "domestic"), "国内"),
    **dict.fromkeys(("国际", "海外", "global", "international"), "国际"),
}
MODEL_SUPPORTED = SAME_STORY / 2  # story_score from which the model's word completes the offline evidence


def confirm_same_story(a: Story, b: Story) -> bool:
    """Whether the model's `same_story_as` for stories `a` and `b` stands, by the offline evidence
    (generator.stories):

    1. any pair of their articles conflicts (`conflict`: one product in other versions, other amounts) → no;
    2. `stories_match(a, b)` (the clustering's own rule) → yes;
    3. the best pair's `story_score` reaches `MODEL_SUPPORTED` (half of `SAME_STORY`): weaker evidence, which the
       model's word completes → yes;
    4. otherwise nothing in the texts supports it → no.
    """
    pairs = [(x, y) for x in a.articles for y in b.articles]
    if any(conflict(x, y) for x, y in pairs):
        return False
    if stories_match(a, b):
        return True
    return max(story_score(x, y) for x, y in pairs) >= MODEL_SUPPORTED


def merge_stories(stories: Sequence[Story]) -> Story:
    """Stories that are one event become one Story that keeps every source, the first one's articles first."""
    if len(stories) == 1:
        return stories[0]
    articles: dict[str, Article] = {}
    for article in (a for s in stories for a in s.articles):
        articles.setdefault(article.item.url, article)
    return Story(articles=tuple(articles.values()))


def choose_category(raw: str, story: Story, context: EditContext) -> str:
    """The model's category if it is ours, else the closest of ours, else the offline editor's guess."""
    value = clean_line(raw)[: LIMITS["tag"]]
    if value in context.categories:
        return value
    near = [c for c in context.categories if value and (c in value or value in c)]
    return near[0] if near else categorize(story, context.categories, context.category_keywords)


def choose_region(raw: str, story: Story) -> str:
    """国内 or 国际: the model's region when we know its name, else the primary source's."""
    return REGIONS.get(clean_line(raw).lower()) or story.region_label


class PickReader:
    """Reads a triage answer into checked Picks; counts into `usage` (unknown ids, merges, rejected fields,
    topped up)."""

    def __init__(self, usage: dict[str, int]) -> None:
        self.usage = usage

    def read(self, answer: TriageAnswer, shown: Sequence[Story], context: EditContext) -> list[Pick]:
        """The model's picks of known candidates, each merged with the `same_story_as` candidates that
        `confirm_same_story` allows; invented ids and refused merges counted."""
        by_id = {s.id: s for s in shown}
        used: set[str] = set()
        picks: list[Pick] = []
        for raw in answer.selected:
            if raw.id not in by_id:
                self.usage["unknown_ids"] += 1 + sum(1 for other in raw.same_story_as if other not in by_id)
                continue
            if raw.id in used:
                continue
            story = by_id[raw.id]
            used.add(raw.id)
            for other in dict.fromkeys(raw.same_story_as):
                if other not in by_id:
                    self.usage["unknown_ids"] += 1
                elif other in used:
                    continue
                elif confirm_same_story(story, by_id[other]):
                    story = merge_stories([story, by_id[other]])
                    used.add(other)
                    self.usage["merges"] += 1
                else:
                    self.usage["refused_merges"] += 1
                    log.info(
                        "gemini: same_story_as %s ~ %s refused: the texts do not support it", raw.id, other
                    )
            picks.append(self.make_pick(raw, story, context))
        return picks

    def make_pick(self, raw: TriagePick, story: Story, context: EditContext) -> Pick:
        """A checked verdict: our category and region, importance clamped to 1-5, a clean reason, topic-word tags
        (each failing reason or tag counted in rejected_fields)."""
        reason = checked_text(raw.reason, LIMITS["bullet"], "sentences") if raw.reason.strip() else ""
        if reason and foreign(reason, context.language):  # shown in the post (the dispatch layout's reason)
            self.usage["english_fields"] += 1
            reason = None
        tags = [clean_text(t, LIMITS["tag"]) for t in raw.tags if is_topic_word(t, LIMITS["tag"])]
        rejected = (reason is None) + len(raw.tags) - len(tags)
        self.usage["rejected_fields"] += rejected
        return Pick(
            story=story,
            category=choose_category(raw.category, story, context),
            region=choose_region(raw.region, story),
            importance=min(5, max(1, raw.importance)),
            reason=reason or "",
            tags=tuple(dict.fromkeys(tags))[:5],
        )

    def top_up(self, picks: Sequence[Pick], ranked: Sequence[Story], context: EditContext) -> list[Pick]:
        """A stingy triage would give a thin post: add the best-ranked stories it left out, until the post has its
        normal size (`max_entries` + `max_briefs`, as far as the day has stories)."""
        taken = {a.item.id for p in picks for a in p.story.articles}
        target = context.max_entries + context.max_briefs
        extra = [s for s in ranked if not taken.intersection(a.item.id for a in s.articles)]
        extra = extra[: max(0, target - len(picks))]
        if extra:
            log.info("gemini selected %d stories; %d more from the offline ranking", len(picks), len(extra))
            self.usage["topped_up"] += len(extra)
        return [
            Pick(
                story=s,
                category=categorize(s, context.categories, context.category_keywords),
                region=s.region_label,
                importance=1,
                reason="",
                tags=(),
            )
            for s in extra
        ]
