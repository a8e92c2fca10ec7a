"""Chinese search as a reader meets it: queries typed into the search box of a built site in headless Chromium,
Material's (jieba at build time) or Zensical's (Intl.Segmenter in the browser), counting those that list the post.

For each of the newest POSTS posts, four queries, each a string the reader sees in the post: its third tag, its
second summary line, the first Chinese company name of its title ("…智能") and the first quoted product name
("“…”"), when the title has them. A query counts as found when a result names the post's title. Used by
benchmarks/zensical.py; needs Playwright and Chromium (scripts/test installs both), else it returns nothing.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

POSTS = 8
WAIT_S = 15.0  # at most, for a search box's results to appear or go (the index loads in a worker first)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
BOXES = {  # builder → (what opens the search, the query box, a result's text)
    "mkdocs": (None, "input[data-md-component='search-query']", ".md-search-result__item h1"),
    "zensical": (".md-search__button", "input[role=combobox]", "ol[role=listbox] li"),
}


def queries(posts_dir: Path) -> list[tuple[str, str]]:
    """(the post's title, a query) for the newest POSTS daily posts in `posts_dir`."""
    found = []
    for path in sorted(posts_dir.glob("20??-??-??.md"))[-POSTS:]:
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))
        title = str(meta["title"])
        asked = [str(meta["tags"][2]), str(meta["summary"][1])]
        asked += [m.group(1) for m in (re.search(r"、(\w+?智能)", title), re.search(r"“(.+?)”", title)) if m]
        found += [(title, query) for query in asked]
    return found


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No request logging."""


def found_count(site: Path, builder: str, asked: list[tuple[str, str]]) -> int | None:
    """How many of `asked` list their post in the search box of `site` (built by `builder`); None without
    Playwright or Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = next(
        (
            found
            for name in (os.environ.get("CHROMIUM"), "chromium", "/usr/bin/chromium")
            if name and (found := shutil.which(name))
        ),
        None,
    )
    if chromium is None:
        return None
    opener, box_selector, result_selector = BOXES[builder]
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    hits = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url) else r.abort())
            page.goto(url)
            if opener:
                page.click(opener)
            box, results = page.locator(box_selector), page.locator(result_selector)
            for title, query in asked:
                box.fill("")
                _settle(page, lambda: results.count() == 0)
                box.fill(query)
                box.press("End")
                if _settle(page, lambda: results.count() > 0):
                    page.wait_for_timeout(300)  # the last keystroke's results
                texts = [t.replace("\u200b", "") for t in results.all_inner_texts()]
                hits += any(title in text for text in texts)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return hits


def _settle(page: object, done: object) -> bool:
    """Poll `done()` every 100 ms for up to WAIT_S seconds (the results live in Zensical's shadow DOM, which a
    page script cannot query); whether it came true."""
    for _ in range(int(WAIT_S * 10)):
        if done():
            return True
        page.wait_for_timeout(100)
    return False
