"""The words a post uses for story continuity (generator.stories.continuity) and source counts, for the layouts
(generator.post.render registers them next to its `earlier_post` link). Each returns plain text the template environment
escapes, except `source_count`, which adds only the template's own punctuation to our own count. Every value comes
from the feeds or from our own records, never from a model."""

from __future__ import annotations

from markupsafe import Markup

from generator.models import Digest, FollowUp, Story


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
