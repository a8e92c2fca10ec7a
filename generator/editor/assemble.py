"""The model's write-up made into a Digest, field by field: a text that fails a check takes the offline text.

Checks (generator.editor.grounding): every text is clean (`problem`: no injected instruction, link, markup or call to
action); a headline, a summary, a one-liner, the title, each summary bullet and the description must name the
stories they cite (`Grounds.names`); a bullet must cite the id of a kept story; tags and keywords must be short
topic words. A failing field falls back to the offline editor's text for that field (an entry's headline or
summary; the day's title, bullets, tags, keywords or description) and counts in `usage["rejected_fields"]`; a
failing insight, impact or tag is left out and counted. Links, sources, times and images come from the Story
records, never from model text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace

from generator.editor import EditContext
from generator.editor.answers import Cited, WriteAnswer, WrittenBrief, WrittenEntry
from generator.editor.grounding import Grounds, checked_text, clean_text, is_topic_word
from generator.editor.offline import OfflineEditor, inverse_document_frequency
from generator.editor.prompting import Pick
from generator.models import Brief, Digest, Entry, Story
from generator.text import truncate

log = logging.getLogger(__name__)

LIMITS = {
    "headline": 80,
    "summary": 400,
    "bullet": 160,
    "title": 60,
    "description": 160,
    "brief": 80,
    "tag": 20,
}


class Assembler:
    """Builds the Digest of one day from the picks and the model's WriteAnswer (see the module docstring)."""

    def __init__(
        self,
        featured: Sequence[Pick],
        briefs: Sequence[Pick],
        stories: Sequence[Story],
        context: EditContext,
        usage: dict[str, int],
    ) -> None:
        self.featured = featured
        self.briefs = briefs
        self.context = context
        self.usage = usage
        self.offline = OfflineEditor()
        self.idf = inverse_document_frequency([s.primary.text for s in stories])
        kept = [p.story for p in [*featured, *briefs]]
        self.grounds = Grounds(kept)
        self.story_of = {a.item.id: p.story for p in [*featured, *briefs] for a in p.story.articles}

    def digest(self, answer: WriteAnswer) -> Digest:
        """The Digest: the model's texts where they pass, the offline editor's elsewhere."""
        written = self.by_id(answer.entries)
        lines = self.by_id(answer.briefs)
        entries = tuple(self.entry(p, written.get(p.story.id)) for p in self.featured)
        briefs = tuple(self.brief(p, lines.get(p.story.id)) for p in self.briefs)
        base = self.offline.compose(entries, briefs, self.context)
        return self.day_fields(base, answer)

    def by_id(
        self, items: Sequence[WrittenEntry] | Sequence[WrittenBrief]
    ) -> dict[str, WrittenEntry | WrittenBrief]:
        """The model's items by our story id (any article id of a merged story works); unknown ids counted."""
        found: dict[str, WrittenEntry | WrittenBrief] = {}
        for item in items:
            story = self.story_of.get(item.id)
            if story is None:
                self.usage["unknown_ids"] += 1
            else:
                found.setdefault(story.id, item)
        return found

    def cited(self, ids: Sequence[str]) -> list[Story]:
        """The kept stories among `ids`, in order; unknown ids counted."""
        stories: dict[str, Story] = {}
        for story_id in ids:
            story = self.story_of.get(story_id)
            if story is None:
                self.usage["unknown_ids"] += 1
            else:
                stories.setdefault(story.id, story)
        return list(stories.values())

    def grounded(self, field: str, text: str, stories: Sequence[Story]) -> str | None:
        """`text` cleaned to its field's limit when it is clean and names one of `stories`; else None (counted,
        unless the model left the field empty)."""
        if not text.strip():
            return None
        checked = checked_text(text, LIMITS[field])
        if checked is not None and stories and self.grounds.names(checked, stories):
            return checked
        return self.reject(field, text)

    def reject(self, field: str, text: str) -> None:
        """Count and log a model text that is not used; returns None for the caller's fallback."""
        self.usage["rejected_fields"] += 1
        log.info("gemini: the model's %s is not used: %.80r", field, text)
        return None

    def clean_items(self, field: str, items: Sequence[str], count: int) -> tuple[str, ...]:
        """The clean items (at most `count`, no repeats); each failing one is left out and counted."""
        kept: list[str] = []
        for item in items:
            checked = checked_text(item, LIMITS[field]) if item.strip() else None
            if checked is None:
                if item.strip():
                    self.reject(field, item)
            elif checked not in kept:
                kept.append(checked)
        return tuple(kept[:count])

    def topic_words(self, field: str, words: Sequence[str], count: int) -> tuple[str, ...]:
        """The words that are short topic words (`is_topic_word`), cleaned; each other one is counted."""
        kept: list[str] = []
        for word in words:
            if not is_topic_word(word, LIMITS["tag"]):
                self.reject(field, word)
            elif (clean := clean_text(word, LIMITS["tag"])) not in kept:
                kept.append(clean)
        return tuple(kept[:count])

    def entry(self, pick: Pick, written: WrittenEntry | WrittenBrief | None) -> Entry:
        """A featured story: the model's headline and summary where they pass, the offline ones elsewhere; the
        offline entry as a whole when the model did not write this story up."""
        offline = self.offline.write_entry(pick.story, self.context, self.idf)
        verdict = {
            "category": pick.category,
            "region": pick.region,
            "importance": pick.importance,
            "tags": pick.tags,
        }
        reason = pick.reason or offline.reason
        if not isinstance(written, WrittenEntry):
            self.usage["offline_entries"] += 1
            return replace(offline, reason=reason, **verdict)
        return Entry(
            story=pick.story,
            headline=self.grounded("headline", written.headline, [pick.story]) or offline.headline,
            summary=self.grounded("summary", written.summary, [pick.story]) or offline.summary,
            reason=reason,
            insights=self.clean_items("bullet", written.insights, 5),
            impacts=self.clean_items("bullet", written.impacts, 5),
            **verdict,
        )

    def brief(self, pick: Pick, written: WrittenEntry | WrittenBrief | None) -> Brief:
        """A one-liner: the model's text where it passes, else the story's headline."""
        text = (
            self.grounded("brief", written.text, [pick.story]) if isinstance(written, WrittenBrief) else None
        )
        return Brief(story=pick.story, text=text or truncate(pick.story.title, LIMITS["brief"]))

    def day_text(self, field: str, cited: Cited) -> str | None:
        """The title or description: clean, naming the stories it cites (all featured ones when it cites none)."""
        stories = self.cited(cited.ids) or [p.story for p in self.featured]
        return self.grounded(field, cited.text, stories)

    def bullets(self, cited: Sequence[Cited]) -> tuple[str, ...]:
        """The summary bullets that cite a kept story and name it."""
        kept: list[str] = []
        for bullet in cited:
            stories = self.cited(bullet.ids)
            text = (
                self.grounded("bullet", bullet.text, stories)
                if stories
                else self.reject("bullet", bullet.text)
            )
            if text and text not in kept:
                kept.append(text)
        return tuple(kept[:10])

    def day_fields(self, base: Digest, answer: WriteAnswer) -> Digest:
        """The model's title, bullets, tags, keywords and description over the offline editor's, where they pass."""
        context = self.context
        brand = re.compile(rf"^\s*(?:{re.escape(context.title_prefix)}\s*[｜|:：\-—]?\s*)+", re.I)
        title = self.day_text(
            "title", answer.title.model_copy(update={"text": brand.sub("", answer.title.text)})
        )
        bullets = self.bullets(answer.summary)
        fill = [s for s in base.summary if s not in bullets][: max(0, 3 - len(bullets))]
        tags = self.topic_words("tag", answer.tags, 8)
        keywords = self.topic_words("keyword", answer.keywords, 12)
        return replace(
            base,
            title=truncate(f"{context.title_prefix}｜{title}", LIMITS["title"]) if title else base.title,
            summary=(*bullets, *fill) if bullets else base.summary,
            tags=tuple(dict.fromkeys([*context.base_tags, *tags])) if tags else base.tags,
            keywords=tuple(dict.fromkeys([*context.base_tags, *keywords])) if keywords else base.keywords,
            description=self.day_text("description", answer.description) or base.description,
        )
