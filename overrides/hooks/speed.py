"""MkDocs hook: the same site, built in linear time and more than three times faster, with a lighter search index.

Issue 6 ("speed at scale"), on a 2-core runner (scripts/bench build): 1,000 daily posts took 31-33 s to build
stock and 9-10 s with these speed-ups, 2,000 posts 62 s and 17-19 s; the search index went from 21 to 9 KB a post.
The speed-ups live in overrides/hooks/ainews_speed/, one module per job:

blog    O(1) post lookups (Material's blog plugin compared every page with every post), excerpts rendered once
        and from the excerpt instead of three times in full, front matter read with libyaml
search  the search index: posts and hand-written pages only, the lead paragraph and lists of each section, tags
        once per page, UTF-8 without redundant zero-width spaces; built by a worker process on the second core
pages   the pages written by two processes (this one from the front of the list, a forked helper from the back)
and here: the garbage collector skips the objects that live until the end of the build and full collections.

Readers get the same pages, byte for byte: tests/test_site_speed.py builds a site both ways and compares every file
but the search index, then checks that every post title and headline is in the lean index.

Switch: AINEWS_SPEEDUPS=0 in the environment builds the stock site (scripts/bench build and the test use it);
AINEWS_SPEEDUPS=serial keeps the speed-ups but forks no helper process.
Version guard: each speed-up first checks that the MkDocs / Material code it relies on is the code it was reviewed
against (a fingerprint of each function's source, as of mkdocs 1.6.1 / mkdocs-material 9.8.1); if an upgrade changed
it, that speed-up stays off and says so on stderr. The helper processes are forked on Linux only, and not under
`mkdocs serve` (it runs threads): elsewhere the same work runs in-process.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).parent))  # MkDocs imports a hook as a file; its package sits beside it
try:
    from ainews_speed import blog, guard, pages, search
finally:
    sys.path.remove(str(Path(__file__).parent))

STATE: dict[str, Any] = {"command": None, "enabled": False}


def on_startup(command: str, dirty: bool) -> None:
    STATE["command"] = command


def on_config(config: MkDocsConfig) -> None:
    STATE["enabled"] = guard.enabled()
    blog.configure(STATE["enabled"])


def on_pre_build(config: MkDocsConfig) -> None:
    if STATE["enabled"]:
        search.start(config)


@event_priority(-100)  # after the blog plugin's on_files (-50) has collected its posts
def on_files(files: Files, config: MkDocsConfig) -> None:
    blog.index_posts(config)


@event_priority(-100)
def on_nav(nav: Any, config: MkDocsConfig, files: Files) -> None:
    _freeze()


@event_priority(-100)  # the page's content is final: the search worker can start on it
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> None:
    if STATE["enabled"]:
        search.send_early(page, config)


@event_priority(-100)  # after the tags plugin has rendered its listings (100)
def on_env(env: Any, config: MkDocsConfig, files: Files) -> None:
    if STATE["enabled"]:
        search.prepare_pages(config, files)
    pages.prepare(config, STATE["enabled"])
    _freeze()


@event_priority(100)  # before the search plugin writes the index
def on_post_build(config: MkDocsConfig) -> None:
    pages.finish()


def on_build_error(error: Exception) -> None:
    pages.stop()
    search.stop()


@event_priority(-100)
def on_shutdown() -> None:
    _freeze()  # the interpreter's last collection skips the whole site


def _freeze() -> None:
    """`mkdocs build` only (the process ends with the build): what is alive now lives to the end, so the garbage
    collector stops looking at it (gc.freeze), and it makes no more full collections; the young collections still
    free the short-lived cycles (a Markdown converter per page). A third of the collector's time, same memory."""
    if STATE["enabled"] and STATE["command"] in ("build", "gh-deploy"):
        gc.freeze()
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, 1_000_000)
