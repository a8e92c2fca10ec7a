"""The fake Gemini API's errors and quotas, in the real API's shapes (for tests/fake_gemini.py).

Error bodies are `{"error": {"code", "message", "status", "details": [...]}}`; the details are google.rpc messages
with their `@type` URLs as the API sends them (`type.googleapis.com/google.rpc.QuotaFailure`, `…RetryInfo` with a
Duration such as "10s", `…ErrorInfo` with a reason such as API_KEY_INVALID, `…Help`). A free-tier 429 names the
quota (`quotaId` …PerMinute…-FreeTier or …PerDay…-FreeTier, `quotaValue` the limit) and a retry delay, rounded down
to whole seconds while the message gives the exact time ("Please retry in 10.52s."). Quotas are per model: a
deprecated model routed to another uses that model's bucket. The texts are our own, in the API's manner.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

RPC = "type.googleapis.com/google.rpc."
HIGH_DEMAND = (
    "This model is currently experiencing high demand. Spikes in demand are usually temporary. "
    "Please try again later."
)
STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


@dataclass(frozen=True)
class FakeReply:
    status: int
    body: Mapping[str, Any] | str
    headers: Mapping[str, str] = field(default_factory=dict)


def error(
    status: int,
    message: str = "fake error",
    name: str | None = None,
    details: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> FakeReply:
    """An error body as the API sends it: {"error": {"code", "message", "status"[, "details"]}}."""
    body: dict[str, Any] = {
        "code": status,
        "message": message,
        "status": name or STATUS_NAMES.get(status, "UNKNOWN"),
    }
    if details:
        body["details"] = details
    return FakeReply(status, {"error": body}, dict(headers or {}))


def high_demand(status: int = 503) -> FakeReply:
    """503 UNAVAILABLE with the API's "high demand" message."""
    return error(status, HIGH_DEMAND)


def quota_exceeded(
    model: str, *, retry_s: float | None = 10.5, per_day: bool = False, limit: int = 10
) -> FakeReply:
    """A free-tier 429 RESOURCE_EXHAUSTED for `model`: a QuotaFailure (per minute or per day, `limit`; a limit of
    0 means no quota at all), a Help link and a RetryInfo of `retry_s` rounded down (None: no RetryInfo)."""
    period = "PerDay" if per_day else "PerMinute"
    violation = {
        "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
        "quotaId": f"GenerateRequests{period}PerProjectPerModel-FreeTier",
        "quotaDimensions": {"location": "global", "model": model},
        "quotaValue": str(limit),
    }
    details: list[dict[str, Any]] = [
        {"@type": RPC + "QuotaFailure", "violations": [violation]},
        {
            "@type": RPC + "Help",
            "links": [{"description": "Quotas", "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}],
        },
    ]
    message = (
        "You exceeded your current quota, please check your plan and billing details.\n"
        f"* Quota exceeded for metric: {violation['quotaMetric']}, limit: {limit}, model: {model}"
    )
    if retry_s is not None:
        details.append({"@type": RPC + "RetryInfo", "retryDelay": f"{int(retry_s)}s"})
        message += f"\nPlease retry in {retry_s:.3f}s."
    return error(429, message, details=details)


def key_invalid() -> FakeReply:
    """The API's answer to a key it does not know: 400 INVALID_ARGUMENT with ErrorInfo reason API_KEY_INVALID."""
    message = "API key not valid. Please pass a valid API key."
    details = [
        {
            "@type": RPC + "ErrorInfo",
            "reason": "API_KEY_INVALID",
            "domain": "googleapis.com",
            "metadata": {"service": "generativelanguage.googleapis.com"},
        },
        {"@type": RPC + "LocalizedMessage", "locale": "en-US", "message": message},
    ]
    return error(400, message, details=details)


def permission_denied() -> FakeReply:
    """403 PERMISSION_DENIED, as for a key that was disabled."""
    return error(403, "The caller does not have permission. This API key is disabled.")


@dataclass
class Quota:
    """A free-tier bucket of one model: requests per minute and per day (None: no limit; 0: no quota at all)."""

    per_minute: int | None = None
    per_day: int | None = None
    admitted: list[float] = field(default_factory=list)  # when each admitted request came (the fake's clock)

    def check(self, model: str, now: float) -> FakeReply | None:
        """The 429 for one more request at `now` (seconds), or None (then it is admitted and counted)."""
        if self.per_minute == 0 or self.per_day == 0:
            return quota_exceeded(model, retry_s=30.0, per_day=self.per_day == 0, limit=0)
        if self.per_day is not None and len(self.admitted) >= self.per_day:
            return quota_exceeded(model, retry_s=27.3, per_day=True, limit=self.per_day)
        recent = [t for t in self.admitted if now - t < 60]
        if self.per_minute is not None and len(recent) >= self.per_minute:
            return quota_exceeded(model, retry_s=60 - (now - min(recent)), limit=self.per_minute)
        self.admitted.append(now)
        return None


@dataclass
class Quotas:
    """Buckets by model (`quotas.set(model, per_minute=…, per_day=…)`), read with the fake's `clock`."""

    clock: Callable[[], float]
    buckets: dict[str, Quota] = field(default_factory=dict)

    def set(self, model: str, per_minute: int | None = None, per_day: int | None = None) -> None:
        self.buckets[model] = Quota(per_minute, per_day)

    def check(self, model: str) -> FakeReply | None:
        bucket = self.buckets.get(model)
        return bucket.check(model, self.clock()) if bucket else None
