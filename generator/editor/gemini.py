"""The Gemini editor: a triage call and a write-up call with structured output, checked against our own records.

The model sees story IDs and quoted text and answers with IDs. Links, sources, times and images always come from
our Story records; model text is stripped of markup, links and URLs and capped in length. Every part the model
cannot deliver (an API error after the SDK's retries, a cut-off or blocked answer after one repair retry) is
written by the offline editor instead, and the Digest's `editor` says so ("<model>+offline").
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from google import genai
from google.genai import types
from pydantic import BaseModel, ConfigDict, ValidationError

from generator.config import EditorSettings
from generator.editor import EditContext
from generator.editor.offline import OfflineEditor, inverse_document_frequency
from generator.editor.prompting import (
    CHARS_PER_TOKEN,
    Pick,
    clean_list,
    clean_text,
    estimate_tokens,
    load_prompt,
    triage_prompt,
    write_prompt,
)
from generator.editor.ranking import categorize, rank_stories
from generator.errors import EditorError
from generator.models import Article, Brief, Digest, Entry, Story
from generator.text import clean_line, truncate

log = logging.getLogger(__name__)

RETRY_STATUS_CODES = [408, 429, 500, 502, 503, 504]
LANGUAGE_NAMES = {
    "zh": "简体中文",
    "zh-cn": "简体中文",
    "zh-hans": "简体中文",
    "zh-tw": "繁體中文",
    "en": "English",
}
LIMITS = {
    "headline": 80,
    "summary": 400,
    "bullet": 160,
    "title": 60,
    "description": 160,
    "brief": 80,
    "tag": 20,
}
_BLOCKED = {"SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_SAFETY"}
_REGIONS = {
    "国内": "国内",
    "中国": "国内",
    "cn": "国内",
    "china": "国内",
    "domestic": "国内",
    "国际": "国际",
    "海外": "国际",
    "global": "国际",
    "international": "国际",
}


# ── the model's answers (pydantic: the border) ────────────────────────────────────────────────────────────────


def _require_all(schema: dict[str, Any]) -> None:
    """Ask the model for every field, while parsing stays lenient (missing fields take their defaults)."""
    properties = schema.get("properties", {})
    schema["required"] = list(properties)
    for prop in properties.values():
        prop.pop("default", None)


class _Answer(BaseModel):
    model_config = ConfigDict(json_schema_extra=_require_all)


class TriagePick(_Answer):
    id: str
    category: str = ""
    region: str = ""
    importance: int = 3
    reason: str = ""
    tags: list[str] = []
    same_story_as: list[str] = []


class TriageAnswer(_Answer):
    selected: list[TriagePick] = []


class WrittenEntry(_Answer):
    id: str
    headline: str = ""
    summary: str = ""
    insights: list[str] = []
    impacts: list[str] = []


class WrittenBrief(_Answer):
    id: str
    text: str = ""


class WriteAnswer(_Answer):
    title: str = ""
    summary: list[str] = []
    tags: list[str] = []
    keywords: list[str] = []
    description: str = ""
    entries: list[WrittenEntry] = []
    briefs: list[WrittenBrief] = []


AnswerT = TypeVar("AnswerT", bound=BaseModel)
ItemT = TypeVar("ItemT", WrittenEntry, WrittenBrief)


# ── the calls ─────────────────────────────────────────────────────────────────────────────────────────────────


def new_usage() -> dict[str, int]:
    keys = (
        "calls",
        "cached_calls",
        "repairs",
        "prompt_tokens",
        "output_tokens",
        "total_tokens",
        "unknown_ids",
        "fallbacks",
        "offline_entries",
    )
    return dict.fromkeys(keys, 0)


class StructuredCaller:
    """generate_content with a Pydantic schema: cache, call limit, token count and one repair retry."""

    def __init__(
        self, settings: EditorSettings, cache_dir: Path | None, retry_delay: float, usage: dict[str, int]
    ) -> None:
        self.settings = settings
        self.cache_dir = cache_dir
        self.retry_delay = retry_delay
        self.usage = usage
        self.spent_tokens = 0  # estimated prompt tokens sent today (decides whether a repair still fits)
        self._client: genai.Client | None = None

    def ask(self, system: str, prompt: str, schema: type[AnswerT]) -> AnswerT | None:
        """The parsed answer, or None when the model could not give one (the caller goes offline)."""
        key = self.cache_key(system, prompt, schema)
        cached = self.read_cache(key, schema)
        if cached is not None:
            self.usage["cached_calls"] += 1
            return cached
        answer, repairable = self.call(system, prompt, schema)
        if answer is None and repairable:
            repair = prompt + "\n" + load_prompt("repair")
            if self.can_call(system, repair):
                self.usage["repairs"] += 1
                answer, _ = self.call(system, repair, schema)
        if answer is not None:
            self.write_cache(key, answer)
        return answer

    def can_call(self, system: str, prompt: str) -> bool:
        fits = self.spent_tokens + estimate_tokens(system, prompt) <= self.settings.daily_token_budget
        return self.usage["calls"] < self.settings.max_calls and fits

    def call(self, system: str, prompt: str, schema: type[AnswerT]) -> tuple[AnswerT | None, bool]:
        """One request: (answer, whether a repair retry may help)."""
        if not self.can_call(system, prompt):
            log.warning(
                "gemini: no call left today (max_calls %d, token budget %d)",
                self.settings.max_calls,
                self.settings.daily_token_budget,
            )
            return None, False
        self.usage["calls"] += 1
        self.spent_tokens += estimate_tokens(system, prompt)
        try:
            response = self.client().models.generate_content(
                model=self.settings.model, contents=prompt, config=self.config(system, schema)
            )
        except Exception as error:  # the SDK's errors after its retries, transport errors, bad JSON bodies
            log.warning("gemini %s failed: %s: %s", schema.__name__, type(error).__name__, error)
            return None, False
        self.count_tokens(response.usage_metadata)
        return self.read_answer(response, schema)

    def read_answer(
        self, response: types.GenerateContentResponse, schema: type[AnswerT]
    ) -> tuple[AnswerT | None, bool]:
        if not response.candidates:
            feedback = response.prompt_feedback
            reason = feedback.block_reason if feedback else None
            log.warning("gemini %s: no answer (block reason %s)", schema.__name__, reason)
            return None, True
        finish = response.candidates[0].finish_reason
        finish_name = getattr(finish, "name", str(finish))
        if finish_name in _BLOCKED:
            log.warning("gemini %s: answer blocked (%s)", schema.__name__, finish_name)
            return None, True
        if isinstance(response.parsed, schema):
            return response.parsed, False
        log.warning(
            "gemini %s: the answer is not valid JSON for the schema (finish reason %s)",
            schema.__name__,
            finish_name,
        )
        return None, True

    def config(self, system: str, schema: type[BaseModel]) -> types.GenerateContentConfig:
        return types.GenerateContentConfig(
            system_instruction=system,
            temperature=self.settings.temperature,
            response_mime_type="application/json",
            response_schema=schema,
            automatic_continuation=False,  # one request per call: the call count stays honest
        )

    def client(self) -> genai.Client:
        """Created on first use (a fully cached day needs none); the SDK reads GOOGLE_GEMINI_BASE_URL itself."""
        if self._client is None:
            retry = types.HttpRetryOptions(
                attempts=3,
                initial_delay=self.retry_delay,
                max_delay=8 * self.retry_delay,
                jitter=self.retry_delay / 2,
                http_status_codes=RETRY_STATUS_CODES,
            )
            options = types.HttpOptions(timeout=int(self.settings.timeout_s * 1000), retry_options=retry)
            self._client = genai.Client(
                api_key=os.environ.get("GEMINI_API_KEY") or None, http_options=options
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def count_tokens(self, metadata: types.GenerateContentResponseUsageMetadata | None) -> None:
        if metadata is None:
            return
        self.usage["prompt_tokens"] += metadata.prompt_token_count or 0
        self.usage["output_tokens"] += (metadata.candidates_token_count or 0) + (
            metadata.thoughts_token_count or 0
        )
        self.usage["total_tokens"] += metadata.total_token_count or 0

    def cache_key(self, system: str, prompt: str, schema: type[BaseModel]) -> str:
        material = {
            "model": self.settings.model,
            "system": system,
            "contents": prompt,
            "schema": schema.model_json_schema(),
        }
        return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def read_cache(self, key: str, schema: type[AnswerT]) -> AnswerT | None:
        if self.cache_dir is None:
            return None
        try:
            data = json.loads((self.cache_dir / f"{key}.json").read_text(encoding="utf-8"))
            return schema.model_validate(data["answer"])
        except (OSError, ValueError, KeyError, TypeError, ValidationError):
            return None

    def write_cache(self, key: str, answer: BaseModel) -> None:
        if self.cache_dir is None:
            return
        path = self.cache_dir / f"{key}.json"
        data = {"model": self.settings.model, "schema": type(answer).__name__, "answer": answer.model_dump()}
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            temp = path.with_suffix(f".{os.getpid()}.tmp")
            temp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            temp.replace(path)
        except OSError as error:
            log.warning("gemini: cannot write the answer cache %s: %s", path, error)


# ── the editor ────────────────────────────────────────────────────────────────────────────────────────────────


def merge_stories(stories: Sequence[Story]) -> Story:
    """Stories the model says are one event become one Story, the first one's articles first."""
    if len(stories) == 1:
        return stories[0]
    articles: dict[str, Article] = {}
    for article in (a for s in stories for a in s.articles):
        articles.setdefault(article.item.url, article)
    return Story(articles=tuple(articles.values()))


def choose_category(raw: str, story: Story, context: EditContext) -> str:
    """The model's category if it is ours, else the closest of ours, else the offline editor's guess."""
    value = clean_text(raw, LIMITS["tag"])
    if value in context.categories:
        return value
    near = [c for c in context.categories if value and (c in value or value in c)]
    return near[0] if near else categorize(story, context.categories, context.category_keywords)


def choose_region(raw: str, story: Story) -> str:
    return _REGIONS.get(clean_line(raw).lower()) or story.region_label


class GeminiEditor:
    """Triage then write-up, at most `settings.max_calls` calls a day; the offline editor fills any gap."""

    def __init__(
        self,
        settings: EditorSettings,
        language: str = "zh",
        cache_dir: Path | None = None,
        *,
        retry_delay: float = 1.0,
    ) -> None:
        self.settings = settings
        self.language = language
        self.cache_dir = cache_dir
        self.retry_delay = retry_delay
        self.name = settings.model
        self.usage = new_usage()
        self._offline = OfflineEditor()

    def edit(self, stories: Sequence[Story], context: EditContext) -> Digest:
        self.usage = new_usage()
        if not stories:
            return self._offline.edit(stories, context)
        caller = StructuredCaller(self.settings, self.cache_dir, self.retry_delay, self.usage)
        try:
            picks, triage_tokens = self.triage(stories, context, caller)
            featured = picks[: context.max_entries]
            briefs = picks[context.max_entries : context.max_entries + context.max_briefs]
            budget = self.settings.daily_token_budget
            write_tokens = budget - max(triage_tokens, caller.spent_tokens) - budget // 10
            return self.write(featured, briefs, stories, context, caller, write_tokens)
        finally:
            caller.close()
            log.info(
                "gemini: %(calls)d calls, %(cached_calls)d cached, %(total_tokens)d tokens, "
                "%(unknown_ids)d unknown IDs, %(fallbacks)d fallbacks",
                self.usage,
            )

    def system(self, task: str, context: EditContext, **values: object) -> str:
        language = LANGUAGE_NAMES.get(self.language.lower(), self.language)
        rules = load_prompt("rules", language=language, date=context.day.isoformat())
        return rules + load_prompt(task, **values)

    def triage(
        self, stories: Sequence[Story], context: EditContext, caller: StructuredCaller
    ) -> tuple[list[Pick], int]:
        """Selected stories (merged where the model says they are one event), most important first,
        and the estimated tokens of the triage request."""
        ranked = rank_stories(stories, context)
        system = self.system(
            "triage",
            context,
            categories=" / ".join(context.categories),
            max_selected=context.max_entries + context.max_briefs,
        )
        limit = self.settings.daily_token_budget * CHARS_PER_TOKEN // 4 - len(system)
        prompt, shown = triage_prompt(ranked, context, limit)
        answer = caller.ask(system, prompt, TriageAnswer)
        picks = self.read_picks(answer, shown, context) if answer is not None else []
        if not picks:
            self.usage["fallbacks"] += 1
            reason = "no usable answer" if answer is None else "no known story selected"
            raise EditorError(f"the {self.name} triage gave {reason}")
        picks = sorted(picks, key=lambda p: -p.importance) + self.top_up(picks, ranked, context)
        return picks, estimate_tokens(system, prompt)

    def top_up(self, picks: Sequence[Pick], ranked: Sequence[Story], context: EditContext) -> list[Pick]:
        """A stingy triage would fail the gate: add the best-ranked stories it left out, up to the minimum."""
        missing = context.min_stories - len(picks)
        if missing <= 0:
            return []
        taken = {a.item.id for p in picks for a in p.story.articles}
        extra = [s for s in ranked if not taken.intersection(a.item.id for a in s.articles)][:missing]
        if extra:
            log.info("gemini selected %d stories; %d more from the offline ranking", len(picks), len(extra))
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
        by_id = {s.id: s for s in shown}
        used: set[str] = set()
        picks: list[Pick] = []
        for raw in answer.selected:
            if raw.id not in by_id:
                self.usage["unknown_ids"] += 1 + sum(1 for other in raw.same_story_as if other not in by_id)
                continue
            if raw.id in used:
                continue
            group = [raw.id]
            for other in raw.same_story_as:
                if other not in by_id:
                    self.usage["unknown_ids"] += 1
                elif other not in used and other not in group:
                    group.append(other)
            used.update(group)
            picks.append(self.make_pick(raw, merge_stories([by_id[i] for i in group]), context))
        return picks

    def make_pick(self, raw: TriagePick, story: Story, context: EditContext) -> Pick:
        return Pick(
            story=story,
            category=choose_category(raw.category, story, context),
            region=choose_region(raw.region, story),
            importance=min(5, max(1, raw.importance)),
            reason=clean_text(raw.reason, LIMITS["bullet"]),
            tags=clean_list(raw.tags, LIMITS["tag"], 5),
        )

    def write(
        self,
        featured: Sequence[Pick],
        briefs: Sequence[Pick],
        stories: Sequence[Story],
        context: EditContext,
        caller: StructuredCaller,
        tokens: int,
    ) -> Digest:
        """The write-up call, its input trimmed to `tokens`; the offline editor for what it does not give."""
        system = self.system("write", context)
        limit = tokens * CHARS_PER_TOKEN - len(system)
        prompt = write_prompt(featured, briefs, context, self.settings.article_chars, limit)
        answer = caller.ask(system, prompt, WriteAnswer)
        if answer is None:
            self.usage["fallbacks"] += 1
            log.warning("gemini: the offline editor writes up today's stories")
        digest = self.assemble(featured, briefs, answer or WriteAnswer(), stories, context)
        mixed = answer is None or self.usage["offline_entries"] > 0
        return replace(digest, editor=f"{self.name}+offline" if mixed else self.name)

    def assemble(
        self,
        featured: Sequence[Pick],
        briefs: Sequence[Pick],
        answer: WriteAnswer,
        stories: Sequence[Story],
        context: EditContext,
    ) -> Digest:
        alias = {a.item.id: p.story.id for p in [*featured, *briefs] for a in p.story.articles}
        written = self.by_id(answer.entries, alias)
        lines = self.by_id(answer.briefs, alias)
        idf = inverse_document_frequency([s.primary.text for s in stories])
        entries = tuple(self.make_entry(p, written.get(p.story.id), context, idf) for p in featured)
        brief_list = tuple(self.make_brief(p, lines.get(p.story.id)) for p in briefs)
        base = self._offline.compose(entries, brief_list, context)
        return self.day_fields(base, answer, context)

    def by_id(self, items: Sequence[ItemT], alias: Mapping[str, str]) -> dict[str, ItemT]:
        """The model's items by our story ID (any article ID of a merged story works); unknown IDs counted."""
        found: dict[str, ItemT] = {}
        for item in items:
            story_id = alias.get(item.id)
            if story_id is None:
                self.usage["unknown_ids"] += 1
            else:
                found.setdefault(story_id, item)
        return found

    def make_entry(
        self, pick: Pick, written: WrittenEntry | None, context: EditContext, idf: Mapping[str, float]
    ) -> Entry:
        headline = clean_text(written.headline, LIMITS["headline"]) if written else ""
        summary = clean_text(written.summary, LIMITS["summary"]) if written else ""
        verdict = {
            "category": pick.category,
            "region": pick.region,
            "importance": pick.importance,
            "tags": pick.tags,
        }
        if written is None or not headline or not summary:
            offline = self._offline.write_entry(pick.story, context, idf)
            self.usage["offline_entries"] += 1
            return replace(offline, reason=pick.reason or offline.reason, **verdict)
        return Entry(
            story=pick.story,
            headline=headline,
            summary=summary,
            reason=pick.reason,
            insights=clean_list(written.insights, LIMITS["bullet"], 5),
            impacts=clean_list(written.impacts, LIMITS["bullet"], 5),
            **verdict,
        )

    def make_brief(self, pick: Pick, written: WrittenBrief | None) -> Brief:
        text = clean_text(written.text, LIMITS["brief"]) if written else ""
        return Brief(story=pick.story, text=text or truncate(clean_line(pick.story.title), LIMITS["brief"]))

    def day_fields(self, base: Digest, answer: WriteAnswer, context: EditContext) -> Digest:
        """The model's title, bullets, tags and description over the offline editor's, where it gave them."""
        title = clean_text(answer.title, LIMITS["title"])
        if title and not title.startswith(context.title_prefix):
            title = truncate(f"{context.title_prefix}｜{title}", LIMITS["title"])
        bullets = clean_list(answer.summary, LIMITS["bullet"], 10)
        fill = [s for s in base.summary if s not in bullets][: max(0, 3 - len(bullets))]
        tags = clean_list(answer.tags, LIMITS["tag"], 8)
        keywords = clean_list(answer.keywords, LIMITS["tag"], 12)
        return replace(
            base,
            title=title or base.title,
            summary=(*bullets, *fill) if bullets else base.summary,
            tags=tuple(dict.fromkeys([*context.base_tags, *tags])) if tags else base.tags,
            keywords=tuple(dict.fromkeys([*context.base_tags, *keywords])) if keywords else base.keywords,
            description=clean_text(answer.description, LIMITS["description"]) or base.description,
        )
