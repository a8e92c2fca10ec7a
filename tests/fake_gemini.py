"""A fake Gemini API on loopback, for the real google-genai client (pointed at it by GOOGLE_GEMINI_BASE_URL).

    def test_something(fake_gemini: FakeGemini) -> None:       # the fixture sets GEMINI_API_KEY and the base URL
        fake_gemini.queue(answer({...}), error(429))            # served first, in order
        fake_gemini.respond_with(lambda request: answer({...}))  # then this (default: happy_answer)
        ...
        assert len(fake_gemini.requests) == 2
        assert "<<<ARTICLE" in fake_gemini.prompt(1)

A reply is a dict (sent as the 200 JSON body) or a FakeReply (any status, a dict or raw text). `happy_answer`
builds a valid answer to any triage or write-up request from the IDs and titles in its prompt, so a whole sample
day runs through it. Use the `fake_gemini` fixture (import it into a test module or conftest.py) or
`serve_fake_gemini(monkeypatch)` in a fixture of your own.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

PATH = re.compile(r"^/v1[a-z0-9]*/models/(?P<model>[^/:]+):generateContent$")
BLOCK = re.compile(
    r"<<<(?P<kind>CANDIDATE|ARTICLE|BRIEF) id=(?P<id>[^>\s]+)>>>\n(?P<body>.*?)\n<<<END>>>", re.S
)
CATEGORIES = ("技术", "行业", "产业")


@dataclass(frozen=True)
class FakeReply:
    status: int
    body: Mapping[str, Any] | str


Reply = Mapping[str, Any] | FakeReply
Handler = Callable[[dict[str, Any]], Reply]


@dataclass
class Recorded:
    path: str
    model: str
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def answer(
    payload: Mapping[str, Any] | str,
    *,
    finish_reason: str = "STOP",
    prompt_tokens: int = 100,
    output_tokens: int = 50,
) -> dict[str, Any]:
    """A 200 answer whose text is `payload` (a dict becomes JSON; a str is sent as is, e.g. cut-off JSON)."""
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    return {
        "candidates": [
            {
                "content": {"role": "model", "parts": [{"text": text}]},
                "finishReason": finish_reason,
                "index": 0,
            }
        ],
        "usageMetadata": {
            "promptTokenCount": prompt_tokens,
            "candidatesTokenCount": output_tokens,
            "totalTokenCount": prompt_tokens + output_tokens,
        },
        "modelVersion": "fake",
    }


def blocked(reason: str = "SAFETY") -> dict[str, Any]:
    """A candidate stopped by a safety filter, without content."""
    return {
        "candidates": [
            {
                "finishReason": reason,
                "index": 0,
                "safetyRatings": [
                    {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": True}
                ],
            }
        ],
        "usageMetadata": {"promptTokenCount": 100, "totalTokenCount": 100},
    }


def no_candidates(reason: str = "SAFETY") -> dict[str, Any]:
    """The prompt itself was blocked: no candidates at all."""
    return {
        "promptFeedback": {"blockReason": reason},
        "usageMetadata": {"promptTokenCount": 100, "totalTokenCount": 100},
    }


def error(status: int, message: str = "fake error") -> FakeReply:
    names = {
        400: "INVALID_ARGUMENT",
        403: "PERMISSION_DENIED",
        429: "RESOURCE_EXHAUSTED",
        500: "INTERNAL",
        503: "UNAVAILABLE",
    }
    return FakeReply(
        status, {"error": {"code": status, "message": message, "status": names.get(status, "UNKNOWN")}}
    )


def contents_text(request: Mapping[str, Any]) -> str:
    """The text of a request's contents (the user prompt)."""
    parts = [p for c in request.get("contents", []) for p in c.get("parts", [])]
    return "\n".join(str(p.get("text", "")) for p in parts)


def prompt_text(request: Mapping[str, Any]) -> str:
    """Contents and system instruction of a request, as one text."""
    parts = request.get("systemInstruction", {}).get("parts", [])
    return "\n".join([contents_text(request), *(str(p.get("text", "")) for p in parts)])


def request_kind(request: Mapping[str, Any]) -> str:
    """ "triage" or "write", from the response schema's title (or the blocks in the prompt)."""
    title = request.get("generationConfig", {}).get("responseSchema", {}).get("title", "")
    if title:
        return "triage" if title.startswith("Triage") else "write"
    return "triage" if "<<<CANDIDATE" in contents_text(request) else "write"


def blocks(request: Mapping[str, Any], kind: str) -> list[tuple[str, dict[str, str]]]:
    """(id, {"title": …, "snippet": …}) of each CANDIDATE / ARTICLE / BRIEF block in the prompt."""
    found = []
    for match in BLOCK.finditer(contents_text(request)):
        if match["kind"] == kind:
            fields: dict[str, str] = {}
            for key, value in re.findall(r"^(\w[\w ]*): (.*)$", match["body"], re.M):
                fields.setdefault(key, value)
            found.append((match["id"], fields))
    return found


def happy_triage(request: Mapping[str, Any], categories: Sequence[str] = CATEGORIES) -> dict[str, Any]:
    """Select every candidate, in prompt order, importance 5 down to 1."""
    selected = [
        {
            "id": story_id,
            "category": categories[i % len(categories)],
            "region": "国内" if i % 2 else "国际",
            "importance": max(1, 5 - i // 3),
            "reason": f"测试入选理由 {i + 1}",
            "tags": ["测试"],
            "same_story_as": [],
        }
        for i, (story_id, _) in enumerate(blocks(request, "CANDIDATE"))
    ]
    return {"selected": selected}


def happy_write(request: Mapping[str, Any]) -> dict[str, Any]:
    """Write every article and brief from its title."""
    articles = blocks(request, "ARTICLE")
    entries = [
        {
            "id": story_id,
            "headline": fields.get("title", story_id)[:40],
            "summary": f"据报道，{fields.get('title', story_id)}。这是假模型写的摘要。",
            "insights": ["这是一条解读。", "这是另一条解读。"],
            "impacts": ["这是一条影响。"],
        }
        for story_id, fields in articles
    ]
    briefs = [{"id": i, "text": f.get("title", i)[:40]} for i, f in blocks(request, "BRIEF")]
    titles = [e["headline"] for e in entries]
    return {
        "title": "、".join(titles[:2]) or "今日要闻",
        "summary": titles[:10] or ["今日要闻"],
        "tags": ["测试标签", "大模型"],
        "keywords": ["测试关键词", "AI"],
        "description": "；".join(titles[:3])[:150],
        "entries": entries,
        "briefs": briefs,
    }


def happy_answer(request: dict[str, Any]) -> dict[str, Any]:
    """A valid structured answer to any triage or write-up request."""
    payload = happy_triage(request) if request_kind(request) == "triage" else happy_write(request)
    return answer(payload)


class FakeGemini:
    """The server: queued replies first, then the handler; every request is recorded."""

    def __init__(self, handler: Handler = happy_answer) -> None:
        self.handler = handler
        self.replies: list[Reply] = []
        self.recorded: list[Recorded] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.01,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def requests(self) -> list[dict[str, Any]]:
        """The JSON bodies received, in order."""
        return [r.body for r in self.recorded]

    def prompt(self, index: int = -1) -> str:
        """System instruction and contents of a request."""
        return prompt_text(self.requests[index])

    def contents(self, index: int = -1) -> str:
        """The contents (the user prompt, without the system instruction) of a request."""
        return contents_text(self.requests[index])

    def system(self, index: int = -1) -> str:
        parts = self.requests[index].get("systemInstruction", {}).get("parts", [])
        return "\n".join(str(p.get("text", "")) for p in parts)

    def respond_with(self, handler: Handler) -> None:
        self.handler = handler

    def queue(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    def start(self) -> FakeGemini:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def reply_to(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> FakeReply:
        match = PATH.match(path)
        if match is None:
            return error(404, f"unexpected path {path}")
        with self._lock:
            self.recorded.append(Recorded(path, match["model"], body, headers))
            queued = self.replies.pop(0) if self.replies else None
        reply = queued if queued is not None else self.handler(body)
        return reply if isinstance(reply, FakeReply) else FakeReply(200, reply)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"raw": raw.decode("utf-8", "replace")}
                reply = fake.reply_to(self.path, body, dict(self.headers))
                data = (
                    reply.body if isinstance(reply.body, str) else json.dumps(reply.body, ensure_ascii=False)
                )
                payload = data.encode("utf-8")
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the stdlib's name)
                pass

        return Handler


@contextmanager
def serve_fake_gemini(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    """A running FakeGemini, with GEMINI_API_KEY and GOOGLE_GEMINI_BASE_URL pointing the SDK at it."""
    fake = FakeGemini().start()
    monkeypatch.setenv("GEMINI_API_KEY", "test-key")
    monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", fake.base_url)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_GENAI_USE_VERTEXAI", raising=False)
    monkeypatch.delenv("GOOGLE_GENAI_USE_ENTERPRISE", raising=False)
    monkeypatch.delenv("GOOGLE_GENAI_API_VERSION", raising=False)
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def fake_gemini(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    with serve_fake_gemini(monkeypatch) as fake:
        yield fake
