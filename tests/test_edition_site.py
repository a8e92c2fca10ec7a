"""The English edition end to end (issue 22): the sample day through the real CLI with `editions: [en]` into a
copy of both sites, both built with the real `mkdocs build --strict`, then read as files and in headless Chromium:
the same stories, links and anchors in both posts, hreflang both ways, the language switch, each edition's own
feeds and search (English search in /en/, jieba in the Chinese site), and the Chinese post unchanged but for its
`alternates`."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import feedparser
import frontmatter
import lxml.html
import pytest
from chromium import DESKTOP, launch_chromium, open_page, post_path, serve_directory
from lxml import etree

from generator.cli import main
from generator.samples import SAMPLE_DATE
from generator.samples.demo import SAMPLE_NOW, build_site, copy_site, write_sample_config
from generator.site import untranslated_chinese

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}

EXPECTED = Path(__file__).parent / "expected" / f"{SAMPLE_DATE}.md"
DAY = SAMPLE_DATE.isoformat()
ANCHOR = re.compile(r"\{ #(s-[0-9a-f]{8}) \}")
LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


@dataclass(frozen=True)
class Editions:
    root: Path
    base_url: str
    zh: Path
    en: Path
    site: Path
    stderr: str
    url: str  # where the built site is served (its site_url)


@pytest.fixture(scope="module")
def edition_site(sample_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editions]:
    """The sample day with the English edition on, generated and both sites built, once per module; the built
    site is served on loopback from the start, and that address is its site_url (SITE_URL, SITE_URL_EN), so that
    its absolute links and Material's language switch work in the browser."""
    root = tmp_path_factory.mktemp("editions")
    (root / "site").mkdir()
    copy_site(root / "src", include_posts=False)
    config = write_sample_config(root / "src", sample_server, root / "cache", {"editions": ["en"]})
    with serve_directory(root / "site") as url, pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", url)
        patch.setenv("SITE_URL_EN", url + "en/")
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(["generate", "--config", str(config), "--date", DAY, "--now", SAMPLE_NOW])
        assert code == 0, err.getvalue()
        build_site(root / "src", root / "site")
        posts = Path("blog") / "posts" / f"{DAY}.md"
        docs, docs_en = root / "src" / "docs", root / "src" / "docs-en"
        yield Editions(root, sample_server, docs / posts, docs_en / posts, root / "site", err.getvalue(), url)


def _body(path: Path) -> str:
    return frontmatter.load(str(path)).content


def test_the_chinese_post_is_the_golden_one_with_its_alternates(edition_site: Editions) -> None:
    text = edition_site.zh.read_text(encoding="utf-8").replace(edition_site.base_url, "{{BASE}}")
    text = re.sub(r"\{ #s-[0-9a-f]{8} \}", "{ #s-{{ID}} }", text)
    without, count = re.subn(r"^alternates:\n  en: \S+\n", "", text, flags=re.M)
    assert count == 1
    assert without == EXPECTED.read_text(encoding="utf-8")


def test_both_posts_tell_the_same_stories_with_the_same_links_and_anchors(edition_site: Editions) -> None:
    zh, en = _body(edition_site.zh), _body(edition_site.en)
    assert ANCHOR.findall(zh) and sorted(ANCHOR.findall(zh)) == sorted(ANCHOR.findall(en))
    assert set(LINK.findall(zh)) == set(LINK.findall(en))
    zh_meta, en_meta = frontmatter.load(str(edition_site.zh)), frontmatter.load(str(edition_site.en))
    assert zh_meta["sources"] == en_meta["sources"] and zh_meta["slug"] == en_meta["slug"]
    assert en_meta["date"] == zh_meta["date"] and en_meta["title"].startswith("AI Daily | ")
    assert en_meta["image"] == f"assets/covers/{DAY}.png"
    assert (edition_site.root / "src" / "docs-en" / "assets" / "covers" / f"{DAY}.png").is_file()


def test_the_english_post_is_english_outside_names_and_quotes(edition_site: Editions) -> None:
    en = edition_site.en.read_text(encoding="utf-8")
    meta = frontmatter.loads(en)
    assert "Today's summary" in en and "今日摘要" not in en and "来源" not in en
    # what is left in Chinese: names the stories give (their tags) and source names only
    names = {form for tag in meta["keywords"] for form in tag.split(" / ")}
    names |= set(re.findall(r"\[([^\]]+)\]\(http", en)) | set(re.findall(r"Source: ([^\"]+)\"", en))
    tags = {
        f for line in re.findall(r"^Tags: (.*)$", en, re.M) for t in line.split(" · ") for f in t.split(" / ")
    }
    assert untranslated_chinese(en, names | {t.replace("\\", "") for t in tags} | tags) == []
    assert "Original title: “" in en  # a story told only in Chinese quotes its title


def test_hreflang_both_ways_in_the_sitemaps_and_the_switch_in_both_posts(edition_site: Editions) -> None:
    site, url = edition_site.site, edition_site.url
    path = f"{SAMPLE_DATE:%Y/%m/%d}/ai-daily-{DAY}/"
    pages = {"zh": url + path, "en": url + "en/" + path}
    twins = {"zh-Hans": pages["zh"], "en": pages["en"], "x-default": pages["zh"]}
    for folder, own in ((site, "zh"), (site / "en", "en")):
        sitemap = etree.parse(str(folder / "sitemap.xml"))
        (entry,) = sitemap.xpath("//s:url[s:loc = $loc]", namespaces=SITEMAP, loc=pages[own])
        links = {
            link.get("hreflang"): link.get("href") for link in entry.xpath("xhtml:link", namespaces=SITEMAP)
        }
        assert links == twins
        html = lxml.html.parse(str(folder / path / "index.html")).getroot()
        assert html.get("lang") == own
        heads = [
            (link.get("hreflang"), link.get("href"))
            for link in html.xpath("//head/link[@rel='alternate'][@hreflang]")
        ]
        switch = {
            a.get("hreflang"): a.get("href") for a in html.xpath("//a[contains(@class, 'md-select__link')]")
        }
        # none in the head: neither the other site's home page (Material's) nor the twin, whose head link would cost
        # every view a 404 (overrides/main.html); the sitemaps say the twins
        assert heads == []
        assert switch == pages  # the switch of a post: the post in each edition


@pytest.mark.parametrize("page", ["index.html", "en/index.html", "tags/index.html", "404.html"])
def test_a_page_without_a_twin_has_no_hreflang_in_its_head(edition_site: Editions, page: str) -> None:
    html = lxml.html.parse(str(edition_site.site / page)).getroot()
    assert html.xpath("//head/link[@rel='alternate'][@hreflang]") == []
    assert html.xpath("//a[contains(@class, 'md-select__link')]")  # the switch is still there


def test_the_english_status_page_archive_and_report_links_are_english(edition_site: Editions) -> None:
    site, url = edition_site.site, edition_site.url
    path = f"{SAMPLE_DATE:%Y/%m/%d}/ai-daily-{DAY}/"
    status = lxml.html.parse(str(site / "en" / "status" / "index.html")).getroot()
    assert status.get("lang") == "en" and status.xpath("string(//article//h1/text())") == "Source status"
    latest = status.xpath("//article//p[starts-with(normalize-space(.), 'Latest post:')]//a/@href")
    assert latest == [url + "en/" + path]  # the English post, not the Chinese one
    assert "Failed" in status.xpath("string(//table)")
    archive = lxml.html.parse(str(site / "en" / "archive" / "index.html")).getroot()
    assert archive.xpath("string(//article//h2/text())") == f"{SAMPLE_DATE:%B %Y}"
    assert [a.get("href") for a in archive.xpath("//article//li/a")] == [f"../{path}"]
    tags = lxml.html.parse(str(site / "en" / "tags" / "index.html")).getroot()
    assert tags.get("lang") == "en" and tags.xpath("string(//article//h1/text())") == "Tags"
    listed = {a.get("href") for a in tags.xpath("//article//li/a")}
    assert listed == {f"../{path}"}  # the English post under each of its tags, never a Chinese one
    english = frontmatter.load(str(edition_site.en))
    assert len(tags.xpath("//article//h2")) == len(english["tags"])
    nav = [a.text_content().strip() for a in archive.xpath("//nav[contains(@class, 'md-tabs')]//a")]
    for page in ("Latest", "Archive", "Tags", "Source status"):
        assert page in nav or archive.xpath(f"//nav//a[normalize-space(.) = '{page}']"), page


def test_the_english_about_page_is_english_and_every_link_of_it_resolves(edition_site: Editions) -> None:
    """The English site had no About page. Its links to the Chinese edition's corrections and subscribe pages and
    to its own feeds are raw HTML (outside what MkDocs checks): each must lead to a file of the built site."""
    from urllib.parse import urljoin, urlparse

    site, url = edition_site.site, edition_site.url
    about = lxml.html.parse(str(site / "en" / "about" / "index.html")).getroot()
    assert about.get("lang") == "en" and about.xpath("string(//article//h1/text())") == "About AI Daily"
    assert untranslated_chinese(about.xpath("string(//article)"), []) == []
    hrefs = [
        a.get("href") for a in about.xpath("//article//a") if not a.get("href").startswith(("http", "#"))
    ]
    assert len(hrefs) >= 5
    for href in hrefs:
        path = urlparse(urljoin(url + "en/about/", href)).path.removeprefix(urlparse(url).path)
        target = site / path / "index.html" if path.endswith("/") or not path else site / path
        assert target.is_file(), (href, path)


def test_the_english_stories_report_in_english(edition_site: Editions, tmp_path: Path) -> None:
    """The English site built once more with a repository address (REPO_URL: the daily workflow's; the browser
    tests leave it out, as Material would then ask GitHub's API about the repository)."""
    env = {**os.environ, "REPO_URL": "https://github.com/owner/site", "NO_MKDOCS_2_WARNING": "1"}
    config = edition_site.root / "src" / "mkdocs.en.yml"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(tmp_path)]
    subprocess.run(command, env=env, check=True, capture_output=True)
    path = f"{SAMPLE_DATE:%Y/%m/%d}/ai-daily-{DAY}/"
    html = lxml.html.parse(str(tmp_path / path / "index.html")).getroot()
    links = html.xpath("//a[@class='report-link']")
    assert len(links) == len(ANCHOR.findall(_body(edition_site.en)))
    assert {a.text for a in links} == {"Report an error"}
    post = quote(edition_site.url + "en/" + path, safe="")
    assert all(f"post={post}%23s-" in a.get("href") and "title=Correction%3A" in a.get("href") for a in links)


def test_without_the_edition_the_chinese_site_has_no_switch(sample_site: Any) -> None:
    html = (sample_site.site / post_path(sample_site.site, SAMPLE_DATE) / "index.html").read_text(
        encoding="utf-8"
    )
    assert "hreflang" not in html and "md-select__link" not in html
    assert "xhtml" not in (sample_site.site / "sitemap.xml").read_text(encoding="utf-8")


def test_each_edition_has_its_own_feeds_and_search_language(edition_site: Editions) -> None:
    site = edition_site.site
    for folder, language, prefix in ((site, "zh", "AI 日报"), (site / "en", "en", "AI Daily")):
        rss = feedparser.parse((folder / "feed_rss_created.xml").read_bytes())
        assert rss.bozo == 0 and rss.feed.language == language
        (item,) = rss.entries
        assert item.title.startswith(prefix)
        assert ("/en/" in item.link) == (language == "en")
        feed = json.loads((folder / "feed_json_created.json").read_text(encoding="utf-8"))
        assert [i["title"] for i in feed["items"]] == [item.title]
        index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [language]
    english = json.loads((site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "jieba" not in json.dumps(english["config"]) and "\\u200b" not in json.dumps(english["config"])


# ── in headless Chromium ───────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch_chromium() as launched:
        yield launched


def test_the_switch_leads_from_a_post_to_the_same_post_in_english(browser: Any, edition_site: Editions):
    url, path = edition_site.url, f"{SAMPLE_DATE:%Y/%m/%d}/ai-daily-{DAY}/"
    context, page, problems = open_page(browser, url + path, viewport=DESKTOP)
    try:
        page.locator(".md-header__option .md-select").hover()
        page.locator("a.md-select__link[hreflang=en]").click()
        page.wait_for_url(url + "en/" + path)  # the same post in English (overrides/partials/alternate.html)
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("article h1").inner_text().startswith("AI Daily")
        page.locator(".md-header__option .md-select").hover()
        page.locator("a.md-select__link[hreflang=zh]").click()
        page.wait_for_url(url + path)  # and back to the Chinese post
        assert page.locator("html").get_attribute("lang") == "zh"
        assert problems == []  # not one 404 or console error, Material's language lookups included
    finally:
        context.close()


def test_a_posts_hreflang_leads_to_its_twin_and_back(browser: Any, edition_site: Editions):
    """What a crawler does: read the site's sitemap, follow a post's hreflang to its twin, and back from there."""
    url, path = edition_site.url, f"{SAMPLE_DATE:%Y/%m/%d}/ai-daily-{DAY}/"
    context, page, problems = open_page(browser, url + path, viewport=DESKTOP)

    def twins(sitemap: str, loc: str) -> dict[str, str]:
        root = etree.fromstring(page.request.get(sitemap).body())
        (entry,) = root.xpath("//s:url[s:loc = $loc]", namespaces=SITEMAP, loc=loc)
        return {
            link.get("hreflang"): link.get("href") for link in entry.xpath("xhtml:link", namespaces=SITEMAP)
        }

    try:
        english = twins(url + "sitemap.xml", url + path)["en"]
        assert english == url + "en/" + path
        page.goto(english)
        # the theme's language switch fetches this edition's sitemap after load; leaving before it arrives
        # aborts the request (net::ERR_ABORTED, a race of the test, not a fault of the site)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("article h1").inner_text().startswith("AI Daily")
        back = twins(url + "en/sitemap.xml", english)
        assert back["zh-Hans"] == back["x-default"] == url + path
        page.goto(back["zh-Hans"])
        assert page.locator("html").get_attribute("lang") == "zh"
        assert problems == []
    finally:
        context.close()


def _search(page: Any, query: str) -> list[str]:
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=10_000
    )
    return page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")


@pytest.mark.parametrize(("folder", "query"), [("en/", "inference chip"), ("", "算力券")])
def test_each_edition_finds_its_post_with_its_own_search(
    browser: Any, edition_site: Editions, folder: str, query: str
):
    context, page, problems = open_page(browser, edition_site.url + folder, viewport=DESKTOP)
    try:
        found = _search(page, query)
        assert any(f"{SAMPLE_DATE:%Y/%m/%d}/ai-daily-{DAY}/" in href for href in found), found
        assert all(("/en/" in href) == (folder == "en/") for href in found)
        assert problems == []
    finally:
        context.close()


def test_an_edition_that_cannot_be_written_degrades_the_day_visibly(
    sample_server: str, tmp_path: Path
) -> None:
    copy_site(tmp_path / "src", include_posts=False)
    (tmp_path / "src" / "mkdocs.en.yml").unlink()  # the English site is missing: its post cannot be written
    config = write_sample_config(tmp_path / "src", sample_server, tmp_path / "cache", {"editions": ["en"]})
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["generate", "--config", str(config), "--date", DAY, "--now", SAMPLE_NOW])
    assert code == 0, err.getvalue()
    assert (tmp_path / "src" / "docs" / "blog" / "posts" / f"{DAY}.md").is_file()  # the Chinese post goes on
    assert "degraded: the en edition was not written: cannot read" in err.getvalue()
    (summary,) = (tmp_path / "cache" / "runs").glob("*.json")
    kinds = [d["kind"] for d in json.loads(summary.read_text(encoding="utf-8"))["degradations"]]
    assert "edition" in kinds
    assert "alternates" not in (tmp_path / "src" / "docs" / "blog" / "posts" / f"{DAY}.md").read_text(
        encoding="utf-8"
    )
