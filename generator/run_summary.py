"""The run summary: counts, timings, per-source reports and notes of one run, composed by `run_day` from the
stages' reports, then printed (one line), written as JSON under .cache/runs/ and appended to $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from generator.config import Settings
from generator.models import SourceReport
from generator.site import write_summary


@dataclass
class RunStats:
    """Counts and timings of one run, for the summary (the only mutable record, local to a run)."""

    day: date
    started: datetime
    sources: list[SourceReport] = field(default_factory=list)
    stages: dict[str, dict[str, float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    editor: str = ""
    llm: dict[str, int] = field(default_factory=dict)
    result: str = ""
    degradations: list[str] = field(default_factory=list)  # one plain sentence per way the day degraded
    owner_action: str | None = None  # what the owner must fix (the run then ends with exit code 3)

    @contextmanager
    def stage(self, name: str) -> Iterator[dict[str, float]]:
        """Time the block as stage `name`; the block may put a `count` into the yielded record."""
        record: dict[str, float] = {}
        began = time.perf_counter()
        try:
            yield record
        finally:
            record["seconds"] = round(time.perf_counter() - began, 3)
            self.stages[name] = record

    def as_dict(self) -> dict[str, object]:
        """The summary as JSON-ready data (what .cache/runs/*.json holds and the 信源状态 page reads)."""
        return {
            "date": self.day.isoformat(),
            "started": self.started.isoformat(timespec="seconds"),
            "result": self.result,
            "editor": self.editor,
            "counts": self.counts,
            "stages": self.stages,
            "llm": self.llm,
            "sources": [
                {
                    "name": s.name,
                    "status": s.status,
                    "items": s.items,
                    "latency_s": round(s.latency_s, 3),
                    "newest": s.newest.isoformat() if s.newest else None,
                    "error": s.error,
                }
                for s in self.sources
            ],
            "notes": self.notes,
            "degradations": self.degradations,
            "owner_action": self.owner_action,
        }

    def as_markdown(self) -> str:
        """The summary as Markdown tables (for $GITHUB_STEP_SUMMARY)."""
        lines = [
            f"### AI 日报 {self.day}: {self.result}",
            "",
            "| source | status | items | latency |",
            "|---|---|---|---|",
        ]
        for s in self.sources:
            error = f" ({s.error})".replace("|", "\\|") if s.error else ""  # a "|" would end the cell
            lines.append(f"| {s.name} | {s.status}{error} | {s.items} | {s.latency_s:.2f}s |")
        lines += ["", "| stage | count | seconds |", "|---|---|---|"]
        for name, record in self.stages.items():
            lines.append(f"| {name} | {int(record.get('count', 0))} | {record['seconds']:.2f} |")
        if self.llm:
            lines += ["", "LLM: " + ", ".join(f"{k} {v}" for k, v in self.llm.items())]
        return "\n".join(lines)

    def line(self) -> str:
        """The one-line summary printed after a run."""
        c = self.counts
        return (
            f"{self.result}: {c.get('items_read', 0)} items read from {c.get('sources_ok', 0)}/{len(self.sources)} "
            f"sources, {c.get('in_window', 0)} in the window, {c.get('stories', 0)} stories, "
            f"{c.get('stories_kept', 0)} kept; editor {self.editor or '-'}"
            + (
                f"; LLM {self.llm.get('calls', 0)} calls ({self.llm.get('cached_calls', 0)} cached), "
                f"{self.llm.get('total_tokens', 0)} tokens"
                if self.llm
                else ""
            )
        )


def save_summary(stats: RunStats, settings: Settings) -> Path:
    """Write the summary under the cache's runs/ folder (and $GITHUB_STEP_SUMMARY); returns the JSON file."""
    return write_summary(stats.as_dict(), settings.paths.cache, stats.as_markdown())
