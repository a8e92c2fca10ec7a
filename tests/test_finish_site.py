"""The post-build fixes (generator/finish/) and `python -m generator finish-site`, which applies them to a site any
builder wrote (ARCHITECTURE.md, "Material's successor").

The feeds are written here by hand in the two shapes the builders write: mkdocs-rss-plugin 1.19's (dc namespace
declared, `<url>None</url>` without the image option, `length="None"`, names in <author> and <managingEditor>,
the build time as the channel's dates) and Zensical 0.0.x's (one line, no dc namespace, no <image>, names in
<author>). Both must come out as RSS 2.0 that site_checks reads strictly; a second run changes nothing.
"""

from __future__ import annotations

import contextlib
import email.utils
import filecmp
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import SampleRun
from lxml import etree
from site_checks import DC, STRICT_XML

from generator.cli import main
from generator.finish import (
    DC_NAMESPACE,
    FinishReport,
    compact_search_index,
    feed_logo_url,
    finish_site,
    pagination_pattern,
)
from generator.site import render_subscribe_page

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://owner.example/daily/"
BUILD_TIME = "Tue, 01 Dec 2026 09:30:00 +0000"
NEWEST = "Mon, 16 Nov 2026 08:00:00 +0800"
OLDER = "Sun, 15 Nov 2026 08:00:00 +0800"

MKDOCS_FEED = f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel> <title>虚构日报</title><description>一份虚构的日报</description><link>{SITE_URL}</link>
    <managingEditor>虚构编辑部 &amp; 朋友</managingEditor>
    <pubDate>{BUILD_TIME}</pubDate> <lastBuildDate>{BUILD_TIME}</lastBuildDate> <ttl>1440</ttl>
    <image> <url>None</url> <title>虚构日报</title> <link>{SITE_URL}</link> </image>
    <item> <title>第一篇</title> <author>甲作者</author> <category>AI</category> <description>甲</description>
      <link>{SITE_URL}2026/11/15/a/</link> <pubDate>{OLDER}</pubDate>
      <guid isPermaLink="true">{SITE_URL}2026/11/15/a/</guid>
      <enclosure url="{SITE_URL}assets/covers/2026-11-15.png" type="image/png" length="None" /> </item>
    <item> <title>第二篇</title> <author>editor@owner.example (乙)</author> <category>AI</category>
      <description>乙</description> <link>{SITE_URL}2026/11/16/b/</link> <pubDate>{NEWEST}</pubDate>
      <guid isPermaLink="true">{SITE_URL}2026/11/16/b/</guid>
      <enclosure url="{SITE_URL}assets/covers/2026-11-16.png" type="image/png" length="None" /> </item>
  </channel>
</rss>
"""

ZENSICAL_FEED = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
    f"<title>虚构日报</title><description>一份虚构的日报</description><link>{SITE_URL}</link>"
    f"<managingEditor>虚构编辑部</managingEditor><language>zh</language><pubDate>{BUILD_TIME}</pubDate>"
    f"<lastBuildDate>{BUILD_TIME}</lastBuildDate><generator>Zensical RSS</generator>"
    f"<item><title>第二篇</title><author>乙作者</author><description>乙</description>"
    f"<link>{SITE_URL}2026/11/16/b/</link><pubDate>{NEWEST}</pubDate></item>"
    f"<item><title>第一篇</title><author>甲作者</author><description>甲</description>"
    f"<link>{SITE_URL}2026/11/15/a/</link><pubDate>{OLDER}</pubDate></item></channel></rss>"
)


def built_site(tmp_path: Path, feed: str) -> Path:
    """A built site with one RSS feed, a JSON feed without its icon, the logo and one of the two covers."""
    site = tmp_path / "site"
    (site / "assets" / "covers").mkdir(parents=True)
    (site / "assets" / "logo.png").write_bytes(b"\x89PNG logo")
    (site / "assets" / "covers" / "2026-11-16.png").write_bytes(b"\x89PNG cover of the 16th")
    (site / "feed_rss_created.xml").write_text(feed, encoding="utf-8")
    json_feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "虚构日报",
        "icon": None,
        "items": [],
    }
    (site / "feed_json_created.json").write_text(json.dumps(json_feed), encoding="utf-8")
    return site


def snapshot(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()
    }


def test_mkdocs_feed_is_mended_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    site = built_site(tmp_path, MKDOCS_FEED)
    done = finish_site(site, SITE_URL)
    assert set(done.changed) == {"feed_rss_created.xml", "feed_json_created.json"}
    assert done.warnings == (
        f"RSS enclosure {SITE_URL}assets/covers/2026-11-15.png: no such file in the built site, left out",
    )
    channel = etree.fromstring((site / "feed_rss_created.xml").read_bytes(), STRICT_XML).find("channel")
    assert (
        channel.findtext(f"{{{DC}}}creator") == "虚构编辑部 & 朋友" and channel.find("managingEditor") is None
    )
    assert (
        channel.findtext("pubDate")
        == channel.findtext("lastBuildDate")
        == email.utils.format_datetime(email.utils.parsedate_to_datetime(NEWEST))
    )
    assert channel.findtext("image/url") == SITE_URL + "assets/logo.png"
    first, second = channel.findall("item")
    assert first.findtext(f"{{{DC}}}creator") == "甲作者" and first.find("enclosure") is None
    assert second.findtext("author") == "editor@owner.example (乙)"  # an address stays where RSS 2.0 wants it
    assert second.find("enclosure").get("length") == str(len(b"\x89PNG cover of the 16th"))
    assert json.loads((site / "feed_json_created.json").read_text(encoding="utf-8"))["icon"] == (
        SITE_URL + "assets/logo.png"
    )
    before = snapshot(site)
    assert finish_site(site, SITE_URL) == FinishReport()  # nothing rewritten, nothing to warn about
    assert snapshot(site) == before


def test_zensical_feed_gets_the_dc_namespace_a_logo_and_its_newest_date(tmp_path: Path) -> None:
    site = built_site(tmp_path, ZENSICAL_FEED)
    finish_site(site, SITE_URL)
    text = (site / "feed_rss_created.xml").read_text(encoding="utf-8")
    assert text.count(DC_NAMESPACE) == 1
    channel = etree.fromstring(text.encode("utf-8"), STRICT_XML).find("channel")
    assert [c.text for c in channel.iter(f"{{{DC}}}creator")] == ["虚构编辑部", "乙作者", "甲作者"]
    assert not channel.findall(".//author") and channel.find("managingEditor") is None
    assert channel.findtext("image/url") == SITE_URL + "assets/logo.png"
    assert channel.findtext("image/title") == "虚构日报" and channel.findtext("image/link") == SITE_URL
    assert email.utils.parsedate_to_datetime(channel.findtext("lastBuildDate")) == (
        email.utils.parsedate_to_datetime(NEWEST)
    )
    before = snapshot(site)
    assert finish_site(site, SITE_URL).changed == () and snapshot(site) == before


def test_feeds_without_a_logo_to_point_to_are_named(tmp_path: Path) -> None:
    site = built_site(tmp_path, ZENSICAL_FEED)
    assert finish_site(site, "").warnings == ("no site_url: the feeds get no logo",)
    (site / "assets" / "logo.png").unlink()
    assert finish_site(site, SITE_URL).warnings == ("assets/logo.png is missing: the feeds get no logo",)
    assert (
        feed_logo_url(SITE_URL, site) is None and "<image>" not in (site / "feed_rss_created.xml").read_text()
    )


@pytest.mark.parametrize(
    ("blog_dir", "dropped", "kept"),
    [
        (
            ".",
            ["page/2/", "page/2/#section", "page/10/"],
            ["", "2026/11/16/page-2/", "blog/page/2/", "pages/2/"],
        ),
        ("blog", ["blog/page/2/", "blog/page/3/#x"], ["page/2/", "blog/", "blog/2026/11/16/a/"]),
    ],
)
def test_search_index_loses_the_blogs_pagination_pages_only(
    tmp_path: Path, blog_dir: str, dropped: list[str], kept: list[str]
) -> None:
    """Zensical's search.json lists the home page's pages 2…n (the index's title, no text)."""
    index = {
        "config": {"separator": "[\\s]+"},
        "items": [{"location": loc, "title": "最新"} for loc in kept + dropped],
    }
    path = tmp_path / "search.json"
    path.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    done = compact_search_index(tmp_path, pagination_pattern(blog_dir))
    assert done.changed == ("search.json",) and done.warnings == ()
    assert [e["location"] for e in json.loads(path.read_bytes())["items"]] == kept


def test_material_index_becomes_utf8_with_the_same_value(tmp_path: Path) -> None:
    index = {
        "config": {"lang": ["zh"]},
        "docs": [{"location": "page/2/", "title": "日报\u200b", "text": "<p>“甲”</p>"}],
    }
    path = tmp_path / "search" / "search_index.json"
    path.parent.mkdir()
    path.write_text(json.dumps(index), encoding="utf-8")
    escaped = path.stat().st_size
    assert compact_search_index(tmp_path).changed == ("search/search_index.json",)  # no pattern: all kept
    assert json.loads(path.read_bytes()) == index and path.stat().st_size < escaped
    assert compact_search_index(tmp_path).changed == ()


@pytest.mark.parametrize("key", ["docs", "items"])
def test_a_sections_copy_of_its_pages_tags_goes_other_tags_stay(tmp_path: Path, key: str) -> None:
    """Material repeats a page's tags in each section; the page keeps them, a section with tags of its own too."""
    tags = ["AI", "澄湖科技"]
    entries = [
        {"location": "2026/11/16/a/", "title": "日报", "text": "", "tags": tags},
        {"location": "2026/11/16/a/#s-1", "title": "一", "text": "", "tags": tags},
        {"location": "2026/11/16/a/#s-2", "title": "二", "text": "", "tags": ["别的"]},
        {"location": "about/#x", "title": "关于", "text": ""},
    ]
    path = tmp_path / ("search/search_index.json" if key == "docs" else "search.json")
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({"config": {}, key: entries}, ensure_ascii=False), encoding="utf-8")
    compact_search_index(tmp_path)
    written = json.loads(path.read_bytes())[key]
    assert [e.get("tags") for e in written] == [tags, None, ["别的"], None]
    assert [e["location"] for e in written] == [e["location"] for e in entries]


def mkdocs_separator() -> str:
    config = (Path(__file__).resolve().parents[1] / "mkdocs.yml").read_text(encoding="utf-8")
    (line,) = [x for x in config.splitlines() if x.strip().startswith("separator:")]
    return yaml.safe_load(line.strip())["separator"]


@pytest.mark.parametrize(
    ("text", "shorter"),
    [
        ("\u200b澄湖\u200b科技\u200b发布\u200bLumen-4\u200b芯片\u200b", True),
        ("<li>\u200b海州\u200b市\u200b，\u200b补贴\u200b500\u200b万元\u200b</li>", True),
        ("AI\u200b\u200b制药 “\u200b本草\u200b” 7B\u200b模型", True),
        ("Open\u200bweights and words", False),  # two Latin words glued by a zero-width space: they stay two
        ("澄湖\u200b科技", False),  # two Chinese words: only the zero-width space splits them
        ("澄湖\u200b\u200b科技", True),  # one of two goes, the other still splits the words
        ("\u200b\u200b", True),
    ],
)
def test_a_redundant_zero_width_space_goes_and_the_words_stay(
    tmp_path: Path, text: str, shorter: bool
) -> None:
    """The search splits the pruned text into the same words (the site's own separator), and it is shorter when
    a zero-width space stood beside punctuation, a Chinese–Latin boundary or an end."""
    separator = re.compile(mkdocs_separator())
    path = tmp_path / "search" / "search_index.json"
    path.parent.mkdir()
    entry = {"location": "a/", "title": text, "text": text}
    path.write_text(
        json.dumps({"config": {"separator": separator.pattern}, "docs": [entry]}), encoding="utf-8"
    )
    compact_search_index(tmp_path)
    (written,) = json.loads(path.read_bytes())["docs"]
    for field in ("title", "text"):
        words = [w for w in separator.split(written[field]) if w]
        assert words == [w for w in separator.split(text) if w], written[field]
        assert written[field].replace("\u200b", "") == text.replace("\u200b", "")
    assert (len(written["text"]) < len(text)) == shorter


# The command ------------------------------------------------------------------------------------------------------


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_finish_site_after_mkdocs_changes_nothing(sample_site: SampleRun, tmp_path: Path) -> None:
    """The hooks did it all in the MkDocs build: the command finds every file as it would write it."""
    site = tmp_path / "site"
    shutil.copytree(sample_site.site, site)
    assert run_cli("finish-site", str(site), "--config", str(sample_site.config), "--strict") == (0, "", "")
    comparison = filecmp.dircmp(sample_site.site, site)
    assert not comparison.diff_files and not comparison.left_only and not comparison.right_only
    for feed in ("feed_rss_created.xml", "feed_json_created.json", "search/search_index.json", "sitemap.xml"):
        assert (site / feed).read_bytes() == (sample_site.site / feed).read_bytes()


def site_config(folder: Path) -> Path:
    """The generator's default config with its site at `folder`: an mkdocs.yml with SITE_URL and no site_dir (so
    the built site is `folder`/site)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(f"site_name: 虚构日报\nsite_url: {SITE_URL}\n", encoding="utf-8")
    (folder / "docs").mkdir(exist_ok=True)  # no posts; a 订阅 page with no category or tag feed
    (folder / "docs" / "subscribe.md").write_text(render_subscribe_page("", (), ()), encoding="utf-8")
    settings = yaml.safe_load((ROOT / "generator" / "config.yml").read_text(encoding="utf-8"))
    settings["paths"] = {
        "mkdocs": str(folder / "mkdocs.yml"),
        "docs": str(folder / "docs"),
        "cache": str(folder),
    }
    path = folder / "generator.yml"
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return path


def test_finish_site_says_what_it_rewrote_and_what_it_left_out(tmp_path: Path) -> None:
    config = site_config(tmp_path)
    built_site(tmp_path, MKDOCS_FEED)  # into mkdocs.yml's default site_dir
    code, out, err = run_cli("finish-site", "--config", str(config))
    reader_feeds = [f"feeds/{name}" for name in ("kuaixun.xml", "kuaixun.json", "full.xml", "full.json")]
    assert code == 0 and out.splitlines() == ["feed_rss_created.xml", "feed_json_created.json", *reader_feeds]
    assert (
        err
        == f"warning: RSS enclosure {SITE_URL}assets/covers/2026-11-15.png: no such file in the built site, left out\n"
    )
    site = built_site(tmp_path / "again", MKDOCS_FEED)
    code, out, err = run_cli("finish-site", str(site), "--config", str(config), "--strict")
    assert code == 1 and err.endswith("error: 1 warning(s) above, and --strict was given\n")
    code, out, err = run_cli("finish-site", str(tmp_path / "nothing"), "--config", str(config))
    assert code == 1 and out == "" and "no built site at" in err and "build it first" in err
