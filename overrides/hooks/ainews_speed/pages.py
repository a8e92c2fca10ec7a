"""The pages written by two processes instead of one.

Once every page is rendered to HTML, MkDocs writes the pages one after the other: each through the plugins'
on_page_context and on_post_page and the theme's Jinja templates, half of a build's time. At the first page a helper
process is forked; this process takes the pages from the front of the list, the helper from the back, until they
meet (two counters in shared memory), so both cores stay busy to the end whatever each page costs.

A page comes out of the template the same in either process: at the fork both hold the same state, and building a
page changes nothing another page reads, for the plugins this site uses. That is checked, not assumed: the split is
only used when every on_page_context / on_post_page handler belongs to Material's search, blog or tags plugin (the
search entries of the helper's pages are handed back to search.py); any other plugin or hook there turns it off.

The helper reports the pages it wrote, its warnings (shown as they happen; in --strict mode the build process then
fails as MkDocs would) and its errors (the build fails with them). If it dies without a word, this process writes
its pages itself.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler

from ainews_speed import search
from ainews_speed.guard import can_fork, log, unchanged

STOCK = "ainews_stock_build_page"  # attribute of mkdocs.commands.build holding MkDocs' own _build_page
PAGE_EVENTS = ("page_context", "post_page")
warnings_log = logging.getLogger("mkdocs.hooks.ainews_speed")  # counted by --strict, unlike guard.log


class Split:
    """The pages of one build, shared between this process (from the front) and a forked helper (from the back)."""

    def __init__(self, config: MkDocsConfig, doc_files: list[Any], args: tuple[Any, ...]) -> None:
        context = multiprocessing.get_context("fork")
        self.config, self.doc_files, self.args = config, doc_files, args
        self.position = {id(file.page): number for number, file in enumerate(doc_files)}
        self.lock = context.Lock()
        self.bounds = context.RawArray(
            "q", [0, len(doc_files)]
        )  # [next page of the front, first of the back]
        self.results, writer = context.Pipe(duplex=False)
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the helper: build pages, report, exit (never back into MkDocs' loop)
            try:
                self._helper(writer)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(0)
        writer.close()

    def take_front(self, number: int) -> bool:
        with self.lock:
            if number < self.bounds[1]:
                self.bounds[0] = number + 1
                return True
            return False

    def take_back(self) -> int | None:
        with self.lock:
            if self.bounds[1] - 1 >= self.bounds[0]:
                self.bounds[1] -= 1
                return self.bounds[1]
            return None

    def _helper(self, writer: Any) -> None:
        built: list[int] = []
        try:
            self.results.close()
            counter = next(
                (h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)), None
            )
            before = sum(counter.counts.values()) if counter else 0
            search.enter_helper(self.config)
            while (number := self.take_back()) is not None:
                self.build(number)
                built.append(number)
            warnings = (sum(counter.counts.values()) if counter else 0) - before
            writer.send(("ok", built, warnings, search.helper_results(self.config)))
        except BaseException:
            writer.send(("error", built, 0, traceback.format_exc()))

    def build(self, number: int) -> None:
        file = self.doc_files[number]
        config, doc_files, nav, env, dirty = self.args
        stock_build_page()(
            file.page, config, doc_files, nav, env, dirty, excluded=file.inclusion.is_excluded()
        )

    def finish(self) -> None:
        """Wait for the helper and take over what it did; raise if it failed."""
        try:
            message = self.results.recv()
        except (EOFError, OSError):
            message = None
        os.waitpid(self.pid, 0)
        self.results.close()
        if message is None:
            log.warning("the pages helper stopped without a word; writing its pages here")
            for number in range(self.bounds[1], len(self.doc_files)):
                self.build(number)
            return
        kind, _built, warnings, extra = message
        if kind == "error":
            raise PluginError(f"Building pages in the helper process failed:\n{extra}")
        search.merge_helper(self.config, extra)
        if warnings:
            warnings_log.warning("%d warning(s) above came from pages built in the helper process", warnings)


CURRENT: dict[str, Any] = {"enabled": False, "split": None}


def stock_build_page() -> Callable[..., None]:
    from mkdocs.commands import build

    return getattr(build, STOCK, build._build_page)


def _build_page(
    page: Any,
    config: MkDocsConfig,
    doc_files: Any,
    nav: Any,
    env: Any,
    dirty: bool = False,
    excluded: bool = False,
) -> None:
    """MkDocs' _build_page, for the pages this process takes (the first call starts the helper)."""
    split = CURRENT["split"]
    if split is None and CURRENT["enabled"] and isinstance(doc_files, list) and len(doc_files) > 1:
        CURRENT["enabled"] = False
        split = CURRENT["split"] = Split(config, doc_files, (config, doc_files, nav, env, dirty))
    number = split.position.get(id(page)) if split is not None else None
    if number is None or split.take_front(number):
        stock_build_page()(page, config, doc_files, nav, env, dirty, excluded=excluded)


def allowed(config: MkDocsConfig) -> bool:
    """Whether every handler of the page events is one this module knows to keep no state across pages."""
    from material.plugins.blog.plugin import BlogPlugin
    from material.plugins.search.plugin import SearchPlugin
    from material.plugins.tags.plugin import TagsPlugin

    known = (BlogPlugin, SearchPlugin, TagsPlugin)
    handlers = [method for event in PAGE_EVENTS for method in config.plugins.events.get(event, [])]
    others = [method for method in handlers if not isinstance(getattr(method, "__self__", None), known)]
    if others:
        origins = getattr(config.plugins, "_event_origins", {})
        names = sorted({origins.get(method, "?") for method in others})
        log.info("pages are written by one process: %s handle page events", ", ".join(names))
    return not others


def prepare(config: MkDocsConfig, enabled: bool) -> None:
    """on_env: split this build's pages if the code is the reviewed code and nothing else handles page events."""
    from mkdocs.commands import build

    if not hasattr(build, STOCK):
        setattr(build, STOCK, build._build_page)
        build._build_page = _build_page
    checked = {
        "mkdocs.commands.build.build": (build.build, "c476b64474acfaa2"),
        "mkdocs.commands.build._build_page": (getattr(build, STOCK), "adcdbd14b2361126"),
    }
    CURRENT["split"] = None
    CURRENT["enabled"] = enabled and can_fork() and allowed(config) and unchanged(checked, "two page writers")


def finish() -> None:
    """on_post_build (first): the helper's pages are written and its search entries handed over."""
    split, CURRENT["split"], CURRENT["enabled"] = CURRENT["split"], None, False
    if split is not None:
        split.finish()


def stop() -> None:
    """After a failed build: no helper is left behind."""
    split, CURRENT["split"], CURRENT["enabled"] = CURRENT["split"], None, False
    if split is not None:
        try:
            os.kill(split.pid, signal.SIGKILL)
            os.waitpid(split.pid, 0)
        except OSError:
            pass
