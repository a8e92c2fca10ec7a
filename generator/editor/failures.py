"""Why one request to the Gemini API failed, and what that means for the next step: wait and try again, ask the next
model, or stop, and whether the owner must fix something.

Read from the SDK's documented error attributes: `errors.APIError.code` (HTTP status), `.status`, `.message`,
`.details` (the parsed error body, `{"error": {…, "details": [...]}}`) and `.response` (its headers). The error
details follow google.rpc (google/rpc/error_details.proto): `type.googleapis.com/google.rpc.RetryInfo` carries
`retryDelay`, a proto3 JSON Duration such as "10s" or "53.016342224s"; `google.rpc.QuotaFailure` carries
`violations` with `quotaId` (…PerMinute…, …PerDay…) and `quotaValue` (the limit; "0": no quota at all);
`google.rpc.ErrorInfo` carries `reason` (API_KEY_INVALID). `Retry-After` is read by the one reader of that
header (generator.net.retry_after). A timed-out try raises the transport's TimeoutException, a dropped connection its
TransportError: the SDK's transport is httpx or its fork httpx2 (google-genai 3.6 requires httpx2), known here by
those class names, so that neither needs importing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from google.genai import errors

from generator.net import retry_after

RETIRED = re.compile(
    r"deprecat|no longer (?:available|supported|served)|retired|shut ?down|discontinued|not found for api",
    re.I,
)
SETTINGS = {  # words of an INVALID_ARGUMENT message → the config key it is about
    r"thinking.?level": "thinking_level",
    r"thinking.?budget": "thinking_budget",
    r"max.?output.?tokens": "max_output_tokens",
}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d*)?)s\s*$")
_ZERO_LIMIT = re.compile(r"\blimit: 0\b")
RPC = "type.googleapis.com/google.rpc."

# What a failure leads to (generator.editor.chain): try the same model again after a wait, ask the next model, or stop.
AGAIN, NEXT, STOP = "again", "next", "stop"
KINDS = {
    "rate": AGAIN,  # 429 per minute: wait what the server asks, then again
    "overloaded": AGAIN,  # 500/502/503/504/408: back off, then again
    "connection": AGAIN,  # the connection dropped or was refused
    "timeout": NEXT,  # the try ran out of time: never repeated blindly
    "day_quota": NEXT,  # 429 per day: that model's bucket is empty until tomorrow
    "zero_quota": NEXT,  # 429 with a limit of 0: never any quota for that model (the owner must act)
    "retired": NEXT,  # 404/410 or a deprecation error: not served any more
    "setting": NEXT,  # 400 INVALID_ARGUMENT about a setting of the config (the owner must act)
    "key": STOP,  # 400 API_KEY_INVALID, 401, 403: no model will answer this key (the owner must act)
    "refused": STOP,  # any other 4xx or an unreadable reply: the request itself, the same for every model
}


@dataclass(frozen=True)
class Failure:
    """One failed try: its `kind` (a key of KINDS), HTTP `code` (None without a response), `status`
    ("RESOURCE_EXHAUSTED", "TIMEOUT" …), the API's `message`, the wait the server asked for in seconds (`wait_s`,
    None when it said nothing), and `detail` (the ErrorInfo reason, the quota id or the setting)."""

    kind: str
    code: int | None
    status: str
    message: str = ""
    wait_s: float | None = None
    detail: str = ""

    @property
    def step(self) -> str:
        """AGAIN, NEXT or STOP (see KINDS)."""
        return KINDS[self.kind]

    def describe(self) -> str:
        """A short plain name: "503 UNAVAILABLE", "429 per-day quota", "timed out", "400 API_KEY_INVALID"."""
        code = f"{self.code} " if self.code else ""
        if self.kind == "day_quota":
            return f"{code}per-day quota"
        if self.kind == "zero_quota":
            return f"{code}quota of 0"
        if self.kind == "rate":
            return f"{code}rate limit"
        if self.kind == "timeout":
            return "timed out"
        if self.kind == "key" and self.detail:
            return f"{code}{self.detail}"
        return f"{code}{self.status}".strip()


def classify(error: BaseException, now: datetime | None = None) -> Failure:
    """The Failure of one try that raised `error` (an SDK APIError, an httpx error, anything else); `now` (aware,
    default the clock) dates a Retry-After given as an HTTP-date."""
    names = {cls.__name__ for cls in type(error).__mro__}
    if "TimeoutException" in names or isinstance(error, TimeoutError):
        return Failure("timeout", None, "TIMEOUT", str(error))
    if "TransportError" in names or isinstance(error, ConnectionError):
        return Failure("connection", None, "CONNECTION", f"{type(error).__name__}: {error}")
    if not isinstance(error, errors.APIError):
        return Failure("refused", None, "UNREADABLE", f"{type(error).__name__}: {error}")
    code, status, message = error.code, str(error.status or ""), str(error.message or "")
    details = error_details(error.details)
    wait = retry_delay(details)
    if wait is None:
        wait = retry_after(_header(error, "retry-after"), (now or datetime.now(UTC)).timestamp())
    reason = next((str(d.get("reason", "")) for d in _of_type(details, "ErrorInfo") if d.get("reason")), "")
    if code in (401, 403) or reason.startswith("API_KEY"):
        return Failure("key", code, status, message, detail=reason or status)
    if code in (404, 410) or status == "NOT_FOUND" or (400 <= code < 500 and RETIRED.search(message)):
        return Failure("retired", code, status, message)
    if code == 429:
        return quota_failure(code, status, message, details, wait)
    if code in (408, 500, 502, 503, 504) or code >= 500:
        return Failure("overloaded", code, status, message, wait)
    setting = next((key for pattern, key in SETTINGS.items() if re.search(pattern, message, re.I)), "")
    if code == 400 and status == "INVALID_ARGUMENT" and setting:
        return Failure("setting", code, status, message, detail=setting)
    return Failure("refused", code, status, message)


def quota_failure(
    code: int, status: str, message: str, details: Sequence[Mapping[str, Any]], wait: float | None
) -> Failure:
    """A 429: a quota of 0 (QuotaFailure `quotaValue` "0", or "limit: 0" in the message), a per-day quota (a
    `quotaId` with PerDay), else a per-minute rate limit."""
    violations = [v for d in _of_type(details, "QuotaFailure") for v in d.get("violations", []) or []]
    violations = [v for v in violations if isinstance(v, Mapping)]
    quota_ids = [str(v.get("quotaId", "")) for v in violations]
    if any(str(v.get("quotaValue", "")).strip() == "0" for v in violations) or _ZERO_LIMIT.search(message):
        return Failure("zero_quota", code, status, message, wait, next(iter(quota_ids), ""))
    daily = next((q for q in quota_ids if "PerDay" in q), "")
    if daily:
        return Failure("day_quota", code, status, message, wait, daily)
    return Failure("rate", code, status, message, wait, next(iter(quota_ids), ""))


def error_details(body: Any) -> list[Mapping[str, Any]]:
    """The `details` list of an error body (`{"error": {"details": [...]}}` or the inner object), as mappings."""
    if isinstance(body, Mapping):
        inner = body.get("error", body)
        found = inner.get("details", []) if isinstance(inner, Mapping) else []
        return [d for d in found if isinstance(d, Mapping)] if isinstance(found, list) else []
    return []


def _of_type(details: Sequence[Mapping[str, Any]], name: str) -> list[Mapping[str, Any]]:
    return [d for d in details if d.get("@type") == RPC + name]


def retry_delay(details: Sequence[Mapping[str, Any]]) -> float | None:
    """Seconds of the first `google.rpc.RetryInfo.retryDelay` (a Duration like "10s"), or None."""
    for info in _of_type(details, "RetryInfo"):
        found = _DURATION.match(str(info.get("retryDelay", "")))
        if found:
            return float(found[1])
    return None


def _header(error: errors.APIError, name: str) -> str | None:
    headers = getattr(getattr(error, "response", None), "headers", None)
    try:
        return headers.get(name) if headers is not None else None
    except AttributeError:
        return None


def owner_action(failure: Failure, model: str) -> str | None:
    """What the owner must fix after `failure` of `model`, in one sentence, or None when nothing is theirs to fix."""
    if failure.kind == "key":
        return (
            f"GEMINI_API_KEY was rejected ({failure.describe()}): create a key at https://aistudio.google.com/apikey "
            "and update the repository secret GEMINI_API_KEY"
        )
    if failure.kind == "zero_quota":
        return (
            f"the Gemini API gives this key a quota of 0 for {model} (429 RESOURCE_EXHAUSTED, limit 0): set "
            "editor.model in the config (generator/config.yml) to a model the key's tier covers, or enable "
            "billing for the key's Google Cloud project"
        )
    if failure.kind == "setting":
        return (
            f"{model} refused editor.{failure.detail} ({failure.code} {failure.status}: {failure.message}): "
            f"change editor.{failure.detail} in the config (generator/config.yml)"
        )
    return None
