"""The bundled sample days (2026-11-16, and the two days after it that continue its stories) and a local server for
them: offline demos and end-to-end tests."""

from __future__ import annotations

import contextlib
import datetime
import threading
from collections.abc import Iterator
from pathlib import Path

import yaml

from generator.samples.server import SampleServer

__all__ = ["SAMPLE_DATE", "SAMPLE_DAYS", "SAMPLE_DIR", "sample_sources", "serve_sample_day"]

SAMPLE_DATE: datetime.date = datetime.date(2026, 11, 16)
# The sample sequence: 2026-11-16, then two days whose feeds continue some of its stories (README.md in this folder).
SAMPLE_DAYS: tuple[datetime.date, ...] = (
    SAMPLE_DATE,
    datetime.date(2026, 11, 17),
    datetime.date(2026, 11, 18),
)
SAMPLE_DIR: Path = Path(__file__).parent / "day"


@contextlib.contextmanager
def serve_sample_day(directory: Path = SAMPLE_DIR, latency: float = 0.0) -> Iterator[str]:
    """Serve the sample day on 127.0.0.1 (random free port) in a daemon thread.

    Yields the base URL like 'http://127.0.0.1:54321' (no trailing slash); shuts down on exit.
    """
    server = SampleServer(("127.0.0.1", 0), Path(directory), latency)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="sample-day-server", daemon=True
    )
    thread.start()
    try:
        yield server.base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def sample_sources(
    base_url: str, directory: Path = SAMPLE_DIR, day: datetime.date = SAMPLE_DATE
) -> list[dict]:
    """The sources of a sample day with {{BASE}} replaced: sources.yml for 2026-11-16, sources-YYYY-MM-DD.yml for
    the later days of SAMPLE_DAYS (the same sources; their feeds as they read that morning).
    Raises FileNotFoundError for a day without sources."""
    name = "sources.yml" if day == SAMPLE_DATE else f"sources-{day.isoformat()}.yml"
    text = (Path(directory) / name).read_text(encoding="utf-8")
    data = yaml.safe_load(text.replace("{{BASE}}", base_url.rstrip("/"))) or []
    return [dict(entry) for entry in data]
