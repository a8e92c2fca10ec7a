"""MkDocs hook: a search index that readers can afford to download, built beside the pages (issue 6).

A reader's browser downloads search/search_index.json whole before the first search. Material's search plugin
indexes every page and every paragraph: at 1,000 posts that is ~23 MB, \\u-escaped (6 bytes per Chinese character),
plus the tags page (every post title again under each of its tags). Readers search the posts, so this index has:

1. The posts and the hand-written pages, not the blog's generated pages (pages 2, 3 … of the home page, the archive
   and category pages): their own text is one heading, and the excerpts they show are indexed with the posts.
2. Tag listing pages (docs/tags.md) by their introduction and headings, the tag names: searching a tag finds its
   section on the tags page, and every post with that tag (a post's tags are indexed with it).
3. Every page by its title, its tags (once, on the page's first entry, not again on each section) and its sections:
   each headline with its first paragraph and its lists. A post's summary, the headline and lead paragraph of every
   story and the list of briefs stay searchable; further paragraphs (story analysis, "来源：…" lines) do not.
4. UTF-8 (3 bytes per Chinese character), without the zero-width spaces that jieba's segmentation put next to
   something that separates words anyway (punctuation and spaces of the configured `separator`, HTML tags, the ends
   of a text): the browser's tokenizer gets the same tokens.

Speed: parsing every page's HTML and segmenting its Chinese text with jieba is about a third of a stock build. It
runs in one forked worker process on the second core while MkDocs renders the pages; pages reach it in build order,
so the entries keep Material's order. Without fork (Windows, macOS spawn), while other threads run (`mkdocs serve`),
or if the worker fails, the same indexing runs in the build process.

Version guard and switch as in speed.py: the hook checks the source of the SearchIndex methods it relies on
(mkdocs-material 9.8.1), warns on the "ainews.speed" logger and leaves Material's index alone if it has changed;
AINEWS_SPEEDUPS=0 writes Material's own index. tests/test_site_speed.py checks every post title and headline is in.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import multiprocessing
import os
import queue
import re
import threading
import traceback
from types import SimpleNamespace
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("ainews.speed")  # not "mkdocs.…": a disabled speed-up must not fail --strict

SWITCH = "AINEWS_SPEEDUPS"
CHECKED = {  # sha256 (first 16 hex digits) of the source of the SearchIndex methods this hook relies on
    "add_entry_from_context": "4ca78ac4321f7704",
    "create_entry_for_section": "89d7541516b0a9c4",
    "generate_search_index": "59ba9853f37a2b42",
}
ZWSP = "\u200b"
BLOG_GENERATED = "material/blog"  # File.generated_by of the blog's pagination, archive and category pages
BLOCKS = {"p", "ul", "ol", "pre"}  # the top-level blocks the search plugin's parser keeps in a section's text


def speedups_enabled() -> bool:
    return os.environ.get(SWITCH, "1").strip().lower() not in {"0", "off", "false", "no"}


def index_unchanged(index_class: type) -> bool:
    for name, expected in CHECKED.items():
        try:
            digest = hashlib.sha256(inspect.getsource(getattr(index_class, name)).encode("utf-8")).hexdigest()[:16]
        except (AttributeError, OSError, TypeError):
            digest = "no source"
        if digest != expected:
            log.warning("search index hook: SearchIndex.%s has changed (%s), the lean index is off", name, digest)
            return False
    return True


def separator_pattern(separator: str | None) -> re.Pattern[str]:
    """Zero-width spaces that separate nothing: next to another separator or a tag, at either end, repeated."""
    others = r"\s<>"
    match = re.fullmatch(r"\[(.*)\]\+", separator or "")
    if match:
        others = match.group(1).replace("\\u200b", "").replace(ZWSP, "") + "<>"
    around = f"[{others}]"
    try:
        re.compile(around)
    except re.error:
        around = r"[\s<>]"
    return re.compile(rf"^{ZWSP}+|{ZWSP}+$|{ZWSP}+(?={around})|(?<={around}){ZWSP}+|(?<={ZWSP}){ZWSP}+")


def lead_and_lists(text: list[str]) -> list[str]:
    """A section's text pieces (the search parser's: tags like "<p>" and text) without its 2nd, 3rd … paragraph."""
    kept: list[str] = []
    open_tags: list[str] = []
    keep = True
    paragraphs = 0
    for piece in text:
        tag = piece[1:-1] if piece.startswith("<") and piece.endswith(">") and "/" not in piece else None
        closing = piece[2:-1] if piece.startswith("</") and piece.endswith(">") else None
        if not open_tags and tag in BLOCKS:
            paragraphs += tag != "ul" and tag != "ol"
            keep = tag in ("ul", "ol") or (tag == "p" and paragraphs == 1)
        if tag in BLOCKS:
            open_tags.append(tag)
        if keep and not (piece.isspace() and kept and kept[-1].isspace()):
            kept.append(piece)
        if closing in BLOCKS and open_tags and open_tags[-1] == closing:
            open_tags.pop()
            if not open_tags:
                keep = True
    return kept


# What indexing one page needs, as builtins only (pickle finds no class of a hook module in the worker):
# (content, url, title, meta: title/tags/search, toc: ((id, url, children), …), is a tag listing page)
Payload = tuple[str, str, "str | None", dict[str, Any], tuple[Any, ...], bool]


def page_payload(page: Page, listing: bool) -> Payload:
    meta = {key: page.meta[key] for key in ("title", "tags", "search") if key in page.meta}
    return page.content or "", page.url, page.title, meta, _anchors(page.toc), listing


def _anchors(items: Any) -> tuple[Any, ...]:
    return tuple((item.id, item.url, _anchors(item.children)) for item in items)


def _toc(anchors: tuple[Any, ...]) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=id, url=url, children=_toc(children)) for id, url, children in anchors]


class LeanIndex:
    """Indexes pages into one SearchIndex the lean way (in the worker, or in the build process as a fallback)."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self.stock_add = index.add_entry_from_context
        self.stock_create = index.create_entry_for_section
        self.redundant = separator_pattern(index.config.get("separator"))
        self.listing = False
        self.first_entry = False
        index.create_entry_for_section = self.create_entry_for_section

    def add(self, payload: Payload) -> None:
        content, url, title, meta, anchors, self.listing = payload
        self.first_entry = True
        self.stock_add(SimpleNamespace(content=content, url=url, title=title, meta=meta, toc=_toc(anchors)))

    def create_entry_for_section(self, section: Any, toc: Any, url: str, page: Any) -> None:
        section.text = [] if self.listing and not self.first_entry else lead_and_lists(section.text)
        count = len(self.index.entries)
        self.stock_create(section, toc, url, page)
        if len(self.index.entries) == count:
            return
        entry = self.index.entries[-1]
        if not self.first_entry:
            entry.pop("tags", None)
        self.first_entry = False
        entry["title"] = self.redundant.sub("", entry["title"])
        entry["text"] = self.redundant.sub("", entry["text"])


def _serve(config: dict[str, Any], tasks: Any, results: Any) -> None:
    """The worker: index the pages it is sent, in order, and send back the entries after the last (None)."""
    try:
        from material.plugins.search.plugin import SearchIndex, jieba

        lean = LeanIndex(SearchIndex(**config))
        if jieba is not None:
            jieba.initialize()  # load the dictionary while the first pages are being rendered
        pages = 0
        while (payload := tasks.get()) is not None:
            lean.add(payload)
            pages += 1
        results.put(("entries", (pages, lean.index.entries)))
    except BaseException:
        results.put(("error", traceback.format_exc()))


class Worker:
    def __init__(self, config: dict[str, Any]) -> None:
        context = multiprocessing.get_context("fork")
        self.tasks, self.results = context.Queue(), context.Queue()
        self.process = context.Process(target=_serve, args=(config, self.tasks, self.results), daemon=True)
        self.process.start()

    @staticmethod
    def possible() -> bool:
        return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1

    def send(self, payload: Payload) -> None:
        self.tasks.put(payload)

    def collect(self, pages: int) -> list[dict[str, Any]] | None:
        """The worker's entries for the `pages` pages sent, or None (after a warning) if it failed."""
        self.tasks.put(None)
        while True:
            try:
                kind, value = self.results.get(timeout=1)
                break
            except queue.Empty:
                if not self.process.is_alive():
                    kind, value = "error", f"exit code {self.process.exitcode}"
                    break
        self.process.join(timeout=10)
        if kind == "entries" and value[0] == pages:
            return value[1]
        if kind == "entries":
            value = f"{value[0]} of {pages} pages arrived"
        log.warning("search index worker failed, indexing in the build process instead:\n%s", value)
        return None

    def close(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=10)


class IndexRouter:
    """The build process's side: which pages are indexed and where, and the file that is written."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self.lean = LeanIndex(index)
        self.listing_pages: set[int] = set()
        self.sent: list[Payload] = []
        self.worker = Worker(index.config) if Worker.possible() else None
        if self.worker is not None:
            LIVE.add(self)
        index.ainews_lean = self
        index.add_entry_from_context = self.add_entry_from_context
        index.generate_search_index = self.generate_search_index

    def add_entry_from_context(self, page: Page) -> None:
        if getattr(page.file, "generated_by", None) == BLOG_GENERATED:
            return
        payload = page_payload(page, id(page) in self.listing_pages)
        if self.worker is None:
            self.lean.add(payload)
        else:
            self.sent.append(payload)
            self.worker.send(payload)

    def generate_search_index(self, prev: Any) -> str:
        """Material's generate_search_index (dirty reloads included), written as UTF-8."""
        index = self.index
        if self.worker is not None:
            entries = self.worker.collect(len(self.sent))
            if entries is None:
                for payload in self.sent:
                    self.lean.add(payload)
            else:
                index.entries.extend(entries)
            self.close()
        config = {key: index.config[key] for key in ["lang", "separator", "pipeline", "fields"]}
        if prev and index.entries:
            path = index.entries[0]["location"]
            entries = [entry for entry in prev.entries if not entry["location"].startswith(path)]
            index.entries = entries + index.entries
        if prev and not index.entries:
            index.entries = prev.entries
        data = {"config": config, "docs": index.entries}
        return json.dumps(data, separators=(",", ":"), default=str, ensure_ascii=False)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
        self.worker, self.sent = None, []
        LIVE.discard(self)


LIVE: set[IndexRouter] = set()  # routers with a worker, to stop if the build fails


def _routers(config: MkDocsConfig) -> list[IndexRouter]:
    from material.plugins.search.plugin import SearchPlugin

    plugins = [plugin for plugin in config.plugins.values() if isinstance(plugin, SearchPlugin)]
    routers = [getattr(getattr(plugin, "search_index", None), "ainews_lean", None) for plugin in plugins]
    return [router for router in routers if router is not None]


def on_pre_build(config: MkDocsConfig) -> None:
    """After every plugin's on_config, when Material's search plugin has made its (fresh) index."""
    if not speedups_enabled():
        return
    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None) if isinstance(plugin, SearchPlugin) else None
        if type(index) is SearchIndex and not hasattr(index, "ainews_lean") and index_unchanged(SearchIndex):
            IndexRouter(index)


@event_priority(-100)  # after the tags plugin has collected its listings (on_page_markdown) and rendered them
def on_env(env: Any, config: MkDocsConfig, files: Files) -> None:
    from material.plugins.tags.plugin import TagsPlugin

    listing_pages = set()
    for plugin in config.plugins.values():
        if isinstance(plugin, TagsPlugin) and plugin.config.enabled:
            listing_pages.update(id(listing.page) for listing in getattr(plugin.listings, "data", ()))
    for router in _routers(config):
        router.listing_pages = listing_pages


def on_build_error(error: Exception) -> None:
    for router in list(LIVE):
        router.close()
