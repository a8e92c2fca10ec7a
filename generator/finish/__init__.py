"""The built site, finished: the post-build fixes any site builder's output needs (feeds, search index, the stories'
报错 links), run by the
MkDocs hooks and by `python -m generator finish-site` after a builder without hooks (Zensical)."""

from __future__ import annotations

from generator.finish.command import add_finish_parser, finish_command
from generator.finish.fixes import (
    DC_NAMESPACE,
    FEED_LOGO,
    SEARCH_INDEXES,
    FinishReport,
    add_feed_logo,
    compact_search_index,
    date_feed_channels,
    feed_logo_url,
    finish_site,
    fix_enclosure_lengths,
    name_feed_creators,
    pagination_pattern,
)
from generator.finish.report import add_report_links, issue_url, with_report_links

__all__ = [
    "add_report_links",
    "issue_url",
    "with_report_links",
    "DC_NAMESPACE",
    "FEED_LOGO",
    "SEARCH_INDEXES",
    "FinishReport",
    "add_feed_logo",
    "add_finish_parser",
    "compact_search_index",
    "date_feed_channels",
    "feed_logo_url",
    "finish_command",
    "finish_site",
    "fix_enclosure_lengths",
    "name_feed_creators",
    "pagination_pattern",
]
