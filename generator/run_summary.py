"""The run summary: counts, timings, per-source reports, notes and degradations of one run, composed by `run_day`
from the stages' reports, then printed (one line), written as JSON under .cache/runs/ and appended to
$GITHUB_STEP_SUMMARY, where its first lines say what degraded the day. Under GitHub Actions each degradation is
also a `::warning::` annotation and the owner's action an `::error::` one (workflow commands, GitHub Actions docs:
"Workflow commands for GitHub Actions"). Never silent: whatever degraded the day is in all three places and on
the 信源状态 page (generator.site.pages)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from generator.config import Settings
from generator.models import SourceReport
from generator.post import DEGRADATION_WORDS
from generator.site import write_summary


@dataclass(frozen=True)
class Degradation:
    """One way the day came out worse than a normal morning: `kind` (a key of DEGRADATION_WORDS) and one plain
    sentence for the owner (`message`)."""

    kind: str
    message: str

    def as_dict(self) -> dict[str, str]:
        """JSON-ready: {"kind", "message"}."""
        return {"kind": self.kind, "message": self.message}


@dataclass(frozen=True)
class StageReport:
    """What one stage of a day did (generator.stages): its `name`, `seconds` (None: no row in the stages table),
    the `count` of what it produced, its `counts` and `notes` for the summary, the ways it degraded the day; and
    what only one stage knows: the sources' reports (fetch), the editor's LLM usage, its name and the owner's
    action (edit)."""

    name: str
    seconds: float | None = None
    count: int = 0
    counts: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    degradations: tuple[Degradation, ...] = ()
    sources: tuple[SourceReport, ...] = ()
    llm: Mapping[str, int] = field(default_factory=dict)
    editor: str = ""
    owner_action: str | None = None


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
    degradations: list[Degradation] = field(default_factory=list)  # each way the day degraded
    owner_action: str | None = None  # what the owner must fix (the run then ends with exit code 3)
    post: str = ""  # the written post's public URL (site.permalinks.post_url)
    title: str = ""  # its title

    def add(self, report: StageReport) -> None:
        """Compose a stage's report into the summary (run_day calls this once per stage, in order)."""
        if report.seconds is not None:
            self.stages[report.name] = {"count": report.count, "seconds": report.seconds}
        self.counts.update(report.counts)
        self.notes.extend(report.notes)
        for degradation in report.degradations:
            self.degrade(degradation.kind, degradation.message)
        self.sources.extend(report.sources)
        if report.llm:
            self.llm = dict(report.llm)
        self.editor = report.editor or self.editor
        self.owner_action = report.owner_action or self.owner_action

    def degrade(self, kind: str, message: str) -> None:
        """Record a degradation of the day (kind: a key of DEGRADATION_WORDS)."""
        if kind not in DEGRADATION_WORDS:
            raise ValueError(f"unknown kind of degradation {kind!r}")
        found = Degradation(kind, message)
        if found not in self.degradations:
            self.degradations.append(found)

    def as_dict(self) -> dict[str, object]:
        """The summary as JSON-ready data (what .cache/runs/*.json holds and the 信源状态 page reads)."""
        return {
            "date": self.day.isoformat(),
            "started": self.started.isoformat(timespec="seconds"),
            "result": self.result,
            "editor": self.editor,
            "post": self.post,
            "title": self.title,
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
            "degradations": [d.as_dict() for d in self.degradations],
            "owner_action": self.owner_action,
        }

    def as_markdown(self) -> str:
        """The summary as Markdown (for $GITHUB_STEP_SUMMARY): a heading with the result and who wrote the post,
        then first what the owner must fix and each degradation, then the sources', stages' and LLM's tables."""
        by = f" by {self.editor}" if self.editor else ""
        lines = [f"### AI 日报 {self.day}: {self.result}{by}", ""]
        if self.owner_action:
            lines.append(f"- ❌ **Action needed:** {_one_line(self.owner_action)}")
        lines += [f"- ⚠️ {_one_line(d.message)}" for d in self.degradations]
        if self.owner_action or self.degradations:
            lines.append("")
        lines += ["| source | status | items | latency |", "|---|---|---|---|"]
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

    def annotations(self) -> list[str]:
        """The run's workflow commands: `::error::` with the owner's action, one `::warning::` per degradation
        (GitHub Actions shows them on the run's page and in its list)."""
        title = f"AI 日报 {self.day}"
        lines = [workflow_command("error", self.owner_action, title)] if self.owner_action else []
        return lines + [workflow_command("warning", d.message, title) for d in self.degradations]


def workflow_command(level: str, message: str, title: str = "") -> str:
    """A GitHub Actions workflow command line (`::warning title=…::message`; `level` error, warning or notice).
    Data is escaped as the runner expects (% → %25, CR → %0D, LF → %0A; in properties also : → %3A, , → %2C),
    so a message can neither end the line nor start a command of its own."""
    data = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if not title:
        return f"::{level}::{data}"
    prop = title.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A")
    return f"::{level} title={prop.replace(',', '%2C')}::{data}"


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def save_summary(stats: RunStats, settings: Settings) -> Path:
    """Write the summary under the cache's runs/ folder (and $GITHUB_STEP_SUMMARY); returns the JSON file."""
    return write_summary(stats.as_dict(), settings.paths.cache, stats.as_markdown())
