"""The one atomic writer: a file the generator writes goes through a temp file in the same folder, flushed to disk
and renamed into place (POSIX rename(2) replaces atomically), so no reader (a site build, a crash, a second run)
ever sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, replace: bool = True) -> None:
    """Write `data` to `path` (its folder created), mode 0644. `replace` False: refuse an existing file, even one
    that appears during the write (a hard link is made, which fails when the name is taken). Raises
    FileExistsError then, OSError when the file cannot be written; a temp file is never left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if the file exists: no clobbering, even in a race
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically unless the file holds it already; whether it was written. Raises
    OSError when it cannot be."""
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True
