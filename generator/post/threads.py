"""The words a post uses for story continuity (generator.stories.continuity) and source counts, for the layouts
(generator.post.render registers them next to its `earlier_post` link). Each returns plain text the template environment
escapes, except `source_count`, which adds only the template's own punctuation to our own count. Every value comes
from the feeds or from our own records, never from a model."""

from __future__ import annotations

import re
from datetime import date

from markupsafe import Markup

from generator.models import Digest, FigureChange, FollowUp, Story
from generator.post.words import FOLLOW_UP_WORDS
from generator.text import has_cjk


def source_count(story: Story, before: str = "", after: str = "") -> Markup:
    """ "N 家来源报道" between `before` and `after` (the template's own punctuation, kept as it is: spaces too) for
    a story more than one source reported, else ""."""
    count = len(story.source_names)
    return Markup(f"{before}{count} 家来源报道{after}") if count > 1 else Markup("")


def follow_up_news(item: FollowUp) -> str:
    """What a follow-up adds, in the post's words: "新增来源 硅基日报；新数字 50万；新提及 星枢" (only what is
    there; every value comes from the feeds)."""
    parts = [
        f"{label} {'、'.join(values)}"
        for label, values in (
            ("新增来源", item.new_sources),
            ("新数字", item.new_figures),
            ("新提及", item.new_names),
        )
        if values
    ]
    return "；".join(parts)


def continuity_counts(digest: Digest) -> str:
    """ "后续跟踪 1 条，2 条旧闻已略过" (each part only when its count is above 0; "" when both are 0)."""
    parts = [f"后续跟踪 {len(digest.follow_ups)} 条"] if digest.follow_ups else []
    if digest.skipped_old:
        parts.append(f"{digest.skipped_old} 条旧闻已略过")
    return "，".join(parts)


def story_anchor(story_id: str) -> str:
    """The anchor of a story in its post, "s-<id>" (feeds.entry.item_id: 8 hex digits; a follow-up's is its
    thread's id): stable from one build to the next, so that a later post and the weekly issue can link to the
    story's own place (issue 19 §4)."""
    return "s-" + re.sub(r"[^0-9a-z]", "", story_id.lower())[:40]


def day_words(day: date) -> str:
    """ "11月16日": a day as a follow-up sentence says it."""
    return FOLLOW_UP_WORDS["day"].format(month=day.month, day=day.day)


def _change_words(change: FigureChange, earlier: date) -> str:
    """One figure of a follow-up in words: compared ("下载量由50万升至100万次", with the day when the earlier figure
    is older than the earlier report), or newly told ("新披露下载量50万")."""
    measure = change.measure if has_cjk(change.measure) else ""
    if change.before and change.rise is not None and change.before_day is not None:
        dated = change.before_day != earlier
        key = ("rise" if change.rise else "fall") + ("_dated" if dated else "")
        return FOLLOW_UP_WORDS[key].format(
            measure=measure, before=change.before, after=change.after, day=day_words(change.before_day)
        )
    key = "new_figure" if measure else "new_number"
    return FOLLOW_UP_WORDS[key].format(measure=measure, after=change.after)


def follow_up_sentence(item: FollowUp) -> str:
    """What a follow-up adds, in one Chinese sentence (issue 19 §4): "11月17日报道以来的新进展：下载量由50万升至
    100万次，The Gradient Ledger、AI资讯聚合跟进报道。" The model's own sentence (`item.news`) when it wrote one;
    else composed from our records: the figures compared (facts.figure_changes), then new names, then the sources
    that had not reported it. Every value comes from the feeds."""
    if item.news:
        return item.news
    parts = [_change_words(change, item.earlier) for change in item.changes]
    if not item.changes and item.new_figures:
        parts += [FOLLOW_UP_WORDS["new_number"].format(after=figure) for figure in item.new_figures]
    if item.new_names:
        parts.append(FOLLOW_UP_WORDS["new_names"].format(names="、".join(item.new_names)))
    if item.new_sources:
        parts.append(FOLLOW_UP_WORDS["new_sources"].format(sources="、".join(item.new_sources)))
    since = FOLLOW_UP_WORDS["since"].format(day=day_words(item.earlier))
    return FOLLOW_UP_WORDS["sentence"].format(since=since, parts="，".join(parts))


def follow_up_bullet(item: FollowUp) -> str:
    """A follow-up as a line of the first screen: "后续：<headline>"."""
    return FOLLOW_UP_WORDS["bullet"].format(headline=item.headline)
