"""The channel post: composed within Telegram's limits, sent once per post to a fake Bot API on loopback.

The fake (tests/fake_telegram.py) refuses what the real API refuses: a caption over 1024 or a text over 4096
characters (UTF-16 code units), tags outside Telegram's HTML style, a wrong chat, a photo-less sendPhoto.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import frontmatter
import pytest
from conftest import SampleRun
from fake_telegram import FakeBotApi, parse_html, refuse, utf16
from pytest_httpserver import HTTPServer

from generator.channels import Sent, configured_channels
from generator.channels.announce import announce_day, marker_path
from generator.channels.telegram import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    Announcement,
    BotApi,
    TelegramChannel,
    bullets_of,
    compose,
)
from generator.cli import main
from generator.errors import AnnounceError
from generator.samples import SAMPLE_DATE
from generator.samples.demo import write_sample_config
from generator.site.layout import SiteLayout, load_site
from generator.site.posts import load_posts

TOKEN = "123456:AAF-secret-token_xyz"
CHAT = "@ai_news_test_channel"
DAY = SAMPLE_DATE.isoformat()
SITE_URL = "https://example.github.io/ai-news-daily/"
POST_URL = f"{SITE_URL}{SAMPLE_DATE:%Y/%m/%d}/ai-daily-{DAY}/"


@pytest.fixture
def site_copy(sample_site: SampleRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample site (its post and cover) with a config whose cache is this test's own."""
    monkeypatch.delenv("SITE_URL", raising=False)
    shutil.copytree(sample_site.root / "src", tmp_path / "src")
    return write_sample_config(tmp_path / "src", sample_site.base_url, tmp_path / "cache")


@pytest.fixture
def bot(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> FakeBotApi:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_CHAT_ID", CHAT)
    fake = FakeBotApi(httpserver, TOKEN, CHAT).install()
    monkeypatch.setenv("TELEGRAM_API_BASE", fake.base)
    return fake


def announce(config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["announce", "--config", str(config), "--date", DAY])
    out, err = capsys.readouterr()
    return code, out, err


def markers(config: Path) -> list[Path]:
    return sorted((config.parent.parent / "cache" / "telegram").glob("*.json"))


# --- the message ------------------------------------------------------------------------------------------------


def test_the_post_goes_out_once_as_its_cover_with_title_bullets_and_link(
    site_copy: Path, bot: FakeBotApi, sample_site: SampleRun, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = announce(site_copy, capsys)
    assert code == 0, err
    (call,) = bot.calls
    assert call.method == "sendPhoto" and call.form["chat_id"] == CHAT and call.form["parse_mode"] == "HTML"
    assert call.photo == sample_site.cover.read_bytes()
    meta = frontmatter.load(str(sample_site.post)).metadata
    caption = parse_html(call.form["caption"])
    assert caption.bold == [meta["title"]] and caption.links == [POST_URL]
    lines = caption.visible.split("\n")
    bullets = [line.removeprefix("• ") for line in lines if line.startswith("• ")]
    assert bullets == meta["summary"][:5] and 3 <= len(bullets) <= 5
    assert lines[0] == meta["title"] and lines[-1] == "阅读全文" and utf16(caption.visible) <= CAPTION_LIMIT
    # the link is the post's page in the built site
    assert (sample_site.site / POST_URL.removeprefix(SITE_URL) / "index.html").is_file()
    assert out == f"{DAY}.md: sent to Telegram (sendPhoto, message 101)\n"
    (marker,) = markers(site_copy)
    assert json.loads(marker.read_text(encoding="utf-8"))["message_id"] == 101
    assert TOKEN not in out + err + marker.read_text(encoding="utf-8") and CHAT not in marker.read_text()

    code, out, err = announce(site_copy, capsys)  # a re-run: the marker is there, nothing is sent
    assert code == 0 and len(bot.calls) == 1 and out == ""
    assert err == f"{DAY}.md: already sent to Telegram; nothing sent again\n"


def test_a_refused_photo_goes_out_as_a_message(
    site_copy: Path, bot: FakeBotApi, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    bot.script["sendPhoto"] = [refuse(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")]
    code, out, err = announce(site_copy, capsys)
    assert code == 0, err
    assert [c.method for c in bot.calls] == ["sendPhoto", "sendMessage"]
    text = parse_html(bot.calls[1].form["text"])
    assert text.links == [POST_URL] and utf16(text.visible) <= MESSAGE_LIMIT
    assert "sendMessage, message 101" in out and "PHOTO_INVALID_DIMENSIONS" in caplog.text
    (marker,) = markers(site_copy)
    assert json.loads(marker.read_text(encoding="utf-8"))["method"] == "sendMessage"


def test_too_many_requests_is_waited_out_once(site_copy: Path, bot: FakeBotApi, capsys) -> None:
    bot.script["sendPhoto"] = [refuse(429, "Too Many Requests: retry after 1", retry_after=1)]
    code, _, err = announce(site_copy, capsys)
    assert code == 0, err
    assert [(c.method, c.status) for c in bot.calls] == [("sendPhoto", 429), ("sendPhoto", 200)]
    assert bot.calls[0].photo == bot.calls[1].photo  # the second try uploads the cover again, whole


@pytest.mark.parametrize(
    ("answers", "said"),
    [
        (
            {"sendPhoto": [refuse(403, "Forbidden: bot is not a member of the channel chat")]},
            "HTTP 403: Forbidden",
        ),
        (
            {"sendPhoto": [refuse(429, "Too Many Requests", retry_after=1)] * 2},
            "HTTP 429: Too Many Requests",
        ),
        (
            {
                "sendPhoto": [refuse(400, "Bad Request: x")],
                "sendMessage": [refuse(400, "Bad Request: chat not found")],
            },
            "sendMessage (HTTP 400: Bad Request: chat not found)",
        ),
        ({"sendPhoto": [(502, {})]}, "sendPhoto (HTTP 502: no description)"),
    ],
)
def test_a_failure_is_one_sentence_and_leaves_no_marker(
    site_copy: Path, bot: FakeBotApi, capsys: pytest.CaptureFixture[str], answers: dict, said: str
) -> None:
    bot.script.update({k: list(v) for k, v in answers.items()})
    code, out, err = announce(site_copy, capsys)
    assert code == 1 and out == "" and err.count("\n") == 1 and said in err and err.startswith("error: ")
    assert markers(site_copy) == [] and TOKEN not in err
    bot.script.clear()
    code, _, _ = announce(site_copy, capsys)  # the next run tries again, and succeeds
    assert code == 0 and len(markers(site_copy)) == 1


def test_an_unreachable_api_names_the_method_not_the_token(
    site_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_CHAT_ID", CHAT)
    monkeypatch.setenv("TELEGRAM_API_BASE", "http://127.0.0.1:9")  # the discard port: nothing listens
    code, out, err = announce(site_copy, capsys)
    assert (
        code == 1 and err == "error: 2026-11-16.md: cannot reach Telegram for sendPhoto (ConnectionError)\n"
    )
    assert markers(site_copy) == []


def test_without_the_secrets_it_says_what_to_set(site_copy: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("TELEGRAM_CHAT_ID", CHAT)
    code, out, err = announce(site_copy, capsys)
    assert code == 1 and "set TELEGRAM_BOT_TOKEN" in err and "TELEGRAM_CHAT_ID" in err


def test_a_day_without_a_post_is_an_error(site_copy: Path, bot: FakeBotApi, capsys) -> None:
    code = main(["announce", "--config", str(site_copy), "--date", "2026-11-17"])
    _, err = capsys.readouterr()
    assert code == 1 and "no post is dated 2026-11-17" in err and bot.calls == []


def test_the_token_stays_out_of_verbose_logs(site_copy: Path, bot: FakeBotApi) -> None:
    """-v logs every request (urllib3 names the URL, and the URL holds the token): the token is masked."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "announce", "-v", "--config", str(site_copy), "--date", DAY],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "POST /bot<token>/sendPhoto" in done.stderr  # urllib3's debug line, masked
    assert TOKEN not in done.stdout + done.stderr and len(bot.calls) == 1


# --- composing within the limits -----------------------------------------------------------------------------


def make(title: str, bullets: list[str], url: str = POST_URL) -> Announcement:
    return Announcement(Path("p.md"), title, tuple(bullets), url)


def test_bullets_are_dropped_whole_to_fit_the_caption() -> None:
    bullets = [f"第{n}条：" + "很长的摘要" * 60 for n in range(5)]  # 304 characters each
    composed = compose(make("标题", bullets), CAPTION_LIMIT)
    assert composed.bullets == 3 and utf16(composed.visible) <= CAPTION_LIMIT
    assert parse_html(composed.html).visible == composed.visible
    assert composed.visible.split("\n")[2:5] == [f"• {b}" for b in bullets[:3]]  # whole, in order
    assert compose(make("标题", bullets), MESSAGE_LIMIT).bullets == 5


def test_emoji_count_two_code_units() -> None:
    """A character outside the BMP is two UTF-16 code units: a bullet of 300 emoji takes 602 units, so two of
    them (616 code points, but 1,220 units) do not fit in a caption."""
    bullets = ["😀" * 300, "😀" * 300, "😀" * 300]
    composed = compose(make("标题", bullets), CAPTION_LIMIT)
    assert composed.bullets == 1 and utf16(composed.visible) == 2 + 2 + 602 + 2 + 4 <= CAPTION_LIMIT
    two = compose(make("标题", bullets[:2]), MESSAGE_LIMIT).visible
    assert len(two) <= CAPTION_LIMIT < utf16(two)


def test_a_title_too_long_is_cut_between_graphemes() -> None:
    family = "👨\u200d👩\u200d👧"  # one grapheme, five code points, eight UTF-16 units
    composed = compose(make(family * 200, ["一"]), CAPTION_LIMIT)
    assert composed.bullets == 0 and utf16(composed.visible) <= CAPTION_LIMIT
    title = parse_html(composed.html).bold[0]
    assert title.endswith("…") and set(title.removesuffix("…").split(family)) == {""}
    for limit in (CAPTION_LIMIT, MESSAGE_LIMIT, 50):
        composed = compose(make("字" * 5000, []), limit)
        assert utf16(composed.visible) == limit and composed.visible.count("…") == 1
        assert composed.visible == "字" * (limit - 7) + "…\n\n阅读全文"


def test_markup_in_text_stays_text() -> None:
    announcement = make(
        "<b>R&D</b> 与 <script>", ["a < b & c > d", "&amp; 不是实体"], url='https://x.test/?a=1&b="2"'
    )
    composed = compose(announcement, CAPTION_LIMIT)
    parsed = parse_html(composed.html)
    assert parsed.refused == [] and parsed.bold == ["<b>R&D</b> 与 <script>"]
    assert "• a < b & c > d" in parsed.visible and "• &amp; 不是实体" in parsed.visible
    assert parsed.links == ['https://x.test/?a=1&b="2"']


def test_bullets_come_from_the_summary_topped_up_with_headlines() -> None:
    meta = {"summary": ["一", "二", "三", "四", "五", "六"]}
    assert bullets_of(meta) == ("一", "二", "三", "四", "五")
    short = {"summary": ["一"]}
    assert bullets_of(short, ["一", "甲\n乙", "丙", ""]) == ("一", "甲 乙", "丙")
    assert bullets_of({}) == ()


# --- the Bot API client ---------------------------------------------------------------------------------------


def test_retry_after_is_the_wait(site_copy: Path, bot: FakeBotApi) -> None:
    bot.script["sendPhoto"] = [refuse(429, "Too Many Requests: retry after 7", retry_after=7)]
    waits: list[float] = []
    settings_site = load_site(site_copy.parent / "mkdocs.yml")
    layout = SiteLayout.of(site_copy.parent / "docs", settings_site)
    cache = site_copy.parent.parent / "cache"
    report = announce_day(
        SAMPLE_DATE,
        layout,
        settings_site,
        cache,
        TelegramChannel(BotApi(TOKEN, bot.base, sleep=waits.append), CHAT),
    )
    assert waits == [7.0] and [p.name for p, _ in report.sent] == [f"{DAY}.md"]
    assert marker_path(cache, report.sent[0][0]).is_file()
    too_long = [refuse(429, "Too Many Requests: retry after 3600", retry_after=3600)]
    bot.script["sendPhoto"] = too_long
    marker_path(cache, report.sent[0][0]).unlink()
    with pytest.raises(AnnounceError, match="HTTP 429"):
        announce_day(
            SAMPLE_DATE,
            layout,
            settings_site,
            cache,
            TelegramChannel(BotApi(TOKEN, bot.base, sleep=waits.append), CHAT),
        )
    assert waits == [7.0]  # an hour is not waited for


def test_every_post_of_the_day_is_sent(site_copy: Path, bot: FakeBotApi, capsys) -> None:
    """A second post filed under the same day (a weekly issue) gets its own message and marker."""
    posts = site_copy.parent / "docs" / "blog" / "posts"
    post = frontmatter.load(str(posts / f"{DAY}.md"))
    post["slug"], post["title"] = "weekly-2026-w47", "每周回顾｜第 47 周"
    (posts / "weekly-2026-w47.md").write_text(frontmatter.dumps(post), encoding="utf-8")
    layout = SiteLayout.of(site_copy.parent / "docs", load_site(site_copy.parent / "mkdocs.yml"))
    assert [r.path.name for r in load_posts(layout) if r.day == SAMPLE_DATE] == [
        f"{DAY}.md",
        "weekly-2026-w47.md",
    ]
    code, out, _ = announce(site_copy, capsys)
    assert code == 0 and len(bot.calls) == 2 and len(markers(site_copy)) == 2
    assert parse_html(bot.calls[1].form["caption"]).links == [
        f"{SITE_URL}{SAMPLE_DATE:%Y/%m/%d}/weekly-2026-w47/"
    ]


def test_a_post_without_its_cover_goes_out_as_a_message(site_copy: Path, bot: FakeBotApi, capsys) -> None:
    (site_copy.parent / "docs" / "assets" / "covers" / f"{DAY}.png").unlink()
    code, out, err = announce(site_copy, capsys)
    assert code == 0, err
    assert [c.method for c in bot.calls] == ["sendMessage"]
    assert parse_html(bot.calls[0].form["text"]).links == [POST_URL]


def test_the_posts_of_the_last_days_not_sent_yet_go_out_each_once(site_copy: Path, bot: FakeBotApi) -> None:
    """announce_recent (the daily workflow's `announce --recent`): every post of the last days without a marker,
    oldest first; a failed send is an error and leaves no marker, so the next run sends it; older posts never."""
    from datetime import timedelta

    from generator.channels.announce import announce_recent

    posts = site_copy.parent / "docs" / "blog" / "posts"
    original = frontmatter.load(str(posts / f"{DAY}.md"))
    for back in (1, 2, 5):  # the two days before, and one long ago
        day = SAMPLE_DATE - timedelta(days=back)
        copy = frontmatter.Post(original.content, **original.metadata)
        copy["date"] = original["date"] - timedelta(days=back)
        copy["slug"] = f"ai-daily-{day.isoformat()}"
        (posts / f"{day.isoformat()}.md").write_text(frontmatter.dumps(copy), encoding="utf-8")
    site = load_site(site_copy.parent / "mkdocs.yml")
    layout = SiteLayout.of(site_copy.parent / "docs", site)
    cache = site_copy.parent.parent / "cache"
    api = TelegramChannel(BotApi(TOKEN, bot.base, sleep=lambda _: None), CHAT)
    bot.script["sendPhoto"] = [
        (200, {"ok": True, "result": {"message_id": 7}}),
        (502, {}),
    ]
    with pytest.raises(AnnounceError, match=r"2026-11-15\.md: .*HTTP 502"):
        announce_recent(SAMPLE_DATE, 3, layout, site, cache, api)
    assert [p.stem for p in markers(site_copy)] == ["2026-11-14", "2026-11-16"]
    report = announce_recent(SAMPLE_DATE, 3, layout, site, cache, api)  # the next run
    assert [p.name for p, _ in report.sent] == ["2026-11-15.md"]
    assert [p.stem for p in markers(site_copy)] == ["2026-11-14", "2026-11-15", "2026-11-16"]
    assert announce_recent(SAMPLE_DATE, 3, layout, site, cache, api).sent == ()  # each exactly once
    assert not marker_path(cache, posts / "2026-11-11.md").exists()  # five days back is not "recent"


# --- the channel seam ---------------------------------------------------------------------------------------------


@dataclass
class NoteChannel:
    """A second channel, as a new module would add one: it keeps what it was given."""

    sent: list[Announcement] = field(default_factory=list)
    name: ClassVar[str] = "notes"
    label: ClassVar[str] = "Notes"
    secrets: tuple[str, ...] = ()

    def send(self, announcement: Announcement) -> Sent:
        self.sent.append(announcement)
        return Sent("note", len(self.sent))


def test_any_channel_gets_the_announcement_with_its_own_markers(site_copy: Path, bot: FakeBotApi) -> None:
    """announce is generic (generator.channels.channel): a channel that is not Telegram gets the same title, link
    and cover, keeps its own markers, and Telegram's markers do not stop it (nor its Telegram's)."""
    site = load_site(site_copy.parent / "mkdocs.yml")
    layout = SiteLayout.of(site_copy.parent / "docs", site)
    cache = site_copy.parent.parent / "cache"
    telegram = configured_channels(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_CHAT_ID": CHAT, "TELEGRAM_API_BASE": bot.base}
    )
    assert [c.name for c in telegram] == ["telegram"] and configured_channels({}) == []
    announce_day(SAMPLE_DATE, layout, site, cache, telegram[0])
    notes = NoteChannel()
    report = announce_day(SAMPLE_DATE, layout, site, cache, notes)
    (announcement,) = notes.sent
    assert announcement.url == POST_URL and announcement.cover is not None and announcement.title
    assert [p.name for p, _ in report.sent] == [f"{DAY}.md"] and len(bot.calls) == 1
    assert marker_path(cache, report.sent[0][0], "notes").is_file()
    assert announce_day(SAMPLE_DATE, layout, site, cache, notes).sent == ()  # once per channel
