"""The site as a reader uses it (issue 19, items 6–9), in headless Chromium: the three sample days and their weekly
issue, built by the real CLI and `mkdocs build --strict`, served on loopback.

- the search box finds each story of the sample day by one of its names (its first tag; a one-liner by a tag its
  headline writes; a story without one by the start of its headline), and a hyphenated name is marked whole;
- each daily post links the days before and after it;
- the 信源状态 page shows each source's reason at 1280 px and 390 px without sideways scrolling;
- screenshots of the home page, a post and the weekly issue (light and dark, 1280 px and 390 px) and of the
  信源状态 page go to test-artifacts/browser/reading-*.png.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import ARTIFACTS, DESKTOP, MOBILE, launch_chromium, open_page, post_path, serve_directory

from generator.cli import main as cli_main
from generator.samples import SAMPLE_DATE, SAMPLE_DAYS
from generator.samples.demo import (
    SAMPLE_WEEK_SUNDAY,
    build_site,
    copy_site,
    sample_now,
    write_sample_config,
    write_sample_weekly,
)


@pytest.fixture(scope="module")
def reading_site(sample_server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three sample days and the weekly issue of their week, built; returns the built site's folder."""
    root = tmp_path_factory.mktemp("reading")
    copy_site(root / "src", include_posts=False)
    for day in SAMPLE_DAYS[:3]:
        config = write_sample_config(root / "src", sample_server, root / "cache", day=day)
        run = ["generate", "--config", str(config), "--date", day.isoformat(), "--now", sample_now(day)]
        assert cli_main(run) == 0
    assert write_sample_weekly(root / "src") == 0
    build_site(root / "src", root / "site")
    return root


@pytest.fixture(scope="module")
def site_url(reading_site: Path) -> Iterator[str]:
    with serve_directory(reading_site / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch_chromium() as launched:
        yield launched


def sample_stories(reading_site: Path) -> list[dict[str, Any]]:
    records = reading_site / "src" / "docs" / "blog" / "posts" / f"{SAMPLE_DATE}.stories.json"
    return json.loads(records.read_text(encoding="utf-8"))["stories"]


def query_for(story: dict[str, Any]) -> str:
    """One of the story's names: its first tag for a write-up (its 标签 line is indexed), the first tag its
    headline writes for a one-liner (only the headline is indexed), else the start of its headline."""
    headline = story["headline"]
    tags = story["tags"] if story["kind"] != "brief" else [t for t in story["tags"] if t in headline]
    if tags:
        return tags[0]
    words = re.findall(r"[A-Za-z][A-Za-z-]+", headline)
    return " ".join(words[:3]) if words and headline.isascii() else headline[:6]


def search(page: Any, query: str) -> Any:
    """Type `query` into the site's search box and wait for Material's answer; the results list."""
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    meta = page.locator(".md-search-result__meta")
    # Empty the box first and wait for Material's "type to search" line: otherwise the previous query's results
    # (and their count) would pass for this one's.
    box.fill("")
    box.press("End")
    page.wait_for_function(
        "el => /初始化|键入/.test(el.textContent)", arg=meta.element_handle(), timeout=10_000
    )
    box.fill(query)
    box.press("End")  # Material reads the box on keyup
    page.wait_for_function(
        "el => !/初始化|键入/.test(el.textContent)", arg=meta.element_handle(), timeout=10_000
    )
    return page.locator(".md-search-result__item")


def test_the_search_box_finds_every_story_of_the_sample_day(browser: Any, site_url: str, reading_site: Path):
    post = post_path(reading_site / "site", SAMPLE_DATE)
    context, page, problems = open_page(browser, site_url + post, viewport=DESKTOP)
    try:
        missed = []
        for story in sample_stories(reading_site):
            query = query_for(story)
            search(page, query)
            # one snapshot of the results list (Material renders it again as more results arrive)
            results = page.evaluate(
                """() => [...document.querySelectorAll('.md-search-result__item')].map(item => [
                    (item.querySelector('a') || {}).href || '', item.textContent || ''])"""
            )
            found = [text for href, text in results if post in href]
            headline = re.sub(r"[\s\u200b]+", "", story["headline"])
            if not any(headline in re.sub(r"[\s\u200b]+", "", text) for text in found):
                missed.append((query, story["headline"]))
        assert missed == []
        assert problems == []
    finally:
        context.close()


def test_a_hyphenated_name_is_found_and_marked_whole(browser: Any, site_url: str) -> None:
    context, page, problems = open_page(browser, site_url, viewport=DESKTOP)
    try:
        items = search(page, "Aurora-3")
        assert items.count() >= 1
        marks = {m.strip() for m in page.locator(".md-search-result mark").all_inner_texts() if m.strip()}
        assert marks == {"Aurora-3"}  # not every "3" of the post
        assert page.locator(".md-search-result mark").count() >= 1
        assert problems == []
    finally:
        context.close()


def test_a_post_links_the_days_before_and_after(browser: Any, site_url: str, reading_site: Path) -> None:
    middle = SAMPLE_DAYS[1]
    context, page, problems = open_page(
        browser, site_url + post_path(reading_site / "site", middle), viewport=MOBILE, mobile=True
    )
    try:
        links = page.locator(".post-neighbours a")
        assert links.all_inner_texts() == ["← 上一期：11 月 16 日", "下一期：11 月 18 日 →"]
        for index, day in ((0, SAMPLE_DAYS[0]), (1, SAMPLE_DAYS[2])):
            page.locator(".post-neighbours a").nth(index).click()
            page.wait_for_load_state("networkidle")
            assert page.url.endswith(f"{day:%Y/%m/%d}/ai-daily-{day}/")
            page.go_back()
            page.wait_for_load_state("networkidle")
        assert problems == []
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["1280", "390"])
def test_the_status_page_shows_each_reason(browser: Any, site_url: str, viewport: dict[str, int]) -> None:
    mobile = viewport is MOBILE
    context, page, problems = open_page(browser, site_url + "status/", viewport=viewport, mobile=mobile)
    try:
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        table = page.locator(".status-table table")
        assert page.evaluate(
            "t => t.getBoundingClientRect().right <= window.innerWidth + 1", table.element_handle()
        ), "the table runs past the screen"
        reasons = page.locator(".status-table tbody tr td:nth-child(3)")
        failed = [t for t in reasons.all_inner_texts() if t.strip()]
        assert failed and all(re.match(r"[\u4e00-\u9fff]", t) for t in failed)  # a Chinese sentence first
        for index in range(reasons.count()):
            box = reasons.nth(index).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1
        page.screenshot(path=str(ARTIFACTS / f"reading-status-{viewport['width']}.png"), full_page=True)
        assert problems == []
    finally:
        context.close()


PAGES = {
    "home": lambda site: "",
    "post": lambda site: post_path(site, SAMPLE_DATE),
    "weekly": lambda site: post_path(site, SAMPLE_WEEK_SUNDAY, "ai-weekly-*"),
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["1280", "390"])
@pytest.mark.parametrize("name", list(PAGES))
def test_screenshots(
    browser: Any, site_url: str, reading_site: Path, name: str, viewport: dict[str, int], scheme: str
) -> None:
    mobile = viewport is MOBILE
    path = PAGES[name](reading_site / "site")
    context, page, problems = open_page(
        browser, site_url + path, viewport=viewport, scheme=scheme, mobile=mobile
    )
    try:
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / f"reading-{name}-{scheme}-{viewport['width']}.png"
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
        assert problems == []
    finally:
        context.close()
