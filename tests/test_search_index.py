"""What readers can find with the site's search, and what the index leaves out.

Material's search plugin indexes every page, section by section. The site keeps that index lean with documented
features only: the `{ data-search-exclude }` markers in the post templates (story bodies, insights, sources lines,
category headings, footers; insight's one-liners keep their headlines, not their sources), `search: exclude:
true` in docs/tags.md, the hook search_exclude.py (in generator/finish/hooks/) for the blog's generated archive,
category and pagination pages, and search_index_utf8.py, which writes the index as UTF-8. A site of twelve posts,
three in each layout (so that the home page, the archive and the category are paginated), is written by
the real renderer and built with `mkdocs build --strict`; every post title, story headline, tag and summary line
must be found in search/search_index.json, and in headless Chromium by Material's own search. The index's size
is a benchmark figure (scripts/bench build), not a test.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import json
import logging
import re
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType, SimpleNamespace
from zoneinfo import ZoneInfo

import builders
import frontmatter
import lxml.html
import pytest
from chromium import CHROMIUM_ARGS, chromium_path
from conftest import SampleRun

from generator.config import parse_settings
from generator.models import Brief, Digest, Entry, FollowUp, Story
from generator.pipeline import render_post
from generator.post.leaderboard import Leaderboard, Row
from generator.post.render import LAYOUTS, Renderer
from generator.samples.demo import build_site, copy_site
from generator.site.layout import SiteLayout, load_site
from generator.site.publish import write_post

ROOT = Path(__file__).resolve().parents[1]
ZONE = ZoneInfo("Asia/Shanghai")
FIRST_DAY = date(2026, 10, 1)
POSTS = 12  # more than pagination_per_page (10) in mkdocs.yml: page/2/ of the home page, archive and category
ZWSP = "\u200b"  # jieba's word boundaries in Material's index
# Words that only occur in what the index leaves out (story bodies, insights, impacts, one-liners, the reasons and
# sources lines, the leaderboard); each post carries its own.
LEFT_OUT = (
    "bodytoken",
    "insighttoken",
    "impacttoken",
    "brieftoken",
    "reasontoken",
    "sourcetoken",
    "boardtoken",
    "newsourcetoken",
    "earliertoken",
)
SECTION_TITLES = {
    "今日摘要",
    "今日要点",
    "更多动态",  # insight's one-liners: their headlines are found (issue 19, item 6), not their sources
}  # the summary sections briefing and tracker keep beside the headlines


# One invented name per post, so that a search finds one post first.
NAMES = ("澜舟", "星桥", "云杉", "海川", "青禾", "锦程", "九章", "北辰", "南山", "灵犀", "万象", "昆仑")
LATIN = (
    "Nova",
    "Orbit",
    "Vector",
    "Quanta",
    "Helix",
    "Lumen",
    "Cobalt",
    "Aster",
    "Pylon",
    "Zephyr",
    "Kestrel",
    "Tidal",
)


def headlines(number: int) -> tuple[tuple[str, str, str], ...]:
    """(headline, category, region) of post `number`'s stories: Chinese, English, markup characters."""
    name, latin = NAMES[number], LATIN[number]
    return (
        (f"{name}科技发布新一代推理芯片“{name}芯{number}”", "技术", "cn"),
        (f"{latin} Labs unveils {latin}-{number} inference chip", "技术", "global"),
        (f"海州市第{number}批算力券落地 {name}智能获最高补贴{number}00万元", "行业", "cn"),
        (f"AT&T and {latin} Robotics raise ${number}00M for <humanoid> robots", "产业", "global"),
        (f"青简笔记上线AI写作助手（{name}版）", "产业", "cn"),
    )


def story(number: int, k: int, headline: str, region: str) -> Story:
    return builders.story(
        builders.article(
            headline,
            id=f"p{number}s{k}",
            source=f"sourcetoken{k}",
            url=f"https://news.example.com/{number}/{k}",
            extracted=False,
            published=datetime(2026, 9, 30, 2 + k, tzinfo=UTC) + timedelta(days=number),
            region=region,
        )
    )


def digest(number: int, day: date) -> Digest:
    """Post `number`'s digest, shaped like the Gemini editor's (insights, impacts, reasons); the last story has
    an empty summary and blank insight lines (a marker must never be left alone as text)."""
    entries = tuple(
        Entry(
            story(number, k, headline, region),
            headline,
            f"正文第{k}段，含 bodytoken{number}x{k} 与更多细节。" if k < 4 else "",
            category,
            insights=(f"洞察 insighttoken{number}x{k}",) if k < 4 else ("", " "),
            impacts=(f"影响 impacttoken{number}x{k}",),
            region=region,
            importance=5 - k,
            reason=f"理由 reasontoken{number}x{k}",
        )
        for k, (headline, category, region) in enumerate(headlines(number))
    )
    briefs = tuple(
        Brief(story(number, 10 + k, f"brief {k}", "cn"), f"一句话动态 brieftoken{number}x{k}")
        for k in range(3)
    )
    name, latin = NAMES[number], LATIN[number]
    summary = (
        f"{name}观察：推理芯片价格继续下探",
        f"Summary of day {number}: {latin} open models keep gaining ground",
        f"算力券覆盖更多中小企业（{name}）",
    )
    title = f"AI 日报｜{name}科技发布新一代推理芯片、{latin} Labs unveils {latin}-{number}…"
    follow_ups = tuple(
        FollowUp(
            story=story(number, 20, f"{name}芯{number}出货量突破{number}0万片", "cn"),
            headline=f"{name}芯{number}出货量突破{number}0万片",
            thread=f"p{number - 1}s0",
            earlier=day - timedelta(days=1),
            earlier_headline=f"前文 earliertoken{number}",
            earlier_link=f"{day - timedelta(days=1)}.md",
            since=day - timedelta(days=1),
            new_sources=(f"newsourcetoken{number}",),
            new_figures=(f"{number}0万",),
        )
        for _ in range(
            1 if number else 0
        )  # a follow-up of the post before (the first post has none before it)
    )
    return Digest(
        day=day,
        title=title,
        summary=summary,
        entries=entries,
        briefs=briefs,
        tags=("AI", "AI 日报", f"{name}科技", f"{latin} Labs", "AT&T"),
        keywords=("AI", "推理芯片"),
        description=title,
        editor="gemini-test",
        items_read=40,
        categories=("技术", "行业", "产业"),
        follow_ups=follow_ups,
        skipped_old=number,
    )


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[Path, Digest]]]:
    """(the built site, {post file: its digest}): POSTS posts, the layouts in turn, one strict build."""
    root = tmp_path_factory.mktemp("search")
    copy_site(root / "src", include_posts=False)
    site = load_site(root / "src" / "mkdocs.yml")
    fetched = datetime(2026, 10, 1, 8, tzinfo=ZONE)
    rows = (Row(1, "boardtoken-1", 1441.7),)
    board = Leaderboard(
        "国产大模型排行榜", rows, FIRST_DAY, fetched, "https://d.example.com/s.json", "LMArena"
    )
    posts = {}
    for number in range(POSTS):
        layout = LAYOUTS[number % len(LAYOUTS)]
        settings = parse_settings(
            {"sources": [{"name": "s", "url": "https://example.com/f"}], "layout": layout}
        )
        post_digest = digest(number, FIRST_DAY + timedelta(days=number))
        post = render_post(post_digest, settings, site, Renderer(layout, ZONE), extras={"leaderboard": board})
        post_file, _ = write_post(post, SiteLayout(root / "src" / "docs"), force=False)
        posts[post_file] = post_digest
    build_site(root / "src", root / "site")
    yield root / "site", posts


def plain(markup: str) -> str:
    """An index title or text as a reader reads it: no tags, entities or zero-width spaces, single spaces."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace(ZWSP, "")
    return re.sub(r"\s+", " ", text).strip()


def load_index(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def post_entries(index: list[dict], post_file: Path) -> tuple[dict, list[dict]]:
    """(the post's page entry, its section entries) by the post's URL (its date and slug)."""
    meta = frontmatter.load(str(post_file)).metadata
    url = f"{meta['date']:%Y/%m/%d}/{meta['slug']}/"
    (page,) = [entry for entry in index if entry["location"] == url]
    return page, [entry for entry in index if entry["location"].startswith(url + "#")]


def assert_found(index: list[dict], post_file: Path, story_headlines: list[str], summary: list[str]) -> None:
    """Title, every headline (as a section of its own), every tag and every summary line the post shows."""
    meta = frontmatter.load(str(post_file)).metadata
    page, sections = post_entries(index, post_file)
    assert plain(page["title"]) == meta["title"]
    # The page carries the tags; its sections no copy of them (finish.compact_search_index)
    assert page["tags"] == meta["tags"] and all("tags" not in section for section in sections)
    titles = [plain(section["title"]) for section in sections]
    for headline in story_headlines:
        assert any(headline in title for title in titles), (headline, titles)
    # Nothing else has a section: no category or region heading, no one-liners, no leaderboard, no closing words.
    assert all(title in SECTION_TITLES or any(h in title for h in story_headlines) for title in titles), (
        titles
    )
    texts = " ".join(plain(entry["text"]) for entry in [page, *sections])
    for line in summary:
        assert line in texts, (line, texts)


def shown_summary(site: Path, post_file: Path, lines: tuple[str, ...]) -> list[str]:
    """The summary lines the built post shows (insight and briefing show them; tracker and dispatch do not)."""
    meta = frontmatter.load(str(post_file)).metadata
    (page,) = site.glob(f"{meta['date']:%Y/%m/%d}/*/index.html")
    (article,) = lxml.html.fromstring(page.read_bytes()).xpath("//article")
    text = article.text_content()
    return [line for line in lines if line in text]


def test_every_title_headline_tag_and_summary_line_is_found(
    search_site: tuple[Path, dict[Path, Digest]],
) -> None:
    site, posts = search_site
    index = load_index(site)
    shown = {}
    for post_file, post_digest in posts.items():
        layout = frontmatter.load(str(post_file)).metadata["layout"]
        shown[layout] = shown_summary(site, post_file, post_digest.summary)
        headlines = [entry.headline for entry in post_digest.entries] + [
            f.headline for f in post_digest.follow_ups
        ]
        assert_found(index, post_file, headlines, shown[layout])
    assert len(shown["insight"]) == len(shown["briefing"]) == 3  # the check above is not empty


def test_bodies_sources_one_liners_and_generated_pages_are_left_out(
    search_site: tuple[Path, dict[Path, Digest]],
) -> None:
    site, _ = search_site
    index = load_index(site)
    posts = [entry for entry in index if entry["location"].startswith("2026/")]
    summaries = [entry for entry in posts if plain(entry["title"]) in SECTION_TITLES]
    words = plain(" ".join(entry["title"] + " " + entry["text"] for entry in posts if entry not in summaries))
    assert [token for token in LEFT_OUT if token in words] == []
    # tracker's 今日要点 lists the one-liners after the headlines: that list is its summary, and stays; insight's
    # 更多动态 keeps the one-liners' headlines, without their sources and times.
    summary_words = plain(" ".join(entry["text"] for entry in summaries))
    assert [token for token in LEFT_OUT if token in summary_words] == ["brieftoken"]
    more = [entry for entry in summaries if plain(entry["title"]) == "更多动态"]
    assert more and all("brieftoken" in plain(e["text"]) and "sourcetoken" not in e["text"] for e in more)
    assert "来源" not in words and "共阅读" not in words and "篇相关资讯" not in words
    generated = (
        "page/2/",
        "archive/",
        "tags/",
    )  # the blog's pagination, the generator's archive, the tags page
    assert all((site / path / "index.html").is_file() for path in generated)
    locations = {entry["location"].split("#")[0] for entry in index}
    assert not [loc for loc in locations if loc.startswith(("page/", "archive/", "category/", "tags/"))]
    assert {"", "about/"} <= locations  # the hand-written home and about pages stay


def test_no_marker_is_left_as_text(search_site: tuple[Path, dict[Path, Digest]]) -> None:
    site, posts = search_site
    for post_file in posts:
        meta = frontmatter.load(str(post_file)).metadata
        (page,) = site.glob(f"{meta['date']:%Y/%m/%d}/*/index.html")
        (article,) = lxml.html.fromstring(page.read_bytes()).xpath("//article")
        assert "data-search-exclude" not in article.text_content(), meta["layout"]
        assert "{" not in article.text_content(), meta["layout"]


def test_the_index_is_utf8(search_site: tuple[Path, dict[Path, Digest]]) -> None:
    raw = (search_site[0] / "search" / "search_index.json").read_bytes()
    docs = raw.split(b'"docs":', 1)[1]  # the config before it holds the separator, a regex with \\u escapes
    assert "澜舟".encode() in docs and ZWSP.encode() in docs and b"\\u" not in docs


def test_the_sample_post_is_found(sample_site: SampleRun) -> None:
    """The real sample post (insight, offline editor) in the site the end-to-end test builds."""
    post = frontmatter.load(str(sample_site.post))
    meta, body = post.metadata, post.content
    story_headlines = [  # without the story's anchor (its attribute list, "{ #s-1a2b3c4d }")
        re.sub(r"\\(.)", r"\1", re.sub(r"\s*\{ #s-[0-9a-z]+ \}$", "", line.removeprefix("### ")))
        for line in body.splitlines()
        if line.startswith("### ")
    ]
    assert len(story_headlines) >= 3
    index = load_index(sample_site.site)
    assert_found(index, sample_site.post, story_headlines, meta["summary"])
    page, sections = post_entries(index, sample_site.post)
    assert "来源" not in plain(" ".join(entry["text"] for entry in [page, *sections]))


# The hooks, one by one ---------------------------------------------------------------------------------------------


def load_hook(name: str) -> ModuleType:
    """A hook module from hooks/, loaded from its file as MkDocs loads it."""
    spec = importlib.util.spec_from_file_location(
        name, ROOT / "generator" / "finish" / "hooks" / f"{name}.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_utf8_hook_writes_the_same_json_and_leaves_a_broken_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    hook = load_hook("search_index_utf8")
    path = tmp_path / "search" / "search_index.json"
    path.parent.mkdir()
    data = {
        "config": {"lang": ["zh"]},
        "docs": [{"location": "", "title": "日报\u200b", "text": '<p>a\u2028"</p>'}],
    }
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    escaped = path.stat().st_size
    hook.on_post_build(SimpleNamespace(site_dir=str(tmp_path)))
    assert json.loads(path.read_bytes()) == data and path.stat().st_size < escaped
    path.write_text('{"docs": [', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.search_index_utf8"):
        hook.on_post_build(SimpleNamespace(site_dir=str(tmp_path)))
    assert path.read_text(encoding="utf-8") == '{"docs": [' and "left as written" in caplog.text
    path.unlink()
    hook.on_post_build(SimpleNamespace(site_dir=str(tmp_path)))  # no index (search off): nothing to do


def test_exclude_hook_marks_only_the_blogs_generated_pages() -> None:
    hook = load_hook("search_exclude")

    def page(generated_by: str | None, meta: dict) -> SimpleNamespace:
        return SimpleNamespace(file=SimpleNamespace(generated_by=generated_by), meta=meta)

    view, boosted, other, post = (
        page("material/blog", {}),
        page("material/blog", {"search": {"boost": 2}}),
        page("some/plugin", {}),
        page(None, {"title": "t"}),
    )
    for each in (view, boosted, other, post):
        assert hook.on_page_markdown("# x", each, None, None) == "# x"
    assert view.meta == {"search": {"exclude": True}}
    assert boosted.meta == {"search": {"boost": 2, "exclude": True}}
    assert other.meta == {} and post.meta == {"title": "t"}


# Material's own search, in the browser ---------------------------------------------------------------------------


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No request logging."""


@pytest.mark.browser
def test_readers_find_posts_in_the_browser(search_site: tuple[Path, dict[Path, Digest]]) -> None:
    """A headline, a tag and a summary line typed into Material's search box list the post."""
    from playwright.sync_api import sync_playwright

    site, posts = search_site
    post_file, post_digest = next(
        (f, d) for f, d in posts.items() if frontmatter.load(str(f)).metadata["layout"] == "insight"
    )
    title = frontmatter.load(str(post_file)).metadata["title"]
    latin = LATIN[list(posts.values()).index(post_digest)]
    queries = [
        post_digest.entries[0].headline.split("“")[0],
        post_digest.tags[2],
        latin,
        post_digest.summary[0],
    ]
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
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
                found = [
                    text.replace(ZWSP, "")
                    for text in page.locator(".md-search-result__item h1").all_inner_texts()
                ]
                assert title in found, (query, found)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
