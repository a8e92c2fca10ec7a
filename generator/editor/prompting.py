"""Prompt material for the Gemini editor: untrusted text quoted between our delimiters, the token budget, the prompts.

What the model writes back is checked by generator.editor.grounding."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from string import Template

from generator.editor import EditContext
from generator.editor.offline import drop_title_lines
from generator.models import FollowUp, Story, StoryRecord
from generator.stories import related_records
from generator.text import clean_line, truncate

PROMPTS = Path(__file__).with_name("prompts")
CHARS_PER_TOKEN = 2  # a cautious estimate for CJK-heavy text
SNIPPET_CHARS = 160
FOLLOW_UP_CHARS = 400  # today's text of a follow-up the write-up sees
OTHER_SOURCE_CHARS = 600  # the text the write-up sees of each source of a story but the primary one
MAX_CANDIDATES = 150


# ── untrusted text in the prompt ──────────────────────────────────────────────────────────────────────────────

_DELIMITER = re.compile(r"<{3,}|>{3,}")


def quote_data(text: str) -> str:
    """Untrusted text for the prompt: our delimiters cannot appear inside it."""
    return _DELIMITER.sub(" ", text).strip()


# ── budget ────────────────────────────────────────────────────────────────────────────────────────────────────


def estimate_tokens(*texts: str) -> int:
    """A cautious token estimate of `texts` (`CHARS_PER_TOKEN` characters a token), for the daily budget."""
    return -(-sum(len(t) for t in texts) // CHARS_PER_TOKEN)


def fit_texts(texts: Sequence[str], allowed: int) -> list[str]:
    """Cut the longest texts first so that the total fits `allowed` characters (a text may become empty)."""
    if sum(len(t) for t in texts) <= allowed:
        return list(texts)
    low, high = 0, max(len(t) for t in texts)
    while low < high:  # the largest per-text cap that fits
        mid = (low + high + 1) // 2
        if sum(min(len(t), mid) for t in texts) <= allowed:
            low = mid
        else:
            high = mid - 1
    return [t if len(t) <= low else (truncate(t, low) if low >= 20 else "") for t in texts]


# ── prompts ───────────────────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Pick:
    """A story the model selected, with its triage verdict (already checked and normalised)."""

    story: Story
    category: str
    region: str
    importance: int
    reason: str
    tags: tuple[str, ...]


def load_prompt(name: str, **values: object) -> str:
    """prompts/<name>.txt with its $placeholders filled (string.Template); KeyError for a missing value."""
    text = (PROMPTS / f"{name}.txt").read_text(encoding="utf-8")
    return Template(text).substitute({k: str(v) for k, v in values.items()})


def story_text(story: Story) -> str:
    """The story's text for the model: the primary article's page text (else its feed summary) without the
    repeated headline."""
    return (
        drop_title_lines(story.primary.text or story.primary.item.summary, story.title)
        or story.primary.item.summary
    )


def _header(story: Story, context: EditContext) -> list[str]:
    shown = story.time_shown(context.window_end.tzinfo or UTC)  # as precisely as the feeds said
    when = (
        shown.strftime("%Y-%m-%d %H:%M" if isinstance(shown, datetime) else "%Y-%m-%d")
        if shown
        else "unknown"
    )
    return [
        f"title: {quote_data(clean_line(story.title))}",
        f"sources: {quote_data(', '.join(story.source_names))}",
        f"time: {when}",
    ]


def _block(kind: str, story_id: str, lines: Sequence[str]) -> str:
    return "\n".join([f"<<<{kind} id={story_id}>>>", *lines, "<<<END>>>"])


def candidate_block(story: Story, context: EditContext) -> str:
    """A triage candidate: title, sources, time, cluster size and a snippet of `SNIPPET_CHARS`, between our
    delimiters."""
    snippet = quote_data(truncate(clean_line(story_text(story)), SNIPPET_CHARS))
    lines = [*_header(story, context), f"cluster size: {len(story.articles)}", f"snippet: {snippet}"]
    return _block("CANDIDATE", story.id, lines)


def earlier_lines(records: Sequence[StoryRecord]) -> list[str]:
    """What recent posts told, one line a record, most recent first: "2026-11-16: <headline>"."""
    return [f"  {r.day.isoformat()}: {quote_data(clean_line(r.headline))}" for r in records]


def source_lines(story: Story, context: EditContext) -> list[str]:
    """The story's sources, numbered as the post's 来源 line lists them (Story.articles, from 1): the numbers a
    sentence's markers give ("[2]"), each with the source's name, its headline and time."""
    zone = context.window_end.tzinfo or UTC
    lines = ["sources (cite them by number):"]
    for number, article in enumerate(story.articles, 1):
        shown = Story((article,)).time_shown(zone)
        when = (
            shown.strftime("%Y-%m-%d %H:%M" if isinstance(shown, datetime) else "%Y-%m-%d") if shown else ""
        )
        head = quote_data(clean_line(f"{article.item.source} — {article.item.title}"))
        lines.append(f"  [{number}] {head}" + (f" ({when})" if when else ""))
    return lines


def article_texts(story: Story, article_chars: int) -> list[str]:
    """The text of each source of the story for the write-up, in source order: the primary article's page text
    (else its feed summary) within `article_chars`, each other one's within OTHER_SOURCE_CHARS; repeated headlines
    left out."""
    texts = [truncate(story_text(story), article_chars)]
    for article in story.articles[1:]:
        own = (
            drop_title_lines(article.text or article.item.summary, article.item.title) or article.item.summary
        )
        texts.append(truncate(clean_line(own), min(article_chars, OTHER_SOURCE_CHARS)))
    return texts


def article_block(pick: Pick, texts: Sequence[str], context: EditContext) -> str:
    """An article to write up: title, its numbered sources (`source_lines`), time, what recent posts told of a
    related story (stories.related_records) and the text of each source under its number, between our
    delimiters."""
    story = pick.story
    header = _header(story, context)
    lines = [header[0], *source_lines(story, context), header[2]]
    related = related_records(story, context.recent)
    if related:
        lines += ["earlier reports (related, not today's news):", *earlier_lines(related)]
    for number, text in enumerate(texts, 1):
        if text or number == 1:
            lines.append(f"text [{number}]:\n" + quote_data(text))
    return _block("ARTICLE", story.id, lines)


def followup_block(item: FollowUp, context: EditContext) -> str:
    """A follow-up to write one sentence for: today's headlines, sources, time, what the thread's earlier posts
    told (their days and headlines) and a snippet of today's text, between our delimiters; its id is the
    thread's."""
    story = item.story
    lines = _header(story, context)
    others = [clean_line(a.item.title) for a in story.articles[1:] if a.item.title != story.title]
    if others:
        lines.append("also reported as: " + quote_data(" | ".join(dict.fromkeys(others))))
    thread = [r for r in context.recent if r.id == item.thread][:4]
    lines += ["earlier reports of this story:", *earlier_lines(thread)]
    snippet = quote_data(truncate(clean_line(story_text(story)), FOLLOW_UP_CHARS))
    lines.append(f"snippet: {snippet}")
    return _block("FOLLOWUP", item.thread, lines)


def brief_block(pick: Pick, context: EditContext) -> str:
    """A one-liner to write: title, sources and a snippet, between our delimiters."""
    snippet = quote_data(truncate(clean_line(story_text(pick.story)), SNIPPET_CHARS))
    return _block("BRIEF", pick.story.id, [*_header(pick.story, context)[:2], f"snippet: {snippet}"])


def triage_prompt(ranked: Sequence[Story], context: EditContext, limit_chars: int) -> tuple[str, list[Story]]:
    """The candidates, best-ranked first, as many as fit `limit_chars`."""
    blocks: list[str] = []
    shown: list[Story] = []
    used = 0
    for story in ranked[:MAX_CANDIDATES]:
        block = candidate_block(story, context)
        if used + len(block) > limit_chars and blocks:
            break
        blocks.append(block)
        shown.append(story)
        used += len(block) + 2
    head = f"Candidates ({len(blocks)}):"
    return "\n\n".join([head, *blocks]), shown


def write_prompt(
    featured: Sequence[Pick],
    briefs: Sequence[Pick],
    context: EditContext,
    article_chars: int,
    limit_chars: int,
    follow_ups: Sequence[FollowUp] = (),
) -> str:
    """Articles (each source's text trimmed by `article_texts`, then all together to fit `limit_chars`), briefs
    and follow-ups."""

    def build(texts: Sequence[Sequence[str]]) -> str:
        parts = [f"Articles ({len(featured)}):"]
        parts += [article_block(p, t, context) for p, t in zip(featured, texts, strict=True)]
        if briefs:
            parts += [f"Briefs ({len(briefs)}):", *(brief_block(p, context) for p in briefs)]
        if follow_ups:
            parts += [f"Follow-ups ({len(follow_ups)}):", *(followup_block(f, context) for f in follow_ups)]
        return "\n\n".join(parts)

    texts = [article_texts(p.story, article_chars) for p in featured]
    overhead = len(build([["" for _ in t] for t in texts]))
    fitted = iter(fit_texts([t for group in texts for t in group], max(0, limit_chars - overhead)))
    return build([[next(fitted) for _ in group] for group in texts])
