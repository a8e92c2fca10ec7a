"""The answer cache (`.cache/llm/<sha256>.json`): a re-run of a day asks the model nothing it answered already."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.editor.answers import json_schema
from generator.files import write_atomic

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reply:
    """A usable answer and the model that wrote it (the response's `modelVersion`, else the model asked)."""

    answer: Any
    model: str


class AnswerCache:
    """Replies stored under a hash of the model chain, the request and its schema; `folder` None: no cache."""

    def __init__(self, folder: Path | None, models: Sequence[str]) -> None:
        self.folder = folder
        self.models = list(models)

    def key(self, system: str, contents: str, schema: type[BaseModel], *extra: str) -> str:
        """sha256 (hex) of the model chain, system instruction, contents, answer schema and any `extra` settings
        that change the answer (the thinking level)."""
        material = {
            "models": self.models,
            "system": system,
            "contents": contents,
            "schema": json_schema(schema),
            "extra": list(extra),
        }
        return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def read(self, key: str, schema: type[BaseModel]) -> Reply | None:
        """The cached reply for `key`, or None (no cache, no entry, or an entry that no longer validates)."""
        if self.folder is None:
            return None
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            return Reply(schema.model_validate(data["answer"]), str(data["model"]))
        except (OSError, ValueError, KeyError, TypeError, ValidationError):
            return None

    def write(self, key: str, reply: Reply) -> None:
        """Store a reply atomically (files.write_atomic); a failure is logged, never raised."""
        if self.folder is None:
            return
        path = self.folder / f"{key}.json"
        answer: BaseModel = reply.answer
        data = {"model": reply.model, "schema": type(answer).__name__, "answer": answer.model_dump()}
        try:
            write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as error:
            log.warning("gemini: cannot write the answer cache %s: %s", path, error)
