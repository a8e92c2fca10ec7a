"""The structured caller: one google-genai client, the request config, the model chain, the answer cache and usage.

Request shapes follow the google-genai SDK documentation (`types.GenerateContentConfig`):
- `response_mime_type="application/json"` with `response_json_schema` (a JSON Schema dict; `response_schema` is
  then omitted: the API refuses both);
- `thinking_config=ThinkingConfig(thinking_level=…)` for Gemini 3, or `thinking_budget` for Gemini 2.5, never both
  (the API answers 400 to both);
- `max_output_tokens`: the output limit, thinking tokens included; an answer cut there ends with finish reason
  `MAX_TOKENS`;
- `automatic_continuation=False`: one HTTP request per call, so the call count stays honest;
- `HttpOptions(retry_options=HttpRetryOptions(...))`: the SDK retries 408/429/5xx itself.
Errors are the SDK's `errors.ClientError` (4xx) and `errors.ServerError` (5xx), with `.code` (the HTTP status),
`.status` ("NOT_FOUND", "INVALID_ARGUMENT" …) and `.message`.

A model the API does not serve any more (404 / NOT_FOUND, 410, or a 4xx whose message says it is deprecated,
retired or no longer available) is left for the rest of the day and the next of `editor.fallback_models` is asked.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from google import genai
from google.genai import errors, types
from pydantic import BaseModel, ValidationError

from generator.config import EditorSettings
from generator.editor.answers import json_schema, read_answer
from generator.editor.prompting import estimate_tokens, load_prompt

log = logging.getLogger(__name__)

RETRY_STATUS_CODES = [408, 429, 500, 502, 503, 504]
OUTPUT_LIMIT = 65_536  # the largest max_output_tokens of Gemini 3 Flash models (model card)
BLOCKED = {"SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_SAFETY"}
_RETIRED = re.compile(
    r"deprecat|no longer (?:available|supported|served)|retired|shut ?down|discontinued|not found for api",
    re.I,
)
USAGE_KEYS = (
    "calls",  # requests a model answered or failed (not those refused because the model is retired)
    "cached_calls",  # answers read from the cache instead
    "repairs",  # second requests: after a cut-off (shorter), blocked or unreadable answer
    "prompt_tokens",
    "output_tokens",  # answer and thinking tokens
    "total_tokens",
    "retired_models",  # models refused with 404 / NOT_FOUND or a deprecation error (then the next fallback)
    "unknown_ids",  # ids the model invented
    "invalid_items",  # fields or list items of an answer dropped as invalid (e.g. "importance": "high")
    "merges",  # same_story_as merges that the offline evidence allowed
    "refused_merges",  # same_story_as merges that the offline evidence contradicts
    "topped_up",  # stories added from the offline ranking to reach the post's normal size
    "rejected_fields",  # model texts that failed a grounding check (the offline text is used)
    "fallbacks",  # whole calls the offline editor replaced
    "offline_entries",  # featured stories the model did not write up
)


def new_usage() -> dict[str, int]:
    """A zeroed usage record (`USAGE_KEYS`), copied into the run summary's `llm`."""
    return dict.fromkeys(USAGE_KEYS, 0)


def is_retired(error: errors.APIError) -> bool:
    """Whether an API error says the model is not served (any more): 404 / NOT_FOUND, 410, or a 4xx whose message
    says deprecated, retired, shut down or no longer available (Gemini API deprecations page)."""
    if error.code in (404, 410) or error.status == "NOT_FOUND":
        return True
    return isinstance(error, errors.ClientError) and bool(_RETIRED.search(error.message or ""))


@dataclass(frozen=True)
class Request:
    """One structured request: system instruction, contents, the answer schema and the output token limit."""

    system: str
    prompt: str
    schema: type[BaseModel]
    max_output_tokens: int


@dataclass(frozen=True)
class Reply:
    """A usable answer and the model that wrote it."""

    answer: Any
    model: str


@dataclass(frozen=True)
class _Outcome:
    reply: Reply | None
    retry: str = ""  # "shorter" (cut off at the output limit), "repair" (blocked or unreadable), "" (give up)


def shorter(request: Request, system: str | None = None) -> Request:
    """The request again after a cut-off answer: ask for less (the `shorter` prompt; the caller may also pass a
    system instruction asking for fewer items) and allow twice the output tokens, up to `OUTPUT_LIMIT`."""
    return replace(
        request,
        system=system if system is not None else request.system,
        prompt=request.prompt + "\n" + load_prompt("shorter"),
        max_output_tokens=min(OUTPUT_LIMIT, 2 * request.max_output_tokens),
    )


class StructuredCaller:
    """generate_content with a JSON Schema: cache, call limit, model chain, token count and one second request."""

    def __init__(
        self,
        settings: EditorSettings,
        api_key: str,
        cache_dir: Path | None,
        retry_delay: float,
        usage: dict[str, int],
    ) -> None:
        self.settings = settings
        self.api_key = api_key
        self.cache_dir = cache_dir
        self.retry_delay = retry_delay
        self.usage = usage
        self.models = list(dict.fromkeys([settings.model, *settings.fallback_models]))
        self.spent_tokens = (
            0  # estimated prompt tokens sent today (decides whether a second request still fits)
        )
        self._client: genai.Client | None = None

    def ask(self, request: Request, smaller: Callable[[Request], Request] = shorter) -> Reply | None:
        """The answer to `request` (from the cache, the model, or a second request), or None (the caller goes
        offline). A cut-off answer is asked again as `smaller(request)`; a blocked or unreadable one with the
        `repair` prompt. The answer is cached under the first request."""
        key = self.cache_key(request)
        cached = self.read_cache(key, request.schema)
        if cached is not None:
            self.usage["cached_calls"] += 1
            return cached
        outcome = self.call(request)
        if outcome.reply is None and outcome.retry:
            again = (
                smaller(request)
                if outcome.retry == "shorter"
                else replace(request, prompt=request.prompt + "\n" + load_prompt("repair"))
            )
            if self.can_call(again):
                self.usage["repairs"] += 1
                outcome = self.call(again)
        if outcome.reply is not None:
            self.write_cache(key, outcome.reply)
        return outcome.reply

    def can_call(self, request: Request) -> bool:
        """Whether one more request fits `max_calls` and the daily token budget (estimated prompt tokens)."""
        fits = (
            self.spent_tokens + estimate_tokens(request.system, request.prompt)
            <= self.settings.daily_token_budget
        )
        return self.usage["calls"] < self.settings.max_calls and fits

    def call(self, request: Request) -> _Outcome:
        """One request, to the first model of the chain that is still served."""
        name = request.schema.__name__
        if not self.can_call(request):
            log.warning(
                "gemini: no call left today (max_calls %d, token budget %d)",
                self.settings.max_calls,
                self.settings.daily_token_budget,
            )
            return _Outcome(None)
        for model in tuple(self.models):
            try:
                response = self.client().models.generate_content(
                    model=model, contents=request.prompt, config=self.config(request)
                )
            except errors.APIError as error:
                if is_retired(error):
                    self.retire(model, error)
                    continue
                self.count_call(request)
                log.warning(
                    "gemini %s (%s) failed: %s %s: %s", name, model, error.code, error.status, error.message
                )
                return _Outcome(None)
            except Exception as error:  # transport errors after the SDK's retries, bad JSON bodies
                self.count_call(request)
                log.warning("gemini %s (%s) failed: %s: %s", name, model, type(error).__name__, error)
                return _Outcome(None)
            self.count_call(request)
            self.count_tokens(response.usage_metadata)
            return self.read(response, request, model)
        log.warning(
            "gemini %s: no model of %s is served", name, [self.settings.model, *self.settings.fallback_models]
        )
        return _Outcome(None)

    def retire(self, model: str, error: errors.APIError) -> None:
        """Leave `model` for the rest of the day (it answered 404 / a deprecation error) and say so."""
        self.models.remove(model)
        self.usage["retired_models"] += 1
        following = self.models[0] if self.models else "the offline editor"
        log.warning(
            "gemini: model %s is not served (%s %s: %s); %s takes over: update editor.model",
            model,
            error.code,
            error.status,
            error.message,
            following,
        )

    def count_call(self, request: Request) -> None:
        """Count a request a model answered or failed, and its estimated prompt tokens."""
        self.usage["calls"] += 1
        self.spent_tokens += estimate_tokens(request.system, request.prompt)

    def read(self, response: types.GenerateContentResponse, request: Request, model: str) -> _Outcome:
        """The answer of one response, read leniently (generator.editor.answers.read_answer)."""
        name = request.schema.__name__
        if not response.candidates:
            feedback = response.prompt_feedback
            log.warning(
                "gemini %s: no answer (block reason %s)", name, feedback.block_reason if feedback else None
            )
            return _Outcome(None, "repair")
        finish = response.candidates[0].finish_reason
        finish_name = getattr(finish, "name", str(finish))
        if finish_name in BLOCKED:
            log.warning("gemini %s: answer blocked (%s)", name, finish_name)
            return _Outcome(None, "repair")
        if response.model_version and not response.model_version.startswith(model):
            log.warning("gemini: %s is served by %s: consider editor.model", model, response.model_version)
        try:
            reading = read_answer(response.text or "", request.schema)
        except ValueError as error:
            cut = finish_name == "MAX_TOKENS"
            log.warning(
                "gemini %s: %s (finish reason %s)",
                name,
                f"the answer was cut off at {request.max_output_tokens} output tokens" if cut else error,
                finish_name,
            )
            return _Outcome(None, "shorter" if cut else "repair")
        self.usage["invalid_items"] += reading.dropped
        return _Outcome(Reply(reading.answer, model))

    def thinking(self) -> types.ThinkingConfig | None:
        """`thinking_level` (Gemini 3) or `thinking_budget` (Gemini 2.5), never both (config validation)."""
        if self.settings.thinking_level:
            return types.ThinkingConfig(
                thinking_level=types.ThinkingLevel(self.settings.thinking_level.upper())
            )
        if self.settings.thinking_budget is not None:
            return types.ThinkingConfig(thinking_budget=self.settings.thinking_budget)
        return None

    def config(self, request: Request) -> types.GenerateContentConfig:
        """The request config (see the module docstring for each field's source)."""
        return types.GenerateContentConfig(
            system_instruction=request.system,
            temperature=self.settings.temperature,
            max_output_tokens=request.max_output_tokens,
            response_mime_type="application/json",
            response_json_schema=json_schema(request.schema),
            thinking_config=self.thinking(),
            automatic_continuation=False,
        )

    def client(self) -> genai.Client:
        """Created on first use (a fully cached day needs none); the SDK reads GOOGLE_GEMINI_BASE_URL itself."""
        if self._client is None:
            retry = types.HttpRetryOptions(
                attempts=3,
                initial_delay=self.retry_delay,
                max_delay=8 * self.retry_delay,
                jitter=self.retry_delay / 2,
                http_status_codes=RETRY_STATUS_CODES,
            )
            options = types.HttpOptions(timeout=int(self.settings.timeout_s * 1000), retry_options=retry)
            self._client = genai.Client(api_key=self.api_key, http_options=options)
        return self._client

    def close(self) -> None:
        """Close the client's connections (a new client is made on the next call)."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def count_tokens(self, metadata: types.GenerateContentResponseUsageMetadata | None) -> None:
        """Add a response's usage metadata: prompt, output (answer + thinking) and total tokens."""
        if metadata is None:
            return
        self.usage["prompt_tokens"] += metadata.prompt_token_count or 0
        self.usage["output_tokens"] += (metadata.candidates_token_count or 0) + (
            metadata.thoughts_token_count or 0
        )
        self.usage["total_tokens"] += metadata.total_token_count or 0

    # ── the answer cache (.cache/llm/<sha256>.json) ───────────────────────────────────────────────────────────

    def cache_key(self, request: Request) -> str:
        """sha256 (hex) of the model chain, system instruction, contents and answer schema."""
        material = {
            "models": [self.settings.model, *self.settings.fallback_models],
            "system": request.system,
            "contents": request.prompt,
            "schema": json_schema(request.schema),
        }
        return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def read_cache(self, key: str, schema: type[BaseModel]) -> Reply | None:
        """The cached reply for `key`, or None (no cache, no entry, or an entry that no longer validates)."""
        if self.cache_dir is None:
            return None
        try:
            data = json.loads((self.cache_dir / f"{key}.json").read_text(encoding="utf-8"))
            return Reply(schema.model_validate(data["answer"]), str(data["model"]))
        except (OSError, ValueError, KeyError, TypeError, ValidationError):
            return None

    def write_cache(self, key: str, reply: Reply) -> None:
        """Store a reply atomically (temp file + rename); a failure is logged, never raised."""
        if self.cache_dir is None:
            return
        path = self.cache_dir / f"{key}.json"
        answer: BaseModel = reply.answer
        data = {"model": reply.model, "schema": type(answer).__name__, "answer": answer.model_dump()}
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            temp = path.with_suffix(f".{os.getpid()}.tmp")
            temp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            temp.replace(path)
        except OSError as error:
            log.warning("gemini: cannot write the answer cache %s: %s", path, error)
