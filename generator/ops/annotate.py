"""What a workflow step tells the owner: annotations, the job summary and step outputs.

GitHub's workflow commands ("Workflow commands for GitHub Actions"): `::notice::`, `::warning::` and `::error::`
on stdout annotate the run; `$GITHUB_STEP_SUMMARY` is a Markdown file shown as the job summary; `$GITHUB_OUTPUT`
holds a step's outputs as `name<<DELIMITER` blocks. Outside Actions (`GITHUB_ACTIONS` is not "true") an annotation
is a plain `warning: …` line on stderr and summaries and outputs go nowhere, so the same code runs on a laptop.
The line of an annotation is made by generator.run_summary.workflow_command (the one escaping of workflow
commands, which the run summary uses too); this module adds where it goes, the job summary and step outputs.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Mapping
from typing import Literal, TextIO

from generator.run_summary import workflow_command

Level = Literal["notice", "warning", "error"]


def on_actions() -> bool:
    """Whether this process runs in a GitHub Actions step (the runner sets GITHUB_ACTIONS=true)."""
    return os.environ.get("GITHUB_ACTIONS") == "true"


def annotate(level: Level, message: str, *, title: str = "", stream: TextIO | None = None) -> None:
    """Annotate the run with `message` (one annotation, whatever its lines: run_summary.workflow_command escapes
    it) on Actions; elsewhere print `level: message` to stderr. `title` is the annotation's title (Actions only)."""
    if on_actions():
        print(workflow_command(level, message, title), file=stream or sys.stdout, flush=True)
    else:
        print(f"{level}: {message}", file=stream or sys.stderr, flush=True)


def add_summary(markdown: str) -> None:
    """Append `markdown` (and a blank line) to the job summary when $GITHUB_STEP_SUMMARY is set."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(markdown.rstrip("\n") + "\n\n")


def set_outputs(values: Mapping[str, object]) -> None:
    """Write step outputs to $GITHUB_OUTPUT when set, each as a `name<<DELIMITER` block with a random delimiter
    (a value can never end the block early, whatever its lines). Booleans are written `true`/`false`."""
    path = os.environ.get("GITHUB_OUTPUT")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as handle:
        for name, value in values.items():
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            delimiter = f"ghadelimiter_{secrets.token_hex(12)}"
            handle.write(f"{name}<<{delimiter}\n{text}\n{delimiter}\n")
