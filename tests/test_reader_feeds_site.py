"""The reader feeds on the built sample site (issue 21 §3-4): the sample day generated and built with `mkdocs build
--strict`; every feed the site publishes (mkdocs-rss-plugin's and the 订阅 page's) validates, and so does every
day's stories.json; after `generator correct` and a rebuild, every feed keeps its guids and links, the corrected
story's entries move their update time, and a feed the correction does not touch is byte for byte the same (no
build time anywhere); `finish-site` after MkDocs changes nothing. In headless Chromium, the 订阅 page is in the
navigation and every feed it links opens and validates, as does the data file a JSON Feed item lists."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from chromium import DESKTOP, launch_chromium, open_page, serve_directory
from feed_checks import check_json_feed, check_rss, check_stories
from lxml import etree
from site_checks import STRICT_XML, site_file

from generator.cli import main
from generator.samples import SAMPLE_DATE
from generator.samples.demo import SAMPLE_NOW, build_site, copy_site, write_sample_config

DAY = SAMPLE_DATE.isoformat()
SITE_URL = "https://fictional-owner.github.io/ai-news-daily/"
CORRECTED_AT = "2026-11-18T10:30:00+08:00"
TEXT = "评测集共包含一万道题，此前误写为一千道。"


@dataclass(frozen=True)
class Built:
    config: Path
    before: Path
    after: Path
    anchor: str  # the corrected story


def feed_files(site: Path) -> list[str]:
    """Every feed of a built site, relative to it: the plugin's at the root, ours under feeds/."""
    found = [*site.glob("feed_*_*.*"), *(site / "feeds").rglob("*.*")]
    return sorted(p.relative_to(site).as_posix() for p in found)


def entries(site: Path, name: str) -> list[Any]:
    data = (site / name).read_bytes()
    return (
        check_rss(data, SITE_URL + name) if name.endswith(".xml") else check_json_feed(data, SITE_URL + name)
    )


@pytest.fixture(scope="module")
def feeds_site(sample_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    root = tmp_path_factory.mktemp("reader-feeds")
    copy_site(root / "src", include_posts=False)
    config = write_sample_config(root / "src", sample_server, root / "cache")
    assert main(["generate", "--config", str(config), "--date", DAY, "--now", SAMPLE_NOW, "-q"]) == 0
    records = json.loads(
        (root / "src" / "docs" / "blog" / "posts" / f"{DAY}.stories.json").read_text("utf-8")
    )
    (story,) = [s for s in records["stories"] if "CMMB-2" in s["headline"]]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", SITE_URL)
        build_site(root / "src", root / "before")
        assert (
            main(["correct", "--config", str(config), DAY, story["anchor"], TEXT, "--now", CORRECTED_AT]) == 0
        )
        build_site(root / "src", root / "after")
    yield Built(config, root / "before", root / "after", story["anchor"])


def test_every_feed_and_data_file_validates_and_keeps_its_guids_across_a_correction(
    feeds_site: Built,
) -> None:
    names = feed_files(feeds_site.before)
    assert feed_files(feeds_site.after) == names
    feeds = [n for n in names if n.startswith("feeds/")]
    assert len(feeds) >= 2 * (2 + 5 + 5)  # 快讯, 全文, the categories, the tags
    corrected = datetime.fromisoformat(CORRECTED_AT)
    unchanged = 0
    for name in names:
        old, new = entries(feeds_site.before, name), entries(feeds_site.after, name)
        assert [(e.guid, e.link) for e in new] == [(e.guid, e.link) for e in old], name
        # an RSS feed that does not carry the corrected story (nor the whole post) is the same bytes: nothing in
        # it depends on the build (JSON Feed items also list the day's stories.json, whose size changed)
        if name in feeds and name.endswith(".xml") and name != "feeds/full.xml":
            if not any(feeds_site.anchor in e.guid for e in new):
                assert (feeds_site.after / name).read_bytes() == (feeds_site.before / name).read_bytes(), name
                unchanged += 1
    assert unchanged >= 5
    for name in (
        n for n in feeds if n.endswith(".xml")
    ):  # every cover enclosure: a file of the site, its size
        root = etree.fromstring((feeds_site.after / name).read_bytes(), STRICT_XML)
        enclosures = root.findall("channel/item/enclosure")
        assert enclosures, name
        for enclosure in enclosures:
            cover = site_file(feeds_site.after, enclosure.get("url"), SITE_URL)
            assert (
                int(enclosure.get("length")) == cover.stat().st_size and enclosure.get("type") == "image/png"
            )
    (story,) = [
        e
        for e in entries(feeds_site.after, "feeds/category/mo-xing-yu-yan-jiu.json")
        if feeds_site.anchor in e.guid
    ]
    assert story.updated == corrected and TEXT in story.html and story.link.startswith(SITE_URL)
    # the day's public data: beside the post's page, valid, with the correction; the records file is not published
    (post_dir,) = (feeds_site.after / DAY.replace("-", "/")).iterdir()
    data = check_stories((post_dir / "stories.json").read_bytes())
    assert (
        data["updated"] == CORRECTED_AT
        and data["url"] == f"{SITE_URL}{DAY.replace('-', '/')}/{post_dir.name}/"
    )
    (listed,) = [s for s in data["stories"] if s["url"].endswith("#" + feeds_site.anchor)]
    assert listed["corrections"] == [{"date": CORRECTED_AT, "text": TEXT}]
    assert not list(feeds_site.after.rglob(f"{DAY}.stories.json"))
    for item in entries(feeds_site.after, "feed_json_created.json"):  # the plugin's feed lists the day's data
        assert item.attachments == (item.link + "stories.json",)


def test_finish_site_after_mkdocs_changes_nothing(
    feeds_site: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {p: p.read_bytes() for p in feeds_site.after.rglob("*") if p.is_file()}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", SITE_URL)
        assert (
            main(["finish-site", "--config", str(feeds_site.config), str(feeds_site.after), "--strict"]) == 0
        )
    assert capsys.readouterr().out == ""
    assert {p: p.read_bytes() for p in feeds_site.after.rglob("*") if p.is_file()} == files


def fetched(page: Any, url: str) -> bytes:
    """The bytes of `url` as the page's own fetch() reads them (a navigation to an RSS feed shows its XSLT view)."""
    text = page.evaluate(
        "async (url) => { const r = await fetch(url); return r.ok ? await r.text() : ''; }", url
    )
    assert text, url
    return text.encode("utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch_chromium() as launched:
        yield launched


def test_every_feed_opens_from_the_subscribe_page(feeds_site: Built, browser: Any) -> None:
    with serve_directory(feeds_site.before) as base:
        context, page, problems = open_page(browser, base, viewport=DESKTOP)
        try:
            page.locator("nav.md-tabs a, nav.md-nav a", has_text="订阅").first.click()
            page.wait_for_load_state("load")
            assert page.url == base + "subscribe/"
            assert page.locator("article h1").inner_text().startswith("订阅")
            links = page.locator("article a.feed-link")
            hrefs = [links.nth(i).evaluate("a => a.href") for i in range(links.count())]
            assert len(hrefs) == len(set(hrefs)) >= 2 * (3 + 5 + 5)
            data_link = None
            for href in hrefs:  # each opens (a navigation), then its bytes as the page's fetch reads them
                response = page.goto(href)
                assert response is not None and response.status == 200, href
                name = href.removeprefix(base)
                body = fetched(page, href)
                items = check_rss(body, SITE_URL + name) if name.endswith(".xml") else check_json_feed(body)
                assert items, f"{name} is empty"
                data_link = data_link or next((a for i in items for a in i.attachments), None)
            assert data_link and data_link.startswith(SITE_URL)
            check_stories(fetched(page, base + data_link.removeprefix(SITE_URL)))
        finally:
            context.close()
    assert not [p for p in problems if p.startswith(("HTTP ", "page error"))], problems
