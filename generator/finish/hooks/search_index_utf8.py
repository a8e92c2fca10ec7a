"""Works around Material's search plugin (9.x) writing search_index.json ASCII-escaped: no upstream issue known.

Material serializes the index with json.dumps' default ensure_ascii=True, so each Chinese character becomes a
six-byte `\\uXXXX` escape (and so does every zero-width space jieba puts between words), where UTF-8 takes three
bytes. A reader's browser downloads and parses the whole file on the first search. A thin wrapper: the rewrite
(the same JSON value as UTF-8, RFC 8259 §8.1) is generator.finish.compact_search_index, which `python -m generator
finish-site` applies after any builder (ARCHITECTURE.md, "Material's successor"); its warnings go to MkDocs' log.
Runs in on_post_build, a documented MkDocs event, after the search plugin has written the index.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from generator.finish import compact_search_index

log = logging.getLogger("mkdocs.hooks.search_index_utf8")


@event_priority(-100)  # after Material's search plugin has written the index (its on_post_build, priority 0)
def on_post_build(config: MkDocsConfig) -> None:
    for warning in compact_search_index(Path(config.site_dir)).warnings:
        log.warning("%s", warning)
