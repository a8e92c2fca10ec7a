"""The window is a promise: no post from a half-open window, no invented place for undated items, the day from
--now, and one form per tag across editors and days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import builders
import frontmatter
import pytest

from generator.cli import main
from generator.feeds.parse import place_undated
from generator.models import FeedItem
from generator.post.tags import canonical_tags, known_forms, tag_key
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config
from generator.site.layout import SiteLayout
from generator.site.publish import post_tag_lists

ZONE = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 15, 8, tzinfo=ZONE)
END = datetime(2026, 11, 16, 8, tzinfo=ZONE)
GRACE = timedelta(hours=12)


@pytest.fixture
def sample_config(sample_server: str, tmp_path: Path) -> Path:
    copy_site(tmp_path / "src", include_posts=False)
    return write_sample_config(tmp_path / "src", sample_server, tmp_path / "cache")


def posts(config: Path) -> list[str]:
    return sorted(p.name for p in (config.parent / "docs" / "blog" / "posts").glob("*.md"))


def test_a_run_before_the_window_closes_writes_nothing_and_says_when(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_site(tmp_path / "src", include_posts=False)
    # Nothing listens on port 9: had the run fetched anything, the error would be about the sources.
    config = write_sample_config(tmp_path / "src", "http://127.0.0.1:9", tmp_path / "cache")
    code = main(["generate", "--config", str(config), "--now", "2026-11-16T07:35:00+08:00"])
    err = capsys.readouterr().err.splitlines()[-1]
    assert code == 1 and posts(config) == []
    assert err.startswith(
        "error: the post for 2026-11-16 covers items published until 2026-11-16 08:00+08:00"
    )
    assert "which is 25 min from now" in err and "--partial" in err


def test_partial_writes_from_the_open_window_and_notes_it(
    sample_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["generate", "--config", str(sample_config), "--now", "2026-11-16T07:35:00+08:00", "--partial"]
    )
    err = capsys.readouterr().err
    assert code == 0 and posts(sample_config) == ["2026-11-16.md"]
    assert "note: written before the window closed (2026-11-16T08:00+08:00)" in err


@pytest.mark.parametrize(
    ("now", "day"),
    [
        ("2026-11-16T08:20:00+08:00", "2026-11-16"),
        ("2026-11-16T00:20:00+00:00", "2026-11-16"),  # 08:20 in Beijing
        ("2026-11-15T19:20:00-05:00", "2026-11-16"),  # 08:20 in Beijing, the day before in New York
    ],
)
def test_the_day_comes_from_now_when_no_date_is_given(
    sample_config: Path, now: str, day: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", "--config", str(sample_config), "--now", now]) == 0
    assert posts(sample_config) == [f"{day}.md"]


def item(n: int, published: datetime | None) -> FeedItem:
    return builders.feed_item(
        f"t{n}",
        n=n,
        id=f"i{n}",
        source="s",
        published=published or datetime(2026, 11, 30, 9, tzinfo=ZONE),
        dated=published is not None,
    )


def test_undated_items_are_placed_only_by_a_run_close_to_the_window() -> None:
    dated, undated = item(1, datetime(2026, 11, 15, 20, tzinfo=ZONE)), item(2, None)
    on_time = datetime(2026, 11, 16, 8, 17, tzinfo=ZONE)
    placed, left_out = place_undated([dated, undated], START, END, on_time, GRACE)
    assert left_out == 0 and placed[0] == dated
    assert placed[1].published == END - timedelta(seconds=1) and not placed[1].dated  # shown without a time
    during = datetime(2026, 11, 15, 21, tzinfo=ZONE)  # a partial run inside the window: the time it was seen
    assert place_undated([undated], START, END, during, GRACE)[0][0].published == during
    backfill = datetime(2026, 11, 19, 9, tzinfo=ZONE)
    assert place_undated([dated, undated], START, END, backfill, GRACE) == ([dated], 1)
    assert place_undated([undated], START, END, END + GRACE, GRACE) == ([], 1)


def test_a_backfill_leaves_undated_items_out_and_counts_them(
    sample_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sample feeds hold one undated item (d4): the day's own run would file it; a run three days later
    cannot, so it is left out and said so."""
    code = main(["generate", "--config", str(sample_config), "--date", "2026-11-16", "--now", SAMPLE_NOW])
    assert code == 0
    late = datetime.fromisoformat(SAMPLE_NOW) + timedelta(days=3)
    code = main(
        ["generate", "--config", str(sample_config), "--date", "2026-11-15", "--now", late.isoformat()]
    )
    err = capsys.readouterr().err
    assert code == 0
    assert "note: 1 item(s) without a date left out" in err


def test_tag_keys_ignore_case_width_and_separators() -> None:
    assert tag_key("AI") == tag_key("ai") == tag_key("Ａｉ") == tag_key(" a-i ")
    assert tag_key("GPT-5") == tag_key("gpt 5") == tag_key("GPT5")
    assert tag_key("AI 日报") == tag_key("ai日报") != tag_key("日报")


def test_canonical_tags_keep_the_sites_first_form() -> None:
    known = known_forms([["AI", "AI 日报"], ["OpenAI", "Gemini"], ["openai", "GEMINI"]])
    assert known[tag_key("openai")] == "OpenAI"
    assert canonical_tags(["ai", "Ai", "AI", "openAI", "DeepSeek", "deepseek", " "], known) == (
        "AI",
        "OpenAI",
        "DeepSeek",
    )


def test_post_tag_lists_reads_earlier_posts_oldest_first(tmp_path: Path) -> None:
    folder = tmp_path / "blog" / "posts"
    folder.mkdir(parents=True)
    for day, tags in (
        ("2026-11-14", ["OpenAI"]),
        ("2026-11-15", ["openai", "Mistral"]),
        ("2026-11-16", ["X"]),
    ):
        (folder / f"{day}.md").write_text(f"---\ntitle: t\ntags: {tags}\n---\n\n# t\n", encoding="utf-8")
    assert post_tag_lists(SiteLayout(tmp_path), date(2026, 11, 16)) == [["OpenAI"], ["openai", "Mistral"]]


def test_a_post_uses_the_tag_forms_of_earlier_posts(sample_config: Path) -> None:
    """An earlier post spelled today's tags differently: today's post keeps the site's forms (the configured
    base tags "AI" and "AI 日报" keep theirs)."""
    assert (
        main(["generate", "--config", str(sample_config), "--date", "2026-11-16", "--now", SAMPLE_NOW]) == 0
    )
    folder = sample_config.parent / "docs" / "blog" / "posts"
    today = frontmatter.load(str(folder / "2026-11-16.md"))["tags"]
    base = ["AI", "AI 日报"]
    assert today[:2] == base and any(t != t.swapcase() for t in today[2:])
    older = frontmatter.Post("# t", title="t", date=date(2026, 11, 1), tags=[t.swapcase() for t in today])
    (folder / "2026-11-01.md").write_text(frontmatter.dumps(older), encoding="utf-8")
    late = datetime(2026, 11, 16, 8, 20, tzinfo=UTC).isoformat()
    command = ["generate", "--config", str(sample_config), "--date", "2026-11-16", "--now", late, "--force"]
    assert main(command) == 0
    again = frontmatter.load(str(folder / "2026-11-16.md"))["tags"]
    assert again == base + [t.swapcase() for t in today[2:]]
