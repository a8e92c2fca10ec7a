"""The sections of a post: the model's themes, else the configured categories; follow-ups among the entries.

- With themes (Digest.themes, issue 19 §1): one section per theme, in the model's order, holding the entries and
  follow-ups it names; an entry or follow-up no theme holds goes to its category's section after them.
- Without: one section per category, in the configured order (unknown categories last).
- Within a section, entries and follow-ups are placed by importance (issue 19 §4: a follow-up a reader notices,
  not a log at the bottom); equal importance keeps the editor's order, entries before follow-ups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.models import Digest, Entry, FollowUp
from generator.post.words import FOLLOW_UP_WORDS


@dataclass(frozen=True)
class Section:
    """One section of the post: its heading, its subtitle ("" for a category) and its items, in order."""

    heading: str
    subtitle: str
    items: tuple[Entry | FollowUp, ...]


def _ids(item: Entry | FollowUp) -> set[str]:
    """Every id a theme may name an item by: its story's id, its articles' ids, a follow-up's thread."""
    ids = {item.story.id, *(a.item.id for a in item.story.articles)}
    return ids | {item.thread} if isinstance(item, FollowUp) else ids


def _by_importance(items: Sequence[Entry | FollowUp]) -> tuple[Entry | FollowUp, ...]:
    ranked = sorted(enumerate(items), key=lambda pair: (-pair[1].importance, pair[0]))
    return tuple(item for _, item in ranked)


def sections(digest: Digest, follow_ups: bool = True) -> list[Section]:
    """The post's sections (see the module docstring). `follow_ups`: place the digest's follow-ups among the
    entries (a layout that shows them apart passes False)."""
    items: list[Entry | FollowUp] = [*digest.entries, *(digest.follow_ups if follow_ups else ())]
    out: list[Section] = []
    placed: set[int] = set()
    for theme in digest.themes:
        wanted = set(theme.ids)
        members = [(k, item) for k, item in enumerate(items) if k not in placed and _ids(item) & wanted]
        if not members:
            continue
        placed |= {k for k, _ in members}
        out.append(Section(theme.name, theme.subtitle, _by_importance([item for _, item in members])))
    rest = [item for k, item in enumerate(items) if k not in placed]
    groups: dict[str, list[Entry | FollowUp]] = {}
    for item in rest:
        groups.setdefault(item.category or FOLLOW_UP_WORDS["section"], []).append(item)
    order = digest.categories
    ranked = sorted(groups, key=lambda c: (order.index(c) if c in order else len(order), c))
    out += [Section(category, "", _by_importance(groups[category])) for category in ranked]
    return out


def group_entries(entries: Sequence[Entry], order: Sequence[str]) -> list[tuple[str, list[Entry]]]:
    """Entries grouped by category, in the configured order, unknown categories last."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.category, []).append(entry)
    ranked = sorted(groups, key=lambda c: (order.index(c) if c in order else len(order), c))
    return [(category, groups[category]) for category in ranked]
