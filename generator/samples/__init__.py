"""The bundled sample day (2026-11-16) and a local server for it: offline demos and end-to-end tests."""

from __future__ import annotations

import contextlib
import datetime
import threading
from collections.abc import Iterator
from pathlib import Path

import yaml

from generator.samples.server import SampleServer

__all__ = ["SAMPLE_DATE", "SAMPLE_DIR", "sample_sources", "serve_sample_day"]

SAMPLE_DATE: datetime.date = datetime.date(2026, 11, 16)
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


def sample_sources(base_url: str, directory: Path = SAMPLE_DIR) -> list[dict]:
    """sources.yml with {{BASE}} replaced."""
    text = (Path(directory) / "sources.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text.replace("{{BASE}}", base_url.rstrip("/"))) or []
    return [dict(entry) for entry in data]
