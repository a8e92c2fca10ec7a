"""`python -m generator ops …`: the steps of the daily workflow (.github/workflows/daily.yml), one subcommand each.

    plan      the Pages pre-flight, then what this run does: days to write, the weekly issue, deploy, announce
    write     write those days (and the weekly issue), each built strictly before it is committed
    push      push the commits: fetch, rebase (generated pages regenerated), retry
    stamp     write build.json (the commit built) into the built site
    watchdog  open, update or close the one issue about a post not live by ops.watchdog_at
    verdict   end the run red when a day failed or the owner must act, after the rest was deployed

Each prints annotations (generator.ops.annotate) and sets step outputs; the workflow only passes them on.
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import date, datetime
from pathlib import Path

from generator.config import Settings, load_settings
from generator.edition import edition_site
from generator.errors import OpsError, RequestError
from generator.ops import annotate as note
from generator.ops.git import head, repo_path
from generator.ops.github import GitHubApi, check_pages, session_with_retries
from generator.ops.live import live_commit, wait_until_live, write_stamp
from generator.ops.plan import Request, decide, latest_closed_day
from generator.ops.push import push_with_retry
from generator.ops.watchdog import Watch, deadline_of, run_watchdog
from generator.ops.write import Outcome, Runner, run_generator, strict_build, write_all
from generator.site import SiteLayout, load_site, post_url, read_front_matter


def _flag(value: str) -> bool:
    """A dispatch form's boolean as the workflow passes it: "true"/"false", or "" when not given."""
    text = value.strip().lower()
    if text not in ("", "true", "false"):
        raise argparse.ArgumentTypeError(f"{value!r} is not true or false")
    return text == "true"


def _optional_date(value: str) -> date | None:
    """A dispatch form's date, or None when the field was left empty."""
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-11-16") from None


def _now(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{value!r} needs a UTC offset, like +08:00")
    return parsed


def add_ops_parser(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add `ops` and its subcommands to the CLI's subparsers."""
    ops = commands.add_parser(
        "ops", help="the daily workflow's steps (plan, write, push, stamp, watchdog, verdict)"
    )
    steps = ops.add_subparsers(dest="step", required=True)
    plan = steps.add_parser("plan", parents=[common], help="the Pages pre-flight and what this run does")
    plan.add_argument(
        "--event", default="schedule", help="the event that started the run (github.event_name)"
    )
    write = steps.add_parser(
        "write", parents=[common], help="write the planned days, each built before committed"
    )
    write.add_argument("--days", default="", help="the days to write, YYYY-MM-DD separated by spaces")
    write.add_argument("--weekly", default="", help="the week whose issue is due (YYYY-Www), or empty")
    for step in (plan, write):
        step.add_argument(
            "--date", type=_optional_date, default=None, help="the day asked for (empty: catch up)"
        )
        step.add_argument("--force", type=_flag, default=False, help="true: replace that day's post")
        step.add_argument("--partial", type=_flag, default=False, help="true: write from an open window")
        step.add_argument("--now", type=_now, help="pretend the run happens at this time")
    push = steps.add_parser("push", parents=[common], help="push the commits: fetch, rebase, retry")
    push.add_argument("--remote", default="origin")
    push.add_argument(
        "--branch", default=os.environ.get("GITHUB_REF_NAME", ""), help="default: GITHUB_REF_NAME"
    )
    stamp = steps.add_parser("stamp", parents=[common], help="write build.json into the built site")
    stamp.add_argument("site_dir", type=Path, nargs="?", default=Path("site"))
    watchdog = steps.add_parser("watchdog", parents=[common], help="the issue about a post not live in time")
    watchdog.add_argument("--now", type=_now, help="pretend the run happens at this time")
    steps.add_parser(
        "verdict", parents=[common], help="end the run red when a day failed or the owner must act"
    )


def run_ops(args: argparse.Namespace) -> int:
    """Run `ops <step>`; returns the exit code. Raises GeneratorError (the CLI prints and annotates it)."""
    handler = {
        "plan": cmd_plan,
        "write": cmd_write,
        "push": cmd_push,
        "stamp": cmd_stamp,
        "watchdog": cmd_watchdog,
        "verdict": cmd_verdict,
    }[args.step]
    try:
        return handler(args)
    except OpsError as error:  # the CLI prints it (and annotates it on Actions); the job summary says it too
        note.add_summary(f"**ops {args.step} failed:** {error}")
        raise


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(args.config)


def cmd_plan(args: argparse.Namespace) -> int:
    """The pre-flight, then the plan as step outputs: days, weekly, write, deploy, announce, site_url, commit."""
    settings = _settings(args)
    pages = check_pages(GitHubApi.from_env())
    site_url = pages.html_url if pages.html_url.endswith("/") else pages.html_url + "/"
    now = args.now or datetime.now(settings.zone)
    layout = SiteLayout.of(settings.paths.docs, load_site(settings.paths.mkdocs))
    tip = head(Path.cwd())
    days: tuple[date, ...] = ()
    week = None
    if args.event != "push":
        request = Request(args.date, args.force, args.partial)
        decision = decide(
            now, settings.window.end, settings.zone, layout, settings.ops.catch_up_days,
            settings.weekly.min_days, request,
        )  # fmt: skip
        days, week = decision.days, decision.weekly
        for notice in decision.notices:
            note.annotate("notice", notice)
        for warning in decision.warnings:
            note.annotate("warning", warning, title="a day caught up")
            note.add_summary(f"**{warning}**")
    live = live_commit(site_url, session_with_retries())
    deploy = args.event == "push" or live != tip
    telegram = os.environ.get("TELEGRAM_SET") == "true"  # the workflow's check that both secrets are set
    announce = telegram and bool(unsent_posts(settings, layout, now))
    outputs = {
        "days": " ".join(d.isoformat() for d in days),
        "weekly": str(week or ""),
        "write": bool(days or week),
        "deploy": deploy,
        "announce": announce,
        "telegram": telegram,
        "site_url": site_url,
        "commit": tip,
    }
    note.set_outputs(outputs)
    seen = f"live site built from {live[:12]}" if live else "live site has no build stamp"
    line = (
        f"plan: write {outputs['days'] or 'no day'}{f' and the weekly issue {week}' if week else ''}; "
        f"{'deploy' if deploy else 'no deploy'} (tip {tip[:12]}, {seen}); "
        f"{'announce' if announce else 'nothing to announce'}"
    )
    print(line)
    note.add_summary(f"**{line}**")
    return 0


def unsent_posts(settings: Settings, layout: SiteLayout, now: datetime) -> list[Path]:
    """Posts of the last `ops.announce_days` days (up to the latest closed window) that have no marker of a
    channel post yet (generator.channels.announce), and, when the English edition's channel is set
    (TELEGRAM_EN_SET, the workflow's check of TELEGRAM_CHAT_ID_EN), the English posts not sent to it yet."""
    from generator.channels import recent_posts

    latest = latest_closed_day(now, settings.window.end, settings.zone)
    days, cache = settings.ops.announce_days, settings.paths.cache
    unsent = [r.path for r in recent_posts(layout, cache, latest, days)]
    if os.environ.get("TELEGRAM_EN_SET") == "true" and "en" in settings.editions:
        english = edition_site(settings, "en").layout
        unsent += [r.path for r in recent_posts(english, cache, latest, days, "telegram/en")]
    return unsent


def cmd_write(args: argparse.Namespace, run: Runner = run_generator) -> int:
    """Write the planned days and the weekly issue; outputs written, failed, act (JSON lists) for the verdict.
    `run` runs one generator command (generator.ops.write.write_all)."""
    settings = _settings(args)
    common = [*(["--config", str(args.config)] if args.config else [])]
    common += ["--now", args.now.isoformat()] if args.now else []
    jobs = build_write_jobs(args.days.split(), args.weekly, common, force=args.force, partial=args.partial)
    mkdocs = settings.paths.mkdocs
    docs = [repo_path(Path.cwd(), settings.paths.docs)]  # and each edition's docs folder (generator.edition)
    docs += [
        repo_path(Path.cwd(), edition_site(settings, language).layout.docs) for language in settings.editions
    ]
    outcomes = write_all(Path.cwd(), docs, jobs, lambda: strict_build(mkdocs), run)
    report_outcomes(outcomes)
    return 0


def build_write_jobs(
    days: list[str], week: str, common: list[str], *, force: bool, partial: bool
) -> list[tuple[str, list[str], str]]:
    """The generator commands of `ops write`, in order: (name, arguments, commit message) per day, then the weekly
    issue when `week` is given (`weekly --if-due`: a thin week is a notice). Raises RequestError for a day that
    is not YYYY-MM-DD."""
    jobs = []
    for text in days:
        day = _optional_date_or_error(text)
        arguments = ["generate", "--date", day.isoformat(), *common]
        arguments += ["--force"] * force + ["--partial"] * partial
        jobs.append((day.isoformat(), arguments, f"AI 日报: {day}"))
    if week:
        jobs.append((week, ["weekly", "--if-due", *common], f"AI 日报: 每周回顾 {week}"))
    return jobs


def _optional_date_or_error(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RequestError(f"{text!r} is not a date like 2026-11-16") from None


def report_outcomes(outcomes: list[Outcome]) -> None:
    """Annotate and summarize each outcome; set the outputs written, failed and act."""
    failed = [o for o in outcomes if o.status in ("failed", "unbuilt")]
    act = [o for o in outcomes if o.status == "act"]
    for outcome in outcomes:
        if outcome.status == "unbuilt":
            note.annotate(
                "error", f"{outcome.name} was not committed: {outcome.reason}", title="strict build"
            )
            note.add_summary(
                f"**{outcome.name} was not committed:** its post breaks the site's strict build."
                f"\n\n```\n{outcome.reason}\n```"
            )
        elif outcome.status == "failed":
            note.annotate("error", f"{outcome.name} was not written: {outcome.reason}")
            note.add_summary(f"**{outcome.name} was not written:** {outcome.reason}")
        elif outcome.committed:
            note.add_summary(f"{outcome.name}: written and committed ({outcome.commit[:12]})")
    note.set_outputs(
        {
            "written": " ".join(o.name for o in outcomes if o.committed),
            "failed": json.dumps([{"name": o.name, "reason": o.reason} for o in failed], ensure_ascii=False),
            "act": json.dumps([{"name": o.name, "reason": o.reason} for o in act], ensure_ascii=False),
        }
    )


def cmd_push(args: argparse.Namespace) -> int:
    """Push with retries; outputs pushed and commit."""
    settings = _settings(args)
    if not args.branch:
        raise OpsError("no branch to push to: pass --branch or set GITHUB_REF_NAME")
    from generator.ops.pages import generated_paths, regenerate_pages

    report = push_with_retry(
        Path.cwd(),
        args.remote,
        args.branch,
        generated_paths(settings, Path.cwd()),
        lambda: regenerate_pages(args.config),
        settings.ops.push_attempts,
    )
    note.set_outputs({"pushed": report.pushed, "commit": report.commit})
    if not report.pushed:
        print("nothing to push")
    else:
        again = (
            f" (rewritten on the rebased tree: {', '.join(report.regenerated)})" if report.regenerated else ""
        )
        message = f"pushed {report.commit[:12]} to {args.branch} in {report.attempts} attempt(s){again}"
        print(message)
        if report.attempts > 1:
            note.annotate("warning", f"the branch moved during the run: {message}")
    return 0


def cmd_stamp(args: argparse.Namespace) -> int:
    """build.json into the built site; output commit."""
    commit = head(Path.cwd())
    write_stamp(args.site_dir, commit)
    note.set_outputs({"commit": commit})
    print(f"{args.site_dir}/build.json: {commit}")
    return 0


def cmd_watchdog(args: argparse.Namespace) -> int:
    """Check the latest day's post on the live site; open, update or close the issue."""
    settings = _settings(args)
    now = args.now or datetime.now(settings.zone)
    site = load_site(settings.paths.mkdocs)
    layout = SiteLayout.of(settings.paths.docs, site)
    day = latest_closed_day(now, settings.window.end, settings.zone)
    url = ""
    post = layout.post_file(day)
    if post.is_file() and os.environ.get(
        "SITE_URL"
    ):  # no SITE_URL: the plan did not run, the address is unknown
        url = post_url(site, read_front_matter(post), post.stem)
    live = bool(url) and wait_until_live(url, session_with_retries(), settings.ops.live_wait_s)
    watch = Watch(day, url, live, deadline_of(day, settings.ops.watchdog_at, settings.zone))
    result = run_watchdog(GitHubApi.from_env(), watch, now, settings.timezone, run_details())
    print(result.message)
    if result.action in ("opened", "updated"):
        note.annotate("warning", result.message, title="watchdog")
    note.add_summary(f"watchdog: {result.message}")
    return 0


def run_details(environ: dict[str, str] | None = None) -> str:
    """Markdown about this run for the watchdog's issue: its address and its jobs' results (RUN_NEEDS, the
    workflow's `toJSON(needs)`)."""
    environ = dict(os.environ) if environ is None else environ
    lines = []
    server, repository, run = (
        environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")
    )
    if server and repository and run:
        lines.append(f"Run: {server}/{repository}/actions/runs/{run}")
    try:
        needs = json.loads(environ.get("RUN_NEEDS") or "{}")
    except ValueError:
        needs = {}
    if needs:
        lines.append("Jobs: " + ", ".join(f"{name} {job.get('result')}" for name, job in needs.items()))
    lines.append('What each red step means and how to run again: README, "When a morning goes wrong".')
    return "\n\n".join(lines)


def cmd_verdict(args: argparse.Namespace) -> int:
    """Red (1) when a day failed or the owner must act (the write step's outputs in RUN_NEEDS), else 0."""
    try:
        needs = json.loads(os.environ.get("RUN_NEEDS") or "{}")
    except ValueError as error:
        raise RequestError(f"RUN_NEEDS is not JSON: {error}") from None
    outputs = (needs.get("generate") or {}).get("outputs") or {}
    problems = []
    for key, what in (("failed", "was not written"), ("act", "was written, but you must act")):
        try:
            entries = json.loads(outputs.get(key) or "[]")
        except ValueError:
            entries = []
        problems += [f"{entry.get('name')} {what}: {entry.get('reason')}" for entry in entries]
    for problem in problems:
        note.annotate("error", problem, title="verdict")
        note.add_summary(f"**{problem}**")
    if not problems:
        print("nothing failed that the other jobs did not show")
    return 1 if problems else 0
