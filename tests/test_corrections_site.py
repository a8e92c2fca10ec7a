"""A correction's round trip on the built site (issue 21 §2): the sample day generated and built with
`mkdocs build --strict`; in headless Chromium a reader selects a sentence of a story and follows its 报错 link, which
opens the repository's issue form prefilled with the day, the story's anchor, its address and the sentence (the
request to GitHub is stopped and read: tests never touch the internet); the owner runs
`python -m generator correct` with what the issue says; after a rebuild the post shows the dated note under the
story, the 勘误 page lists it and leads to it, and the feeds (RSS 2.0 and JSON Feed, by creation and by update) date
the entry's update at the correction while its guid and permalink stay what they were; so do every other page's."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from chromium import DESKTOP, launch_chromium, open_page, serve_directory
from site_checks import json_items, rss_items

from generator.cli import main
from generator.samples import SAMPLE_DATE
from generator.samples.demo import SAMPLE_NOW, build_site, copy_site, write_sample_config

DAY = SAMPLE_DATE.isoformat()
SITE_URL = "https://fictional-owner.github.io/ai-news-daily/"
REPO_URL = "https://github.com/fictional-owner/ai-news-daily"
CORRECTED_AT = "2026-11-18T10:30:00+08:00"
TEXT = "CMMB-2由六所高校联合构建，此前误写为五所。"
FEEDS = ("feed_rss_created.xml", "feed_rss_updated.xml", "feed_json_created.json", "feed_json_updated.json")


@dataclass(frozen=True)
class Site:
    config: Path
    root: Path


@pytest.fixture(scope="module")
def site(sample_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("corrections")
    copy_site(root / "src", include_posts=False)
    config = write_sample_config(root / "src", sample_server, root / "cache")
    assert main(["generate", "--config", str(config), "--date", DAY, "--now", SAMPLE_NOW, "-q"]) == 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", SITE_URL)
        patch.setenv("REPO_URL", REPO_URL)
        build_site(root / "src", root / "before")
    yield Site(config, root)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch_chromium() as launched:
        yield launched


def post_url(built: Path) -> str:
    (page,) = built.glob(f"{DAY.replace('-', '/')}/*/index.html")
    return page.parent.relative_to(built).as_posix() + "/"


def feed_entries(built: Path) -> dict[str, list[tuple[str, str, datetime]]]:
    """Per feed: (guid or id, link, its date: pubDate in RSS, date_modified in JSON Feed) of every entry, each feed
    checked against its format's rules (tests/site_checks.py)."""
    out: dict[str, list[tuple[str, str, datetime]]] = {}
    for name in FEEDS:
        if name.endswith(".xml"):
            items = rss_items(built, name, SITE_URL, "zh")
            text = (built / name).read_text(encoding="utf-8")
            guids = re.findall(r"<guid[^>]*>([^<]+)</guid>", text)
            out[name] = [(g, i.link, i.published) for g, i in zip(guids, items, strict=True)]
        else:
            json_items(built, name, SITE_URL, "zh")
            feed = json.loads((built / name).read_text(encoding="utf-8"))
            out[name] = [
                (i["id"], i["url"], datetime.fromisoformat(i["date_modified"])) for i in feed["items"]
            ]
    return out


def test_a_correction_goes_from_the_report_link_to_the_page_the_corrections_page_and_the_feeds(
    site: Site, browser: Any
) -> None:
    before = site.root / "before"
    path = post_url(before)
    # 1. A reader selects a sentence of a story and follows its 报错 link.
    with serve_directory(before) as base:
        context, page, problems = open_page(browser, base + path, viewport=DESKTOP)
        try:
            heading = page.locator("article h3", has_text="CMMB-2").first
            anchor = heading.get_attribute("id")
            assert anchor and anchor.startswith("s-")
            link = heading.locator("a.report-link")
            assert link.inner_text() == "报错" and link.get_attribute("data-search-exclude") is not None
            sentence = page.evaluate(
                """(id) => {
                  const paragraph = document.getElementById(id).nextElementSibling;
                  const text = paragraph.firstChild;  // the paragraph's first sentence, as a reader selects it
                  const end = text.textContent.indexOf("。") + 1;
                  const range = document.createRange();
                  range.setStart(text, 0);
                  range.setEnd(text, end);
                  document.getSelection().removeAllRanges();
                  document.getSelection().addRange(range);
                  return text.textContent.slice(0, end);
                }""",
                anchor,
            )
            page.wait_for_timeout(100)  # selectionchange is dispatched asynchronously
            link.click()
            page.wait_for_timeout(300)
        finally:
            context.close()
    # (with repo_url set, the theme also asks api.github.com for the repository's facts: not our link)
    opened = [
        p.removeprefix("request outside the site: ") for p in problems if "site: https://github.com/" in p
    ]
    assert len(opened) == 1 and opened[0].startswith(f"{REPO_URL}/issues/new?")
    query = {key: values[0] for key, values in parse_qs(urlsplit(opened[0]).query).items()}
    assert query["template"] == "correction.yml" and query["day"] == DAY and query["story"] == anchor
    assert query["post"] == f"{SITE_URL}{path}#{anchor}" and query["sentence"] == sentence
    assert query["title"].startswith(f"更正：{DAY} 中文多模态评测基准CMMB-2")

    # 2. The owner answers the issue.
    post_file = site.config.parent / "docs" / "blog" / "posts" / f"{DAY}.md"
    assert (
        main(
            [
                "correct",
                "--config",
                str(site.config),
                query["day"],
                query["story"],
                TEXT,
                "--now",
                CORRECTED_AT,
            ]
        )
        == 0
    )
    after = site.root / "after"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", SITE_URL)
        patch.setenv("REPO_URL", REPO_URL)
        build_site(site.config.parent, after)  # mkdocs build --strict

    # 3. Same permalinks everywhere; the feeds' entry keeps its guid and link, and is dated at the correction.
    pages = {p.relative_to(before).as_posix() for p in before.rglob("index.html")}
    assert {p.relative_to(after).as_posix() for p in after.rglob("index.html")} == pages
    assert post_url(after) == path
    corrected = datetime.fromisoformat(CORRECTED_AT)
    published = datetime.fromisoformat(f"{DAY}T08:00:00+08:00")  # the window's end
    old, new = feed_entries(before), feed_entries(after)
    for name in FEEDS:
        assert [(g, link) for g, link, _ in new[name]] == [(g, link) for g, link, _ in old[name]]
        ((guid, link, when),) = new[name]
        assert guid == link == SITE_URL + path
        updated = "updated" in name or name.startswith("feed_json")  # JSON Feed's date_modified in both
        assert when == (corrected if updated else published), name
    sitemap = (after / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}{path}</loc>\n         <lastmod>{CORRECTED_AT}</lastmod>" in sitemap
    assert f'"dateModified": "{CORRECTED_AT}"' in (after / path / "index.html").read_text(encoding="utf-8")
    assert "updated: 2026-11-18 10:30:00+08:00" in post_file.read_text(encoding="utf-8")

    # 4. The 勘误 page leads to the note under the story.
    with serve_directory(after) as base:
        context, page, problems = open_page(browser, base + "corrections/", viewport=DESKTOP)
        try:
            entry = page.locator("article li", has_text=TEXT)
            assert entry.inner_text().startswith(
                "2026-11-18 · 中文多模态评测基准CMMB-2开源发布（2026-11-16）"
            )
            entry.locator("a").click()
            page.wait_for_load_state("load")
            assert page.url == f"{base}{path}#{anchor}"
            note = page.locator(f"h3#{anchor} ~ div.admonition").first
            assert note.locator(".admonition-title").inner_text() == "更正 · 2026-11-18"
            assert note.inner_text().endswith(TEXT) and note.is_visible()
            following = page.evaluate(
                "(id) => { let n = document.getElementById(id).nextElementSibling;"
                " while (n && !n.matches('div.admonition')) n = n.nextElementSibling;"
                " let m = n.nextElementSibling; return m ? m.tagName : ''; }",
                anchor,
            )
            assert following in (
                "H2",
                "H3",
            )  # the note ends the story's section: under it, not under the next
        finally:
            context.close()
    # nothing of the site is missing and no script failed (the theme's blocked api.github.com calls aside)
    assert not [p for p in problems if p.startswith(("HTTP ", "page error"))], problems
