"""The docs/ tree: its layout, the one post reader, the gate, the one writer, permalinks and pages."""

from __future__ import annotations

from generator.site.corrections import correct_command, correct_post, render_corrections_page
from generator.site.language import language_problems, untranslated_chinese
from generator.site.layout import SiteInfo, SiteLayout, check_site, load_site
from generator.site.pages import write_edition_pages, write_site_pages
from generator.site.permalinks import post_path, post_url
from generator.site.posts import PostRecord, StoryRecords, load_posts, read_front_matter, read_story_records
from generator.site.publish import (
    check_gate,
    post_tag_lists,
    read_authors,
    recent_post_links,
    recent_source_urls,
    recent_story_records,
    write_post,
    write_post_files,
    write_summary,
)
from generator.site.subscribe import (
    MAIN_JSON,
    MAIN_RSS,
    STORIES_SCHEMA,
    Catalogue,
    FeedSpec,
    read_catalogue,
    render_subscribe_page,
)

__all__ = [
    "MAIN_JSON",
    "MAIN_RSS",
    "STORIES_SCHEMA",
    "Catalogue",
    "FeedSpec",
    "read_catalogue",
    "render_subscribe_page",
    "post_path",
    "PostRecord",
    "SiteInfo",
    "SiteLayout",
    "StoryRecords",
    "check_gate",
    "check_site",
    "correct_command",
    "correct_post",
    "load_posts",
    "language_problems",
    "load_site",
    "post_tag_lists",
    "post_url",
    "read_authors",
    "read_front_matter",
    "read_story_records",
    "recent_post_links",
    "recent_source_urls",
    "recent_story_records",
    "render_corrections_page",
    "write_post",
    "write_post_files",
    "write_edition_pages",
    "write_site_pages",
    "untranslated_chinese",
    "write_summary",
]
