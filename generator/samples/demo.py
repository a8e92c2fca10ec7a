"""The demo: the sample day (or the three sample days in order, `--days 3`) through the real CLI into a copy of the
site, then `mkdocs build --strict`."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import yaml

from generator.cli import main as cli_main
from generator.samples import SAMPLE_DATE, SAMPLE_DAYS, sample_sources, serve_sample_day

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_NOW = "2026-11-16T08:20:00+08:00"  # the sample day's run happens just after the window closes
DEMO_PORT = (
    8000  # the demo's site is built for http://127.0.0.1:8000/, where its closing lines say to serve it
)


def sample_now(day: date) -> str:
    """When the run for a sample day happens: 08:20 Beijing time that day, just after its window closes."""
    return f"{day.isoformat()}T08:20:00+08:00"


# The sample day's leaderboard (day/leaderboard/scores.json, fictional models), shown by the tracker layout.
SAMPLE_LEADERBOARD = {
    "vendors": ["starweave", "qingzhou", "lingjing", "openlattice"],
    "title": "国产大模型排行榜（示例数据）",
}


EDITION_SITES = {
    "en": ("mkdocs.en.yml", "docs-en")
}  # an edition's MkDocs config and docs_dir (generator.edition)


def copy_site(dest: Path, root: Path = ROOT, include_posts: bool = True) -> Path:
    """Copy mkdocs.yml, docs/ and overrides/ (and each edition's config and docs, EDITION_SITES) to `dest`
    (replacing it); return the copied mkdocs.yml. The copies name the MkDocs hooks where they are
    (generator/finish/hooks/ of `root`, an absolute path): a copy of the package's folder in `dest` would be a
    namespace package `generator` that shadows the installed one when a command runs in `dest`."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    hooks = (root / "generator" / "finish" / "hooks").resolve()
    ignore = None if include_posts else shutil.ignore_patterns("20[0-9][0-9]-*.md", "20[0-9][0-9]-*.png")
    for config_name, docs in [("mkdocs.yml", "docs"), *EDITION_SITES.values()]:
        if not (root / config_name).is_file():
            continue
        config = (root / config_name).read_text(encoding="utf-8")
        (dest / config_name).write_text(
            config.replace("generator/finish/hooks/", f"{hooks}/"), encoding="utf-8"
        )
        shutil.copytree(root / docs, dest / docs, ignore=ignore)
    shutil.copytree(root / "overrides", dest / "overrides")
    return dest / "mkdocs.yml"


def write_sample_config(
    site: Path, base_url: str, cache: Path, extra: dict | None = None, day: date = SAMPLE_DATE
) -> Path:
    """A config for a sample day (SAMPLE_DAYS): the default settings with that day's sample sources and the copied
    site."""
    data = yaml.safe_load((ROOT / "generator" / "config.yml").read_text(encoding="utf-8"))
    data["sources"] = sample_sources(base_url, day=day)
    data["fetch"] = {**data.get("fetch", {}), "allow_private_hosts": True, "retries": 0, "deadline_s": 60}
    data["paths"] = {"mkdocs": str(site / "mkdocs.yml"), "docs": str(site / "docs"), "cache": str(cache)}
    data["leaderboard"] = {
        **data.get("leaderboard", {}),
        **SAMPLE_LEADERBOARD,
        "url": f"{base_url}/leaderboard/scores.json",
    }
    for key, value in (extra or {}).items():
        data[key] = value
    path = site / "generator.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_site(site: Path, out: Path) -> None:
    """`mkdocs build --strict` (without -q: in MkDocs 1.6 -q drops the warnings before --strict counts them), then
    each edition that has a post (EDITION_SITES) into `out/<language>/`, after it (the first build empties
    `out`). A build's log is shown only when it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    builds = [(site / "mkdocs.yml", out)]
    for language, (config_name, docs) in EDITION_SITES.items():
        if any((site / docs / "blog" / "posts").glob("*.md")):
            builds.append((site / config_name, out / language))
    for config, target in builds:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(target)]
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr)
            raise subprocess.CalledProcessError(done.returncode, command)


def run_sample_days(
    site: Path, work: Path, days: int, layout: str | None, into_docs: bool, editions: tuple[str, ...] = ()
) -> int:
    """Generate the first `days` days of SAMPLE_DAYS, in order, into `site` (the real docs/ when `into_docs`), each
    at its morning run time; the CLI's exit code (0 when every day was written)."""
    with serve_sample_day() as base_url:
        print(f"==> sample days served at {base_url}", file=sys.stderr)
        for day in SAMPLE_DAYS[:days]:
            extra: dict[str, object] = {"layout": layout} if layout else {}
            if editions:
                extra["editions"] = list(editions)
            # The lead images are stored with the site: hot-linked, they would point at this sample server,
            # which stops when the demo ends.
            defaults = yaml.safe_load((ROOT / "generator" / "config.yml").read_text(encoding="utf-8"))
            extra["post"] = {**(defaults.get("post") or {}), "download_images": True}
            config = write_sample_config(
                site if not into_docs else work, base_url, work / "cache", extra, day=day
            )
            if into_docs:
                settings = yaml.safe_load(config.read_text(encoding="utf-8"))
                settings["paths"] = {
                    "mkdocs": str(ROOT / "mkdocs.yml"),
                    "docs": str(ROOT / "docs"),
                    "cache": str(work / "cache"),
                }
                config.write_text(
                    yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8"
                )
            run = ["generate", "--config", str(config), "--date", day.isoformat(), "--now", sample_now(day)]
            code = cli_main([*run, "--force"])
            if code != 0:
                return code
    return 0


SAMPLE_WEEK = "2026-W47"  # the sample days' ISO week (Monday 2026-11-16 to Sunday 2026-11-22)
SAMPLE_WEEK_SUNDAY = date(2026, 11, 22)


def write_sample_weekly(config_dir: Path) -> int:
    """The weekly issue of the sample days' week through the real CLI, as if run the Monday after it (the week is
    over then); the CLI's exit code."""
    config = config_dir / "generator.yml"
    run = ["weekly", "--config", str(config), "--week", SAMPLE_WEEK, "--now", "2026-11-23T08:20:00+08:00"]
    return cli_main([*run, "--force"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the sample day(s) and build the site.")
    parser.add_argument("--into-docs", action="store_true", help="write the sample posts into the real docs/")
    parser.add_argument("--layout", help="render with this layout instead of the configured one")
    parser.add_argument(
        "--days",
        type=int,
        choices=range(1, len(SAMPLE_DAYS) + 1),
        default=1,
        help="how many sample days to run in order (3: the days after 11-16 continue its stories)",
    )
    parser.add_argument(
        "--editions",
        default="zh",
        help="the editions to write, the site's language first: zh (default) or zh,en (an English post too)",
    )
    parser.add_argument(
        "--weekly",
        action="store_true",
        help="then write the weekly issue of the sample days' week (needs --days 3: the issue needs three days)",
    )
    args = parser.parse_args(argv)
    languages = [e.strip() for e in args.editions.split(",") if e.strip()]
    if not languages or languages[0] != "zh" or not set(languages) <= {"zh", *EDITION_SITES}:
        parser.error(f"--editions: zh first, then any of {', '.join(EDITION_SITES)} (got {args.editions!r})")
    if args.weekly and args.days < 3:
        parser.error("--weekly needs --days 3 (the weekly issue needs at least three daily posts)")
    work = ROOT / ".cache" / "demo"
    site = ROOT if args.into_docs else work / "src"
    os.environ.update(demo_site_urls(args.into_docs, os.environ))
    if not args.into_docs:
        copy_site(site)
    out = work / "site"
    code = run_sample_days(site, work, args.days, args.layout, args.into_docs, tuple(languages[1:]))
    if code == 0 and args.weekly:
        code = write_sample_weekly(work if args.into_docs else site)
    if code != 0:
        return code
    print("==> building the site (mkdocs build --strict)", file=sys.stderr)
    build_site(site, out)
    last = SAMPLE_DAYS[args.days - 1]
    pattern = f"{last:%Y/%m/%d}/{'ai-weekly-*' if args.weekly else '*'}/index.html"
    weekly = sorted(out.glob(f"{SAMPLE_WEEK_SUNDAY:%Y/%m/%d}/*/index.html")) if args.weekly else []
    post = (weekly[0] if weekly else next(out.glob(pattern))).parent.relative_to(out).as_posix()
    print(f"\nThe site is built in {out}\nThe sample post: {out / post}/index.html")
    print(f"Serve it:  .venv/bin/python -m http.server -d {out.relative_to(ROOT)} {DEMO_PORT}")
    print(f"Then open: http://127.0.0.1:{DEMO_PORT}/{post}/")
    for language in languages[1:]:
        if (out / language / post / "index.html").is_file():  # the same address under the edition's folder
            print(f"Its {language} edition: http://127.0.0.1:{DEMO_PORT}/{language}/{post}/")
    return 0


def demo_site_urls(into_docs: bool, environ: Mapping[str, str]) -> dict[str, str]:
    """The site addresses the demo builds with: the local server its closing lines name (http://127.0.0.1:8000/,
    the English edition under en/), so that every absolute link of the built pages (the language switch, the
    status page's latest post) opens there. None with --into-docs (the owner's docs/ keep the real site's address
    from mkdocs.yml) or when SITE_URL is already set."""
    if into_docs or environ.get("SITE_URL"):
        return {}
    base = f"http://127.0.0.1:{DEMO_PORT}/"
    return {"SITE_URL": base, "SITE_URL_EN": base + "en/"}


if __name__ == "__main__":
    raise SystemExit(main())
