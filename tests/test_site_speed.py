"""The speed-ups (overrides/hooks/speed.py, ainews_speed/) change how fast the site is built, not what readers get.

A small site of synthetic posts (scripts/benchmarks/build.py: 16 posts over two years, so that the home page, the
archive and the category are paginated) is built three times with `mkdocs build --strict`: stock
(AINEWS_SPEEDUPS=0), with the speed-ups, and with the speed-ups in one process (AINEWS_SPEEDUPS=serial). Every file
of the site must be the same, byte for byte, except search/search_index.json, which is leaner by design: the test
checks what it must still hold. Nothing is normalised: SOURCE_DATE_EPOCH fixes the build time written into the
sitemap and the feeds.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))

from ainews_speed import blog, guard, search  # noqa: E402
from benchmarks.build import make_site  # noqa: E402

ZWSP = "\u200b"
POSTS = 16
VARIANTS = {"stock": "0", "fast": "1", "serial": "serial"}


def build(config: Path, out: Path, speedups: str) -> None:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1795000000",
        guard.SWITCH: speedups,
    }
    # Not with -q: MkDocs then drops warnings before --strict can count them.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "speed-up" not in done.stderr, done.stderr  # no speed-up turned itself off


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("speed")
    config = make_site(root / "src", POSTS, spacing_days=45)
    built = {name: root / name for name in VARIANTS}
    for name, value in VARIANTS.items():
        build(config, built[name], value)
    built["src"] = root / "src"
    return built


def files_of(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}


def test_readers_get_the_same_pages(sites: dict[str, Path]) -> None:
    stock, fast, serial = (files_of(sites[name]) for name in VARIANTS)
    assert stock.keys() == fast.keys() == serial.keys()
    assert sum(1 for name in stock if name.endswith(".html")) > POSTS + 8  # posts, pages 2 and 3, archives …
    different = [
        name
        for name in stock
        if name != "search/search_index.json"
        and not stock[name].read_bytes() == fast[name].read_bytes() == serial[name].read_bytes()
    ]
    assert different == []


def test_the_lean_index_keeps_every_title_headline_and_tag(sites: dict[str, Path]) -> None:
    index = json.loads((sites["fast"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    stock = json.loads((sites["stock"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"] == stock["config"]
    entries = {entry["location"]: entry for entry in index["docs"]}
    posts = sorted((sites["src"] / "docs" / "blog" / "posts").glob("*.md"))
    assert len(posts) == POSTS
    for post in posts:
        head, body = post.read_text(encoding="utf-8").removeprefix("---\n").split("\n---\n", 1)
        meta = yaml.safe_load(head)
        url = f"{meta['date']:%Y/%m/%d}/{meta['slug']}/"
        page = entries[url]
        assert page["title"].replace(ZWSP, "") == meta["title"]
        assert page["tags"] == meta["tags"]
        titles = {e["title"].replace(ZWSP, "") for e in index["docs"] if e["location"].startswith(url + "#")}
        headlines = [
            re.sub(r"\\(.)", r"\1", line.lstrip("#").strip())
            for line in body.splitlines()
            if line.startswith(("## ", "### "))
        ]
        assert len(headlines) > 5
        assert set(headlines) <= titles, sorted(set(headlines) - titles)
    generated = [loc for loc in entries if loc.startswith(("page/", "archive/", "category/"))]
    assert generated == []


def test_the_lean_index_is_lighter_and_the_same_in_one_process(sites: dict[str, Path]) -> None:
    fast = (sites["fast"] / "search" / "search_index.json").read_bytes()
    stock = (sites["stock"] / "search" / "search_index.json").read_bytes()
    assert fast == (sites["serial"] / "search" / "search_index.json").read_bytes()
    assert (
        "日报".encode() in fast and b"\\u65e5\\u62a5" in stock
    )  # the switch really builds Material's own index
    assert len(fast) < len(stock) / 2


def test_readers_find_posts_in_the_browser(sites: dict[str, Path]) -> None:
    """Material's own search code, in headless Chromium, on the lean index: a headline, a tag, an English word."""
    chromium = shutil.which(os.environ.get("CHROMIUM") or "chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail(
            "this test needs Chromium (Debian/Ubuntu: sudo apt-get install chromium), as test_browser.py does"
        )
    from playwright.sync_api import sync_playwright

    index = json.loads((sites["fast"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    post = next(entry for entry in index["docs"] if entry["location"].startswith("2026/"))
    headline = next(
        e for e in index["docs"] if e["location"].startswith(post["location"] + "#") and e["text"]
    )
    title = post["title"].replace(ZWSP, "")
    queries = [headline["title"].replace(ZWSP, "").split("“")[0], post["tags"][-1], "inference"]
    handler = functools.partial(_Quiet, directory=str(sites["fast"]))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--headless", "--no-sandbox"]
            )
            page = browser.new_page()
            page.route(
                "**/*",
                lambda route: route.continue_() if route.request.url.startswith(url) else route.abort(),
            )
            page.goto(url)
            box = page.locator("input[data-md-component='search-query']")
            count = "document.querySelectorAll('.md-search-result__item').length"
            for query in queries:
                box.fill("")
                box.press("End")
                page.wait_for_function(f"() => {count} == 0")  # no results of the previous query left
                box.fill(query)
                box.press("End")
                page.wait_for_function(f"() => {count} > 0")
                found = page.locator(".md-search-result__item h1").all_inner_texts()
                assert title in [text.replace(ZWSP, "") for text in found], (query, found)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No request logging."""


def test_strict_mode_still_fails_on_a_broken_link(tmp_path: Path) -> None:
    config = make_site(tmp_path / "src", 3)
    post = sorted((tmp_path / "src" / "docs" / "blog" / "posts").glob("*.md"))[0]
    post.write_text(post.read_text(encoding="utf-8") + "\n[旧文](../missing.md)\n", encoding="utf-8")
    for name, value in VARIANTS.items():
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", guard.SWITCH: value}
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(config),
            "-d",
            str(tmp_path / name),
        ]
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        assert done.returncode != 0 and "missing.md" in done.stderr, (name, done.stderr)


# The pieces, one by one ----------------------------------------------------------------------------------------


def test_lead_and_lists_keeps_the_first_paragraph_and_the_lists() -> None:
    text = [
        "<p>",
        "lead",
        "</p>",
        " ",
        "<p>",
        "more",
        "</p>",
        " ",
        "<ul>",
        "<li>",
        "a",
        "</li>",
        "</ul>",
        " ",
        "<p>",
        "来源：x",
        "</p>",
    ]
    assert "".join(search.lead_and_lists(text)) == "<p>lead</p> <ul><li>a</li></ul> "


def test_only_zero_width_spaces_that_separate_nothing_go() -> None:
    pattern = search.separator_pattern(r"[\s\u200b\u3000\-、。，．？！；：“”‘’（）《》【】]+")
    text = f"{ZWSP}大{ZWSP}模型{ZWSP}，{ZWSP}AI{ZWSP}{ZWSP}芯片 {ZWSP}x{ZWSP}</p>"
    assert pattern.sub("", text) == f"大{ZWSP}模型，AI{ZWSP}芯片 x</p>"


@pytest.mark.parametrize(
    ("markdown", "splits"),
    [
        ("# T\n\n- a\n\n<!-- more -->\n\n## B\n\ntext\n", True),
        ("# T\n\n- a\n", False),  # no separator: the whole post is the excerpt
        ("# T <!-- more --> x\n", False),  # not on a line of its own
        ("# T\n\n<!-- more -->\n\nsee [x][1]\n\n[1]: https://example.com\n", False),  # a reference after it
        ("```\n<!-- more -->\n```\n", False),  # inside a code fence
    ],
)
def test_excerpts_are_cut_only_where_the_rest_cannot_matter(markdown: str, splits: bool) -> None:
    assert (blog.excerpt_head(markdown, "<!-- more -->") is not None) is splits


def test_links_rendered_from_nowhere_are_made_relative_to_each_view() -> None:
    from mkdocs.utils import get_relative_url

    prefix = "../" * (blog.DEPTH - 1) + ".."
    for target in ("2026/11/16/ai-daily-2026-11-16/", "assets/covers/2026-11-16.png", ""):
        assert get_relative_url(target, blog.NOWHERE.url) == (f"{prefix}/{target}" if target else prefix)
        html = f'<a href="{get_relative_url(target, blog.NOWHERE.url)}#x"><img src="{prefix}/a.png"></a>'
        for view in ("", "page/2/", "archive/2026/page/3/", "2026/"):
            expected = f'<a href="{get_relative_url(target, view)}#x"><img src="{get_relative_url("a.png", view)}"></a>'
            assert blog.from_nowhere(html, view) == expected


def test_post_lookups_answer_like_a_list() -> None:
    class Page:
        def __init__(self, file: object, title: str) -> None:
            self.file, self.title = file, title

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Page) and self.title == other.title and self.file is other.file

    shared, other = object(), object()
    posts = [Page(shared, "a"), Page(other, "b")]
    lookup = blog.PostList(posts)
    for page in (posts[0], Page(shared, "a"), Page(shared, "z"), Page(object(), "a"), "not a page"):
        assert (page in lookup) == (page in posts)
    lookup.append(extra := Page(object(), "c"))
    assert extra in lookup


def test_a_failed_search_worker_leaves_the_same_index(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from material.plugins.search.plugin import SearchIndex

    config = {"lang": ["zh"], "separator": r"[\s\u200b\-，。]+", "pipeline": [], "fields": {}}
    pages = [
        SimpleNamespace(
            file=SimpleNamespace(src_uri=f"p{number}.md"),
            url=f"p{number}/",
            title=f"第{number}篇",
            toc=[],
            meta={"title": f"第{number}篇", "tags": ["AI"]},
            content=f'<h1 id="t">第{number}篇</h1><p>大模型发布，第{number}天。</p><p>来源：某处</p>',
        )
        for number in range(5)
    ]

    def index(mode: str, kill: bool = False) -> str:
        monkeypatch.setenv(guard.SWITCH, mode)
        monkeypatch.setattr(search, "can_fork", lambda: mode != "serial")
        router = search.IndexRouter(SearchIndex(**config))
        for page in pages:
            router.send_early(page)
        for page in pages:
            router.add_entry_from_context(page)
        if kill:
            router.worker.process.kill()
            router.worker.process.join()
        return router.generate_search_index(None)

    serial = index("serial")
    assert "大模型" in serial.replace(ZWSP, "") and "来源" not in serial
    assert index("1") == serial
    with caplog.at_level(logging.WARNING, logger="ainews.speed"):
        assert index("1", kill=True) == serial
    assert "search index worker failed" in caplog.text


def test_a_changed_function_turns_its_speed_up_off(caplog: pytest.LogCaptureFixture) -> None:
    def reviewed() -> None:
        pass

    with caplog.at_level(logging.WARNING, logger="ainews.speed"):
        assert guard.unchanged({"reviewed": (reviewed, guard.fingerprint(reviewed))}, "example")
        assert not guard.unchanged({"reviewed": (reviewed, "0000000000000000")}, "example")
    assert "speed-up 'example' is off" in caplog.text
