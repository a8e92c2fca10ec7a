"""The sample day through the real CLI into a copy of the site, then the real `mkdocs build --strict`.

The generated post and its story records are compared with tests/expected/2026-11-16.md and
2026-11-16.stories.json. After a deliberate change, regenerate it with
    UPDATE_EXPECTED=1 scripts/test tests/test_end_to_end.py
and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import frontmatter
import lxml.html
import pytest
from conftest import TELEGRAM_TEST_GROUP, TELEGRAM_TEST_HANDLE, SampleRun
from lxml import etree
from PIL import Image
from pytest_httpserver import HTTPServer
from site_checks import DC, STRICT_XML, json_items, rss_items

from generator.cli import main
from generator.samples import SAMPLE_DATE, sample_sources
from generator.samples.demo import SAMPLE_NOW, build_site, copy_site, write_sample_config
from generator.text import xml_text

EXPECTED = Path(__file__).parent / "expected" / f"{SAMPLE_DATE}.md"
DAY = SAMPLE_DATE.isoformat()


def generate(config: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["generate", "--config", str(config), "--date", DAY, "--now", SAMPLE_NOW, *extra])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def sample_run(sample_site: SampleRun) -> SampleRun:
    """The sample day generated and built once per session (tests/conftest.py), shared with the browser test."""
    return sample_site


def test_post_matches_expected(sample_run: SampleRun) -> None:
    for text, expected in (
        (sample_run.normalized_post(), EXPECTED),
        (sample_run.normalized_records(), EXPECTED.with_name(f"{DAY}.stories.json")),
    ):
        if os.environ.get("UPDATE_EXPECTED"):
            expected.parent.mkdir(exist_ok=True)
            expected.write_text(text, encoding="utf-8")
        assert text == expected.read_text(encoding="utf-8")


def test_front_matter_contract(sample_run: SampleRun) -> None:
    meta = frontmatter.load(str(sample_run.post)).metadata
    # the post's moment: its window's end (08:00 in the configured zone), with its UTC offset
    assert meta["date"] == datetime(2026, 11, 16, 8, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert meta["date"].utcoffset() == timedelta(hours=8) and meta["slug"] == f"ai-daily-{DAY}"
    assert meta["authors"] == ["ainews"] and meta["editor"] == "offline"
    assert meta["image"] == f"assets/covers/{DAY}.png"
    assert len(meta["description"]) <= 160 and meta["title"] and meta["tags"] and meta["keywords"]
    assert meta["stories_kept"] >= 3 and meta["items_read"] >= 40
    assert all(url.startswith("http://127.0.0.1") for url in meta["sources"])


def test_every_link_is_a_fetched_item(sample_run: SampleRun) -> None:
    text = sample_run.post.read_text(encoding="utf-8")
    sources = set(frontmatter.loads(text).metadata["sources"])
    links = set(re.findall(r"\]\((\S+?)\)", text)) - {f"../../assets/covers/{DAY}.png"}
    assert links and links <= sources
    assert "javascript:" not in text and "<script" not in text and "evil.example" not in text


def test_run_reports_and_failing_sources_do_not_fail_it(sample_run: SampleRun) -> None:
    assert sample_run.stdout.strip().endswith(f"{DAY}.md")
    assert "GEMINI_API_KEY is not set" in sample_run.stderr
    (summary_file,) = (sample_run.root / "cache" / "runs").glob(f"{DAY}-*.json")
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    failed = {s["name"] for s in summary["sources"] if s["status"] == "failed"}
    assert len(failed) == 2 and len(summary["sources"]) - len(failed) >= 6
    assert all(s["error"] for s in summary["sources"] if s["status"] == "failed")
    assert set(summary["stages"]) >= {"fetch", "window", "extract", "dedupe", "edit", "render", "publish"}


def test_cover_is_written(sample_run: SampleRun) -> None:
    with Image.open(sample_run.cover) as image:
        assert image.size == (1200, 630) and sample_run.cover.stat().st_size <= 150_000


def test_second_run_changes_nothing(sample_run: SampleRun, capsys: pytest.CaptureFixture[str]) -> None:
    before = sample_run.post.read_bytes(), sample_run.post.stat().st_mtime_ns
    code, out, err = generate(sample_run.config, capsys)
    assert code == 0 and "already exists; nothing changed" in err and out == ""
    assert (sample_run.post.read_bytes(), sample_run.post.stat().st_mtime_ns) == before


def test_dry_run_writes_nothing(sample_run: SampleRun, capsys: pytest.CaptureFixture[str]) -> None:
    before = sample_run.post.stat().st_mtime_ns
    code, out, _ = generate(sample_run.config, capsys, "--dry-run")
    assert code == 0 and out.startswith("---\ntitle: ")
    assert sample_run.post.stat().st_mtime_ns == before
    other = sample_run.post.with_name("2026-11-17.md")
    code = main(
        [
            "generate",
            "--config",
            str(sample_run.config),
            "--date",
            "2026-11-17",
            "--now",
            SAMPLE_NOW,
            "--dry-run",
        ]
    )
    capsys.readouterr()
    assert not other.exists()


def test_force_rewrites(sample_run: SampleRun, capsys: pytest.CaptureFixture[str]) -> None:
    sample_run.post.write_text(
        sample_run.post.read_text(encoding="utf-8") + "\nhand edit\n", encoding="utf-8"
    )
    code, _, err = generate(sample_run.config, capsys, "--force")
    assert code == 0, err
    assert sample_run.normalized_post() == EXPECTED.read_text(encoding="utf-8")


def test_config_error_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("sources:\n  - {name: A, url: 'http://127.0.0.1:9/x', colour: red}\n", encoding="utf-8")
    assert main(["generate", "--config", str(bad)]) == 1
    _, err = capsys.readouterr()
    assert err == f"error: {bad}: unknown key 'sources.0.colour'\n"


def test_gate_failure_writes_nothing(
    sample_run: SampleRun, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = sample_run.config.read_text(encoding="utf-8").replace("min_stories: 3", "min_stories: 500")
    strict = tmp_path / "strict.yml"
    strict.write_text(config, encoding="utf-8")
    day_after = ["--date", "2026-11-17", "--now", SAMPLE_NOW, "--partial"]  # its window is still open
    code = main(["generate", "--config", str(strict), *day_after])
    _, err = capsys.readouterr()
    assert code == 1 and "failed the gate" in err and "minimum is 500" in err
    (summary,) = (sample_run.root / "cache" / "runs").glob("2026-11-17-*.json")
    assert json.loads(summary.read_text(encoding="utf-8"))["result"].startswith(
        "failed: the post for 2026-11-17 failed the gate"
    )
    assert not sample_run.post.with_name("2026-11-17.md").exists()
    assert not (sample_run.cover.with_name("2026-11-17.png")).exists()


# --- the built site -------------------------------------------------------------------------------------------


def post_page(site: Path) -> lxml.html.HtmlElement:
    (page,) = site.glob(f"{SAMPLE_DATE:%Y/%m/%d}/*/index.html")
    return lxml.html.fromstring(page.read_bytes())


def test_built_post_has_cta_once_cover_and_og(sample_run: SampleRun) -> None:
    page = post_page(sample_run.site)
    assert len(page.find_class("telegram-card")) == 1
    assert any(src.endswith(f"assets/covers/{DAY}.png") for src in page.xpath("//article//img/@src"))
    assert (sample_run.site / "assets" / "covers" / f"{DAY}.png").is_file()
    (og_image,) = page.xpath('//meta[@property="og:image"]/@content')
    assert og_image.startswith("http") and og_image.endswith(f"assets/covers/{DAY}.png")


def test_cta_only_on_posts_and_the_about_page(sample_run: SampleRun) -> None:
    home = lxml.html.fromstring((sample_run.site / "index.html").read_bytes())
    assert not home.find_class("telegram-card")
    about = lxml.html.fromstring((sample_run.site / "about" / "index.html").read_bytes())
    (card,) = about.find_class("telegram-card")  # `telegram_card: true` in docs/about.md
    assert {a.get("href") for a in card.iter("a")} == {TELEGRAM_TEST_GROUP}
    assert f"@{TELEGRAM_TEST_HANDLE}" in card.text_content()
    assert "telegram-card" not in (sample_run.site / "search" / "search_index.json").read_text(
        encoding="utf-8"
    )


def test_rss_lists_the_post_with_cover(sample_run: SampleRun) -> None:
    feed = feedparser.parse((sample_run.site / "feed_rss_created.xml").read_bytes())
    assert not feed.bozo
    (entry,) = feed.entries
    assert entry.title == frontmatter.load(str(sample_run.post)).metadata["title"]
    (enclosure,) = [link for link in entry.links if link.get("rel") == "enclosure"]
    assert enclosure["href"].endswith(f"assets/covers/{DAY}.png") and enclosure["type"] == "image/png"
    assert int(enclosure["length"]) == sample_run.cover.stat().st_size
    assert "telegram" not in json.dumps(entry, default=str).lower()


# --- the site's feeds, parsed strictly ------------------------------------------------------------------------

SITE_URL = "https://example.github.io/ai-news-daily/"
RSS_FEEDS = ("feed_rss_created.xml", "feed_rss_updated.xml")
JSON_FEEDS = ("feed_json_created.json", "feed_json_updated.json")


# The site's meta_guard hook (generator/finish/hooks/meta_guard.py) shows these of the title and description as
# look-alikes.
HEAD_LOOK_ALIKES = str.maketrans({'"': "＂", "<": "＜", ">": "＞"})


def check_feeds(site: Path, post: Path, cover: Path) -> dict[str, str]:
    """Parse the RSS feeds with lxml (no recovery) and the JSON feeds with json.loads (no NaN), check every item
    (tests/site_checks.py), then the post's item in each: title, permalink, the teaser (the post's description,
    not the whole post), its moment (the window's end, with its offset), one category per tag, the cover.
    Returns {feed file: item title}."""
    meta = frontmatter.load(str(post)).metadata
    title, description = (meta[key].translate(HEAD_LOOK_ALIKES) for key in ("title", "description"))
    (page,) = site.glob(f"{SAMPLE_DATE:%Y/%m/%d}/*/index.html")
    permalink = SITE_URL + page.parent.relative_to(site).as_posix() + "/"
    cover_url = f"{SITE_URL}assets/covers/{DAY}.png"
    titles: dict[str, str] = {}
    feeds = [(name, rss_items(site, name, SITE_URL, "zh")) for name in RSS_FEEDS]
    feeds += [(name, json_items(site, name, SITE_URL, "zh")) for name in JSON_FEEDS]
    for name, items in feeds:
        (item,) = items
        assert (item.title, item.link, item.description) == (title, permalink, description), name
        assert item.published == meta["date"] and item.published.utcoffset() == timedelta(hours=8), name
        assert sorted(item.categories) == sorted(meta["tags"]) and meta["categories"][0] in item.categories
        assert item.image == cover_url
        titles[name] = item.title
    for name in JSON_FEEDS:
        text = (site / name).read_text(encoding="utf-8")
        assert xml_text(text) == text  # no lone surrogate, control or noncharacter
    return titles


def test_rss_names_the_author_as_rss_2_allows(sample_run: SampleRun) -> None:
    """RSS 2.0 wants an e-mail address in <author> and <managingEditor>: the names go to dc:creator."""
    author = "AI 日报编辑部"  # docs/blog/.authors.yml, and site_author in mkdocs.yml
    for name in RSS_FEEDS:
        root = etree.fromstring((sample_run.site / name).read_bytes(), STRICT_XML)
        assert not list(root.iter("author", "managingEditor"))
        assert [c.text for c in root.iter(f"{{{DC}}}creator")] == [
            author,
            author,
        ]  # the channel's, the item's


def test_site_feeds_parse_strictly(sample_run: SampleRun) -> None:
    titles = check_feeds(sample_run.site, sample_run.post, sample_run.cover)
    assert len(titles) == 4 and set(titles.values()) == {frontmatter.load(str(sample_run.post))["title"]}


# A feed title that once made the site's RSS feed invalid XML: noncharacters, a control, markup as text, a CDATA
# end, an ampersand and a bidi override. Raw U+FFFE and BEL make the feed itself malformed: the parser's
# lenient mode still reads it, as real readers do. It holds Chinese: the offline editor titles a Chinese post with
# Chinese headlines.
HOSTILE_TITLE = "\ufffe\uffff\x07Model-X &amp; ]]&gt; &lt;marquee&gt; \u202e🙂 ships 新模型"
HOSTILE_FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Hostile Wire</title><link>http://127.0.0.1/</link><description>d</description>
<item><title>{HOSTILE_TITLE}</title><link>https://hostile.example/a.html</link>
<description><![CDATA[<p>Bell \x07 and \ufffe in the text, &amp; a ]]]]><![CDATA[> CDATA end.</p>]]></description>
<pubDate>Sun, 15 Nov 2026 20:00:00 +0800</pubDate></item></channel></rss>"""


@pytest.fixture(scope="module")
def hostile_run(
    sample_server: str, _threaded_server: HTTPServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, Path, Path]]:
    """The sample day plus a top-weighted feed with a hostile title, generated and built: (site, post, cover)."""
    base = _threaded_server.url_for("/hostile").rstrip("/")
    _threaded_server.expect_request("/hostile/feed.xml").respond_with_data(
        HOSTILE_FEED.format(base=base).encode("utf-8"), content_type="application/rss+xml"
    )
    root = tmp_path_factory.mktemp("hostile")
    copy_site(root / "src", include_posts=False)
    hostile = {
        "name": "Hostile <b>&amp;</b> \u202eWire",
        "url": f"{base}/feed.xml",
        "weight": 10,
        "full_text": False,
    }
    config = write_sample_config(
        root / "src", sample_server, root / "cache", {"sources": [hostile, *sample_sources(sample_server)]}
    )
    code = main(["generate", "--config", str(config), "--date", DAY, "--now", SAMPLE_NOW])
    assert code == 0
    build_site(root / "src", root / "site")
    docs = root / "src" / "docs"
    yield root / "site", docs / "blog" / "posts" / f"{DAY}.md", docs / "assets" / "covers" / f"{DAY}.png"


def test_hostile_feed_title_keeps_the_site_feeds_valid(hostile_run: tuple[Path, Path, Path]) -> None:
    site, post, cover = hostile_run
    title = frontmatter.load(str(post))["title"]
    assert title.startswith("AI 日报｜Model-X & ]]>") and "🙂 ships" in title  # the hostile story leads
    assert not {"\ufffe", "\uffff", "\x07", "\u202e"} & set(post.read_text(encoding="utf-8"))
    titles = check_feeds(site, post, cover)
    assert set(titles.values()) == {title.translate(HEAD_LOOK_ALIKES)}
