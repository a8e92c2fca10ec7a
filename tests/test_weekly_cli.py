"""`python -m generator weekly` as a user runs it: exit codes, idempotence, --dry-run, --force, --if-due; then the
sample day (generated through the CLI) and hand-written daily posts of its week, the weekly issue written, and the
site built with `mkdocs build --strict`; and the daily workflow that writes it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import frontmatter
import lxml.html
import pytest
import yaml
from conftest import SampleRun
from site_checks import rss_items
from weekly_posts import record, write_daily

from generator.cli import main
from generator.samples.demo import build_site, copy_site, write_sample_config

MON, TUE, WED, THU = (date(2026, 11, d) for d in (16, 17, 18, 19))
AFTER = "2026-11-23T09:00:00+08:00"  # Monday after week 47
SUNDAY_RUN = "2026-11-22T08:20:00+08:00"  # the daily workflow's run on the week's Sunday
SITE_URL = "https://example.github.io/ai-news-daily/"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the site without posts and a config for it (no source is fetched): (docs, config)."""
    copy_site(tmp_path / "src", include_posts=False)
    config = write_sample_config(tmp_path / "src", "http://127.0.0.1:9", tmp_path / "cache")
    return tmp_path / "src" / "docs", config


def weekly(config: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["weekly", "--config", str(config), *args])
    out, err = capsys.readouterr()
    return code, out, err


def three_days(docs: Path) -> None:
    write_daily(docs, MON, [record("a1", "甲发布芯片", importance=5, sources=3), record("a2", "乙开源")])
    write_daily(
        docs, TUE, [record("a1", "甲芯片客户", kind="follow-up", follows=(MON, "a1")), record("b", "丙")]
    )
    write_daily(docs, THU, [record("c", "丁融资", importance=4), record("d", "戊简讯", kind="brief")])


def test_no_daily_post_writes_nothing_and_says_so(
    site: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs, config = site
    code, out, err = weekly(config, capsys, "--week", "2026-W47", "--now", AFTER)
    assert (code, out) == (1, "")
    assert err == "error: 2026-W47 has no readable daily post: the weekly issue was not written\n"
    assert not list(docs.rglob("2026-W47.*"))


def test_too_few_daily_posts(
    site: tuple[Path, Path], capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    docs, config = site
    write_daily(docs, MON, [record("a1", "甲")])
    (docs / "blog" / "posts" / f"{TUE}.md").write_text("---\ntitle: [broken\n---\n# x\n", encoding="utf-8")
    code, _, err = weekly(config, capsys, "--week", "2026-W47", "--now", AFTER)
    assert code == 1
    assert err.splitlines()[-1] == (
        "error: 2026-W47 has 1 daily post(s) (2026-11-16) (1 could not be read); the weekly issue needs at "
        "least 3 (weekly.min_days): it was not written"
    )
    assert "2026-11-17.md: its front matter is not valid YAML" in caplog.text  # the warning names the file
    assert not list(docs.rglob("2026-W47.*"))


def test_written_once_then_left_alone_dry_run_and_force(
    site: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs, config = site
    three_days(docs)
    issue, cover = docs / "blog" / "posts" / "2026-W47.md", docs / "assets" / "covers" / "2026-W47.png"

    code, out, _ = weekly(config, capsys, "--week", "2026-W47", "--now", AFTER, "--dry-run")
    assert code == 0 and out.startswith("---\ntitle: 每周回顾｜2026 年第 47 周（11.16–11.22）\n")
    assert not issue.exists() and not cover.exists()

    code, out, err = weekly(config, capsys, "--week", "2026-W47", "--now", AFTER)
    assert (code, out) == (0, f"{issue}\n") and issue.is_file() and cover.is_file()
    assert err == "2026-W47: daily posts 3, stories 5, top stories 5, threads 1\n"
    written = issue.read_bytes()
    assert frontmatter.loads(written.decode())["days"] == ["2026-11-16", "2026-11-17", "2026-11-19"]

    before = issue.read_bytes(), issue.stat().st_mtime_ns, cover.stat().st_mtime_ns
    write_daily(docs, WED, [record("e", "新加的一天")])  # a later change does not touch the written issue
    code, out, err = weekly(config, capsys, "--week", "2026-W47", "--now", AFTER)
    assert (code, out) == (
        0,
        "",
    ) and err == f"{issue} already exists; nothing changed (use --force to replace it)\n"
    assert (issue.read_bytes(), issue.stat().st_mtime_ns, cover.stat().st_mtime_ns) == before

    code, _, _ = weekly(config, capsys, "--week", "2026-W47", "--now", AFTER, "--force")
    assert code == 0 and "新加的一天" in issue.read_text(encoding="utf-8") and issue.read_bytes() != written


def test_the_default_week_and_if_due(
    site: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--if-due (the daily workflow's first run after a week closes): the latest complete week when it has no issue
    yet; a week with too few daily posts is a notice and exit 0, not an error on a green run."""
    docs, config = site
    three_days(docs)
    issue = docs / "blog" / "posts" / "2026-W47.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    # Saturday: the latest complete week is W46, which has no daily post here
    code, out, err = weekly(config, capsys, "--if-due", "--now", "2026-11-21T09:00:00+08:00")
    assert (code, err) == (0, "") and not issue.exists()
    assert out == "::notice::2026-W46 has no readable daily post: the weekly issue was not written\n"
    code, _, _ = weekly(config, capsys, "--now", "2026-11-21T09:00:00+08:00")
    assert code == 1  # without --if-due it is still an error
    # Sunday after the day's post, and the run after it (Sunday's was missed): W47, once
    code, out, _ = weekly(config, capsys, "--if-due", "--now", SUNDAY_RUN)
    assert (code, out) == (0, f"{issue}\n")
    code, out, err = weekly(config, capsys, "--if-due", "--now", AFTER)
    assert (code, out) == (0, "") and "already exists" in err


def test_a_week_that_is_not_over(site: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    docs, config = site
    three_days(docs)
    code, out, err = weekly(config, capsys, "--week", "2026-W47", "--now", "2026-11-19T12:00:00+08:00")
    assert (code, out) == (1, "")
    assert err == (
        "error: 2026-W47 is not over: its last daily post covers items until 2026-11-22 08:00+08:00; run again "
        "after that (--dry-run previews it)\n"
    )
    code, out, _ = weekly(
        config, capsys, "--week", "2026-W47", "--now", "2026-11-19T12:00:00+08:00", "--dry-run"
    )
    assert code == 0 and out.startswith("---\n") and not (docs / "blog" / "posts" / "2026-W47.md").exists()


@pytest.mark.parametrize(
    ("week", "message"),
    [("2026-47", "'2026-47' is not an ISO week like 2026-W47"), ("2025-W53", "the year 2025 has no week 53")],
)
def test_a_bad_week_exits_2(week: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["weekly", "--week", week])
    assert caught.value.code == 2 and message in capsys.readouterr().err


# --- the built site -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeeklySite:
    docs: Path
    site: Path
    issue: Path
    sample_ids: tuple[str, ...]


@pytest.fixture(scope="module")
def weekly_site(sample_site: SampleRun, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WeeklySite]:
    """The sample day generated through the CLI (tests/conftest.py) copied into a fresh copy of the site, with
    hand-written daily posts for three more days of its week (one continues the sample day's lead story, twice),
    then `weekly` through the CLI and `mkdocs build --strict`."""
    root = tmp_path_factory.mktemp("weekly")
    copy_site(root / "src", include_posts=False)
    docs = root / "src" / "docs"
    for folder in (sample_site.post.parent, sample_site.cover.parent):
        (docs / folder.relative_to(folder.parents[1])).mkdir(parents=True, exist_ok=True)
    shutil.copy2(sample_site.post, docs / "blog" / "posts" / sample_site.post.name)
    records_file = sample_site.post.with_name(f"{sample_site.post.stem}.stories.json")
    shutil.copy2(records_file, docs / "blog" / "posts" / records_file.name)
    shutil.copy2(sample_site.cover, docs / "assets" / "covers" / sample_site.cover.name)
    sample = json.loads(records_file.read_text(encoding="utf-8"))["stories"]
    lead = sample[0]["id"]
    write_daily(docs, TUE, [
        record(lead, "Aurora-3 首批客户公布", importance=4, sources=2, kind="follow-up", follows=(MON, lead)),
        record("t1", "某实验室发布新推理模型", importance=4, sources=2),
        record("t2", "一句话：某公司更新产品", kind="brief", importance=1),
    ], tags=["AI", "AI 日报", "Aurora-3", "推理"])  # fmt: skip
    write_daily(docs, WED, [record("w1", "某市发布算力政策", importance=3), record("w2", "某公司完成融资")])
    write_daily(docs, THU, [
        record(lead, "Aurora-3 开始出货", importance=3, kind="follow-up", follows=(TUE, lead)),
        record("h1", "开源数据集发布", importance=3),
    ], tags=["AI", "AI 日报", "Aurora-3"])  # fmt: skip
    config = write_sample_config(root / "src", sample_site.base_url, root / "cache")
    assert main(["weekly", "--config", str(config), "--now", AFTER]) == 0
    build_site(root / "src", root / "site")
    yield WeeklySite(
        docs, root / "site", docs / "blog" / "posts" / "2026-W47.md", tuple(s["id"] for s in sample)
    )


def built_page(site: Path, url_path: str) -> Path:
    path = site / unquote(url_path).lstrip("/")
    return path / "index.html" if not path.suffix else path


def test_the_built_issue_links_resolve(weekly_site: WeeklySite) -> None:
    (page,) = weekly_site.site.glob("2026/11/22/ai-weekly-2026-w47/index.html")
    html = lxml.html.fromstring(page.read_bytes())
    article = html.xpath("//article")[0]
    assert article.xpath("string(.//h1)").startswith("每周回顾｜2026 年第 47 周（11.16–11.22）")
    base = "/" + page.parent.relative_to(weekly_site.site).as_posix() + "/"
    own = [h for h in article.xpath(".//a/@href") if not h.startswith(("http", "#"))]
    days = {d.isoformat() for d in (MON, TUE, WED, THU)}
    post_links = {h for h in own if "/ai-daily-" in h}
    assert {
        h.split("#")[0].rsplit("ai-daily-", 1)[1].strip("/") for h in post_links
    } == days  # every day of the week is linked
    for href in own:
        target = built_page(weekly_site.site, urlsplit(urljoin(base, href)).path)
        assert target.is_file(), href
        if anchor := urlsplit(href).fragment:  # a thread's day links to the story's own place in that post
            assert lxml.html.fromstring(target.read_bytes()).xpath(f'//*[@id="{anchor}"]'), href
    assert any("#s-" in h for h in own)
    # the lead story is a thread: three days, oldest first, each linking to that day's post
    threads = article.xpath('.//h2[starts-with(normalize-space(.), "持续跟踪")]/following-sibling::ul[1]/li')
    assert [li.text_content().split("：")[0] for li in threads] == ["11 月 16 日（周一）", "11 月 17 日（周二）",
                                                                  "11 月 19 日（周四）"]  # fmt: skip
    assert [li.xpath("string(a)") for li in threads][1:] == ["Aurora-3 首批客户公布", "Aurora-3 开始出货"]
    external = {h for h in article.xpath(".//a/@href") if h.startswith("http")}
    sources = set(frontmatter.load(str(weekly_site.issue)).metadata["sources"])
    assert external and external == sources  # every article link comes from the daily posts' records
    (og_image,) = html.xpath('//meta[@property="og:image"]/@content')
    assert og_image == f"{SITE_URL}assets/covers/2026-W47.png"
    assert (weekly_site.site / "assets" / "covers" / "2026-W47.png").is_file()


def test_the_issue_is_in_the_archive_the_tags_page_and_the_feeds(weekly_site: WeeklySite) -> None:
    """`weekly` rewrites the archive and the tags page (the blog's category views are off: mkdocs.yml)."""
    archive = lxml.html.fromstring(built_page(weekly_site.site, "archive/").read_bytes())
    assert archive.xpath("//article//li//a/@href")[0] == "../2026/11/22/ai-weekly-2026-w47/"  # newest first
    tags = lxml.html.fromstring(built_page(weekly_site.site, "tags/").read_bytes())
    assert any("ai-weekly-2026-w47" in href for href in tags.xpath("//article//a/@href"))
    items = rss_items(weekly_site.site, "feed_rss_created.xml", SITE_URL, "zh")
    assert [i.title for i in items][
        0
    ] == "每周回顾｜2026 年第 47 周（11.16–11.22）"  # newest: after Sunday 08:00
    issue = items[0]
    assert issue.link == f"{SITE_URL}2026/11/22/ai-weekly-2026-w47/"
    assert issue.image == f"{SITE_URL}assets/covers/2026-W47.png" and "每周回顾" in issue.categories
    assert len(items) == 5  # the four daily posts and the issue
    home = lxml.html.fromstring((weekly_site.site / "index.html").read_bytes())
    first = home.xpath('string((//article)[1]//a[contains(@class, "toclink")]/@href)')
    assert first.endswith("2026/11/22/ai-weekly-2026-w47/")  # the home page lists the issue first


def test_the_issue_leaves_the_search_index_lean(weekly_site: WeeklySite) -> None:
    index = json.loads((weekly_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [
        (doc["title"] + " " + doc["text"]).replace("\u200b", "")  # Material splits Chinese words with U+200B
        for doc in index["docs"]
        if doc["location"].startswith("2026/11/22/ai-weekly-2026-w47/")
    ]
    text = " ".join(texts)
    assert "每周回顾｜2026 年第 47 周" in text and "本周看点" in text and "某实验室发布新推理模型" in text
    assert (
        "首批客户公布" not in text and "开始出货" not in text
    )  # the threads' lists stay out, as daily bulk does
    assert "每日回顾" not in text and "家信源报道" not in text


@pytest.mark.browser
def test_the_issue_passes_axe(weekly_site: WeeklySite) -> None:
    """The issue's own markup (stars are not used: 重要性 n/5 reads the same to everyone) in headless Chromium."""
    a11y = pytest.importorskip(
        "test_accessibility"
    )  # skipped there, with its one line, without Node.js and npm
    from chromium import DESKTOP, launch_chromium, open_page, serve_directory

    a11y.axe_script()
    with serve_directory(weekly_site.site) as url, launch_chromium() as browser:
        context, page, problems = open_page(browser, url + "2026/11/22/ai-weekly-2026-w47/", viewport=DESKTOP)
        try:
            assert "data-search-exclude" not in page.locator("article").inner_text()
            assert a11y.failures(a11y.run_axe(page, "weekly-desktop-light")) == []
            assert problems == []
        finally:
            context.close()


# --- the daily workflow ---------------------------------------------------------------------------------------


def test_the_daily_workflow_writes_the_issue_the_plan_found_due() -> None:
    """The plan names the week due (generator.ops.plan.weekly_due); the write step passes it on, and ops write runs
    `weekly --if-due` after the days (tests/test_ops_write.py), each built and committed on its own."""
    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / "daily.yml").read_text(encoding="utf-8"))["jobs"]
    assert jobs["plan"]["outputs"]["weekly"] == "${{ steps.plan.outputs.weekly }}"
    (write,) = [s for s in jobs["generate"]["steps"] if "ops write" in str(s.get("run"))]
    assert (
        write["env"]["WEEKLY"] == "${{ needs.plan.outputs.weekly }}" and '--weekly "$WEEKLY"' in write["run"]
    )
    from generator.ops.commands import build_write_jobs

    jobs_of_run = build_write_jobs(["2026-11-22"], "2026-W47", [], force=False, partial=False)
    assert [name for name, _, _ in jobs_of_run] == ["2026-11-22", "2026-W47"]
    assert jobs_of_run[-1][1] == ["weekly", "--if-due"]
