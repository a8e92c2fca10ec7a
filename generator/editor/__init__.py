"""Editors turn the day's stories into a Digest. Two implementations behind one small interface.

The face: `EditContext`, the `Editor` protocol, `OfflineEditor`, and `GeminiEditor` (imported on first use, so
that a run without a key never loads google-genai).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from generator.models import Digest, FollowUp, Story, StoryRecord


@dataclass(frozen=True)
class EditContext:
    """What an editor needs to know besides the stories."""

    day: date
    window_end: datetime
    language: str
    categories: tuple[str, ...]
    category_keywords: Mapping[str, tuple[str, ...]]
    topic_keywords: tuple[str, ...]
    max_entries: int
    max_briefs: int
    items_read: int
    title_prefix: str
    base_tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    min_stories: int = 0  # the gate's minimum: an editor that picks fewer tops up from the best-ranked rest
    topic_hints: tuple[str, ...] = ()  # words that suggest AI (ranking.relevance); topic_keywords make it AI
    # Stories of recent posts with news today (stories.continuity), placed among the entries and in the summary;
    # the Gemini editor also lets the model write what is new.
    follow_ups: tuple[FollowUp, ...] = ()
    # What the last days' posts told (their story records, most recent first): the write-up's memory.
    recent: tuple[StoryRecord, ...] = ()
    category_questions: Mapping[str, str] = field(default_factory=dict)  # the reader's question per category
    # The post's other editions (config `editions`): "en" asks the model for the English too (issue 22).
    editions: tuple[str, ...] = ()


class Editor(Protocol):
    """What the pipeline needs of an editor: a `name` and `edit(stories, context) -> Digest`; raises
    EditorError when it cannot write the day (the offline editor then takes over).
    """

    name: str

    def edit(self, stories: Sequence[Story], context: EditContext) -> Digest:
        """Select, categorize and write up the stories."""
        ...


from generator.editor.english import EnglishEdition, EnglishEditor  # noqa: E402  (it imports the offline editor)
from generator.editor.offline import OfflineEditor  # noqa: E402  (after EditContext, which it imports)

__all__ = ["EditContext", "Editor", "EnglishEdition", "EnglishEditor", "GeminiEditor", "OfflineEditor"]


def __getattr__(name: str) -> object:
    """`GeminiEditor` on first use (PEP 562 module __getattr__): google-genai loads only when a key is set."""
    if name == "GeminiEditor":
        from generator.editor.gemini import GeminiEditor

        return GeminiEditor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
