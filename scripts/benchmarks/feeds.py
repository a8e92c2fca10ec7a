"""The reader feeds at scale (issue 21 §3-4): N synthetic daily posts (benchmarks/build.py's, made from the sample
day's post and story records), the 订阅 page listing the editor's categories and the 20 tags the posts carry most,
built with and without generator/finish/hooks/reader_feeds.py.

Figures (N = 1000; with --quick N = 100):
  feeds_{N}_count                 feed files of the built site: mkdocs-rss-plugin's 4 and the 订阅 page's (RSS and
                                  JSON Feed each: 快讯, 全文, every category, every listed tag)
  feeds_{N}_total_kb              their total size (KB = 1024 bytes)
  feeds_{N}_full_kb               the full-content (mail) feeds alone, RSS + JSON Feed
  stories_json_kb_per_post        the per-day stories.json files over N posts
  build_{N}_without_reader_feeds_s  `mkdocs build --strict` of the posts, the hook left out of mkdocs.yml
  build_{N}_reader_feeds_s        the same with the reader feeds, same run
  build_{N}_without_reader_feeds_cpu_s, build_{N}_reader_feeds_cpu_s  the builds' CPU time (user + system)
  reader_feeds_build_ratio_x      wall time with over without (target: <= 1.10)
  reader_feeds_build_cpu_ratio_x  the same for CPU time, which follows the machine's load less
  reader_feeds_write_cold_s       generator.syndication.write_reader_feeds alone on the built site after its files
                                  were deleted (what the hook does in a build, its imports aside)
  reader_feeds_write_s            the same again (it rewrites nothing then: reading, rendering and comparing)
The two builds run one after the other on a shared machine: their wall times follow its load.
"""

from __future__ import annotations

import resource
import shutil
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


def _timed_build(config: Path, out: Path) -> tuple[float, float]:
    """benchmarks.build.build, and the CPU time (user + system) its subprocess used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = build(config, out)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run(quick: bool = False) -> dict[str, float]:
    count = 100 if quick else 1000
    settings = load_settings()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ainews-bench-feeds-") as tmp:
        work = Path(tmp)
        template = sample_posts(work)[settings.layout]
        records = RECORDS[settings.layout]
        build(make_site(work / "warm", template, 3, records=records), work / "warm-site")
        bare = make_site(work / "without", template, count, records=records)
        _subscribe_page(bare.parent / "docs", settings.editor.categories)
        text = bare.read_text(encoding="utf-8")
        bare.write_text("".join(line for line in text.splitlines(True) if HOOK not in line), encoding="utf-8")
        without = f"build_{count}_without_reader_feeds"
        results[f"{without}_s"], results[f"{without}_cpu_s"] = _timed_build(bare, work / "without-site")
        shutil.rmtree(work / "without-site")
        config = make_site(work / "with", template, count, records=records)
        _subscribe_page(config.parent / "docs", settings.editor.categories)
        site = work / "with-site"
        results[f"build_{count}_reader_feeds_s"], results[f"build_{count}_reader_feeds_cpu_s"] = _timed_build(
            config, site
        )
        results["reader_feeds_build_ratio_x"] = (
            results[f"build_{count}_reader_feeds_s"] / results[f"{without}_s"]
        )
        results["reader_feeds_build_cpu_ratio_x"] = (
            results[f"build_{count}_reader_feeds_cpu_s"] / results[f"{without}_cpu_s"]
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
        logo = feed_logo_url(info.url, site)
        shutil.rmtree(site / "feeds")
        for path in data:
            path.unlink()
        started = time.perf_counter()
        write_reader_feeds(config.parent / "docs", site, info, logo)
        results["reader_feeds_write_cold_s"] = time.perf_counter() - started
        started = time.perf_counter()
        report = write_reader_feeds(config.parent / "docs", site, info, logo)
        results["reader_feeds_write_s"] = time.perf_counter() - started
        if report.changed:
            raise RuntimeError(f"a second write changed {len(report.changed)} files: {report.changed[:3]}")
    return results
