"""The channel post per edition (issue 22): with `editions: [en]` and a second chat (TELEGRAM_CHAT_ID_EN), the
English post goes to its own channel with an English caption and its /en/ address, each edition with its own
markers; a failed English announcement is named in the error line (and the Actions annotation) and never costs
the Chinese one. Both sent through the real CLI to the fake Bot API on loopback (tests/fake_telegram.py)."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import frontmatter
import pytest
from fake_telegram import FakeBotApi, parse_html
from pytest_httpserver import HTTPServer

from generator.cli import main
from generator.samples import SAMPLE_DATE
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config

pytestmark = pytest.mark.slow  # the sample day generated with the English edition

TOKEN = "654321:BBG-another-secret_token"
CHAT = "@ai_news_zh_test"
CHAT_EN = "@ai_news_en_test"
DAY = SAMPLE_DATE.isoformat()
SITE_URL = "https://example.github.io/ai-news-daily/"
PATH = f"{SAMPLE_DATE:%Y/%m/%d}/ai-daily-{DAY}/"


@pytest.fixture(scope="module")
def both_editions(sample_server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample day generated once with the English edition on (no build: announcing reads the posts)."""
    root = tmp_path_factory.mktemp("editions-telegram")
    copy_site(root / "src", include_posts=False)
    config = write_sample_config(root / "src", sample_server, root / "cache", {"editions": ["en"]})
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SITE_URL", raising=False)
        patch.delenv("SITE_URL_EN", raising=False)
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(["generate", "--config", str(config), "--date", DAY, "--now", SAMPLE_NOW])
    assert code == 0, err.getvalue()
    assert (root / "src" / "docs-en" / "blog" / "posts" / f"{DAY}.md").is_file()
    return root / "src"


@pytest.fixture
def site_copy(
    both_editions: Path, sample_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """This test's copy of both sites, with its own cache (its own markers); returns its config."""
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("SITE_URL_EN", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    shutil.copytree(both_editions, tmp_path / "src")
    return write_sample_config(tmp_path / "src", sample_server, tmp_path / "cache", {"editions": ["en"]})


@pytest.fixture
def bot(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> FakeBotApi:
    """The fake Bot API, a member of both channels; both chats set."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_CHAT_ID", CHAT)
    monkeypatch.setenv("TELEGRAM_CHAT_ID_EN", CHAT_EN)
    fake = FakeBotApi(httpserver, TOKEN, CHAT, more_chats=(CHAT_EN,)).install()
    monkeypatch.setenv("TELEGRAM_API_BASE", fake.base)
    return fake


def announce(config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["announce", "--config", str(config), "--date", DAY])
    out, err = capsys.readouterr()
    return code, out, err


def markers(config: Path, folder: str) -> list[str]:
    return sorted(p.name for p in (config.parent.parent / "cache" / folder).glob("*.json"))


def test_each_edition_goes_to_its_own_channel_in_its_own_words(
    site_copy: Path, bot: FakeBotApi, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = announce(site_copy, capsys)
    assert code == 0, err
    zh, en = bot.calls
    assert (zh.form["chat_id"], en.form["chat_id"]) == (CHAT, CHAT_EN)  # the Chinese first
    assert zh.method == en.method == "sendPhoto"
    src = site_copy.parent
    assert zh.photo == (src / "docs" / "assets" / "covers" / f"{DAY}.png").read_bytes()
    assert en.photo == (src / "docs-en" / "assets" / "covers" / f"{DAY}.png").read_bytes() != zh.photo
    english = parse_html(en.form["caption"])
    meta = frontmatter.load(str(src / "docs-en" / "blog" / "posts" / f"{DAY}.md")).metadata
    assert english.bold == [meta["title"]] and meta["title"].startswith("AI Daily | ")
    assert english.links == [f"{SITE_URL}en/{PATH}"] and english.visible.endswith("\n\nRead the post")
    assert "阅读全文" not in english.visible
    chinese = parse_html(zh.form["caption"])
    assert chinese.links == [SITE_URL + PATH] and chinese.visible.endswith("阅读全文")
    assert out.splitlines() == [
        f"{DAY}.md: sent to Telegram (sendPhoto, message 101)",
        f"{DAY}.md: sent to Telegram (English) (sendPhoto, message 102)",
    ]
    assert markers(site_copy, "telegram") == markers(site_copy, "telegram/en") == [f"{DAY}.json"]

    code, out, err = announce(site_copy, capsys)  # a re-run: both markers are there, nothing is sent
    assert code == 0 and len(bot.calls) == 2 and out == ""
    assert "already sent to Telegram (English)" in err


def test_a_failed_english_announcement_is_visible_and_costs_the_chinese_nothing(
    site_copy: Path, bot: FakeBotApi, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_CHAT_ID_EN", "@a_channel_the_bot_is_not_in")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, err = announce(site_copy, capsys)
    assert code == 1
    assert out.splitlines()[0] == f"{DAY}.md: sent to Telegram (sendPhoto, message 101)"
    said = (
        f"Telegram (English): {DAY}.md: Telegram refused sendMessage (HTTP 400: Bad Request: chat not found)"
    )
    assert err.splitlines()[-1] == f"error: {said}"
    assert (
        out.splitlines()[-1].startswith("::error title=ainews announce::") and said in out
    )  # the annotation
    assert markers(site_copy, "telegram") == [f"{DAY}.json"] and markers(site_copy, "telegram/en") == []
    assert TOKEN not in out + err

    # the owner fixes it: the next run sends the English post only
    monkeypatch.setenv("TELEGRAM_CHAT_ID_EN", CHAT_EN)
    code, out, err = announce(site_copy, capsys)
    assert code == 0 and out == f"{DAY}.md: sent to Telegram (English) (sendPhoto, message 102)\n"
    assert [c.form["chat_id"] for c in bot.calls if c.status == 200] == [CHAT, CHAT_EN]


def test_a_failed_chinese_announcement_does_not_stop_the_english(
    site_copy: Path, bot: FakeBotApi, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_CHAT_ID", "@a_channel_the_bot_is_not_in")
    code, out, err = announce(site_copy, capsys)
    assert code == 1 and "error: 2026-11-16.md: Telegram refused sendMessage" in err
    assert out == f"{DAY}.md: sent to Telegram (English) (sendPhoto, message 101)\n"
    assert markers(site_copy, "telegram") == [] and markers(site_copy, "telegram/en") == [f"{DAY}.json"]


def test_without_the_english_chat_only_the_chinese_post_is_sent(
    site_copy: Path, bot: FakeBotApi, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TELEGRAM_CHAT_ID_EN")
    code, out, err = announce(site_copy, capsys)
    assert code == 0 and err == "" and [c.form["chat_id"] for c in bot.calls] == [CHAT]
    assert not (site_copy.parent.parent / "cache" / "telegram" / "en").exists()


def test_an_english_day_without_its_post_is_a_line_not_an_error(
    site_copy: Path, bot: FakeBotApi, capsys: pytest.CaptureFixture[str]
) -> None:
    (site_copy.parent / "docs-en" / "blog" / "posts" / f"{DAY}.md").unlink()  # its gate refused it that day
    code, out, err = announce(site_copy, capsys)
    assert code == 0 and [c.form["chat_id"] for c in bot.calls] == [CHAT]
    assert err == f"no en post is dated {DAY}: nothing sent to Telegram (English)\n"
    assert json.loads((site_copy.parent.parent / "cache" / "telegram" / f"{DAY}.json").read_text())["post"]


def test_the_plan_sees_an_english_post_not_sent_yet(
    site_copy: Path, bot: FakeBotApi, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    from generator.config import load_settings
    from generator.ops.commands import unsent_posts
    from generator.site import SiteLayout, load_site

    settings = load_settings(site_copy)
    layout = SiteLayout.of(settings.paths.docs, load_site(settings.paths.mkdocs))
    now = datetime.fromisoformat(SAMPLE_NOW)
    monkeypatch.setenv("TELEGRAM_CHAT_ID_EN", "@a_channel_the_bot_is_not_in")
    assert announce(site_copy, capsys)[0] == 1  # the Chinese post sent, the English one not
    monkeypatch.setenv("TELEGRAM_EN_SET", "true")
    (english,) = unsent_posts(settings, layout, now)
    assert english == site_copy.parent / "docs-en" / "blog" / "posts" / f"{DAY}.md"
    monkeypatch.setenv("TELEGRAM_EN_SET", "false")  # no English channel: nothing waits for it
    assert unsent_posts(settings, layout, now) == []
