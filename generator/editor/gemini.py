"""The Gemini editor: a triage call and a write-up call with structured output, checked against our own records.

The model sees story ids and quoted text and answers with ids. Links, sources, times and images always come from
our Story records. What the model decides is checked:
- triage picks are read one by one (generator.editor.answers): a bad pick is dropped, the rest kept; invented ids
  are dropped and counted;
- `same_story_as` merges two stories only when the offline evidence agrees or at least does not contradict it
  (`confirm_same_story`); a refused merge is counted and both stories stay;
- a stingy triage is topped up from the offline ranking to the post's normal size (`max_entries` write-ups plus
  `max_briefs` one-liners, as far as the day has stories);
- each text the model writes is checked (generator.editor.assemble, generator.editor.grounding) and falls back to
  the offline editor's text for that field.
Whatever the model cannot deliver (an API error after the SDK's retries, an answer still cut off, blocked or
unreadable after one second request) is written by the offline editor, and the Digest's `editor` says so
("<model>+offline"); it names the model that actually answered (a fallback model when `editor.model` is retired).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from generator.config import EditorSettings
from generator.editor import EditContext
from generator.editor.answers import TriageAnswer, TriagePick, WriteAnswer
from generator.editor.assemble import LIMITS, Assembler
from generator.editor.calls import Request, StructuredCaller, new_usage, shorter
from generator.editor.grounding import checked_text, clean_text, is_topic_word
from generator.editor.offline import OfflineEditor
from generator.editor.prompting import (
    CHARS_PER_TOKEN,
    Pick,
    estimate_tokens,
    load_prompt,
    triage_prompt,
    write_prompt,
)
from generator.editor.ranking import categorize, rank_stories
from generator.errors import EditorError
from generator.models import Article, Digest, Story
from generator.stories import SAME_STORY, conflict, stories_match, story_score
from generator.text import clean_line

log = logging.getLogger(__name__)

LANGUAGE_NAMES = {
    "zh": "简体中文",
    "zh-cn": "简体中文",
    "zh-hans": "简体中文",
    "zh-tw": "繁體中文",
    "en": "English",
}
REGIONS = {
    **dict.fromkeys(("国内", "中国", "cn", "china", "domestic"), "国内"),
    **dict.fromkeys(("国际", "海外", "global", "international"), "国际"),
}
MODEL_SUPPORTED = SAME_STORY / 2  # story_score from which the model's word completes the offline evidence


def confirm_same_story(a: Story, b: Story) -> bool:
    """Whether the model's `same_story_as` for stories `a` and `b` stands, by the offline evidence
    (generator.stories.cluster):

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


class GeminiEditor:
    """Triage then write-up, at most `settings.max_calls` calls a day; the offline editor fills any gap.

    `api_key` is the Gemini API key (read once, by the CLI, from GEMINI_API_KEY). `cache_dir` holds the answers
    (None: no cache). `retry_delay` (seconds) is the SDK's first back-off.
    """

    def __init__(
        self,
        settings: EditorSettings,
        language: str = "zh",
        cache_dir: Path | None = None,
        *,
        api_key: str,
        retry_delay: float = 1.0,
    ) -> None:
        self.settings = settings
        self.language = language
        self.cache_dir = cache_dir
        self.api_key = api_key
        self.retry_delay = retry_delay
        self.name = settings.model
        self.usage = new_usage()

    def edit(self, stories: Sequence[Story], context: EditContext) -> Digest:
        """The day's Digest. Raises EditorError when the triage gives nothing usable (the pipeline then lets the
        offline editor write the whole day); `self.usage` holds the day's calls, tokens and counts."""
        self.usage = new_usage()
        if not stories:
            return OfflineEditor().edit(stories, context)
        caller = StructuredCaller(self.settings, self.api_key, self.cache_dir, self.retry_delay, self.usage)
        try:
            ranked = rank_stories(stories, context)
            picks, triage_model, triage_tokens = self.triage(ranked, context, caller)
            picks += self.top_up(picks, ranked, context)
            featured = picks[: context.max_entries]
            briefs = picks[context.max_entries : context.max_entries + context.max_briefs]
            budget = self.settings.daily_token_budget
            write_tokens = budget - max(triage_tokens, caller.spent_tokens) - budget // 10
            return self.write(featured, briefs, stories, context, caller, write_tokens, triage_model)
        finally:
            caller.close()
            log.info(
                "gemini: %(calls)d calls, %(cached_calls)d cached, %(total_tokens)d tokens, %(unknown_ids)d unknown "
                "ids, %(invalid_items)d invalid items, %(rejected_fields)d rejected fields, %(topped_up)d topped up",
                self.usage,
            )

    def system(self, task: str, context: EditContext, **values: object) -> str:
        """The system instruction: the rules (language, date) and the task prompt filled with `values`."""
        language = LANGUAGE_NAMES.get(self.language.lower(), self.language)
        rules = load_prompt("rules", language=language, date=context.day.isoformat())
        return rules + load_prompt(task, **values)

    def triage(
        self, ranked: Sequence[Story], context: EditContext, caller: StructuredCaller
    ) -> tuple[list[Pick], str, int]:
        """The selected stories (merged where `confirm_same_story` allows), most important first; the model that
        answered; the estimated tokens of the request. Raises EditorError when no known story was selected."""
        most = context.max_entries + context.max_briefs
        categories = " / ".join(context.categories)
        system = self.system("triage", context, categories=categories, max_selected=most)
        limit = self.settings.daily_token_budget * CHARS_PER_TOKEN // 4 - len(system)
        prompt, shown = triage_prompt(ranked, context, limit)
        fewer = self.system(
            "triage", context, categories=categories, max_selected=max(context.max_entries, most // 2)
        )
        request = Request(system, prompt, TriageAnswer, self.settings.max_output_tokens)
        reply = caller.ask(request, lambda r: shorter(r, system=fewer))
        picks = self.read_picks(reply.answer, shown, context) if reply is not None else []
        if reply is None or not picks:
            self.usage["fallbacks"] += 1
            reason = "no usable answer" if reply is None else "no known story selected"
            raise EditorError(f"the {self.name} triage gave {reason}")
        return sorted(picks, key=lambda p: -p.importance), reply.model, estimate_tokens(system, prompt)

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

    def read_picks(self, answer: TriageAnswer, shown: Sequence[Story], context: EditContext) -> list[Pick]:
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
        reason = checked_text(raw.reason, LIMITS["bullet"]) if raw.reason.strip() else ""
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

    def write(
        self,
        featured: Sequence[Pick],
        briefs: Sequence[Pick],
        stories: Sequence[Story],
        context: EditContext,
        caller: StructuredCaller,
        tokens: int,
        triage_model: str,
    ) -> Digest:
        """The write-up call, its input trimmed to `tokens`; the offline editor for what it does not give. A cut-off
        answer is asked again without the one-liners (they keep their headlines) and shorter."""
        system = self.system("write", context)
        limit = tokens * CHARS_PER_TOKEN - len(system)
        article_chars = self.settings.article_chars
        prompt = write_prompt(featured, briefs, context, article_chars, limit)
        without_briefs = write_prompt(featured, (), context, article_chars, limit)
        request = Request(system, prompt, WriteAnswer, self.settings.max_output_tokens)
        reply = caller.ask(request, lambda r: shorter(replace(r, prompt=without_briefs)))
        if reply is None:
            self.usage["fallbacks"] += 1
            log.warning("gemini: the offline editor writes up today's stories")
        answer = reply.answer if reply is not None else WriteAnswer()
        digest = Assembler(featured, briefs, stories, context, self.usage).digest(answer)
        writers = "+".join(dict.fromkeys([triage_model, *([reply.model] if reply else [])]))
        mixed = reply is None or self.usage["offline_entries"] > 0 or self.usage["rejected_fields"] > 0
        return replace(digest, editor=f"{writers}+offline" if mixed else writers)
