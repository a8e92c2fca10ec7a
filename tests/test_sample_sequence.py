"""The three-day sample sequence (generator/samples/README.md, "The days after"): 2026-11-16, 11-17 and 11-18 through
the real CLI, one after another, into one copy of the site, then the real `mkdocs build --strict`.

One story continues: StarWeave-2's release (11-16) gets a new source and a new figure on 11-17 (its downloads) and
again on 11-18, each time as one 后续 entry that links to the post before it and keeps the story's identity. A story
with nothing new (Lumenary's funding, told again by a source that told it) and an item of an earlier post (an undated
opinion piece every day) are left out and counted."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import frontmatter
import lxml.html
import pytest
from fake_gemini import serve_fake_gemini

from generator.cli import main
from generator.samples import SAMPLE_DAYS
from generator.samples.demo import build_site, copy_site, sample_now, write_sample_config

DAY1, DAY2, DAY3 = SAMPLE_DAYS


@dataclass(frozen=True)
class Sequence:
    root: Path
    base_url: str

    def post(self, day: date) -> frontmatter.Post:
        return load_post(self.root / "src" / "docs" / "blog" / "posts" / f"{day}.md")

    def summary(self, day: date) -> dict:
        (path,) = (self.root / "cache" / "runs").glob(f"{day}-*.json")
        return json.loads(path.read_text(encoding="utf-8"))

    def page(self, day: date) -> lxml.html.HtmlElement:
        (path,) = (self.root / "site").glob(f"{day:%Y/%m/%d}/*/index.html")
        return lxml.html.fromstring(path.read_bytes())


def load_post(path: Path) -> frontmatter.Post:
    """A post and, as `.records`, the story records written beside it."""
    post = frontmatter.load(str(path))
    post.records = json.loads(path.with_name(f"{path.stem}.stories.json").read_text(encoding="utf-8"))[
        "stories"
    ]
    return post


@pytest.fixture(scope="module")
def sequence(sample_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sequence]:
    root = tmp_path_factory.mktemp("sequence")
    copy_site(root / "src", include_posts=False)
    for day in SAMPLE_DAYS:
        config = write_sample_config(root / "src", sample_server, root / "cache", day=day)
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(
                ["generate", "--config", str(config), "--date", day.isoformat(), "--now", sample_now(day)]
            )
        assert code == 0, err.getvalue()
    build_site(root / "src", root / "site")
    yield Sequence(root, sample_server)


def records(post: frontmatter.Post, kind: str | None = None) -> list[dict]:
    assert "stories" not in post.metadata  # the records live beside the post, not in its front matter
    return [r for r in post.records if kind is None or r["kind"] == kind]


def release_id(sequence: Sequence) -> str:
    (release,) = [r for r in records(sequence.post(DAY1)) if "StarWeave-2" in " ".join(r["titles"])]
    return release["id"]


def test_day_two_continues_the_release_once(sequence: Sequence) -> None:
    post = sequence.post(DAY2)
    (follow_up,) = records(post, "follow-up")
    assert follow_up["id"] == release_id(sequence)  # the story keeps its identity
    assert follow_up["follows"] == {"date": str(DAY1), "id": release_id(sequence)} and follow_up[
        "since"
    ] == str(DAY1)
    assert follow_up["headline"] == "星衡智能“星织2”开源首日下载量破50万，登顶开源模型热榜"
    assert follow_up["source_names"] == ["Northwind AI Review", "硅基日报"] and follow_up["sources"] == 2
    assert (follow_up["importance"], follow_up["category"]) == (5, "模型与研究")  # those of the release
    body = post.content
    anchor = f"s-{release_id(sequence)}"
    # placed among the entries by importance (the release's 5: first in its section), not in a log at the end
    assert (
        "## 后续 / 持续跟踪" not in body and body.count("开源首日下载量破50万") == 2
    )  # a bullet and its entry
    # the bullet, citing the article whose headline it is (issue 21 §1)
    assert (
        "- 后续：星衡智能“星织2”开源首日下载量破50万，登顶开源模型热榜[\\[" in body.split("<!-- more -->")[0]
    )
    section = body.split("## 模型与研究 { data-search-exclude }\n\n", 1)[1]
    assert section.startswith(f"### 星衡智能“星织2”开源首日下载量破50万，登顶开源模型热榜 {{ #{anchor} }}\n")
    block = follow_up_block(body, "星衡智能“星织2”开源首日下载量破50万")
    assert "**后续** · 11月16日报道以来的新进展：新披露下载量50万，硅基日报跟进报道。\n" in block
    assert f"[前文：星衡智能开源千亿参数大模型“星织2”](2026-11-16.md#{anchor})（2026-11-16）\n" in block
    assert re.findall(r"\]\(([^)]+\.md[^)]*)\)", body) == [
        f"2026-11-16.md#{anchor}"
    ]  # the only relative link
    assert " · 2 家来源报道\n" in block
    assert follow_up["anchor"] == anchor


def follow_up_block(body: str, headline: str) -> str:
    """A follow-up's lines in a post: from its heading to the next heading."""
    start = body.index(f"### {headline}")
    return re.split(r"\n#{2,3} ", body[start + 4 :], maxsplit=1)[0]


def test_day_two_skips_and_counts_what_has_nothing_new(sequence: Sequence) -> None:
    post = sequence.post(DAY2)
    assert post.metadata["skipped_old"] == 2 and post.metadata["stories_kept"] == 7
    assert "本期共阅读 16 条资讯，精选 7 条，后续跟踪 1 条，2 条旧闻已略过；编辑：离线编辑。" in post.content
    text = post.content + json.dumps(post.metadata, default=str, ensure_ascii=False)
    for left_out in ("Lumenary", "lumenary-series-c", "evaluation-bottleneck", "bottleneck in AI"):
        assert left_out not in text
    summary = sequence.summary(DAY2)
    assert (summary["counts"]["follow_ups"], summary["counts"]["skipped_old"]) == (1, 2)
    assert summary["counts"]["seen_before"] == 2  # the re-listed funding item and the undated opinion piece
    (note,) = [n for n in summary["notes"] if "old stories left out" in n]
    assert note.startswith(
        "2 old stories left out (nothing new since a recent post): “Lumenary详解3亿美元C轮融资"
    )


def test_day_two_hard_negatives_are_new_stories(sequence: Sequence) -> None:
    """The same company's conference (not its model), one source's other dataset: new stories, not follow-ups."""
    kinds = {r["headline"]: r["kind"] for r in records(sequence.post(DAY2))}
    assert kinds["星衡智能开发者大会下周举行，或将发布智能体平台"] == "entry"
    assert kinds["开源社区发布中文指令微调数据集“百川汇”，含200万条样本"] == "entry"


def test_day_three_continues_the_follow_up(sequence: Sequence) -> None:
    post = sequence.post(DAY3)
    (follow_up,) = records(post, "follow-up")
    assert follow_up["id"] == release_id(sequence)  # a follow-up of a follow-up keeps the first id
    assert follow_up["follows"] == {"date": str(DAY2), "id": release_id(sequence)} and follow_up[
        "since"
    ] == str(DAY1)
    assert follow_up["source_names"] == ["The Gradient Ledger", "AI资讯聚合"]
    block = follow_up_block(post.content, "星衡智能“星织2”下载量突破100万次")
    # the figure compared with what the post before told, with its day
    assert (
        "**后续** · 11月17日报道以来的新进展：下载量由50万升至100万，The Gradient Ledger、AI资讯聚合跟进报道。\n"
        in block
    )
    anchor = f"s-{release_id(sequence)}"
    assert (
        f"[前文：星衡智能“星织2”开源首日下载量破50万，登顶开源模型热榜](2026-11-17.md#{anchor})（2026-11-17）"
        " · 自 2026\\-11\\-16 起持续跟踪\n"
    ) in block
    assert post.metadata["skipped_old"] == 1  # the undated opinion piece, told on 11-16
    assert "精选 5 条，后续跟踪 1 条，1 条旧闻已略过；" in post.content
    assert (
        sequence.summary(DAY3)["counts"]["follow_ups"],
        sequence.summary(DAY3)["counts"]["skipped_old"],
    ) == (1, 1)


def test_the_first_day_has_nothing_to_continue(sequence: Sequence) -> None:
    post = sequence.post(DAY1)
    assert post.metadata["skipped_old"] == 0 and not records(post, "follow-up")
    assert "后续" not in post.content and "旧闻" not in post.content


def test_the_built_site_links_each_follow_up_to_the_post_before(sequence: Sequence) -> None:
    """`mkdocs build --strict` validated the relative links (a missing post fails the build); in the pages they
    lead to the earlier post's permalink."""
    for day, earlier in ((DAY2, DAY1), (DAY3, DAY2)):
        (link,) = sequence.page(day).xpath("//article//a[starts-with(normalize-space(.), '前文：')]")
        path, _, anchor = link.get("href").partition("#")
        target = (sequence.root / "site" / f"{day:%Y/%m/%d}" / "x" / path).resolve()
        assert target.parent == (sequence.root / "site" / f"{earlier:%Y/%m/%d}").resolve()
        assert (target / "index.html").is_file()
        # the story's own place in that post (its stable anchor), not the top of it
        (story,) = sequence.page(earlier).xpath(f'//article//*[@id="{anchor}"]')
        assert "星织2" in story.text_content()


def test_the_model_sees_what_recent_posts_told_and_writes_what_is_new(
    sequence: Sequence, sample_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Day two again, written by (a fake) Gemini, still two requests: follow-ups and old news are decided before
    the editor; the write-up sees the follow-up with what the earlier posts told of it (a FOLLOWUP block) and
    writes what is new in one sentence, and sees what the last days told of a related story (its earlier
    reports); old news is never sent. The follow-up keeps its place, identity and records."""
    copy_site(tmp_path / "src", include_posts=False)
    posts = tmp_path / "src" / "docs" / "blog" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    for name in (f"{DAY1}.md", f"{DAY1}.stories.json"):  # a post and its story records
        shutil.copy2(sequence.root / "src" / "docs" / "blog" / "posts" / name, posts / name)
    config = write_sample_config(tmp_path / "src", sample_server, tmp_path / "cache", day=DAY2)
    run = ["generate", "--config", str(config), "--date", DAY2.isoformat(), "--now", sample_now(DAY2)]
    with serve_fake_gemini(monkeypatch) as fake, contextlib.redirect_stderr(io.StringIO()) as err:
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(run) == 0, err.getvalue()
    post = load_post(posts / f"{DAY2}.md")
    assert post.metadata["editor"].startswith("gemini") and len(fake.requests) == 2
    prompts = "\n".join(fake.contents(i) for i in range(len(fake.requests)))
    for never_sent in ("Lumenary", "bottleneck in AI"):  # old news
        assert never_sent not in prompts
    write = fake.contents(1)
    follow_up = write.split(f"<<<FOLLOWUP id={release_id(sequence)}>>>", 1)[1].split("<<<END>>>", 1)[0]
    assert "下载量破50万" in follow_up and "earlier reports of this story:" in follow_up
    assert "2026-11-16: 星衡智能开源千亿参数大模型“星织2”" in follow_up
    related = write.split("星衡智能开发者大会下周举行", 1)[1].split("<<<END>>>", 1)[0]
    assert "earlier reports (related, not today's news):" in related and "“星织2”" in related
    block = follow_up_block(post.content, "星衡智能“星织2”开源首日下载量破50万")
    # the model's sentence (the fake writes "据最新报道，外电称“<the report's English title>”。"), not the one
    # composed offline
    assert (
        "**后续** · 据最新报道，外电称“StarWeave\\-2 passes 500,000 downloads on its first day”。\n" in block
    )
    assert post.metadata["skipped_old"] == 2
    assert records(post, "follow-up") == records(sequence.post(DAY2), "follow-up")
