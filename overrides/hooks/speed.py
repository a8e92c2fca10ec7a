"""MkDocs hook: the same pages, built in linear time (issue 6, "speed at scale").

Three speed-ups for Material's blog plugin. Readers get the same pages, byte for byte: tests/test_site_speed.py
builds a site with and without them and compares every page.

1. Post lookups in O(1). For every page the blog plugin asks `page not in self.blog.posts` (twice), and MkDocs'
   Page.__eq__ compares titles: N² comparisons for N posts. Two pages are equal only if they share their File
   object (File has no __eq__), so after the plugin has collected its posts we swap in a list that answers `in`
   through a dict keyed by file, then confirms with the same ==.
2. Excerpts rendered from the excerpt. Each post is rendered again for every view that lists it (home, archive and
   category pages), each time in full, and all but the part before `<!-- more -->` is thrown away. We render that
   part only, when nothing after the separator can change it (no reference definitions, footnotes or
   abbreviations after it, no code fence or raw HTML before it); `post.more` renders the rest if a template
   prints it (Material's templates only test it).
3. Front matter with libyaml. The blog plugin reads posts with PyYAML's pure-Python SafeLoader; MkDocs reads
   every other page with CSafeLoader when libyaml is installed. Posts get the same.

Version guard: every speed-up checks the code it replaces (a hash of each function it relies on, as in
mkdocs 1.6.1 / mkdocs-material 9.8.1). If an upgrade changes that code, the speed-up stays off and a warning
says which one on stderr. The warning goes to the "ainews.speed" logger, outside MkDocs' own, so that
`mkdocs build --strict` still publishes the (correct, only slower) site; update the hashes after reviewing the new
code. The search index has its own hook, search_index.py.

Switch: AINEWS_SPEEDUPS=0 turns the speed-ups of this hook and of search_index.py off (the stock build, used by
scripts/bench build and tests/test_site_speed.py).
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import os
import re
from collections.abc import Callable
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

log = logging.getLogger("ainews.speed")  # not "mkdocs.…": a disabled speed-up must not fail --strict

SWITCH = "AINEWS_SPEEDUPS"
# sha256 (first 16 hex digits) of the source of each function a speed-up relies on.
CHECKED = {
    "Page.__eq__": "4acfdc0ab76ca88d",  # mkdocs.structure.pages
    "BlogPlugin.on_page_markdown": "45d570b444f189b7",  # material.plugins.blog.plugin
    "BlogPlugin.on_page_content": "3421ceb71bbc6358",
    "Excerpt.render": "6ee38b3efd751ef5",  # material.plugins.blog.structure
    "Post.__init__": "8686c4256b6490b7",
}
FLAG = "_ainews_speed"  # set on the patched classes: patches outlive this module when mkdocs reloads hooks


def speedups_enabled() -> bool:
    return os.environ.get(SWITCH, "1").strip().lower() not in {"0", "off", "false", "no"}


def source_unchanged(func: Callable[..., Any], name: str) -> bool:
    """Whether `func` is still the code a speed-up was checked against (else warn: that speed-up stays off)."""
    try:
        digest = hashlib.sha256(inspect.getsource(func).encode("utf-8")).hexdigest()[:16]
    except (OSError, TypeError):
        digest = "no source"
    if digest == CHECKED[name]:
        return True
    log.warning("speed hook: %s has changed (%s), its speed-up is off; review it and update CHECKED", name, digest)
    return False


def on_config(config: MkDocsConfig) -> None:
    from material.plugins.blog import structure
    from material.plugins.blog.plugin import BlogPlugin

    enabled = speedups_enabled()
    setattr(BlogPlugin, FLAG, enabled and _lookups_unchanged(BlogPlugin))
    _install_excerpt_head(structure.Excerpt)
    setattr(structure.Excerpt, FLAG, enabled and source_unchanged(structure.Excerpt.stock_render, "Excerpt.render"))
    _use_libyaml(structure, enabled and source_unchanged(structure.Post.__init__, "Post.__init__"))


# 1. Post lookups ---------------------------------------------------------------------------------------------


def _lookups_unchanged(blog_plugin: type) -> bool:
    return (
        File.__eq__ is object.__eq__
        and source_unchanged(Page.__eq__, "Page.__eq__")
        and source_unchanged(blog_plugin.on_page_markdown, "BlogPlugin.on_page_markdown")
        and source_unchanged(blog_plugin.on_page_content, "BlogPlugin.on_page_content")
    )


class PostList(list):
    """A list whose `in` finds the candidates by their File first: the same answer as list's, in O(1)."""

    _by_file: dict[int, list[Any]] | None = None

    def __contains__(self, page: object) -> bool:
        if self._by_file is None:
            self._by_file = {}
            for post in self:
                self._by_file.setdefault(id(getattr(post, "file", None)), []).append(post)
        candidates = self._by_file.get(id(getattr(page, "file", None)), ())
        return any(post is page or post == page for post in candidates)


def _forget_index(name: str) -> Callable[..., Any]:
    method = getattr(list, name)

    def mutate(self: PostList, *args: Any, **kwargs: Any) -> Any:
        self._by_file = None
        return method(self, *args, **kwargs)

    mutate.__name__ = name
    return mutate


for _name in ("append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse", "__setitem__",
              "__delitem__", "__iadd__", "__imul__"):
    setattr(PostList, _name, _forget_index(_name))


@event_priority(-100)  # after the blog plugin's on_files (-50) has collected its posts
def on_files(files: Files, config: MkDocsConfig) -> None:
    from material.plugins.blog.plugin import BlogPlugin

    if not getattr(BlogPlugin, FLAG, False):
        return
    for plugin in config.plugins.values():
        blog = getattr(plugin, "blog", None) if isinstance(plugin, BlogPlugin) else None
        if blog is not None and type(blog.posts) is list:
            blog.posts = PostList(blog.posts)


# 2. Excerpts -------------------------------------------------------------------------------------------------

REFERENCE_DEFINITION = re.compile(r"^ {0,3}(\[[^\]]+\]:|\*\[)", re.M)  # links, footnotes, abbreviations
FENCE_OR_HTML = re.compile(r"^ {0,3}(```|~~~|<)", re.M)


def excerpt_head(markdown: str, separator: str) -> tuple[str, str] | None:
    """(Markdown up to and including the separator, the rest) when the part before it renders on its own."""
    head, found, tail = markdown.partition(separator)
    if not found or not (head == "" or head.endswith("\n")) or not (tail == "" or tail.startswith("\n")):
        return None
    if FENCE_OR_HTML.search(head) or REFERENCE_DEFINITION.search(tail):
        return None
    return head + separator, tail


class DeferredMore:
    """`post.more` of an excerpt rendered from its head: true (there is more); its HTML is rendered on demand."""

    def __init__(self, excerpt: Any, view: Page, separator: str) -> None:
        self._excerpt, self._view, self._separator = excerpt, view, separator
        self._html: str | None = None

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        if self._html is None:
            excerpt = self._excerpt
            saved = excerpt.content, excerpt.toc, excerpt.markdown
            type(excerpt).stock_render(excerpt, self._view, self._separator)
            self._html = excerpt.more if isinstance(excerpt.more, str) else ""
            excerpt.content, excerpt.toc, excerpt.markdown = saved
            excerpt.more = self
        return self._html

    __html__ = __str__

    def __len__(self) -> int:
        return len(str(self))


def _install_excerpt_head(excerpt_class: type) -> None:
    if "stock_render" in excerpt_class.__dict__:
        return
    stock_render = excerpt_class.render

    def render(self: Any, page: Page, separator: str) -> None:
        post = self.post
        split = excerpt_head(post.markdown, separator) if getattr(excerpt_class, FLAG, False) else None
        if split is None:
            return stock_render(self, page, separator)
        full = post.markdown
        post.markdown = split[0]
        try:
            stock_render(self, page, separator)
        finally:
            post.markdown = full
        self.markdown = full if post._title_from_render else f"# {post.title}\n\n{full}"
        if split[1].strip():
            self.more = DeferredMore(self, page, separator)

    excerpt_class.stock_render = stock_render
    excerpt_class.render = render


# 3. Front matter ---------------------------------------------------------------------------------------------


def _use_libyaml(structure: Any, enabled: bool) -> None:
    fast = getattr(yaml, "CSafeLoader", None)
    if getattr(structure, "SafeLoader", None) not in (yaml.SafeLoader, fast):
        return
    structure.SafeLoader = fast if enabled and fast is not None else yaml.SafeLoader
