"""The English edition's pages beside its posts (issue 22): its status page and archive in English (post/words_en.py
"pages", "status"), and the 报错 link of its stories in English carrying the English post's address; the Chinese
pages as they were (their golden files: tests/test_golden.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import yaml

from generator.finish import with_report_links
from generator.post import words_for
from generator.site import PostRecord, SiteLayout, untranslated_chinese
from generator.site.pages import render_archive_page, render_status_page
from generator.site.posts import split_front_matter

ZONE = ZoneInfo("Asia/Shanghai")
EN_POST = "https://example.github.io/ai-news-daily/en/2026/11/16/ai-daily-2026-11-16/"
SUMMARY = {
    "date": "2026-11-16",
    "started": "2026-11-16T08:20:00+08:00",
    "editor": "gemini-3.8-flash+offline",
    "post": EN_POST,
    "title": "AI Daily | Tidewater Labs ships a chip",
    "owner_action": None,
    "degradations": [{"kind": "sources", "message": "1 of 2 sources failed: Harbor Wire (HTTP 404)"}],
    "sources": [
        {
            "name": "潮汐日报",
            "status": "ok",
            "items": 4,
            "latency_s": 0.2,
            "newest": "2026-11-16T07:30:00+08:00",
        },
        {"name": "Harbor Wire", "status": "failed", "items": 0, "latency_s": 0.05, "error": "HTTP 404"},
    ],
}


def test_the_english_status_page_is_in_english() -> None:
    text = render_status_page(SUMMARY, ZONE, "en")
    meta, body = split_front_matter(text)
    assert meta["title"] == "Source status" and meta["search"] == {"exclude": True}
    assert body.startswith("\n# Source status\n")
    assert (
        f"Latest post: [AI Daily \\| Tidewater Labs ships a chip](<{EN_POST}>), generated 2026-11-16 08:20"
        in body
    )
    assert ", written by gemini\\-3\\.8\\-flash (partly offline)." in body
    assert "\n- Some sources could not be fetched\n" in body  # the table below names them
    assert "| Source | Status | Note | Items | Newest item | Time |" in body
    assert (
        "| Harbor Wire | Failed | HTTP 404 | - | - | 0.05 s |" in body
    )  # failures first, the reason as written
    assert "| 潮汐日报 | OK |  | 4 | 2026-11-16 07:30 | 0.20 s |" in body
    assert untranslated_chinese(text, ["潮汐日报"]) == []
    assert split_front_matter(render_status_page(None, ZONE, "en"))[1].strip().startswith("# Source status")


def test_the_english_archive_is_in_english(tmp_path: Path) -> None:
    layout = SiteLayout(tmp_path)

    def post(name: str, when: datetime, title: str) -> PostRecord:
        return PostRecord(layout.posts_folder() / name, {"title": title}, when)

    posts = [
        post("2026-10-31.md", datetime(2026, 10, 31, 8, tzinfo=ZONE), "AI Daily | end of October"),
        post("2026-W44.md", datetime(2026, 11, 1, 8, 1, tzinfo=ZONE), "AI Weekly | week 44"),
    ]
    meta, body = split_front_matter(render_archive_page(posts, layout, "en"))
    assert meta["title"] == "Archive"
    assert body.splitlines()[3:] == [
        "## November 2026",
        "",
        "- November 1 · [AI Weekly \\| week 44](blog/posts/2026-W44.md)",
        "",
        "## October 2026",
        "",
        "- October 31 · [AI Daily \\| end of October](blog/posts/2026-10-31.md)",
    ]
    assert split_front_matter(render_archive_page([], layout, "en"))[1].endswith("No posts yet.\n")


def test_every_pages_word_of_english_is_english() -> None:
    words = words_for("en")["pages"]
    assert untranslated_chinese(yaml.safe_dump(dict(words), allow_unicode=True), []) == []


PAGE = """<html lang="en"><head>
<link rel="canonical" href="{url}">
<meta property="article:published_time" content="2026-11-16T08:00:00+08:00">
</head><body><article>
<h2 id="s-1a2b3c4d">Tidewater Labs ships a chip<a class="headerlink" href="#s-1a2b3c4d">¶</a></h2>
<p>Reported by 潮汐日报.</p>
</article></body></html>"""


def test_an_english_story_reports_in_english_with_the_english_address() -> None:
    page = with_report_links(
        PAGE.format(url=EN_POST), "https://github.com/owner/site", words_for("en")["pages"]
    )
    (link,) = lxml.html.fromstring(page).xpath("//a[@class='report-link']")
    assert link.text == "Report an error" and link.get("title") == "Report an error in this story"
    query = parse_qs(urlsplit(link.get("href")).query)
    assert query["title"] == ["Correction: 2026-11-16 Tidewater Labs ships a chip"]
    assert query["post"] == [EN_POST + "#s-1a2b3c4d"] and query["story"] == ["s-1a2b3c4d"]
    assert query["template"] == ["correction.yml"] and query["day"] == ["2026-11-16"]
    chinese = with_report_links(PAGE.format(url=EN_POST), "https://github.com/owner/site")
    assert ">报错</a>" in chinese  # without words: the Chinese ones, as before
