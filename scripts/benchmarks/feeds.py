"""The reader feeds at scale (issue 21 §3-4): N synthetic daily posts (benchmarks/build.py's, made from the sample
day's post and story records), the 订阅 page listing the editor's categories and the 20 tags the posts carry most,
built with and without generator/finish/hooks/reader_feeds.py.

Figures (N = 1000; with --quick N = 100):
  feeds_{N}_count                 feed files of the built site: mkdocs-rss-plugin's 4 and the 订阅 page's (RSS and
                                  JSON Feed each: 快讯, 全文, every category, every listed tag)
  feeds_{N}_total_kb              their total size (KB = 1024 bytes)
  feeds_{N}_full_kb               the full-content (mail) feeds alone, RSS + JSON Feed
  stories_json_kb_per_post        the per-day stories.json files over N posts
  build_{N}_reader_feeds_s        `mkdocs build --strict` with the reader feeds
  build_{N}_without_reader_feeds_s  the same posts, the hook left out of mkdocs.yml, same run
  reader_feeds_build_ratio_x      the first over the second (target: <= 1.10)
  reader_feeds_write_s            generator.syndication.write_reader_feeds alone, run again on the built site (it
                                  rewrites nothing then: reading the posts, rendering every file and comparing)
The two builds run one after the other on a shared machine: their difference follows its load; the last figure is
the hook's own cost.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.build import RECORDS, build, make_site, sample_posts
from generator.config import load_settings
from generator.finish import feed_logo_url
from generator.site import load_site, read_front_matter, render_subscribe_page
from generator.syndication import write_reader_feeds

HOOK = "generator/finish/hooks/reader_feeds.py"


def _subscribe_page(docs: Path, categories: tuple[str, ...]) -> None:
    """The 订阅 page as generate would write it for these posts: the 20 tags they carry most (the base tags aside)."""
    counts: Counter[str] = Counter()
    for post in (docs / "blog" / "posts").glob("*.md"):
        counts.update(t for t in read_front_matter(post).get("tags") or [] if t not in ("AI", "AI 日报"))
    tags = [tag for tag, _ in counts.most_common(20)]
    page = docs / "subscribe.md"
    page.write_text(
        render_subscribe_page(page.read_text(encoding="utf-8"), categories, tags), encoding="utf-8"
    )


def run(quick: bool = False) -> dict[str, float]:
    count = 100 if quick else 1000
    settings = load_settings()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ainews-bench-feeds-") as tmp:
        work = Path(tmp)
        template = sample_posts(work)[settings.layout]
        records = RECORDS[settings.layout]
        build(make_site(work / "warm", template, 3, records=records), work / "warm-site")
        config = make_site(work / "with", template, count, records=records)
        _subscribe_page(config.parent / "docs", settings.editor.categories)
        site = work / "with-site"
        results[f"build_{count}_reader_feeds_s"] = build(config, site)
        bare = make_site(work / "without", template, count, records=records)
        _subscribe_page(bare.parent / "docs", settings.editor.categories)
        text = bare.read_text(encoding="utf-8")
        bare.write_text("".join(line for line in text.splitlines(True) if HOOK not in line), encoding="utf-8")
        results[f"build_{count}_without_reader_feeds_s"] = build(bare, work / "without-site")
        results["reader_feeds_build_ratio_x"] = (
            results[f"build_{count}_reader_feeds_s"] / results[f"build_{count}_without_reader_feeds_s"]
        )
        feeds = [*site.glob("feed_*_*.*"), *(site / "feeds").rglob("*.*")]
        results[f"feeds_{count}_count"] = len(feeds)
        results[f"feeds_{count}_total_kb"] = sum(p.stat().st_size for p in feeds) / 1024
        results[f"feeds_{count}_full_kb"] = (
            sum(p.stat().st_size for p in (site / "feeds").glob("full.*")) / 1024
        )
        data = [p for p in site.rglob("stories.json")]
        results["stories_json_kb_per_post"] = sum(p.stat().st_size for p in data) / 1024 / count
        info = load_site(config)
        url = info.url
        started = time.perf_counter()
        report = write_reader_feeds(config.parent / "docs", site, info, feed_logo_url(url, site))
        results["reader_feeds_write_s"] = time.perf_counter() - started
        if report.changed:
            raise RuntimeError(f"a second write changed {len(report.changed)} files: {report.changed[:3]}")
    return results
