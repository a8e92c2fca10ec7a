"""The figures of the mornings benchmark (scripts/benchmarks/mornings.py, whose docstring defines each), and the
audit of one run: what degraded it, and whether the run's annotations say so."""

from __future__ import annotations

import json
import math
import statistics
import sys
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from benchmarks.mornings_faults import MODEL_DECK, Morning
from benchmarks.mornings_news import BEIJING
from benchmarks.mornings_workflow import RunRecord, git, posts_in
from generator.feeds import latest_closed_day

if TYPE_CHECKING:
    from benchmarks.mornings import Simulation

WINDOW_END = time(8)  # window.end of the default config (the bench's config is the default one)
WATCHDOG_AT = time(11)  # ops.watchdog_at of the default config
MAX_ENTRIES = 8  # post.max_entries of the default config


def p95(values: list[float]) -> float:
    """The 95th percentile by nearest rank (0 for none)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else 0.0


def mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else 0.0


def said(annotations: list[tuple[str, str]], levels: tuple[str, ...], *words: str) -> bool:
    """Whether an annotation of one of `levels` holds every one of `words`."""
    return any(level in levels and all(w in message for w in words) for level, message in annotations)


def late_days(record: RunRecord) -> list[str]:
    """The days this run wrote after their own morning (a catch-up)."""
    latest = latest_closed_day(record.start, WINDOW_END, BEIJING)
    return [s["date"] for s in record.summaries if date.fromisoformat(s["date"]) < latest]


def audit(record: RunRecord) -> tuple[list[str], list[str]]:
    """What degraded the run, and which of those no annotation of the run says. Returns (signals, unsaid)."""
    notes = record.annotations()
    checks: list[tuple[str, bool]] = []
    for summary in (s for s in record.summaries if s.get("result") in ("written", "replaced")):
        day, llm, editor = summary["date"], summary.get("llm") or {}, summary.get("editor", "")
        for degradation in summary.get("degradations") or []:
            checks.append(
                (f"{day}: {degradation['message']}", said(notes, ("warning",), degradation["message"]))
            )
        if summary.get("owner_action"):
            checks.append((f"{day}: owner action", said(notes, ("error",), summary["owner_action"])))
        if "offline" in editor:
            checks.append((f"{day}: written offline ({editor})", said(notes, ("warning",), "offline")))
        if llm.get("waited_s"):
            checks.append((f"{day}: waited {llm['waited_s']} s", said(notes, ("warning",), "waited")))
        if llm.get("fallback_answers"):
            checks.append((f"{day}: a fallback model answered", said(notes, ("warning",), "fallback model")))
    write = record.step("write")
    for key in ("failed", "act"):
        for entry in json.loads(write.outputs.get(key) or "[]") if write else []:
            checks.append((f"{entry['name']}: {key}", said(notes, ("error",), entry["name"])))
    for day in late_days(record):
        checks.append((f"{day}: caught up late", said(notes, ("warning",), f"catching up: {day}")))
    for step in record.steps:
        if step.code != 0 and step.name != "verdict":
            checks.append((f"step {step.name} exit {step.code}", said(notes, ("error",), "")))
    return [what for what, _ in checks], [what for what, ok in checks if not ok]


def entries(summary: dict[str, Any]) -> tuple[int, int]:
    """(write-ups in the post, write-ups written offline) of one day's run summary."""
    featured = min(MAX_ENTRIES, summary.get("counts", {}).get("stories_kept", 0))
    if summary.get("editor") == "offline":
        return featured, featured
    return featured, min(featured, (summary.get("llm") or {}).get("offline_entries", 0))


def figures(sim: Simulation, wait_budget: float) -> dict[str, float | int | str]:
    """Every figure (see benchmarks/mornings.py)."""
    days = [sim.first_day + timedelta(days=n) for n in range(sim.count)]
    on_branch = posts_in(sim.origin, git(sim.origin, "rev-parse", "refs/heads/main"))
    live = posts_in(sim.origin, json.loads((sim.work / "live" / "build.json").read_text())["commit"])
    posted = [d for d in days if d in on_branch and d in live]
    out: dict[str, float | int | str] = {
        "mornings": sim.count,
        "mornings_posted": f"{len(posted)}/{sim.count}",
    }
    out["days_lost"] = sim.count - len(posted) + sim.vanished
    out["entries_model_written_pct"] = model_written_pct(sim, days, wait_budget)
    silent = degraded = 0
    for _, record in sim.records:
        signals, unsaid = audit(record)
        degraded += bool(signals)
        if unsaid:
            silent += 1
            print(f"mornings: silent run at {record.start:%m-%d %H:%M}: {'; '.join(unsaid)}", file=sys.stderr)
    writing = [r for _, r in sim.records if r.written]
    out.update(
        silent_degraded=silent, degraded_runs=degraded, runs=len(sim.records), runs_writing=len(writing)
    )
    out["run_time_p95_s"] = p95([r.seconds for r in writing])
    out["run_time_idle_p95_s"] = p95([r.seconds for _, r in sim.records if not r.written])
    by_watchdog = [
        d for d in days if (s := sim.days.get(d)) and s.live_at and s.live_at <= at(d, WATCHDOG_AT)
    ]
    out["posts_live_by_watchdog"] = len(by_watchdog)
    for morning in sim.mornings:
        print(describe(sim, morning), file=sys.stderr)
    out.update(model_fault_costs(sim))
    out.update(schedule_costs(sim))
    return out


def at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=BEIJING)


def model_written_pct(sim: Simulation, days: list[date], wait_budget: float) -> float:
    total = model = 0
    for day in days:
        state = sim.days.get(day)
        if state and state.summary and state.morning and state.morning.model.reachable(wait_budget):
            featured, offline = entries(state.summary)
            total, model = total + featured, model + featured - offline
    return round(100.0 * model / total, 1) if total else 0.0


def model_fault_costs(sim: Simulation) -> dict[str, float | int]:
    """Per model fault: mornings, and the cost on the days written those mornings."""
    out: dict[str, float | int] = {}
    normal = [
        s.summary for s in sim.days.values() if s.summary and s.morning and s.morning.model.kind == "none"
    ]
    normal_calls = statistics.median((s.get("llm") or {}).get("calls", 0) for s in normal) if normal else 2
    out["normal_calls"] = normal_calls
    out["normal_run_time_mean_s"] = mean(
        [r.seconds for m, r in sim.records if r.written and m.model.kind == "none"]
    )
    for kind in (k for k in MODEL_DECK if k != "none"):
        hit = [
            s.summary for s in sim.days.values() if s.summary and s.morning and s.morning.model.kind == kind
        ]
        llm = [s.get("llm") or {} for s in hit]
        prefix = f"fault_{kind}"
        out[f"{prefix}_mornings"] = sum(1 for m in sim.mornings if m.model.kind == kind)
        out[f"{prefix}_days"] = len(hit)
        out[f"{prefix}_extra_calls"] = sum(x.get("calls", 0) - normal_calls for x in llm)
        out[f"{prefix}_waited_s"] = sum(x.get("waited_s", 0) for x in llm)
        out[f"{prefix}_offline_entries"] = sum(entries(s)[1] for s in hit)
        out[f"{prefix}_owner_action"] = sum(1 for s in hit if s.get("owner_action"))
        out[f"{prefix}_run_time_mean_s"] = mean(
            [r.seconds for m, r in sim.records if r.written and m.model.kind == kind]
        )
    return out


def schedule_costs(sim: Simulation) -> dict[str, float | int]:
    """The missed crons' and the owner's pushes' costs."""
    missed = [m for m in sim.mornings if m.cron.kind != "none"]
    first_run = sim.crons[0]
    delays = []
    for m in missed:
        state = sim.days.get(sim.first_day + timedelta(days=m.number))
        if state and state.live_at:
            delays.append(
                (state.live_at - at(sim.first_day + timedelta(days=m.number), first_run)).total_seconds()
                / 3600
            )
    pushed = [r for _, r in sim.records if r.owner_pushed]
    return {
        "fault_missed_cron_mornings": len(missed),
        "fault_missed_cron_caught_up_days": sum(len(late_days(r)) for _, r in sim.records),
        "fault_missed_cron_live_after_h_max": round(max(delays), 2) if delays else 0.0,
        "fault_owner_push_mornings": len(pushed),
        "fault_owner_push_extra_push_attempts": sum(max(0, r.push_attempts()[0] - 1) for r in pushed),
        "fault_owner_push_regenerated_pages": sum(len(r.push_attempts()[1]) for r in pushed),
    }


def describe(sim: Simulation, morning: Morning) -> str:
    """One line about a morning, for the bench's stderr: its faults, and what became of its day (then each
    degradation its run summary gives, a line each)."""
    day = sim.first_day + timedelta(days=morning.number)
    fault = morning.model
    detail = {
        "429_burst": f" {'/'.join(f'{d:g}s' for d in fault.delays)}",
        "503_minutes": f" {fault.seconds:g}s on {'+'.join(m.removeprefix('gemini-') for m in fault.models)}",
        "blocked_article": f" {fault.block} #{fault.article}",
    }.get(fault.kind, "")
    cron = morning.cron
    schedule = {"dropped": f"dropped run {cron.run}", "late": f"run {cron.run} {cron.late_h:g} h late"}.get(
        cron.kind, cron.kind
    )
    state = sim.days.get(day)
    summary = state.summary if state and state.summary else {}
    llm = summary.get("llm") or {}
    live = f"{state.live_at.astimezone(BEIJING):%m-%d %H:%M}" if state and state.live_at else "never"
    return (
        f"mornings: {day} {fault.kind}{detail}; {schedule}; owner push {morning.owner_push or '-'} | "
        f"editor {summary.get('editor', '-')}, calls {llm.get('calls', 0)}, waited {llm.get('waited_s', 0)} s, "
        f"offline {entries(summary)[1] if summary else '-'}; live {live}"
        + "".join(f"\n  said: {d['message']}" for d in summary.get("degradations") or [])
    )
