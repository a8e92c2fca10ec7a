from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import wcwidth
import yaml
from pytest_httpserver import HTTPServer

import generator.post.cover as cover
from generator.cli import main
from generator.feeds.health import health_table
from generator.models import SourceReport
from generator.samples.demo import copy_site, write_sample_config


@pytest.fixture
def sample_config(sample_server: str, tmp_path: Path) -> Path:
    copy_site(tmp_path / "src", include_posts=False)
    return write_sample_config(tmp_path / "src", sample_server, tmp_path / "cache")


def test_sources_prints_a_health_table(sample_config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "--config", str(sample_config)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["source", "status", "items", "newest", "latency", "reason"]
    assert len(lines) == 1 + 8
    assert sum("failed" in line for line in lines) == 2 and "HTTP 404" in out
    assert err.strip() == "6/8 sources healthy"


def test_no_cjk_font_says_what_to_install_before_fetching(
    sample_config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cover, "FONT_CANDIDATES", ())
    cover.find_font.cache_clear()
    try:
        code = main(["generate", "--config", str(sample_config), "--date", "2026-11-16"])
    finally:
        cover.find_font.cache_clear()
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.splitlines()[-1] == (
        "error: no CJK font found for the cover: install a CJK font (Debian/Ubuntu: sudo apt-get install "
        "fonts-noto-cjk) or set cover.font in the config"
    )
    assert not (sample_config.parent / "docs" / "blog" / "posts" / "2026-11-16.md").exists()


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["generate", "--date", "16/11/2026"])
    assert caught.value.code == 2
    assert "is not a date like 2026-11-16" in capsys.readouterr().err


def test_unknown_layout_is_one_line(
    sample_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = sample_config.read_text(encoding="utf-8").replace("layout: insight", "layout: magazine")
    bad = tmp_path / "bad.yml"
    bad.write_text(text, encoding="utf-8")
    assert main(["generate", "--config", str(bad), "--date", "2026-11-16"]) == 1
    assert (
        capsys.readouterr()
        .err.splitlines()[-1]
        .startswith("error: layout 'magazine' does not exist (available: ")
    )


def test_every_source_failing_is_one_clear_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_site(tmp_path / "src", include_posts=False)
    config = write_sample_config(
        tmp_path / "src", "http://127.0.0.1:9", tmp_path / "cache"
    )  # nothing listens there
    assert main(["generate", "--config", str(config), "--date", "2026-11-16"]) == 1
    err = capsys.readouterr().err.splitlines()[-1]
    assert err.startswith("error: none of the 8 sources could be fetched (first: http://127.0.0.1:9/feeds/")
    assert err.endswith("run `python -m generator sources` to see each one")
    assert not (tmp_path / "src" / "docs" / "blog" / "posts" / "2026-11-16.md").exists()


# --- the sources health table -------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>机器之心</title><link>https://jiqi.example/</link><description>d</description>
<item><title>第一条</title><link>https://jiqi.example/a</link><pubDate>Wed, 01 May 2024 10:00:00 +0800</pubDate></item>
<item><title>第二条</title><link>https://jiqi.example/b</link><pubDate>Thu, 02 May 2024 09:30:00 +0800</pubDate></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Q</title><id>urn:q</id><updated>2024-05-03T01:00:00Z</updated>
<entry><title>Entry</title><id>urn:q:1</id><link href="https://q.example/1"/><updated>2024-05-03T01:00:00Z</updated>
</entry></feed>"""
LONG_PATH = "/archive/" + "-".join(["a-long-path-segment"] * 5) + "/feed.xml"


def sources_config(server: HTTPServer, tmp_path: Path) -> Path:
    """Six sources with Chinese, mixed and Latin names: two good feeds, a 404, an HTML page where the feed
    should be, a truncated feed (kept, with a warning) and a 500 at a long URL (a long reason)."""
    server.expect_request("/rss.xml").respond_with_data(RSS, content_type="application/rss+xml")
    server.expect_request("/atom.xml").respond_with_data(ATOM, content_type="application/atom+xml")
    server.expect_request("/gone.xml").respond_with_data("Not Found", status=404)
    server.expect_request("/page.xml").respond_with_data(
        "<html><p>no feed</p></html>", content_type="text/html"
    )
    half = RSS[: RSS.index("<item><title>第二条")] + "<item><title>x</ti"
    server.expect_request("/half.xml").respond_with_data(half, content_type="application/rss+xml")
    server.expect_request(LONG_PATH).respond_with_data("oops", status=500)
    base = server.url_for("").rstrip("/")
    names = ["机器之心", "Quantum 量子位", "AI 前哨站", "坏掉的源", "半截 feed", "Long Path Weekly"]
    paths = ["/rss.xml", "/atom.xml", "/gone.xml", "/page.xml", "/half.xml", LONG_PATH]
    config = {
        "sources": [{"name": n, "url": base + p} for n, p in zip(names, paths, strict=True)],
        "fetch": {"allow_private_hosts": True, "retries": 0},
        "paths": {"cache": str(tmp_path / "cache")},
    }
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def run_sources(config: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """`python -m generator sources` in its own process: stdout and stderr exactly as a user sees them."""
    command = [sys.executable, "-m", "generator", "sources", "--config", str(config), *flags]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=config.parent)


# The table's first five columns as the terminal shows them, then each line's reason (the last column, never cut).
EXPECTED_COLUMNS = """\
source            status  items  newest            latency
机器之心          ok          2  2024-05-02 09:30    0.00s
Quantum 量子位    ok          1  2024-05-03 09:00    0.00s
AI 前哨站         failed      -  -                   0.00s
坏掉的源          failed      -  -                   0.00s
半截 feed         ok          1  2024-05-01 10:00    0.00s
Long Path Weekly  failed      -  -                   0.00s
""".splitlines()
EXPECTED_REASONS = [
    "reason",
    "",
    "",
    "{BASE}/gone.xml: HTTP 404",
    "坏掉的源: not a usable feed (text/html is not an XML media type)",
    "<unknown>:4:14: unclosed token; 1 without a usable link or title",
    "{BASE}" + LONG_PATH + ": HTTP 500 (after 1 try)",
]


def column_edges(line: str) -> list[tuple[int, int]]:
    """(first, last + 1) display column of each cell (cells are separated by two spaces or more)."""
    return [
        (wcwidth.width(line[: m.start()]), wcwidth.width(line[: m.end()]))
        for m in re.finditer(r"\S+(?: \S+)*", line)
    ]


def test_sources_table_is_aligned_by_display_width_with_each_failure_once(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    config = sources_config(httpserver, tmp_path)
    done = run_sources(config)
    base = httpserver.url_for("").rstrip("/")
    table = re.sub(r"\b\d\.\d\ds\b", "0.00s", done.stdout).replace(base, "{BASE}")
    expected = [
        f"{columns}  {reason}".rstrip()
        for columns, reason in zip(EXPECTED_COLUMNS, EXPECTED_REASONS, strict=True)
    ]
    assert table.splitlines() == expected
    assert done.stderr == "3/6 sources healthy\n" and done.returncode == 0
    edges = [column_edges(line) for line in done.stdout.splitlines()]
    for row in edges[1:]:  # source, status, newest and reason start together; items and latency end together
        assert [row[i][0] for i in (0, 1, 3)] == [edges[0][i][0] for i in (0, 1, 3)]
        assert [row[i][1] for i in (2, 4)] == [edges[0][i][1] for i in (2, 4)]
        assert len(row) == 5 or row[5][0] == edges[0][5][0]
    for reason in ("HTTP 404", "not a usable feed", "unclosed token", f"{LONG_PATH}: HTTP 500"):
        assert (done.stdout + done.stderr).count(reason) == 1, reason


def test_sources_verbose_also_logs_each_failure(httpserver: HTTPServer, tmp_path: Path) -> None:
    done = run_sources(sources_config(httpserver, tmp_path), "-v")
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 7
    warnings = [line for line in done.stderr.splitlines() if line.startswith("WARNING: source ")]
    assert [line.split(" skipped: ")[0] for line in warnings] == [
        "WARNING: source AI 前哨站",
        "WARNING: source 坏掉的源",
        "WARNING: source Long Path Weekly",
    ]


def test_health_table_cells_are_one_plain_line() -> None:
    zone = ZoneInfo("Asia/Shanghai")
    reports = [
        SourceReport(
            "量子位", "https://a.example/feed", "failed", error="HTTP 502\nBad Gateway\tfrom  proxy"
        ),
        SourceReport(
            "Cafe\u0301 日报\x1b[31m",
            "https://b.example/feed",
            "ok",
            12,
            datetime(2024, 5, 1, 2, 0, tzinfo=ZoneInfo("UTC")),
            1.5,
            "\x1b]0;owned\x073 undated",
        ),
        SourceReport("ＡＩ", "https://c.example/feed", "not-modified", 3, latency_s=12.25),
    ]
    # Display widths: 量子位 6, "Cafe\u0301 日报" 9 (the combining accent takes no column), ＡＩ 4 (full-width).
    assert health_table(reports, zone) == [
        "source     status        items  newest            latency  reason",
        "量子位     failed            -  -                   0.00s  HTTP 502 Bad Gateway from proxy",
        "Cafe\u0301 日报  ok               12  2024-05-01 10:00    1.50s  3 undated",
        "ＡＩ       not-modified      3  -                  12.25s",
    ]
