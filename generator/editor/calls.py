"""The structured caller: one google-genai client, the request config, the answer cache, reading a response, usage.

Request shapes follow the google-genai SDK documentation (`types.GenerateContentConfig`):
- `response_mime_type="application/json"` with `response_json_schema` (a JSON Schema dict; `response_schema` is
  then omitted: the API refuses both);
- `thinking_config=ThinkingConfig(thinking_level=…)` for Gemini 3 (the request's own level: the selection and the
  write-up may differ), or `thinking_budget` for Gemini 2.5, never both (the API answers 400 to both);
- no `temperature`: deprecated and ignored from Gemini 3.6 Flash on (changelog 2026-07-21; the Gemini 3 prompting
  guide advises keeping the default);
- `max_output_tokens`: the output limit, thinking tokens included; an answer cut there ends with `MAX_TOKENS`;
- `automatic_continuation=False`: one HTTP request per call, so the call count stays honest;
- `HttpOptions(retry_options=HttpRetryOptions(attempts=1))`: no retries by the SDK; generator.editor.chain retries,
  waits and falls back, with a per-try `http_options.timeout`.

What a response can be (Gemini API, generateContent): an answer; cut off (`MAX_TOKENS`: asked again for less); a
block of the whole response (`finishReason` SAFETY, PROHIBITED_CONTENT, BLOCKLIST, SPII, IMAGE_SAFETY, or
`promptFeedback.blockReason` with no candidate: the same data would be blocked again, so the caller splits the
request instead); `RECITATION` (asked again once for a paraphrase, prompts/paraphrase.txt); unreadable JSON (asked
again once, prompts/repair.txt). Real answers carry thought parts and `thoughtSignature`s (the SDK's `.text` leaves
them out) and `usageMetadata.thoughtsTokenCount`; `modelVersion` names the model that answered, which is the one
credited (a deprecated model is answered by its successor with a 200).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from google import genai
from google.genai import types
from pydantic import BaseModel

from generator.config_editor import EditorSettings
from generator.editor.answers import json_schema, read_answer
from generator.editor.cache import AnswerCache, Reply
from generator.editor.chain import Failed, ModelChain
from generator.editor.prompting import estimate_tokens, load_prompt

log = logging.getLogger(__name__)

OUTPUT_LIMIT = 65_536  # the largest max_output_tokens of Gemini 3 Flash models (model card)
BLOCKED = {"SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY"}
USAGE_KEYS = (
    "calls",  # requests sent: every try, on any model
    "cached_calls",  # answers read from the cache instead
    "repairs",  # second requests: after a cut-off (shorter), unreadable answer (repair) or recitation (paraphrase)
    "splits",  # requests of the halves of a write-up that was blocked (generator.editor.writeup)
    "prompt_tokens",
    "output_tokens",  # answer and thinking tokens
    "thinking_tokens",  # of output_tokens, the thinking (usageMetadata.thoughtsTokenCount)
    "total_tokens",
    "waits",  # waits before another try (429, 5xx)
    "waited_s",  # their seconds, rounded
    "timeouts",  # tries that ran out of time
    "fallback_answers",  # answers by another model than editor.model
    "retired_models",  # models refused with 404 / NOT_FOUND or a deprecation error (then the next fallback)
    "unknown_ids",  # ids the model invented
    "invalid_items",  # fields or list items of an answer dropped as invalid (e.g. "importance": "high")
    "merges",  # same_story_as merges that the offline evidence allowed
    "refused_merges",  # same_story_as merges that the offline evidence contradicts
    "topped_up",  # stories added from the offline ranking to reach the post's normal size
    "rejected_fields",  # model texts that failed a grounding check (the offline text is used)
    "fallbacks",  # whole calls the offline editor replaced (the selection, a write-up)
    "offline_entries",  # featured stories the model did not write up
    # The model's cited sentences (generator.editor.citing): read, kept, refused and why (stories.REASONS).
    "model_sentences",
    "cited_sentences",
    "refused_sentences",
    "refused_uncited",  # no marker
    "refused_outside",  # a marker outside its story's sources
    "refused_misquoted",  # a quote not found verbatim in the cited sources
    "refused_number",  # a figure no cited source gives
    "refused_name",  # a name no cited source gives
    "refused_english",  # an English sentence in the Chinese post (issue 22)
    "english_fields",  # of rejected_fields: headlines, one-liners, day texts and themes in English (issue 22)
    # The model's English for the English edition (generator.editor.bilingual, issue 22).
    "en_written",  # stories with some of the model's English
    "en_fallbacks",  # stories whose English is the offline text in part or whole (missing or refused)
    "en_rejected_lines",  # English headlines and one-liners that failed the checks
    "en_rejected_summaries",  # English summaries with a link or an injected instruction
    "en_model_sentences",
    "en_cited_sentences",
    "en_refused_sentences",
    "en_refused_chinese",  # Chinese outside quotes in an English sentence
    "en_refused_uncited",
    "en_refused_outside",
    "en_refused_misquoted",
    "en_refused_number",
    "en_refused_name",
)


def new_usage() -> dict[str, int]:
    """A zeroed usage record (`USAGE_KEYS`), copied into the run summary's `llm`."""
    return dict.fromkeys(USAGE_KEYS, 0)


@dataclass(frozen=True)
class Request:
    """One structured request: system instruction, contents, the answer schema, the output token limit and the
    thinking level (None: the settings' thinking_budget, or the model's default)."""

    system: str
    prompt: str
    schema: type[BaseModel]
    max_output_tokens: int
    thinking_level: str | None = None


@dataclass(frozen=True)
class Answered:
    """What `ask` got: a reply, or `problem` (why not, in plain words). `blocked`: the model refused this content
    (a smaller request may pass); `shortened`: answered only by the smaller request after a cut-off; `fallback`:
    the model that answered instead of editor.model and why ("gemini-3.6-flash (gemini-3.8-flash: 503 …)")."""

    reply: Reply | None
    problem: str = ""
    blocked: bool = False
    shortened: bool = False
    fallback: str = ""


@dataclass(frozen=True)
class _Outcome:
    reply: Reply | None
    retry: str = ""  # "shorter" (cut off), "repair" (unreadable), "paraphrase" (recitation), "" (done)
    problem: str = ""
    blocked: bool = False
    fallback: str = ""


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
    """generate_content with a JSON Schema through the run's ModelChain: cache, token count, one second request.

    `sleep` and `clock` (monotonic seconds) are the chain's (injected by tests)."""

    def __init__(
        self,
        settings: EditorSettings,
        api_key: str,
        cache_dir: Path | None,
        usage: dict[str, int],
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.api_key = api_key
        self.usage = usage
        self.cache = AnswerCache(cache_dir, settings.models)
        self.chain = ModelChain(settings, self.client, usage, sleep=sleep, clock=clock)
        self.routed: dict[str, str] = {}  # model asked → the model that answered, when they differ
        self._client: genai.Client | None = None

    def ask(self, request: Request, smaller: Callable[[Request], Request] = shorter) -> Answered:
        """The answer to `request` (from the cache, the model, or a second request). A cut-off answer is asked
        again as `smaller(request)`, an unreadable one with the `repair` prompt, a recitation with the
        `paraphrase` prompt. The answer is cached under the first request."""
        key = self.cache.key(request.system, request.prompt, request.schema, str(request.thinking_level))
        cached = self.cache.read(key, request.schema)
        if cached is not None:
            self.usage["cached_calls"] += 1
            return Answered(cached)
        outcome = self.call(request)
        shortened = False
        if outcome.reply is None and outcome.retry:
            again = {
                "shorter": lambda: smaller(request),
                "repair": lambda: replace(request, prompt=request.prompt + "\n" + load_prompt("repair")),
                "paraphrase": lambda: replace(
                    request, prompt=request.prompt + "\n" + load_prompt("paraphrase")
                ),
            }[outcome.retry]()
            if not self.chain.refusal(estimate_tokens(again.system, again.prompt)):
                self.usage["repairs"] += 1
                shortened = outcome.retry == "shorter"
                outcome = self.call(again)
        if outcome.reply is not None:
            self.cache.write(key, outcome.reply)
        return Answered(outcome.reply, outcome.problem, outcome.blocked, shortened, outcome.fallback)

    def call(self, request: Request) -> _Outcome:
        """One request through the model chain, and its response read."""
        sent = self.chain.send(
            request.prompt, self.config(request), estimate_tokens(request.system, request.prompt)
        )
        if isinstance(sent, Failed):
            log.warning("gemini %s: no answer: %s", request.schema.__name__, sent.describe())
            return _Outcome(None, problem=sent.describe())
        self.count_tokens(sent.response.usage_metadata)
        outcome = self.read(sent.response, request, sent.model)
        if sent.model != self.settings.model:
            why = self.chain.last_failure.get(self.settings.model)
            reason = f"{self.settings.model}: {why.describe()}" if why else f"{self.settings.model} not asked"
            outcome = replace(outcome, fallback=f"{sent.model} ({reason})")
        return outcome

    def read(self, response: types.GenerateContentResponse, request: Request, model: str) -> _Outcome:
        """The answer of one response, read leniently (generator.editor.answers.read_answer)."""
        name = request.schema.__name__
        if not response.candidates:
            feedback = response.prompt_feedback
            reason = (
                getattr(feedback.block_reason, "name", None) if feedback and feedback.block_reason else None
            )
            log.warning("gemini %s: no answer (block reason %s)", name, reason)
            if reason:
                return _Outcome(None, problem=f"the request was blocked ({reason})", blocked=True)
            return _Outcome(None, "repair", problem="an empty answer")
        finish = response.candidates[0].finish_reason
        finish_name = getattr(finish, "name", str(finish))
        if finish_name in BLOCKED:
            log.warning("gemini %s: answer blocked (%s)", name, finish_name)
            return _Outcome(None, problem=f"blocked ({finish_name})", blocked=True)
        if finish_name == "RECITATION":
            log.warning("gemini %s: answer stopped for recitation", name)
            return _Outcome(None, "paraphrase", problem="blocked (RECITATION)", blocked=True)
        answered_by = response.model_version or model
        if not answered_by.startswith(model):
            self.routed[model] = answered_by
            log.warning("gemini: %s is served by %s: consider editor.model", model, answered_by)
        try:
            reading = read_answer(response.text or "", request.schema)
        except ValueError as error:
            cut = finish_name == "MAX_TOKENS"
            problem = (
                f"the answer was cut off at {request.max_output_tokens} output tokens" if cut else str(error)
            )
            log.warning("gemini %s: %s (finish reason %s)", name, problem, finish_name)
            return _Outcome(None, "shorter" if cut else "repair", problem=problem)
        self.usage["invalid_items"] += reading.dropped
        return _Outcome(Reply(reading.answer, answered_by))

    def thinking(self, level: str | None) -> types.ThinkingConfig | None:
        """`thinking_level` (Gemini 3) or `thinking_budget` (Gemini 2.5), never both (config validation)."""
        if level:
            return types.ThinkingConfig(thinking_level=types.ThinkingLevel(level.upper()))
        if self.settings.thinking_budget is not None:
            return types.ThinkingConfig(thinking_budget=self.settings.thinking_budget)
        return None

    def config(self, request: Request) -> types.GenerateContentConfig:
        """The request config (see the module docstring for each field's source)."""
        return types.GenerateContentConfig(
            system_instruction=request.system,
            max_output_tokens=request.max_output_tokens,
            response_mime_type="application/json",
            response_json_schema=json_schema(request.schema),
            thinking_config=self.thinking(request.thinking_level),
            automatic_continuation=False,
        )

    def client(self) -> genai.Client:
        """Created on first use (a fully cached day needs none); the SDK reads GOOGLE_GEMINI_BASE_URL itself.
        Its own retries are off (`attempts=1`, "no retries" in HttpRetryOptions' documentation)."""
        if self._client is None:
            options = types.HttpOptions(
                timeout=int(self.settings.timeout_s * 1000), retry_options=types.HttpRetryOptions(attempts=1)
            )
            self._client = genai.Client(api_key=self.api_key, http_options=options)
        return self._client

    def close(self) -> None:
        """Close the client's connections (a new client is made on the next call)."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def count_tokens(self, metadata: types.GenerateContentResponseUsageMetadata | None) -> None:
        """Add a response's usage metadata: prompt, output (answer + thinking), thinking and total tokens."""
        if metadata is None:
            return
        thinking = metadata.thoughts_token_count or 0
        self.usage["prompt_tokens"] += metadata.prompt_token_count or 0
        self.usage["output_tokens"] += (metadata.candidates_token_count or 0) + thinking
        self.usage["thinking_tokens"] += thinking
        self.usage["total_tokens"] += metadata.total_token_count or 0
