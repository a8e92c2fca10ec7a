"""Three speed-ups for Material's blog plugin; the pages stay byte for byte the same.

1. Post lookups in O(1). For every page the blog plugin asks `page not in self.blog.posts` (twice), and MkDocs'
   Page.__eq__ compares titles: N² comparisons for N posts. Two pages are equal only if they share their File
   object (File has no __eq__), so after the plugin has collected its posts we swap in a list that finds the
   candidates through a dict keyed by file, then confirms with the same ==.
2. Excerpts rendered once, from the excerpt. Each post is rendered again for every view that lists it (home,
   archive and category pages), each time in full, and all but the part before `<!-- more -->` is thrown away. We
   render that part only, when nothing after the separator can change it (no reference definitions, footnotes or
   abbreviations after it, no code fence or raw HTML before it), and only once: as seen from a page 16 levels deep
   that shares no path with any file, so that every link MkDocs or the blog plugin rewrites comes out as
   16 × "../" + the target's URL; for each view those links are then made relative to the view, with MkDocs' own
   get_relative_url. `post.more` renders the rest if a template prints it (Material's templates only test it).
3. Front matter with libyaml. The blog plugin reads posts with PyYAML's pure-Python SafeLoader; MkDocs reads every
   other page with CSafeLoader when libyaml is installed. Posts get the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from ainews_speed.guard import unchanged

FLAG = "_ainews_speed"  # set on the patched classes: the patches outlive a reload of these modules


def configure(enabled: bool) -> None:
    """Turn the three speed-ups on or off (they check the code they rely on first)."""
    from material.plugins.blog import structure
    from material.plugins.blog.plugin import BlogPlugin

    lookups = {
        "Page.__eq__": (Page.__eq__, "4acfdc0ab76ca88d"),
        "BlogPlugin.on_page_markdown": (BlogPlugin.on_page_markdown, "45d570b444f189b7"),
        "BlogPlugin.on_page_content": (BlogPlugin.on_page_content, "3421ceb71bbc6358"),
    }
    setattr(BlogPlugin, FLAG, enabled and File.__eq__ is object.__eq__ and unchanged(lookups, "post lookups"))
    _install_excerpt_head(structure.Excerpt)
    render = {"Excerpt.render": (structure.Excerpt.stock_render, "6ee38b3efd751ef5")}
    setattr(structure.Excerpt, FLAG, enabled and unchanged(render, "excerpts from the excerpt"))
    post = {"Post.__init__": (structure.Post.__init__, "8686c4256b6490b7")}
    _use_libyaml(structure, enabled and unchanged(post, "libyaml front matter"))


# 1. Post lookups ---------------------------------------------------------------------------------------------


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


for _name in (
    "append",
    "extend",
    "insert",
    "remove",
    "pop",
    "clear",
    "sort",
    "reverse",
    "__setitem__",
    "__delitem__",
    "__iadd__",
    "__imul__",
):
    setattr(PostList, _name, _forget_index(_name))


def index_posts(config: MkDocsConfig) -> None:
    """After the blog plugin's on_files: its list of posts answers `in` in O(1)."""
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
    """(The Markdown up to and including the separator, the rest) when the part before renders on its own."""
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


DEPTH = 16
NOWHERE = SimpleNamespace(url="\x1aainews/" * DEPTH)  # the page the excerpt is rendered for, once
FROM_NOWHERE = re.compile(r'(?<=")' + r"\.\./" * (DEPTH - 1) + r'\.\.((?:/[^"?#]*)?)')


def from_nowhere(html: str, view_url: str) -> str:
    """HTML rendered for NOWHERE, with its links made relative to the view (as MkDocs would have made them)."""
    return FROM_NOWHERE.sub(lambda m: get_relative_url(m.group(1)[1:], view_url), html)


def _install_excerpt_head(excerpt_class: type) -> None:
    if "stock_render" in excerpt_class.__dict__:
        return
    stock_render = excerpt_class.render

    def render(self: Any, page: Page, separator: str) -> None:
        post = self.post
        split = excerpt_head(post.markdown, separator) if getattr(excerpt_class, FLAG, False) else None
        if split is None or "../" * 8 in post.markdown:
            return stock_render(self, page, separator)
        full = post.markdown
        key = (split[0], post._title_from_render or post.title)
        once = self.__dict__.get("_ainews_once")
        if once is None or once[0] != key:
            post.markdown = split[0]
            try:
                stock_render(self, NOWHERE, separator)
            finally:
                post.markdown = full
            once = self._ainews_once = (key, self.content, list(getattr(self.md, "toc_tokens", [])))
        self.content = from_nowhere(once[1], page.url)
        self.toc = get_toc(once[2])
        self.markdown = full if post._title_from_render else f"# {post.title}\n\n{full}"
        self.more = DeferredMore(self, page, separator) if split[1].strip() else ""

    excerpt_class.stock_render = stock_render
    excerpt_class.render = render


# 3. Front matter ---------------------------------------------------------------------------------------------


def _use_libyaml(structure: Any, enabled: bool) -> None:
    fast = getattr(yaml, "CSafeLoader", None)
    if getattr(structure, "SafeLoader", None) not in (yaml.SafeLoader, fast):
        return
    structure.SafeLoader = fast if enabled and fast is not None else yaml.SafeLoader
