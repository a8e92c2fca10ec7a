"""The one atomic writer: every file the generator writes (posts, covers, site pages, caches, markers, stamps) goes
through `write_atomic`, so no reader ever sees a half-written file and a crash leaves none behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, replace: bool = True, durable: bool = True) -> None:
    """Write `data` to `path` through a temp file in the same folder (created as needed), flushed to disk, then
    renamed into place (POSIX rename is atomic). With `replace` False the file must not exist: the temp file is
    hard-linked to `path`, which fails if it exists, even in a race (no clobbering). Mode 0644. `durable` False
    skips the flush to disk (fsync), for a build's output that the next build writes again: still never seen
    half-written, but a power cut may lose it.

    Raises FileExistsError (replace=False and `path` exists) or OSError; the temp file never stays behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
