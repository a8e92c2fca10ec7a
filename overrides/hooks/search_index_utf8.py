"""Works around Material's search plugin (9.x) writing search_index.json ASCII-escaped: no upstream issue known.

Material serializes the index with json.dumps' default ensure_ascii=True, so each Chinese character becomes a
six-byte `\\uXXXX` escape (and so does every zero-width space jieba puts between words), where UTF-8 takes three
bytes. A reader's browser downloads and parses the whole file on the first search. This hook reads the file back
after the search plugin has written it (on_post_build, a documented MkDocs event) and writes the same JSON value as
UTF-8 (RFC 8259 §8.1: JSON exchanged between systems is UTF-8; escapes are optional). Nothing else changes: the
same entries, the same text, the same order. If the file is missing, not JSON, or would not get smaller, it is
left as it is.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.search_index_utf8")

INDEX = Path("search") / "search_index.json"  # where Material's search plugin writes it, under site_dir


@event_priority(-100)  # after Material's search plugin has written the index (its on_post_build, priority 0)
def on_post_build(config: MkDocsConfig) -> None:
    path = Path(config.site_dir) / INDEX
    try:
        raw = path.read_bytes()
        encoded = json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except FileNotFoundError:
        return
    except (OSError, ValueError) as error:  # not JSON, or a lone surrogate that UTF-8 cannot carry
        log.warning("%s left as written: %s", INDEX.as_posix(), error)
        return
    if len(encoded) < len(raw):
        path.write_bytes(encoded)
