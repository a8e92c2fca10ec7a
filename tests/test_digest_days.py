"""Our two fictional days (tests/data/digest_days.yml) through the real CLI, offline: a Chinese digest of a largely
English day, never a cut sentence, the follow-ups a reader notices (issue 19 §2, §4, §5). The figures of both
editors: scripts/bench digest."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path

import frontmatter
import pytest
from digest_days import DAYS, check_post, day_now, day_sources, serve_digest_days

from generator.cli import main
from generator.config import load_settings
from generator.samples import SAMPLE_DATE, sample_sources
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, sample_server: str) -> Iterator[Path]:
    """The sample day and our two days, written offline one after another into one copy of the site."""
    root = tmp_path_factory.mktemp("digest-days")
    copy_site(root / "site", include_posts=False)
    with serve_digest_days() as base:
        runs = [(SAMPLE_DATE, sample_sources(sample_server), SAMPLE_NOW)]
        runs += [(day, day_sources(base, day), day_now(day)) for day in DAYS]
        for day, sources, now in runs:
            config = write_sample_config(root / "site", base, root / "cache", {"sources": sources})
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
                code = main(["generate", "--config", str(config), "--date", day.isoformat(), "--now", now])
            assert code == 0, err.getvalue()
    yield root / "site"


@pytest.mark.parametrize("day", [SAMPLE_DATE, *DAYS])
def test_every_story_line_is_chinese_and_nothing_is_cut(written: Path, day: object) -> None:
    post = written / "docs" / "blog" / "posts" / f"{day}.md"
    figures = check_post(post, load_settings(written / "generator.yml"))
    assert figures["english_only_lines"] == 0 and figures["cut_sentences"] == 0, figures


def test_a_largely_english_day_reads_as_a_chinese_digest(written: Path) -> None:
    body = frontmatter.load(str(written / "docs" / "blog" / "posts" / f"{DAYS[0]}.md")).content
    # the English-only stories: who, what happened, the figures in Chinese notation, the original headline
    assert "Brightwater完成4\\.5亿美元D轮融资。原文标题：“Brightwater raises $450M Series D" in body
    assert "Fenmoor降价40%" in body and "欧盟提出新提案" in body
    # a story with a Chinese report is told from it, by its sources in both languages
    assert "### Orla发布推理模型Tern\\-2，上下文长度达100万词元" in body and "3 家来源报道" in body


def test_the_follow_up_compares_its_figure_and_leads_the_first_screen(written: Path) -> None:
    post = frontmatter.load(str(written / "docs" / "blog" / "posts" / f"{DAYS[1]}.md"))
    assert "**后续** · 12月2日报道以来的新进展：用户数由50万升至120万，蓝汀智能观察跟进报道。" in post.content
    assert (
        "后续：云岚科技“岚译2”用户数突破120万" in post.metadata["summary"][:3]
    )  # on the cover and the caption
    assert "2026-12-02.md#s-" in post.content  # to the story's own place in the day before
