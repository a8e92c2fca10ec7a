"""The model's write-up made into a Digest, field by field: a text that fails a check takes the offline text.

Checks (generator.editor.grounding): every text is clean (`problem`: no injected instruction, link, markup or call to
action) and, in a Chinese post, holds Chinese; a headline, a summary, a one-liner, the title, each summary bullet
and the description must name the stories they cite (`Grounds.names`); a bullet must cite the id of a kept story;
tags and keywords must be short topic words. A failing field falls back to the offline editor's text for that field
(an entry's headline or summary; the day's title, bullets, tags, keywords or description) and counts in
`usage["rejected_fields"]`; a failing insight, impact or tag is left out and counted. Links, sources, times and
images come from the Story records, never from model text.

Citations (issue 21 §1, generator.editor.citing): a summary, an insight, an impact and a 今日摘要 bullet keep only
their sentences whose markers name sources of their own story that give what they say (a bullet's story is the
first one it cites); a summary left without a sentence takes the offline editor's (which cites by construction), an
insight, impact or bullet without one is left out. The texts without markers (a headline, a one-liner, the title,
the description, a follow-up's sentence) must not quote, give a figure or name what none of their stories'
sources gives (stories.facts_problem), else the offline text is used.

The day's themes are checked in generator.editor.themes (a title may sum them up instead of naming stories); a
follow-up's sentence on what is new is kept when it names the story and every figure in it is one the day's reports
or the thread's earlier headlines give, else the sentence composed from our records is shown. The bullets lead with
the stories the title does not name, and a follow-up no bullet tells gets its own, by importance.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from generator.editor import EditContext
from generator.editor.answers import (
    BilingualWriteAnswer,
    Cited,
    WriteAnswer,
    WrittenBrief,
    WrittenEntry,
    WrittenFollowUp,
)
from generator.editor.bilingual import english_texts
from generator.editor.citing import cited_sentences
from generator.editor.grounding import Grounds, checked_text, clean_text, foreign, is_topic_word, problem
from generator.editor.lead import MAX_BULLETS, MIN_BULLETS, LeadItem, lead_bullets, lift_follow_ups
from generator.editor.offline import OfflineEditor, follow_up_line, inverse_document_frequency
from generator.editor.prompting import Pick
from generator.editor.themes import grounded_in_themes, read_themes
from generator.models import (
    DESCRIPTION_CHARS,
    Brief,
    CitedText,
    Digest,
    Entry,
    FollowUp,
    Story,
    Theme,
    prefixed_title,
)
from generator.stories import facts_problem, facts_problem_in, fetched_text, strip_markers

log = logging.getLogger(__name__)

LIMITS = {
    "headline": 80,
    "summary": 400,
    "bullet": 160,
    "title": 60,
    "description": DESCRIPTION_CHARS,
    "brief": 80,
    "tag": 20,
    "news": 160,
}
# How a text longer than its limit is shortened (grounding.clean_text): whole sentences or whole clauses.
WHOLE = {"summary": "sentences", "bullet": "sentences", "description": "sentences", "news": "sentences"}
MAX_INSIGHTS = 3
MAX_IMPACTS = 3  # 影响 is optional: 0 to 3 (issue 19 §1)


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
        self.follow_ups = {f.thread: f for f in context.follow_ups}
        kept = [p.story for p in [*featured, *briefs]] + [f.story for f in context.follow_ups]
        self.grounds = Grounds(kept)
        self.story_of = {a.item.id: s for s in kept for a in s.articles}
        self.story_of |= {f.thread: f.story for f in context.follow_ups}

    def digest(self, answer: WriteAnswer) -> Digest:
        """The Digest: the model's texts where they pass, the offline editor's elsewhere."""
        written = self.by_id(answer.entries)
        lines = self.by_id(answer.briefs)
        entries = tuple(self.entry(p, written.get(p.story.id)) for p in self.featured)
        briefs = tuple(self.brief(p, lines.get(p.story.id)) for p in self.briefs)
        base = self.offline.compose(entries, briefs, self.context)
        base = replace(base, follow_ups=self.written_follow_ups(base.follow_ups, answer.follow_ups))
        resolve = self.theme_id(base)
        shown = len(base.entries) + len(base.follow_ups)
        themes = read_themes(answer.themes, resolve, shown, self.usage, self.chinese)
        digest = self.day_fields(replace(base, themes=themes), answer)
        if isinstance(answer, BilingualWriteAnswer):  # the English edition's texts (issue 22)
            shown = [item.story for item in (*digest.entries, *digest.briefs)]
            english = english_texts(answer, self.story_of, shown, self.grounds, self.usage)
            digest = replace(digest, english=english)
        return digest

    def theme_id(self, base: Digest) -> Callable[[str], str | None]:
        """How a theme's id becomes the id the post knows the story by: an entry's story id, a follow-up's thread;
        "" for a story that is not in a section (a one-liner); None for an id the model invented."""
        entries = {e.story.id for e in base.entries}
        threads = {f.story.id: f.thread for f in base.follow_ups}

        def resolve(raw: str) -> str | None:
            story = self.story_of.get(raw)
            if story is None:
                return None
            if story.id in entries:
                return story.id
            return threads.get(story.id, "")

        return resolve

    def written_follow_ups(
        self, follow_ups: Sequence[FollowUp], written: Sequence[WrittenFollowUp]
    ) -> tuple[FollowUp, ...]:
        """The follow-ups with the model's sentence on what is new where it passes: clean, whole sentences within
        LIMITS["news"], naming the story, and every quote, figure and name in it one that today's reports or the
        thread's earlier headlines give (facts only from the data); else the sentence composed from our records."""
        sentences: dict[str, str] = {}
        for item in written:
            story = self.story_of.get(item.id)
            if story is None:
                self.usage["unknown_ids"] += 1
            elif item.news.strip():
                sentences.setdefault(story.id, item.news)
        out = []
        for follow_up in follow_ups:
            raw = sentences.get(follow_up.story.id, "")
            news = self.grounded("news", raw, [follow_up.story], facts=False) if raw else None
            if news and not self.facts_known(news, follow_up):
                news = self.reject("news", raw)
            out.append(replace(follow_up, news=news) if news else follow_up)
        return tuple(out)

    def facts_known(self, text: str, follow_up: FollowUp) -> bool:
        """Whether every quote, figure and name of `text` is one today's reports or the thread's earlier
        headlines give."""
        told = [fetched_text(a) for a in follow_up.story.articles]
        told += [t for r in self.context.recent if r.id == follow_up.thread for t in r.titles]
        return not facts_problem_in(text, told)

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

    def cited_stories(self, ids: Sequence[str]) -> list[Story]:
        """The kept stories among `ids`, in order; unknown ids counted."""
        stories: dict[str, Story] = {}
        for story_id in ids:
            story = self.story_of.get(story_id)
            if story is None:
                self.usage["unknown_ids"] += 1
            else:
                stories.setdefault(story.id, story)
        return list(stories.values())

    def grounded(self, field: str, text: str, stories: Sequence[Story], facts: bool = True) -> str | None:
        """`text` cleaned to its field's limit when it is clean, names one of `stories` and (`facts`) quotes,
        gives a figure or names nothing their sources do not (stories.facts_problem); else None (counted, unless
        the model left the field empty). Markers are no part of such a text: they are removed."""
        text = strip_markers(text)
        if not text.strip():
            return None
        checked = self.in_language(checked_text(text, LIMITS[field], WHOLE.get(field, "clauses")))
        if checked is not None and stories and self.grounds.names(checked, stories):
            articles = [a for story in stories for a in story.articles]
            if not facts or not facts_problem(checked, articles):
                return checked
        return self.reject(field, text)

    def cited(self, field: str, text: str, story: Story, grounded: bool = False) -> CitedText | None:
        """A model's text of cited sentences about `story` (generator.editor.citing): its valid sentences within
        the field's limit, or None (the whole text counted as rejected when it is not clean, not in the post's
        language, keeps no valid sentence or, `grounded`, names no story; refused sentences are also counted by
        reason)."""
        if not text.strip():
            return None
        if problem(strip_markers(text)):
            return self.reject(field, text)
        kept = cited_sentences(text, story, LIMITS[field], self.usage, self.chinese)
        if (
            kept is None
            or self.in_language(kept) is None
            or (grounded and not self.grounds.names(kept, [story]))
        ):
            return self.reject(field, text)
        return kept

    @property
    def chinese(self) -> bool:
        """Whether the post is in Chinese (the context's language)."""
        return self.context.language.lower().startswith("zh")

    def in_language(self, text: str | None) -> str | None:
        """`text`, or None when the post is Chinese and it holds no Chinese or one of its sentences is an English
        sentence (lang.is_english_sentence: names, product names, code, units and quotes aside): a line the model
        left in English is not a Chinese digest's line (issue 19 §2, issue 22), the offline editor's Chinese text
        or frame is used instead (counted in `english_fields`)."""
        if text is not None and self.foreign(text):
            self.usage["english_fields"] += 1
            return None
        return text

    def foreign(self, text: str) -> bool:
        """Whether `text` is not in the post's language (grounding.foreign)."""
        return foreign(text, self.context.language)

    def reject(self, field: str, text: str) -> None:
        """Count and log a model text that is not used; returns None for the caller's fallback."""
        self.usage["rejected_fields"] += 1
        log.info("gemini: the model's %s is not used: %.80r", field, text)
        return None

    def cited_items(self, field: str, items: Sequence[str], count: int, story: Story) -> tuple[str, ...]:
        """The items (insights, impacts) that keep a valid cited sentence (at most `count`, no repeats); each other
        one is left out and counted (`cited`)."""
        kept: list[str] = []
        for item in items:
            cited = self.cited(field, item, story)
            if cited is not None and cited not in kept:
                kept.append(cited)
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
            summary=self.cited("summary", written.summary, pick.story, grounded=True) or offline.summary,
            reason=reason,
            insights=self.cited_items("bullet", written.insights, MAX_INSIGHTS, pick.story),
            impacts=self.cited_items("bullet", written.impacts, MAX_IMPACTS, pick.story),
            **verdict,
        )

    def brief(self, pick: Pick, written: WrittenEntry | WrittenBrief | None) -> Brief:
        """A one-liner: the model's text where it passes, else the offline editor's (its headline, or its Chinese
        frame when it is told only in another language)."""
        text = (
            self.grounded("brief", written.text, [pick.story]) if isinstance(written, WrittenBrief) else None
        )
        return (
            Brief(story=pick.story, text=text) if text else self.offline.write_brief(pick.story, self.context)
        )

    def day_text(self, field: str, cited: Cited, themes: Sequence[Theme] = ()) -> str | None:
        """The title or description: clean, naming the stories it cites (all featured ones when it cites none);
        a title may instead sum up the day's themes (themes.grounded_in_themes)."""
        stories = self.cited_stories(cited.ids) or [p.story for p in self.featured]
        if field == "title" and themes and cited.text.strip():
            checked = checked_text(strip_markers(cited.text), LIMITS[field])
            if checked is not None and not self.foreign(checked) and grounded_in_themes(checked, themes):
                return checked
        return self.grounded(field, cited.text, stories)

    def bullets(self, cited: Sequence[Cited], named: frozenset[str]) -> list[tuple[str, frozenset[str]]]:
        """The summary bullets that cite a kept story, name it and keep a valid cited sentence (their markers name
        sources of the first story they cite), but not those only about stories the title names (`named`: they
        would repeat it); each with the ids of the stories it is about."""
        kept: list[tuple[str, frozenset[str]]] = []
        for bullet in cited:
            stories = self.cited_stories(bullet.ids)
            text = (
                self.cited("bullet", bullet.text, stories[0], grounded=True)
                if stories
                else self.reject("bullet", bullet.text)
            )
            ids = frozenset(s.id for s in stories)
            if text and text not in (t for t, _ in kept) and not ids <= named:
                kept.append((text, ids))
        return kept[:10]

    def importance(self, ids: frozenset[str]) -> int:
        """The importance of a bullet: the highest of the stories it is about (entries and follow-ups)."""
        known = {p.story.id: p.importance for p in self.featured}
        known |= {f.story.id: f.importance for f in self.follow_ups.values()}
        return max((known.get(i, 1) for i in ids), default=1)

    def title_names(self, title: str) -> frozenset[str]:
        """The ids of the featured stories the title names: their bullets would repeat it."""
        return frozenset(p.story.id for p in self.featured if self.grounds.shared(title, p.story))

    def day_fields(self, base: Digest, answer: WriteAnswer) -> Digest:
        """The model's title, bullets, tags, keywords and description over the offline editor's, where they pass.
        The bullets lead with the stories the title does not name (generator.editor.lead); too few are filled
        from the entries' headlines."""
        context = self.context
        brand = re.compile(rf"^\s*(?:{re.escape(context.title_prefix)}\s*[｜|:：\-—]?\s*)+", re.I)
        cited = answer.title.model_copy(update={"text": brand.sub("", answer.title.text)})
        written = self.day_text("title", cited, base.themes)
        title = prefixed_title(context.title_prefix, written) if written else base.title
        named = self.title_names(title)
        written = self.bullets(answer.summary, named)
        told = frozenset(i for _, ids in written for i in ids)
        # A follow-up no bullet tells gets its own, placed by importance (issue 19 §4).
        follow_ups = {f.story.id for f in base.follow_ups}
        ranked = [
            (self.importance(ids), k, text, bool(ids & follow_ups)) for k, (text, ids) in enumerate(written)
        ]
        ranked += [
            (f.importance, len(written) + k, follow_up_line(f), True)
            for k, f in enumerate(base.follow_ups)
            if f.story.id not in told
        ]
        ordered = [(text, lift) for _, _, text, lift in sorted(ranked, key=lambda r: (-r[0], r[1]))]
        bullets = tuple(lift_follow_ups(ordered))[:MAX_BULLETS]
        if len(bullets) < MIN_BULLETS:
            fill = [line for line in lead_bullets(self.lead_items(base), named | told) if line not in bullets]
            bullets = (*bullets, *fill[: MIN_BULLETS - len(bullets)])
        tags = self.topic_words("tag", answer.tags, 8)
        keywords = self.topic_words("keyword", answer.keywords, 12)
        return replace(
            base,
            title=title,
            summary=bullets,
            tags=tuple(dict.fromkeys([*context.base_tags, *tags])) if tags else base.tags,
            keywords=tuple(dict.fromkeys([*context.base_tags, *keywords])) if keywords else base.keywords,
            description=self.day_text("description", answer.description) or base.description,
        )

    def lead_items(self, base: Digest) -> list[LeadItem]:
        """The entries and one-liners as lines of the first screen, by the headlines of their sources (which they
        cite: the model's headlines are no cited sentences); a framed one-liner by its Chinese headline, without
        the quoted original."""
        offline, context = self.offline, self.context
        items = []
        for item in (*base.entries, *base.briefs):
            line = offline.cited_headline(item.story, offline.headline(item.story, context), context)
            brief = isinstance(item, Brief)
            items.append(LeadItem(item.story.id, 1 if brief else item.importance, line, brief=brief))
        return items
