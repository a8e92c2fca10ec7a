"""What a workflow step tells the owner: annotations, the job summary and step outputs.

GitHub's workflow commands ("Workflow commands for GitHub Actions"): `::notice::`, `::warning::` and `::error::`
on stdout annotate the run; `$GITHUB_STEP_SUMMARY` is a Markdown file shown as the job summary; `$GITHUB_OUTPUT`
holds a step's outputs as `name<<DELIMITER` blocks. Outside Actions (`GITHUB_ACTIONS` is not "true") an annotation
is a plain `warning: …` line on stderr and summaries and outputs go nowhere, so the same code runs on a laptop.
The one place the project writes these (the generator's CLI reuses it).
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Mapping
from typing import Literal, TextIO

Level = Literal["notice", "warning", "error"]


def on_actions() -> bool:
    """Whether this process runs in a GitHub Actions step (the runner sets GITHUB_ACTIONS=true)."""
    return os.environ.get("GITHUB_ACTIONS") == "true"


def escape_data(text: str) -> str:
    """A message as a workflow command's data: `%`, CR and LF percent-encoded (the runner decodes them, so a
    message of several lines stays one annotation and cannot start a command of its own)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (`title=`): the data escapes plus `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotate(level: Level, message: str, *, title: str = "", stream: TextIO | None = None) -> None:
    """Annotate the run with `message` (one annotation, whatever its lines) on Actions; elsewhere print
    `level: message` to stderr. `title` is the annotation's title (Actions only)."""
    if on_actions():
        properties = f" title={escape_property(title)}" if title else ""
        print(f"::{level}{properties}::{escape_data(message)}", file=stream or sys.stdout, flush=True)
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
