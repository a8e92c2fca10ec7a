"""The command line: parse arguments, call the pipeline, turn errors into one sentence and an exit code."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import partial
from pathlib import Path

from generator import __version__
from generator.channels import announce_command
from generator.config import Settings, load_settings
from generator.edition import write_editions_pages
from generator.editor import Editor, OfflineEditor
from generator.errors import GeneratorError, ThinWeekError
from generator.feeds import health_table
from generator.finish import add_finish_parser, finish_command
from generator.net import Fetcher, HttpCache
from generator.ops import add_ops_parser, annotate, run_ops
from generator.pipeline import RunResult, run_day
from generator.progress import terminal_progress
from generator.run_summary import RunStats, save_summary, workflow_command
from generator.site import check_site, correct_command, load_site, write_site_pages
from generator.weekly import IsoWeek, latest_complete_week

log = logging.getLogger("generator")
EditorFactory = Callable[[Settings], Editor]  # the editor of a run, made from its settings
OWNER_MUST_ACT = (
    3  # exit code: the post was written, but the owner must fix something (a key, a quota, a setting)
)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-11-16") from None


def _datetime(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a time like 2026-11-16T08:15:00+08:00") from None
    if parsed.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{value!r} needs a UTC offset, like +08:00")
    return parsed


def _week(value: str) -> IsoWeek:
    try:
        return IsoWeek.parse(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `ainews` / `python -m generator`: generate, sources, weekly, announce, correct,
    finish-site."""
    parser = argparse.ArgumentParser(
        prog="ainews", description="AI 日报: one AI-news post a day from RSS/Atom feeds."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config", type=Path, help="the generator's YAML config (default: generator/config.yml)"
    )
    common.add_argument("-v", "--verbose", action="store_true", help="log every step")
    common.add_argument("-q", "--quiet", action="store_true", help="only errors")
    common.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True)
    generate = commands.add_parser("generate", parents=[common], help="write the post for one day")
    generate.add_argument(
        "--date", type=_date, help="the post's date, YYYY-MM-DD (default: today in the site's time zone)"
    )
    generate.add_argument("--force", action="store_true", help="replace an existing post for that date")
    generate.add_argument("--dry-run", action="store_true", help="do everything but write; print the post")
    generate.add_argument(
        "--now",
        type=_datetime,
        help="pretend the run happens at this time (reproducible runs); also picks the day when --date is not given",
    )
    generate.add_argument(
        "--partial",
        action="store_true",
        help="write the post although its window has not closed yet (later items then reach no post)",
    )
    commands.add_parser("sources", parents=[common], help="fetch every source once and print a health table")
    weekly = commands.add_parser(
        "weekly", parents=[common], help="write the weekly issue from one ISO week's daily posts"
    )
    weekly.add_argument(
        "--week",
        type=_week,
        help="the ISO week, YYYY-Www (default: the latest week whose Sunday post is out)",
    )
    weekly.add_argument("--force", action="store_true", help="replace an existing issue for that week")
    weekly.add_argument("--dry-run", action="store_true", help="do everything but write; print the issue")
    weekly.add_argument("--now", type=_datetime, help="pretend the run happens at this time")
    weekly.add_argument(
        "--if-due",
        action="store_true",
        help="only when the week has no issue yet; too few daily posts is a notice (exit 0), not an error",
    )
    announce = commands.add_parser(
        "announce", parents=[common], help="post the day's posts to the Telegram channel, once per post"
    )
    when = announce.add_mutually_exclusive_group()
    when.add_argument(
        "--date", type=_date, help="the posts' date, YYYY-MM-DD (default: today in the site's zone)"
    )
    when.add_argument(
        "--recent", action="store_true", help="every post of the last ops.announce_days days not sent yet"
    )
    correct = commands.add_parser(
        "correct", parents=[common], help="add a dated 更正 note under a story of a published post"
    )
    correct.add_argument("date", type=_date, help="the post's date, YYYY-MM-DD")
    correct.add_argument("story", help="the story's anchor, s-1a2b3c4d (the 报错 issue gives it)")
    correct.add_argument("text", help="the correction, one plain sentence or two")
    correct.add_argument(
        "--now", type=_datetime, help="the correction's time, ISO 8601 with offset (default: now)"
    )
    add_ops_parser(commands, common)
    add_finish_parser(commands, common)
    return parser


def choose_editor(
    settings: Settings,
    *,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] | None = None,
) -> Editor:
    """Gemini when GEMINI_API_KEY is set (the one place that reads it), else the offline editor (and say so).
    `sleep` and `clock` (monotonic seconds) time Gemini's waits and time budget (None: the real ones)."""
    api_key = os.environ.get("GEMINI_API_KEY", "").strip()
    if not api_key:
        print("note: GEMINI_API_KEY is not set: the offline editor writes this post", file=sys.stderr)
        return OfflineEditor()
    from generator.editor import GeminiEditor

    cache = settings.paths.cache / "llm"
    return GeminiEditor(settings.editor, settings.language, cache, api_key=api_key, sleep=sleep, clock=clock)


def make_fetcher(settings: Settings) -> Fetcher:
    """The Fetcher of a run: the config's limits, HTTP validators cached under `paths.cache`/http."""
    return Fetcher(settings.fetch, HttpCache(settings.paths.cache / "http"))


def cmd_generate(args: argparse.Namespace, editor_for: EditorFactory = choose_editor) -> int:
    """`generate`: the post for one day (run_day) by the editor `editor_for` makes from the settings, then the
    site pages beside it; 0 when written or it exists already, 3 when written but the owner must act (`report`).
    Raises GeneratorError (main turns it into one sentence and exit 1); the run summary of a failed run that got
    going is saved first.
    """
    settings = load_settings(args.config)
    site = load_site(settings.paths.mkdocs)
    check_site(settings, site, settings.paths.mkdocs)
    fixed_now = args.now
    day = args.date or (fixed_now or datetime.now(settings.zone)).astimezone(settings.zone).date()

    def now() -> datetime:
        return fixed_now if fixed_now else datetime.now(settings.zone)

    stats = RunStats(day=day, started=now())
    try:
        result = run_day(
            day,
            settings,
            site,
            make_fetcher(settings),
            editor_for(settings),
            now,
            force=args.force,
            dry_run=args.dry_run,
            stats=stats,
            progress=terminal_progress(),
            partial=args.partial,
        )
    except GeneratorError as error:
        if stats.stages and not args.dry_run:  # the run got going: keep its summary for the record
            stats.result = f"failed: {error}"
            save_summary(stats, settings)
        raise
    if result.status in (
        "written",
        "replaced",
    ):  # the OPML file, the 信源状态 page, the tags page, the archive; each edition's status page and archive
        result.stats.notes.extend(write_site_pages(settings, site, result.stats.as_dict())[1])
        result.stats.notes.extend(write_editions_pages(settings, result.stats.as_dict())[1])
    return report(result, settings, args.quiet)


def print_outcome(status: str, post_file: Path, markdown: str) -> bool:
    """What `generate` and `weekly` print for their outcome: the file written (stdout), the post itself for a dry
    run (stdout), or that it exists and nothing changed (stderr). Returns False when nothing more is to be said
    (it existed)."""
    if status == "exists":
        print(f"{post_file} already exists; nothing changed (use --force to replace it)", file=sys.stderr)
        return False
    if status == "dry-run":
        sys.stdout.write(markdown)
    else:
        print(post_file)
    return True


def report(result: RunResult, settings: Settings, quiet: bool) -> int:
    """Print what a run did (the post's path, or the post itself for a dry run) and save its summary; returns
    the exit code: 0, or 3 when the post was written (or dry-run) but the owner must fix something
    (`owner_action`, printed as `error: …`).
    """
    if not print_outcome(result.status, result.post_file, result.markdown):
        return 0
    stats = result.stats
    if result.status != "dry-run":
        save_summary(stats, settings)
    if not quiet:
        print(stats.line(), file=sys.stderr)
        for note in stats.notes:
            print(f"note: {note}", file=sys.stderr)
        for degradation in stats.degradations:
            print(f"degraded: {degradation.message}", file=sys.stderr)
    if in_github_actions():
        for line in stats.annotations():
            print(line)
    if stats.owner_action:
        print(f"error: {stats.owner_action}", file=sys.stderr)
        return OWNER_MUST_ACT
    return 0


def in_github_actions() -> bool:
    """Whether this runs as a GitHub Actions step (GITHUB_ACTIONS=true, a default variable): then what degraded
    the run is also printed as workflow commands (annotations)."""
    return os.environ.get("GITHUB_ACTIONS") == "true"


def cmd_sources(args: argparse.Namespace) -> int:
    """`sources`: fetch every enabled source once and print the health table (one line per source, the
    reason whole); 0 when at least one source is healthy, 1 when none is.
    """
    from generator import ingest

    settings = load_settings(args.config)
    now = datetime.now(settings.zone)
    # The table gives each failure with its reason; ingest's warning would say it a second time (-v keeps it).
    ingest_log = logging.getLogger(ingest.__name__)
    level = ingest_log.level
    if not args.verbose:
        ingest_log.setLevel(logging.ERROR)
    try:
        reports = ingest.fetch_sources(settings, make_fetcher(settings), now, terminal_progress()).reports
    finally:
        ingest_log.setLevel(level)
    for line in health_table(reports, settings.zone):
        print(line)
    failed = sum(1 for s in reports if s.status == "failed")
    print(f"{len(reports) - failed}/{len(reports)} sources healthy", file=sys.stderr)
    return 0 if failed < len(reports) else 1


def cmd_weekly(args: argparse.Namespace) -> int:
    """`weekly`: the issue of one ISO week from its daily posts (weekly.issue.run_week), then each edition's
    (weekly.run_edition_weeks). Same exit rules as `generate`; with --if-due a week with too few daily posts is a
    notice and 0 (the daily workflow's first run after a week closes asks for it; an issue that exists is 0
    anyway). An edition's issue that fails is a warning (an annotation on Actions), never the site's issue lost.
    """
    from generator.weekly import issue_pages, run_edition_weeks, run_week

    settings = load_settings(args.config)
    site = load_site(settings.paths.mkdocs)
    check_site(settings, site, settings.paths.mkdocs)
    now = args.now or datetime.now(settings.zone)
    week = args.week or latest_complete_week(now, settings.window.end, settings.zone)
    pages = {} if args.dry_run else issue_pages(week, settings, site, now)  # each issue names its twins
    twins = {language: url for language, url in pages.items() if language != settings.language}
    try:
        result = run_week(week, settings, site, now, force=args.force, dry_run=args.dry_run, alternates=twins)
    except ThinWeekError as error:
        if not args.if_due:
            raise
        annotate.annotate("notice", str(error))  # a young site's first week: nothing is wrong
        return 0
    shown = print_outcome(result.status, result.post_file, result.markdown)
    editions = run_edition_weeks(week, settings, now, force=args.force, dry_run=args.dry_run, pages=pages)
    for edition in editions:
        if edition.result is not None:
            print_outcome(edition.result.status, edition.result.post_file, edition.result.markdown)
        else:
            level = "notice" if edition.thin and args.if_due else "warning"
            annotate.annotate(level, f"the {edition.language} weekly issue was not written: {edition.reason}")
    if result.status == "written":  # the archive and the tags page list the new issue too
        for note in write_site_pages(settings, site, None, status=False)[1]:
            print(f"note: {note}", file=sys.stderr)
    if any(e.result is not None and e.result.status == "written" for e in editions):
        for note in write_editions_pages(settings, None, status=False)[1]:
            print(f"note: {note}", file=sys.stderr)
    digest = result.digest
    if shown and digest is not None and not args.quiet:
        print(
            f"{digest.week}: daily posts {len(digest.posts)}, stories {len(digest.stories)}, "
            f"top stories {len(digest.top)}, threads {len(digest.threads)}",
            file=sys.stderr,
        )
    return 0


def main(argv: Sequence[str] | None = None, *, editor_for: EditorFactory = choose_editor) -> int:
    """Parse `argv`, run the command (`generate` edits with the editor `editor_for` makes from the settings:
    choose_editor, or one with a clock of a benchmark's own); returns the exit code: 0 done, 1 a GeneratorError
    (one sentence on stderr, a traceback with --debug), 2 bad arguments (argparse), 3 `generate` wrote the post
    (or printed it with --dry-run) but the owner must fix something (a rejected GEMINI_API_KEY, a quota of 0, a
    setting the model refuses; the fix is printed as `error: …`), 130 interrupted.
    """
    args = build_parser().parse_args(argv)
    level = logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
    handler = {
        "generate": partial(cmd_generate, editor_for=editor_for),
        "sources": cmd_sources,
        "weekly": cmd_weekly,
        "announce": announce_command,
        "correct": correct_command,
        "ops": run_ops,
        "finish-site": finish_command,
    }[args.command]
    try:
        return handler(args)
    except GeneratorError as error:
        if args.debug:
            traceback.print_exc()
        print(f"error: {error}", file=sys.stderr)
        if in_github_actions():
            print(workflow_command("error", str(error), f"ainews {args.command}"))
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; nothing was written", file=sys.stderr)
        return 130
