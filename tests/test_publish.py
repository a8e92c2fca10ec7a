from __future__ import annotations

import json
import logging
import os
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import builders
import pytest

from generator.errors import GateError, PostExistsError
from generator.models import Post, StoryRecord
from generator.site.layout import SiteLayout
from generator.site.posts import read_front_matter
from generator.site.publish import (
    check_gate,
    recent_post_links,
    recent_source_urls,
    recent_story_records,
    write_post,
    write_summary,
)

DAY = date(2026, 11, 16)
LINK = "https://example.com/a"


def make_post(body: str = f"# 标题\n\n正文 [原文]({LINK})\n", **meta: object) -> Post:
    return builders.post(body, day=DAY, **{"sources": [LINK], **meta})


def gate(post: Post, links: set[str] | None = None) -> None:
    check_gate(post, min_stories=3, allowed_links=links or {LINK}, allowed_images=set(), authors={"ainews"})


def test_gate_passes_a_good_post() -> None:
    gate(make_post())


@pytest.mark.parametrize(
    ("post", "reason"),
    [
        (make_post(stories_kept=1), "only 1 stories"),
        (make_post(slug="AI 日报"), "not lowercase ASCII"),
        (make_post(authors=["ghost"]), "author 'ghost'"),
        (make_post(description="长" * 161), "longer than 160"),
        (make_post(date="2026-11-16"), "not a YAML date"),
        (
            make_post(body="# t\n\n[x](https://evil.example/)\n"),
            "evil.example/ is not one of the fetched items",
        ),
        (make_post(body="# t\n\n<script>alert(1)</script>\n"), "active HTML"),
        (make_post(body='# t\n\n<p onclick="x()">hi</p>\n'), "event handler"),
        (make_post(body="# t\n\n![x](https://evil.example/p.png)\n"), "is not ours"),
        (make_post(body="no heading\n"), "no heading"),
    ],
)
def test_gate_refuses(post: Post, reason: str) -> None:
    with pytest.raises(GateError, match=reason):
        gate(post)


def test_write_refuses_to_clobber_and_force_replaces(tmp_path: Path) -> None:
    post = make_post()
    layout = SiteLayout(tmp_path)
    written, cover = write_post(post, layout, force=False)
    assert (
        written == tmp_path / "blog/posts/2026-11-16.md"
        and cover == tmp_path / "assets/covers/2026-11-16.png"
    )
    assert written.read_text(encoding="utf-8") == post.markdown
    with pytest.raises(PostExistsError, match="--force"):
        write_post(make_post(title="另一个"), layout, force=False)
    assert written.read_text(encoding="utf-8") == post.markdown
    write_post(make_post(title="另一个"), layout, force=True)
    assert "title: 另一个" in written.read_text(encoding="utf-8")
    assert sorted(p.name for p in written.parent.iterdir()) == ["2026-11-16.md"]  # no temp files left


def test_failed_write_leaves_nothing_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_link = os.link

    def broken_link(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "link", broken_link)
    with pytest.raises(OSError):
        write_post(make_post(), SiteLayout(tmp_path), force=False)
    monkeypatch.setattr(os, "link", real_link)
    layout = SiteLayout(tmp_path)
    assert not layout.post_file(DAY).exists() and not layout.file(layout.cover_ref(DAY)).exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_recent_source_urls(tmp_path: Path) -> None:
    for offset, url in ((1, "https://a.example/1"), (7, "https://a.example/7"), (8, "https://a.example/8")):
        post = make_post(sources=[url])
        path = SiteLayout(tmp_path).post_file(date.fromordinal(DAY.toordinal() - offset))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(post.markdown, encoding="utf-8")
    assert recent_source_urls(SiteLayout(tmp_path), DAY, 7) == {"https://a.example/1", "https://a.example/7"}


def write_earlier(layout: SiteLayout, offset: int, text: str) -> None:
    path = layout.post_file(DAY - timedelta(days=offset))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_recent_story_records(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    layout = SiteLayout(tmp_path)
    story = {"id": "ab12cd34", "headline": "H", "titles": ["T1", "T2"], "urls": ["https://a.example/1"]}
    follow_up = {
        **story,
        "id": "thread01",
        "source_names": ["机器之芯", "Northwind AI Review"],
        "importance": 4,
        "category": "模型与研究",
        "kind": "follow-up",
        "follows": {"date": DAY - timedelta(days=2), "id": "thread01"},
        "since": DAY - timedelta(days=3),
    }
    broken = [{"id": "x"}, "not a record", {"titles": ["no id"]}, {**story, "importance": 9, "since": "soon"}]
    write_earlier(layout, 1, make_post(stories=[story, follow_up, *broken]).markdown)
    write_earlier(layout, 2, make_post(stories="not a list").markdown)
    write_earlier(layout, 3, make_post().markdown)  # a post written before the records existed
    write_earlier(layout, 8, make_post(stories=[story]).markdown)  # older than the memory
    with caplog.at_level(logging.WARNING, logger="generator.site.publish"):
        records = recent_story_records(layout, DAY, 7)
    yesterday = DAY - timedelta(days=1)
    assert records == [
        StoryRecord(yesterday, "ab12cd34", "H", ("T1", "T2"), ("https://a.example/1",)),
        StoryRecord(
            yesterday,
            "thread01",
            "H",
            ("T1", "T2"),
            ("https://a.example/1",),
            ("机器之芯", "Northwind AI Review"),
            4,
            "模型与研究",
            DAY - timedelta(days=3),
            sources=2,
            kind="follow-up",
            follows=(DAY - timedelta(days=2), "thread01"),
        ),
        # importance 9 is clamped to 5 (the weekly issue reads it the same way); since "soon" is dropped
        StoryRecord(yesterday, "ab12cd34", "H", ("T1", "T2"), ("https://a.example/1",), importance=5),
    ]
    assert "3 of its story records are not valid" in caplog.text
    assert "1 of its story records are not valid" in caplog.text  # the post with a string for a list


def test_story_records_are_read_from_the_file_beside_the_post(tmp_path: Path) -> None:
    """A post written now keeps its records in `<day>.stories.json` (dates as ISO strings), not in its front
    matter; the file wins over front matter records of the same post."""
    layout = SiteLayout(tmp_path)
    post = make_post()
    records = (
        {
            "id": "ab12cd34",
            "headline": "H",
            "titles": ["T1"],
            "urls": ["https://a.example/1"],
            "importance": 7,
        },
        {
            "id": "thread01",
            "headline": "F",
            "titles": ["T2"],
            "urls": [],
            "kind": "follow-up",
            "follows": {"date": DAY - timedelta(days=3), "id": "thread01"},
            "since": DAY - timedelta(days=4),
        },
    )
    earlier = replace(post, day=DAY - timedelta(days=1), records=records)
    write_post(earlier, layout, force=False)
    data_file = layout.records_file(layout.post_file(earlier.day))
    assert json.loads(data_file.read_text(encoding="utf-8"))["stories"][1]["follows"] == {
        "date": (DAY - timedelta(days=3)).isoformat(),
        "id": "thread01",
    }
    assert "stories" not in read_front_matter(layout.post_file(earlier.day))
    first, follow_up = recent_story_records(layout, DAY, 7)
    assert first.importance == 5 and first.kind == "entry"
    assert follow_up.follows == (DAY - timedelta(days=3), "thread01") and follow_up.since == DAY - timedelta(
        4
    )


def test_the_gate_accepts_links_to_recent_posts_only(tmp_path: Path) -> None:
    layout = SiteLayout(tmp_path)
    write_earlier(layout, 1, make_post().markdown)
    write_earlier(layout, 9, make_post().markdown)
    posts = recent_post_links(layout, DAY, 7)
    assert posts == {"2026-11-15.md"}
    gate(make_post(f"# 标题\n\n[原文]({LINK}) [前文：H](2026-11-15.md)\n"), {LINK} | posts)
    # a story's own place in that post (its stable anchor)
    gate(make_post(f"# 标题\n\n[原文]({LINK}) [前文：H](2026-11-15.md#s-1a2b3c4d)\n"), {LINK} | posts)
    for target in (
        "2026-11-14.md",
        "2026-11-07.md",
        "../../about.md",
        "2026-11-15.md#x",
        "2026-11-14.md#s-1a",
    ):
        with pytest.raises(GateError, match="is not one of the fetched items"):
            gate(make_post(f"# 标题\n\n[原文]({LINK}) [前文：H]({target})\n"), {LINK} | posts)


def test_summary_goes_to_json_and_step_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    step = tmp_path / "step.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step))
    path = write_summary(
        {"date": "2026-11-16", "started": "2026-11-16T08:20:00+08:00"}, tmp_path / ".cache", "### hi"
    )
    assert path.parent == tmp_path / ".cache" / "runs" and path.read_text(encoding="utf-8").startswith("{")
    assert step.read_text(encoding="utf-8") == "### hi\n"
