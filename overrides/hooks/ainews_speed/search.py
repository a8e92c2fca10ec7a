"""A search index that readers can afford to download, built beside the pages.

A reader's browser downloads search/search_index.json whole before the first search. Material's search plugin
indexes every page and every paragraph: at 1,000 posts that is ~23 MB, \\u-escaped (6 bytes per Chinese character),
plus the tags page (every post title again under each of its tags). Readers search the posts, so the index holds:

1. The posts and the hand-written pages, not the blog's generated pages (pages 2, 3 … of the home page, the archive
   and category pages): their own text is one heading, and the excerpts they show are indexed with the posts.
2. Tag listing pages (docs/tags.md) by their introduction and headings, the tag names: searching a tag finds its
   section on the tags page, and every post with that tag (a post's tags are indexed with it).
3. Every page by its title, its tags (once, on the page's first entry, not again on each section) and its sections:
   each headline with its first paragraph and its lists. A post's summary, the headline and lead paragraph of every
   story and the list of briefs stay searchable; further paragraphs (analysis, "来源：…" lines) do not.
4. UTF-8 (3 bytes per Chinese character), without the zero-width spaces that jieba's segmentation put next to
   something that separates words anyway (punctuation and spaces of the configured `separator`, HTML tags, the ends
   of a text): the browser's tokenizer gets the same tokens.

Speed: parsing every page's HTML and segmenting its Chinese with jieba is a third of a stock build. A worker process
(forked before the build starts) does it on the second core while MkDocs renders Markdown: each page is sent as soon
as its content is final (on_page_content), and confirmed when Material's search plugin would index it
(on_page_context) if it has not changed since, else sent again. The entries keep the order of the pages in the build.
Without fork, while other threads run (`mkdocs serve`), or if the worker fails, the same indexing runs in-process.
Material looks up each heading in the page's table of contents from the top: on the tags page, with a heading per
tag, that was quadratic in the number of tags; a dict made once per page gives the same item.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import re
import threading
import traceback
from types import SimpleNamespace
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ainews_speed.guard import can_fork, log, unchanged

ZWSP = "\u200b"
BLOG_GENERATED = "material/blog"  # File.generated_by of the blog's pagination, archive and category pages
BLOCKS = {"p", "ul", "ol", "pre"}  # the top-level blocks the search plugin's parser keeps in a section's text

# What indexing a page needs, as builtins only: (content, url, title, meta: its title/tags/search keys,
# toc: ((id, url, children), …), whether it is a tag listing page).
Payload = tuple[str, str, "str | None", dict[str, Any], tuple[Any, ...], bool]


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
    """A section's text pieces (the search parser's: tags like "<p>", and text) without its 2nd, 3rd … paragraph."""
    kept: list[str] = []
    open_tags: list[str] = []
    keep = True
    paragraphs = 0
    for piece in text:
        tag = piece[1:-1] if piece.startswith("<") and piece.endswith(">") and "/" not in piece else None
        closing = piece[2:-1] if piece.startswith("</") and piece.endswith(">") else None
        if not open_tags and tag in BLOCKS:
            paragraphs += tag in ("p", "pre")
            keep = tag in ("ul", "ol") or (tag == "p" and paragraphs == 1)
        if tag in BLOCKS:
            open_tags.append(tag)
        if keep and not (piece.isspace() and kept and kept[-1].isspace()):
            kept.append(piece)
        if closing in BLOCKS and open_tags and open_tags[-1] == closing:
            open_tags.pop()
            keep = keep or not open_tags
    return kept


def page_payload(page: Page, listing: bool) -> Payload:
    meta = {key: page.meta[key] for key in ("title", "tags", "search") if key in page.meta}
    return page.content or "", page.url, page.title, meta, _anchors(page.toc), listing


def _anchors(items: Any) -> tuple[Any, ...]:
    return tuple((item.id, item.url, _anchors(item.children)) for item in items)


def _toc(anchors: tuple[Any, ...]) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=id, url=url, children=_toc(children)) for id, url, children in anchors]


class LeanIndex:
    """Indexes pages the lean way into one of Material's SearchIndex objects (in the worker, or in-process)."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self.stock_add = index.add_entry_from_context
        self.stock_create = index.create_entry_for_section
        self.redundant = separator_pattern(index.config.get("separator"))
        self.listing = False
        self.first_entry = False
        self.toc: tuple[Any, dict[str, Any]] = (None, {})
        index.create_entry_for_section = self.create_entry_for_section
        index._find_toc_by_id = self.find_toc_by_id

    def entries(self, payload: Payload) -> list[dict[str, Any]]:
        """The entries of one page (Material's add_entry_from_context on a stand-in for the page)."""
        content, url, title, meta, anchors, self.listing = payload
        self.first_entry = True
        count = len(self.index.entries)
        self.stock_add(SimpleNamespace(content=content, url=url, title=title, meta=meta, toc=_toc(anchors)))
        added = self.index.entries[count:]
        del self.index.entries[count:]
        return added

    def find_toc_by_id(self, toc: Any, id: str | None) -> Any:
        """Material's _find_toc_by_id (the first item with that id, depth first) through a dict made once per page:
        the tags page has a heading per tag, and a linear search per heading made it quadratic."""
        if self.toc[0] is not toc:
            found: dict[str, Any] = {}
            pending = list(reversed(list(toc)))
            while pending:
                item = pending.pop()
                found.setdefault(item.id, item)
                pending.extend(reversed(list(item.children)))
            self.toc = (toc, found)
        return self.toc[1].get(id)

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


def _serve(config: dict[str, Any], conn: Any) -> None:
    """The worker: index the pages it is sent; after ("done", keys) send back their entries in that order."""
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def read() -> None:  # receive eagerly, so that the build process never waits on a full pipe
        try:
            while (message := conn.recv())[0] != "done":
                inbox.put(message)
            inbox.put(message)
        except (EOFError, OSError):
            inbox.put(("done", None))

    threading.Thread(target=read, daemon=True).start()
    failure, pages = None, {}
    try:
        from material.plugins.search.plugin import SearchIndex, jieba

        lean = LeanIndex(SearchIndex(**config))
        if jieba is not None:
            jieba.initialize()  # load the dictionary while MkDocs reads the files
    except BaseException:
        failure = traceback.format_exc()
    while (message := inbox.get())[0] == "page":
        if failure is None:
            try:
                pages[message[1]] = lean.entries(message[2])
            except BaseException:
                failure = traceback.format_exc()
    keys = message[1]
    if keys is not None:
        if failure is None and all(key in pages for key in keys):
            conn.send(("entries", [pages[key] for key in keys]))
        else:
            conn.send(("error", failure or "pages missing in the worker"))


class Worker:
    """The worker process, and the build process's end of its pipe."""

    def __init__(self, config: dict[str, Any]) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(config, child), daemon=True, name="search-index")
        self.process.start()
        child.close()
        self.failed = False

    def send(self, message: tuple[Any, ...]) -> None:
        if not self.failed:
            try:
                self.conn.send(message)
            except (OSError, ValueError):
                self.failed = True

    def collect(self, keys: list[tuple[str, str]]) -> list[list[dict[str, Any]]] | None:
        """The entries of each of these pages, or None (after a warning) if the worker failed."""
        self.send(("done", keys))
        reason = "it stopped" if self.failed else ""
        while not reason:
            if self.conn.poll(1):
                try:
                    kind, value = self.conn.recv()
                except (EOFError, OSError):
                    kind, value = "error", "it stopped"
                if kind == "entries":
                    self.close()
                    return value
                reason = value
            elif not self.process.is_alive():
                reason = f"it stopped (exit code {self.process.exitcode})"
        self.close()
        log.warning("search index worker failed, indexing in the build process instead: %s", reason)
        return None

    def close(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=10)


class IndexRouter:
    """Which pages are indexed, by whom (worker, in-process, or the pages helper of pages.py), and the file."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self.lean = LeanIndex(index)
        self.listing_pages: set[int] = set()
        self.position: dict[str, int] = {}
        self.sent: dict[tuple[str, str], Payload] = {}  # (src_uri, "early" | "final") -> payload
        self.indexed: dict[str, tuple[str, list[dict[str, Any]] | None]] = {}  # src_uri -> (version, entries)
        self.in_helper: list[tuple[str, str, Any]] | None = None  # in the pages helper: what it indexed
        self.worker = Worker(index.config) if can_fork() else None
        if self.worker is not None:
            LIVE.add(self)
        index.ainews_router = self
        index.add_entry_from_context = self.add_entry_from_context
        index.generate_search_index = self.generate_search_index

    def send_early(self, page: Page) -> None:
        """Send a page to the worker as soon as its content is final (the build process, on_page_content)."""
        if self.worker is None or _generated(page):
            return
        payload = page_payload(page, False)
        self.sent[(page.file.src_uri, "early")] = payload
        self.worker.send(("page", (page.file.src_uri, "early"), payload))

    def add_entry_from_context(self, page: Page) -> None:
        """Material's search plugin indexes a page now (on_page_context), in this process or the pages helper."""
        if _generated(page):
            return
        uri, payload = page.file.src_uri, page_payload(page, id(page) in self.listing_pages)
        if self.worker is None:
            decision = (uri, "here", self.lean.entries(payload))
        elif self.sent.get((uri, "early")) == payload:
            decision = (uri, "early", None)
        else:
            decision = (uri, "final", payload)
        if self.in_helper is not None:
            self.in_helper.append(decision)
        else:
            self.record(*decision)

    def record(self, uri: str, version: str, data: Any) -> None:
        if version == "final":
            self.sent[(uri, "final")] = data
            self.worker.send(("page", (uri, "final"), data))
            data = None
        self.indexed[uri] = (version, data)

    def entries(self) -> list[dict[str, Any]]:
        """Every indexed page's entries, in the order of the pages in the build."""
        order = sorted(self.indexed, key=lambda uri: self.position.get(uri, len(self.position)))
        remote = [(uri, self.indexed[uri][0]) for uri in order if self.indexed[uri][0] != "here"]
        collected = self.worker.collect(remote) if remote and self.worker is not None else None
        if remote and collected is None:  # the worker failed: index those pages here
            collected = [self.lean.entries(self.sent[key]) for key in remote]
        by_uri = dict(zip((uri for uri, _ in remote), collected or [], strict=True))
        result: list[dict[str, Any]] = []
        for uri in order:
            result.extend(by_uri[uri] if uri in by_uri else self.indexed[uri][1] or [])
        return result

    def generate_search_index(self, prev: Any) -> str:
        """Material's generate_search_index (dirty reloads included), written as UTF-8."""
        index = self.index
        index.entries.extend(self.entries())
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
        self.worker, self.sent = None, {}
        LIVE.discard(self)


LIVE: set[IndexRouter] = set()  # routers with a worker


def _generated(page: Page) -> bool:
    return getattr(page.file, "generated_by", None) == BLOG_GENERATED


def _routers(config: MkDocsConfig) -> list[IndexRouter]:
    from material.plugins.search.plugin import SearchPlugin

    indexes = [
        getattr(plugin, "search_index", None)
        for plugin in config.plugins.values()
        if isinstance(plugin, SearchPlugin)
    ]
    return [index.ainews_router for index in indexes if hasattr(index, "ainews_router")]


def start(config: MkDocsConfig) -> None:
    """on_pre_build: after every plugin's on_config, when Material's search plugin has made its (fresh) index."""
    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    checked = {
        f"SearchIndex.{name}": (getattr(SearchIndex, name), digest)
        for name, digest in (
            ("add_entry_from_context", "4ca78ac4321f7704"),
            ("create_entry_for_section", "89d7541516b0a9c4"),
            ("generate_search_index", "59ba9853f37a2b42"),
            ("_find_toc_by_id", "f59f5d2de96acb0b"),
        )
    }
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None) if isinstance(plugin, SearchPlugin) else None
        if (
            type(index) is SearchIndex
            and not hasattr(index, "ainews_router")
            and unchanged(checked, "lean index")
        ):
            IndexRouter(index)


def send_early(page: Page, config: MkDocsConfig) -> None:
    for router in _routers(config):
        router.send_early(page)


def prepare_pages(config: MkDocsConfig, files: Files) -> None:
    """on_env: the tag listing pages (known now) and the order of the pages in the build."""
    from material.plugins.tags.plugin import TagsPlugin

    listing_pages = set()
    for plugin in config.plugins.values():
        if isinstance(plugin, TagsPlugin) and plugin.config.enabled:
            listing_pages.update(id(listing.page) for listing in getattr(plugin.listings, "data", ()))
    position = {file.src_uri: number for number, file in enumerate(files.documentation_pages())}
    for router in _routers(config):
        router.listing_pages, router.position = listing_pages, position


def enter_helper(config: MkDocsConfig) -> None:
    """In the pages helper (pages.py): keep what it indexes for the build process, never write to the worker."""
    for router in _routers(config):
        router.in_helper = []
        if router.worker is not None:
            router.worker.conn.close()
            router.worker.failed = True


def helper_results(config: MkDocsConfig) -> list[list[tuple[str, str, Any]]]:
    return [router.in_helper or [] for router in _routers(config)]


def merge_helper(config: MkDocsConfig, results: list[list[tuple[str, str, Any]]]) -> None:
    for router, decisions in zip(_routers(config), results, strict=False):
        for decision in decisions:
            router.record(*decision)


def stop() -> None:
    """After a failed build: no worker is left behind."""
    for router in list(LIVE):
        router.close()
