"""Digest to Post: render, front matter, cover, images, extras, leaderboard, tags, templates."""

from __future__ import annotations

from generator.post.cover import find_font, render_cover
from generator.post.extras import ExtraContext, Extras, collect_extras
from generator.post.front_matter import build_front_matter, dump_front_matter, plain_label, story_records
from generator.post.images import LeadImages, collect_images
from generator.post.readtime import reading_minutes
from generator.post.render import LAYOUTS, MORE, Renderer, escape_md
from generator.post.tags import Tagger, canonical_tags, known_forms, post_tags, tag_digest, tag_key
from generator.post.threads import follow_up_bullet, follow_up_sentence, story_anchor
from generator.post.words import (
    DEGRADATION_WORDS,
    FEED_WORDS,
    FRAME_EVENTS,
    FRAME_GENRES,
    FRAME_WORDS,
    POST_WORDS,
    SOURCE_REASON_FALLBACK,
    SOURCE_REASON_WORDS,
    SUBSCRIBE_WORDS,
)

__all__ = [
    "DEGRADATION_WORDS",
    "FEED_WORDS",
    "FRAME_EVENTS",
    "FRAME_GENRES",
    "FRAME_WORDS",
    "POST_WORDS",
    "SOURCE_REASON_FALLBACK",
    "SOURCE_REASON_WORDS",
    "SUBSCRIBE_WORDS",
    "ExtraContext",
    "Extras",
    "LAYOUTS",
    "LeadImages",
    "MORE",
    "Renderer",
    "Tagger",
    "build_front_matter",
    "canonical_tags",
    "collect_extras",
    "collect_images",
    "dump_front_matter",
    "escape_md",
    "follow_up_bullet",
    "follow_up_sentence",
    "story_anchor",
    "find_font",
    "known_forms",
    "plain_label",
    "reading_minutes",
    "render_cover",
    "story_records",
    "post_tags",
    "tag_digest",
    "tag_key",
]
