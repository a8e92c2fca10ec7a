"""What the Gemini API refuses with 400 INVALID_ARGUMENT, as the fake server (tests/fake_gemini.py) checks it.

Sources: the google-genai SDK documentation of `GenerationConfig.response_json_schema` (it excludes
`response_schema` and needs `response_mime_type`; it lists the JSON Schema keywords it supports; a sub-schema with
`$ref` may have no other keyword but `$`-keywords), the Gemini thinking documentation (a request with both
`thinkingLevel` and `thinkingBudget` is a 400), the model card (at most 65,536 output tokens), proto3 JSON (a field
may be spelled `thinking_level` or `thinkingLevel`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

OUTPUT_LIMIT = 65_536
REQUEST_FIELDS = {
    "contents",
    "systemInstruction",
    "generationConfig",
    "safetySettings",
    "tools",
    "toolConfig",
}
GENERATION_FIELDS = {
    "temperature", "topP", "topK", "candidateCount", "maxOutputTokens", "stopSequences", "responseMimeType",
    "responseSchema", "responseJsonSchema", "thinkingConfig", "seed", "presencePenalty", "frequencyPenalty",
    "responseLogprobs", "logprobs", "mediaResolution", "responseModalities",
}  # fmt: skip
THINKING_FIELDS = {"includeThoughts", "thinkingBudget", "thinkingLevel"}
THINKING_LEVELS = {"MINIMAL", "LOW", "MEDIUM", "HIGH"}
# The JSON Schema keywords `responseJsonSchema` supports (google-genai GenerationConfig.response_json_schema).
SCHEMA_KEYWORDS = {
    "$id", "$defs", "$ref", "$anchor", "type", "format", "title", "description", "enum", "items", "prefixItems",
    "minItems", "maxItems", "minimum", "maximum", "anyOf", "oneOf", "properties", "additionalProperties",
    "required", "propertyOrdering",
}  # fmt: skip


def _schema_problem(schema: Any, path: str = "responseJsonSchema") -> str | None:
    """A JSON Schema keyword the API does not support, or a `$ref` with siblings, anywhere in `schema`."""
    if isinstance(schema, list):
        return next((p for i, s in enumerate(schema) if (p := _schema_problem(s, f"{path}[{i}]"))), None)
    if not isinstance(schema, dict):
        return None
    if "$ref" in schema and any(not k.startswith("$") for k in schema):
        return f"{path}: $ref with sibling keywords"
    for key, value in schema.items():
        if key in ("properties", "$defs"):
            for name, sub in value.items():
                if problem := _schema_problem(sub, f"{path}.{key}.{name}"):
                    return problem
        elif key not in SCHEMA_KEYWORDS:
            return f"{path}: unsupported keyword {key!r}"
        elif problem := _schema_problem(value, f"{path}.{key}"):
            return problem
    return None


def camel(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Proto3 JSON: a parser accepts the proto field name (thinking_level) as well as its JSON name
    (thinkingLevel); the SDK sends some nested fields the first way."""
    return {re.sub(r"_([a-z])", lambda m: m[1].upper(), k): v for k, v in fields.items()}


def request_problem(body: Mapping[str, Any]) -> str | None:
    """Why the real API would refuse this request body with 400 INVALID_ARGUMENT, or None."""
    body = camel(body)
    unknown = set(body) - REQUEST_FIELDS
    config = camel(body.get("generationConfig", {}))
    unknown |= {f"generationConfig.{k}" for k in set(config) - GENERATION_FIELDS}
    thinking = camel(config.get("thinkingConfig", {}))
    unknown |= {f"thinkingConfig.{k}" for k in set(thinking) - THINKING_FIELDS}
    if unknown:
        return f"Invalid JSON payload received. Unknown name {sorted(unknown)[0]!r}"
    if not any(p.get("text") for c in body.get("contents", []) for p in c.get("parts", [])):
        return "contents is not specified"
    if "thinkingBudget" in thinking and "thinkingLevel" in thinking:
        return "You can only set one of thinking budget and thinking level."
    if "thinkingLevel" in thinking and str(thinking["thinkingLevel"]).upper() not in THINKING_LEVELS:
        return f"Invalid value at 'generation_config.thinking_config.thinking_level': {thinking['thinkingLevel']}"
    if "responseSchema" in config and "responseJsonSchema" in config:
        return "responseSchema and responseJsonSchema cannot both be set"
    if "responseJsonSchema" in config:
        if config.get("responseMimeType") != "application/json":
            return "responseJsonSchema requires responseMimeType application/json"
        if problem := _schema_problem(config["responseJsonSchema"]):
            return problem
    if not 1 <= config.get("maxOutputTokens", 1) <= OUTPUT_LIMIT:
        return f"max_output_tokens must be between 1 and {OUTPUT_LIMIT}"
    if not 0 <= config.get("temperature", 1) <= 2:
        return "temperature must be between 0 and 2"
    return None
