"""Digest to Post: render, front matter, cover, images, extras, leaderboard, tags, templates."""

from __future__ import annotations

from generator.post.cover import cover_font, find_font, render_cover
from generator.post.extras import ExtraContext, Extras, collect_extras
from generator.post.front_matter import build_front_matter, dump_front_matter, plain_label, story_records
from generator.post.images import LeadImages, collect_images
from generator.post.readtime import reading_minutes
from generator.post.render import LAYOUTS, MORE, Renderer, escape_md
from generator.post.tags import Tagger, canonical_tags, known_forms, post_tags, tag_digest, tag_key
from generator.post.threads import follow_up_bullet, follow_up_sentence, story_anchor
from generator.post.wording import sayer, trusted_words
from generator.post.words import (
    DEGRADATION_WORDS,
    FEED_WORDS,
    FRAME_EVENTS,
    FRAME_GENRES,
    FRAME_WORDS,
    POST_WORDS,
    REGION_WORDS,
    SOURCE_REASON_FALLBACK,
    SOURCE_REASON_WORDS,
    SOURCE_WARNING_FALLBACK,
    STATUS_WORDS,
    SUBSCRIBE_WORDS,
    TELEGRAM_WORDS,
    WEEKLY_WORDS,
    words_for,
)

__all__ = [
    "DEGRADATION_WORDS",
    "FEED_WORDS",
    "FRAME_EVENTS",
    "FRAME_GENRES",
    "FRAME_WORDS",
    "POST_WORDS",
    "REGION_WORDS",
    "SOURCE_REASON_FALLBACK",
    "SOURCE_WARNING_FALLBACK",
    "SOURCE_REASON_WORDS",
    "STATUS_WORDS",
    "TELEGRAM_WORDS",
    "WEEKLY_WORDS",
    "sayer",
    "trusted_words",
    "words_for",
    "SUBSCRIBE_WORDS",
    "ExtraContext",
    "Extras",
    "LAYOUTS",
    "LeadImages",
    "MORE",
    "Renderer",
    "Tagger",
    "build_front_matter",
    "cover_font",
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
