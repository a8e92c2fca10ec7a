"""A day with broken sources and dead pages, through the real CLI: the post is written from the good sources,
and the run summary says what happened to each bad one and why.

The run-time bound is proven by the reasons, not by a clock: with short limits in the config, every slow
source ends with the reason naming the limit that ended it. `scripts/bench broken` gives the real time with
the default settings.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import yaml
from conftest import SampleRun

from generator.cli import main
from generator.samples import SAMPLE_DATE, sample_sources
from generator.samples.broken import BROKEN_SOURCES, serve_broken_sources
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config

DAY = SAMPLE_DATE.isoformat()


def _summary(cache: Path) -> dict:
    """The sample day's run summary (other tests sharing the session's sample site may add other days' runs)."""
    (path,) = (cache / "runs").glob(f"{DAY}-*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_sample_day_leaves_out_its_two_dead_pages(sample_site: SampleRun) -> None:
    """h4 and n3 link to /gone/… (HTTP 404): neither reaches the post, and the summary counts them."""
    summary = _summary(sample_site.root / "cache")
    assert summary["counts"]["dead_links"] == 2
    assert "2 item(s) left out: the page is gone (HTTP 404/410 or sent to the home page)" in summary["notes"]
    post = sample_site.post.read_text(encoding="utf-8")
    assert "/gone/" not in post
    assert "开发者调查：七成团队" not in post and "Agent benchmark shake-up" not in post


def test_a_day_with_broken_sources_still_writes_the_post(sample_server: str, tmp_path: Path) -> None:
    site = tmp_path / "src"
    copy_site(site, include_posts=False)
    fetch = {
        "allow_private_hosts": ["127.0.0.0/8"],  # loopback only: the private redirects are really refused
        "connect_timeout_s": 1,
        "read_timeout_s": 0.5,
        "response_timeout_s": 1,
        "retries": 1,
        "backoff_s": 0.01,
        "deadline_s": 20,
    }
    with serve_broken_sources(gap_s=0.05) as (server, broken):
        sources = sample_sources(sample_server) + [
            {"name": name, "url": url, "language": "en"} for name, url in broken.items()
        ]
        config = write_sample_config(
            site, sample_server, tmp_path / "cache", {"sources": sources, "fetch": fetch}
        )
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["generate", "--config", str(config), "--date", DAY, "--now", SAMPLE_NOW])

    assert code == 0, err.getvalue()
    post = site / "docs" / "blog" / "posts" / f"{DAY}.md"
    assert out.getvalue().strip() == str(post) and post.is_file()
    front = yaml.safe_load(post.read_text(encoding="utf-8").split("---")[1])
    assert front["sources"] and all(url.startswith(sample_server) for url in front["sources"])

    summary = _summary(tmp_path / "cache")
    rows = {row["name"]: row for row in summary["sources"]}
    assert summary["result"] == "written"
    assert [name for name, row in rows.items() if row["status"] != "failed"] == [
        "机器之芯",
        "量子前沿",
        "硅基日报",
        "AI资讯聚合",
        "Northwind AI Review",
        "The Gradient Ledger",
    ]
    reasons = {
        "malformed": "not a usable feed",
        "html-page": "not a usable feed",
        "error-500": "HTTP 500 (after 2 tries)",
        "missing-404": "HTTP 404",
        "redirect-loop": "redirect loop",
        "metadata-redirect": "refused 'http://169.254.169.254/latest/meta-data/': a link-local or cloud metadata",
        "intranet-redirect": "non-public address 10.0.0.8",
        "endless": "over the 5000000-byte cap (fetch.max_bytes)",
        "trickle": "no complete response within 1s (fetch.response_timeout_s)",
        "silent": "no answer for 0.5s (fetch.read_timeout_s)",
    }
    assert reasons.keys() == BROKEN_SOURCES.keys()
    for name, reason in reasons.items():
        assert rows[name]["status"] == "failed" and reason in rows[name]["error"], rows[name]
    assert server.requests["/trickle"] == server.requests["/silent"] == 1
    assert summary["counts"]["sources_ok"] == 6 and summary["counts"]["dead_links"] == 2
