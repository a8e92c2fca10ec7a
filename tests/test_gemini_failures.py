"""Reading a failed try (generator.editor.failures): the API's error bodies as google-genai raises them, and the
transport's errors. Each kind decides the next step: wait and try again, the next model, or stop."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx2
import pytest
from fake_gemini_errors import FakeReply, high_demand, key_invalid, permission_denied, quota_exceeded
from google.genai import errors

from generator.editor.chain import describe_failures
from generator.editor.failures import AGAIN, NEXT, STOP, Failure, classify, owner_action
from generator.net import retry_after

NOW = datetime(2026, 11, 16, 0, 17, tzinfo=UTC)


def raised(reply: FakeReply) -> errors.APIError:
    """The SDK's error for a fake reply, made the way the SDK makes it (APIError.raise_error)."""
    response = httpx2.Response(reply.status, json=reply.body, headers=dict(reply.headers))
    with pytest.raises(errors.APIError) as caught:
        errors.APIError.raise_for_response(response)
    return caught.value


@pytest.mark.parametrize(
    ("reply", "kind", "step", "wait", "named"),
    [
        (quota_exceeded("m", retry_s=10.52), "rate", AGAIN, 10.0, "429 rate limit"),
        (quota_exceeded("m", retry_s=53.9, per_day=True), "day_quota", NEXT, 53.0, "429 per-day quota"),
        (quota_exceeded("m", retry_s=None, limit=0), "zero_quota", NEXT, None, "429 quota of 0"),
        (high_demand(), "overloaded", AGAIN, None, "503 UNAVAILABLE"),
        (key_invalid(), "key", STOP, None, "400 API_KEY_INVALID"),
        (permission_denied(), "key", STOP, None, "403 PERMISSION_DENIED"),
    ],
)
def test_the_apis_errors(reply: FakeReply, kind: str, step: str, wait: float | None, named: str) -> None:
    failure = classify(raised(reply), NOW)
    assert (failure.kind, failure.step, failure.wait_s, failure.describe()) == (kind, step, wait, named)


def test_a_429_without_details_is_a_rate_limit_and_limit_0_in_the_message_is_a_zero_quota() -> None:
    bare = errors.ClientError(
        429, {"error": {"code": 429, "message": "Resource exhausted.", "status": "RESOURCE_EXHAUSTED"}}
    )
    assert classify(bare, NOW).kind == "rate" and classify(bare, NOW).wait_s is None
    text = "Quota exceeded for metric: x, limit: 0, model: m"
    zero = errors.ClientError(429, {"error": {"code": 429, "message": text, "status": "RESOURCE_EXHAUSTED"}})
    assert classify(zero, NOW).kind == "zero_quota"


def test_retry_after_in_seconds_or_as_a_date() -> None:
    """The one reader of Retry-After (generator.net), for the fetcher and the Gemini editor alike."""
    at = NOW.timestamp()
    assert retry_after("7", at) == 7.0
    assert retry_after("Mon, 16 Nov 2026 00:17:30 GMT", at) == 30.0
    assert retry_after("Mon, 16 Nov 2026 00:00:00 GMT", at) == 0.0  # in the past: no wait
    assert retry_after("soon", at) is None and retry_after(None, at) is None
    reply = high_demand()
    with_header = FakeReply(reply.status, reply.body, {"Retry-After": "Mon, 16 Nov 2026 00:17:12 GMT"})
    assert classify(raised(with_header), NOW).wait_s == 12.0


@pytest.mark.parametrize(
    ("code", "status", "message", "kind"),
    [
        (404, "NOT_FOUND", "models/x is not found for API version v1beta", "retired"),
        (400, "FAILED_PRECONDITION", "Model x has been deprecated and is no longer supported.", "retired"),
        (400, "INVALID_ARGUMENT", "'minimal' is not a supported thinking level for this model.", "setting"),
        (400, "INVALID_ARGUMENT", "max_output_tokens must be between 1 and 65536", "setting"),
        (400, "INVALID_ARGUMENT", "Request contains an invalid argument.", "refused"),
        (401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", "key"),
        (500, "INTERNAL", "An internal error has occurred.", "overloaded"),
        (504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete.", "overloaded"),
    ],
)
def test_other_statuses(code: int, status: str, message: str, kind: str) -> None:
    cls = errors.ClientError if code < 500 else errors.ServerError
    error = cls(code, {"error": {"code": code, "message": message, "status": status}})
    assert classify(error, NOW).kind == kind


def test_the_transports_errors() -> None:
    assert classify(httpx2.ReadTimeout("timed out"), NOW).kind == "timeout"
    assert classify(httpx2.ConnectError("refused"), NOW).kind == "connection"
    assert classify(httpx2.RemoteProtocolError("closed"), NOW).kind == "connection"
    assert classify(ValueError("not JSON"), NOW).kind == "refused"


def test_what_the_owner_is_told() -> None:
    key = owner_action(classify(raised(key_invalid()), NOW), "gemini-3.8-flash")
    assert key is not None and "aistudio.google.com/apikey" in key and "GEMINI_API_KEY" in key
    assert owner_action(Failure("overloaded", 503, "UNAVAILABLE"), "m") is None
    assert owner_action(Failure("day_quota", 429, "RESOURCE_EXHAUSTED"), "m") is None  # tomorrow it refills


def test_failures_are_told_per_model_and_counted() -> None:
    busy = Failure("overloaded", 503, "UNAVAILABLE")
    slow = Failure("timeout", None, "TIMEOUT")
    told = describe_failures((("a", busy), ("a", busy), ("a", busy), ("b", slow)))
    assert told == "a answered 503 UNAVAILABLE 3 times; b timed out"
