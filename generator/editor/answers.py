"""The model's answers: pydantic schemas (the border), their JSON Schema, and a lenient per-item reader.

The schemas are sent as `response_json_schema` (real JSON Schema, see `json_schema`). The answer is read from the
response text by `read_answer`, field by field and list item by list item: one wrong-typed field in one pick
(`"importance": "high"`) drops that pick, not the whole answer. Day-level texts carry the story ids they are about
(`Cited`), so that generator.editor.grounding can check that they name kept stories; so do the day's themes.
"""

from __future__ import annotations

import json
import typing
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError


def _require_all(schema: dict[str, Any]) -> None:
    """Ask the model for every field, while reading stays lenient (missing fields take their defaults)."""
    properties = schema.get("properties", {})
    schema["required"] = list(properties)
    for prop in properties.values():
        prop.pop("default", None)


class _Answer(BaseModel):
    model_config = ConfigDict(json_schema_extra=_require_all)


class TriagePick(_Answer):
    """One selected candidate: its id, category, region, importance 1-5, reason, tags, same-story ids."""

    id: str
    category: str = ""
    region: str = ""
    importance: int = 3
    reason: str = ""
    tags: list[str] = []
    same_story_as: list[str] = []


class TriageAnswer(_Answer):
    """The triage: the selected candidates, most important first."""

    selected: list[TriagePick] = []


class Cited(_Answer):
    """A day-level text and the ids of the stories it is about."""

    ids: list[str] = []
    text: str = ""


class WrittenEntry(_Answer):
    """The write-up of one article: headline, summary, insights (深度解读, 2-3) and impacts (影响, 0-3)."""

    id: str
    headline: str = ""
    summary: str = ""
    insights: list[str] = []
    impacts: list[str] = []


class WrittenBrief(_Answer):
    """The one-line text of one brief."""

    id: str
    text: str = ""


class WrittenFollowUp(_Answer):
    """A story of recent posts with news today: one sentence on what is new since the earlier report."""

    id: str
    news: str = ""


class WrittenTheme(_Answer):
    """A section of the day: its name, its subtitle and the ids of the stories it holds."""

    name: str = ""
    subtitle: str = ""
    ids: list[str] = []


class WriteAnswer(_Answer):
    """The day: entries, briefs, follow-ups, then the themes, title, summary bullets, description, tags and
    keywords written over them (the schema asks for the fields in this order: the day's texts come last, after
    the stories they are about)."""

    entries: list[WrittenEntry] = []
    briefs: list[WrittenBrief] = []
    follow_ups: list[WrittenFollowUp] = []
    themes: list[WrittenTheme] = []
    title: Cited = Cited()
    summary: list[Cited] = []
    description: Cited = Cited()
    tags: list[str] = []
    keywords: list[str] = []


class BilingualEntry(WrittenEntry):
    """An entry with its English write-up for the English edition (issue 22): headline and summary in English,
    under the same citation rules."""

    headline_en: str = ""
    summary_en: str = ""


class BilingualBrief(WrittenBrief):
    """A one-liner with its English line for the English edition (issue 22)."""

    text_en: str = ""


class BilingualWriteAnswer(WriteAnswer):
    """The day in both languages (issue 22): the entries and one-liners carry their English text too. Asked only
    when the English edition is on; the Chinese-only request keeps `WriteAnswer`."""

    entries: list[BilingualEntry] = []  # type: ignore[assignment]
    briefs: list[BilingualBrief] = []  # type: ignore[assignment]


AnswerT = TypeVar("AnswerT", bound=BaseModel)


@dataclass(frozen=True)
class Reading(Generic[AnswerT]):
    """An answer read leniently: the valid part, and how many fields or list items were dropped as invalid."""

    answer: AnswerT
    dropped: int


def json_schema(schema: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of an answer model, for `GenerateContentConfig(response_json_schema=…)`.

    Pydantic's schema uses only keywords the Gemini API documents for `response_json_schema` (`$defs`, `$ref`,
    `type`, `title`, `description`, `items`, `properties`, `required`; google-genai `GenerationConfig` docs), with
    `$ref` alone in its sub-schema; `_require_all` removes the defaults.
    """
    return schema.model_json_schema()


def _item_type(annotation: Any) -> Any | None:
    """The item type of a `list[X]` annotation, else None."""
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else None


def read_answer(text: str, schema: type[AnswerT]) -> Reading[AnswerT]:
    """Read the model's JSON text into `schema`, keeping every field and list item that is valid on its own.

    An invalid scalar or object field takes its default; an invalid list item is left out; an unknown key is ignored.
    Each dropped field or item counts once in `Reading.dropped`.

    Raises ValueError when `text` is not a JSON object (cut off, not JSON at all).
    """
    data = json.loads(text)  # json.JSONDecodeError is a ValueError
    if not isinstance(data, dict):
        raise ValueError(f"the answer is JSON {type(data).__name__}, not an object")
    values: dict[str, Any] = {}
    dropped = 0
    for name, field in schema.model_fields.items():
        if name not in data:
            continue
        value = data[name]
        item = _item_type(field.annotation)
        if item is not None and isinstance(value, list):
            adapter = TypeAdapter(item)
            kept = []
            for element in value:
                try:
                    kept.append(adapter.validate_python(element))
                except ValidationError:
                    dropped += 1
            values[name] = kept
            continue
        try:
            values[name] = TypeAdapter(field.annotation).validate_python(value)
        except ValidationError:
            dropped += 1
    try:
        return Reading(schema.model_validate(values), dropped)
    except ValidationError as error:  # a required field (an item's id) is missing at the top level
        raise ValueError(f"the answer lacks a required field: {error.errors()[0]['loc']}") from None
