"""A fake Gemini API on loopback, for the real google-genai client (pointed at it by GOOGLE_GEMINI_BASE_URL).

    def test_something(fake_gemini: FakeGemini) -> None:       # the fixture sets GEMINI_API_KEY and the base URL
        fake_gemini.queue(answer({...}), error(429))            # served first, in order
        fake_gemini.respond_with(lambda request: answer({...}))  # then this (default: happy_answer)
        fake_gemini.retired.add("gemini-old")                   # 404 NOT_FOUND for that model
        fake_gemini.quotas.set("gemini-3.8-flash", per_minute=5, per_day=20)  # free-tier buckets, per model
        ...
        assert len(fake_gemini.requests) == 2
        assert "<<<ARTICLE" in fake_gemini.prompt(1)

Like the real API, the fake checks each request's shape before answering (`request_problem`): unknown fields, both
`thinkingBudget` and `thinkingLevel`, both `responseSchema` and `responseJsonSchema`, a JSON Schema keyword the API
does not support, a `$ref` with siblings, `maxOutputTokens` above the model's limit are answered with 400
INVALID_ARGUMENT; a retired model with 404 NOT_FOUND, a deprecated one with 400 FAILED_PRECONDITION, a thinking level
the model does not take with 400 (`levels`), a key it does not know with 400 API_KEY_INVALID (`keys`). A model in
`served_as` is answered by another (auto-routing: a 200 whose `modelVersion` names the other model, which also
lends its quota bucket). `quotas` are free-tier buckets per model (per minute, per day; a 429 with QuotaFailure and
RetryInfo, tests/fake_gemini_errors.py) on the fake's `clock` (a test may share its fake clock with the editor);
`delays` make a model slow (real seconds before it answers), `outages` make one answer every request with an
error (503 all morning). The misbehaving models live in
tests/fake_gemini_modes.py.

A reply is a dict (sent as the 200 JSON body) or a FakeReply (any status, a dict or raw text). `happy_answer`
builds a valid answer to any triage or write-up request from the ids and titles in its prompt, so a whole sample
day runs through it (with the English edition's fields when the request's schema asks for them: an English title
as the English headline and summary, a Chinese one quoted). Answers look like real ones: the text part
carries a `thoughtSignature`, `usageMetadata` has
`thoughtsTokenCount` (by thinking level, `THINKING_TOKENS`), and a thought part (`"thought": true`) comes first when
the request asks for thoughts (`includeThoughts`) or the test asks for one; token counts are estimated from the text
(`estimate_tokens`).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fake_gemini_errors import FakeReply as FakeReply
from fake_gemini_errors import Quotas, key_invalid
from fake_gemini_errors import error as error
from gemini_api_rules import request_problem

PATH = re.compile(r"^/v1[a-z0-9]*/models/(?P<model>[^/:]+):generateContent$")
BLOCK = re.compile(
    r"<<<(?P<kind>CANDIDATE|ARTICLE|BRIEF|FOLLOWUP) id=(?P<id>[^>\s]+)>>>\n(?P<body>.*?)\n<<<END>>>", re.S
)
CATEGORIES = ("技术", "行业", "产业")


Reply = Mapping[str, Any] | FakeReply
Handler = Callable[[dict[str, Any]], Reply]


@dataclass
class Recorded:
    path: str
    model: str
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200


def estimate_tokens(text: str) -> int:
    """Tokens of a text as Gemini counts them, roughly: a CJK character ~1 token, other text ~4 characters a token."""
    cjk = len(re.findall(r"[\u3400-\u9fff\uf900-\ufaff]", text))
    return cjk + (len(text) - cjk + 3) // 4


SIGNATURE = "c2lnbmF0dXJlLW9mLWEtZmljdGlvbmFsLXRob3VnaHQ="  # base64, opaque like the real ones
THINKING_TOKENS = {
    "MINIMAL": 0,
    "LOW": 300,
    "MEDIUM": 900,
    "HIGH": 2000,
    None: 900,
}  # None: the default, medium


def answer(
    payload: Mapping[str, Any] | str,
    *,
    finish_reason: str = "STOP",
    prompt_tokens: int = 100,
    output_tokens: int = 50,
    thinking_tokens: int = 0,
    thought: str | None = None,
) -> dict[str, Any]:
    """A 200 answer whose text is `payload` (a dict becomes JSON; a str is sent as is, e.g. cut-off JSON), with a
    thought signature, `thinking_tokens` and, when `thought` is given, a thought part before it."""
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    parts: list[dict[str, Any]] = [{"text": thought, "thought": True}] if thought is not None else []
    parts.append({"text": text, "thoughtSignature": SIGNATURE})
    usage = {
        "promptTokenCount": prompt_tokens,
        "candidatesTokenCount": output_tokens,
        "totalTokenCount": prompt_tokens + output_tokens + thinking_tokens,
    }
    if thinking_tokens:
        usage["thoughtsTokenCount"] = thinking_tokens
    return {
        "candidates": [
            {"content": {"role": "model", "parts": parts}, "finishReason": finish_reason, "index": 0}
        ],
        "usageMetadata": usage,
    }


def thinking_level(request: Mapping[str, Any]) -> str | None:
    """The request's thinking level (upper case), or None."""
    config = request.get("generationConfig", {}).get("thinkingConfig", {})
    level = config.get("thinkingLevel", config.get("thinking_level"))
    return str(level).upper() if level else None


def answer_for(
    request: Mapping[str, Any], payload: Mapping[str, Any] | str, **options: Any
) -> dict[str, Any]:
    """`answer(payload)` with token counts estimated from the request's and the answer's text."""
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    options.setdefault("output_tokens", estimate_tokens(text))
    options.setdefault("thinking_tokens", THINKING_TOKENS.get(thinking_level(request), 900))
    config = request.get("generationConfig", {}).get("thinkingConfig", {})
    if config.get("includeThoughts", config.get("include_thoughts")):
        options.setdefault(
            "thought", "**Weighing the candidates** A fictional summary of the model's thoughts."
        )
    return answer(payload, prompt_tokens=estimate_tokens(prompt_text(request)), **options)


def blocked(reason: str = "SAFETY") -> dict[str, Any]:
    """A candidate stopped by a filter, without content: a safety rating that blocked it, or for RECITATION the
    citation it would have recited."""
    candidate: dict[str, Any] = {"finishReason": reason, "index": 0}
    if reason == "RECITATION":
        source = {"startIndex": 0, "endIndex": 180, "uri": "https://news.example/recited"}
        candidate["citationMetadata"] = {"citationSources": [source]}
    else:
        rating = {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": True}
        candidate["safetyRatings"] = [rating]
    return {"candidates": [candidate], "usageMetadata": {"promptTokenCount": 100, "totalTokenCount": 100}}


def no_candidates(reason: str = "SAFETY") -> dict[str, Any]:
    """The prompt itself was blocked: no candidates at all."""
    return {
        "promptFeedback": {"blockReason": reason},
        "usageMetadata": {"promptTokenCount": 100, "totalTokenCount": 100},
    }


def contents_text(request: Mapping[str, Any]) -> str:
    """The text of a request's contents (the user prompt)."""
    parts = [p for c in request.get("contents", []) for p in c.get("parts", [])]
    return "\n".join(str(p.get("text", "")) for p in parts)


def system_text(request: Mapping[str, Any]) -> str:
    parts = request.get("systemInstruction", {}).get("parts", [])
    return "\n".join(str(p.get("text", "")) for p in parts)


def prompt_text(request: Mapping[str, Any]) -> str:
    """Contents and system instruction of a request, as one text."""
    return "\n".join([contents_text(request), system_text(request)])


def request_kind(request: Mapping[str, Any]) -> str:
    """ "triage" or "write", from the response schema's title (or the blocks in the prompt)."""
    title = request.get("generationConfig", {}).get("responseJsonSchema", {}).get("title", "")
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


def max_selected(request: Mapping[str, Any]) -> int:
    """The "Select at most N candidates" of a triage request's system instruction."""
    found = re.search(r"Select at most (\d+)", system_text(request))
    return int(found[1]) if found else 10**6


def happy_triage(request: Mapping[str, Any], categories: Sequence[str] = CATEGORIES) -> dict[str, Any]:
    """Select every candidate (up to the asked maximum), in prompt order, importance 5 down to 1."""
    candidates = blocks(request, "CANDIDATE")[: max_selected(request)]
    selected = [
        {
            "id": story_id,
            "category": categories[i % len(categories)],
            "region": "国内" if i % 2 else "国际",
            "importance": max(1, 5 - i // 3),
            "reason": f"入选理由：{told(fields.get('title', story_id))}",
            "tags": ["大模型"],
            "same_story_as": [],
        }
        for i, (story_id, fields) in enumerate(candidates)
    ]
    return {"selected": selected}


def told(title: str) -> str:
    """What a story's title says, as the fake model writes it in a Chinese sentence: a Chinese title as it is; an
    English one quoted in a Chinese frame (the fake cannot translate, and a Chinese post holds no English sentence
    outside quotes: issue 22)."""
    return title if re.search(r"[\u4e00-\u9fff]", title) else f"外电称“{title}”"


def in_chinese(title: str) -> str:
    """A title as the fake model writes it for a Chinese post: Chinese titles as they are; an English one quoted
    under a Chinese label (外电：“…”). Never cut."""
    return title if re.search(r"[\u4e00-\u9fff]", title) else f"外电：“{title}”"


def in_english(title: str) -> tuple[str, str]:
    """(headline, sentence) as the fake model writes them for the English edition: an English title as it is; a
    Chinese one quoted ("Report: “…”", "The report is titled “…”"), since the fake cannot translate."""
    if not re.search(r"[\u4e00-\u9fff]", title):
        return title, title
    return f"Report: “{title}”", f"The report is titled “{title}”"


def whole_titles(titles: Sequence[str], limit: int) -> str:
    """Whole titles joined by "；" while they fit `limit` characters."""
    kept: list[str] = []
    for title in titles:
        if len("；".join([*kept, title])) <= limit:
            kept.append(title)
    return "；".join(kept)


def happy_write(request: Mapping[str, Any]) -> dict[str, Any]:
    """Write every article, brief and follow-up from its title, as the write-up prompt asks (issue 19 §1): 2
    insights, an impact only where one matters (the first entry), two themes with subtitles over the articles
    and follow-ups, a title (the first story, or the themes in a phrase), bullets, and one sentence per
    follow-up; the day's texts cite the ids they are about, and every sentence of a summary, an insight, an
    impact and a bullet ends with the marker of the article's first source (issue 21 §1: the title it repeats is
    that source's)."""
    articles = blocks(request, "ARTICLE")
    entries = [
        {
            "id": story_id,
            "headline": in_chinese(fields.get("title", story_id)),
            "summary": f"据报道，{told(fields.get('title', story_id))}[1]。这是假模型写的摘要。[1]",
            "insights": ["这是一条解读[1]。", "这是另一条解读，它有两句[1]。第二句补充背景[1]。"],
            "impacts": ["这是一条影响[1]。"] if n == 0 else [],
        }
        for n, (story_id, fields) in enumerate(articles)
    ]
    briefs = [{"id": i, "text": in_chinese(f.get("title", i))} for i, f in blocks(request, "BRIEF")]
    follow_ups = [
        {"id": i, "news": f"据最新报道，{told(f.get('title', i))}。"} for i, f in blocks(request, "FOLLOWUP")
    ]
    ids = [e["id"] for e in entries]
    titles = [e["headline"] for e in entries]
    grouped = ids + [f["id"] for f in follow_ups]
    middle = (len(grouped) + 1) // 2
    themes = [
        {"name": "要闻速览", "subtitle": "今天最受关注的进展", "ids": grouped[:middle]},
        {"name": "更多进展", "subtitle": "值得留意的新动态", "ids": grouped[middle:]},
    ]
    # the most important story when its title is short, else the day's themes in a phrase (as the prompt asks)
    if titles and len(titles[0]) <= 30:
        title = {"ids": ids[:1], "text": titles[0]}
    elif len(grouped) > 1:
        title = {"ids": grouped, "text": "要闻速览与更多进展"}
    else:  # one long title: its first words
        words = titles[0].split(" ") if titles else ["今日要闻"]
        short = next(
            (" ".join(words[:n]) for n in range(len(words), 0, -1) if len(" ".join(words[:n])) <= 30), ""
        )
        title = {"ids": ids[:1], "text": short or titles[0][:30]}
    if bilingual(request):  # the English edition's fields (issue 22); the fake cannot translate
        titles_of = {i: f.get("title", i) for kind in ("ARTICLE", "BRIEF") for i, f in blocks(request, kind)}
        for entry in entries:
            headline, sentence = in_english(titles_of[entry["id"]])
            entry |= {"headline_en": headline, "summary_en": f"{sentence}[1]."}
        for brief in briefs:
            brief["text_en"] = in_english(titles_of[brief["id"]])[0]
    return {
        "entries": entries,
        "briefs": briefs,
        "follow_ups": follow_ups,
        "themes": [t for t in themes if t["ids"]],
        "title": title,
        "summary": [{"ids": [i], "text": f"{t}[1]"} for i, t in zip(ids, titles, strict=True)][:10],
        "description": {"ids": ids[:3], "text": whole_titles(titles[:3], 150)},
        "tags": ["测试标签", "大模型"],
        "keywords": ["测试关键词", "AI"],
    }


def bilingual(request: Mapping[str, Any]) -> bool:
    """Whether a write-up request asks for the English edition's fields too (issue 22)."""
    title = request.get("generationConfig", {}).get("responseJsonSchema", {}).get("title", "")
    return title == "BilingualWriteAnswer"


def happy_payload(request: Mapping[str, Any]) -> dict[str, Any]:
    return happy_triage(request) if request_kind(request) == "triage" else happy_write(request)


def happy_answer(request: dict[str, Any]) -> dict[str, Any]:
    """A valid structured answer to any triage or write-up request."""
    return answer_for(request, happy_payload(request))


class FakeGemini:
    """The server: shape checks, retired models, keys, quotas, queued replies, then the handler; every request is
    recorded (see the module docstring)."""

    def __init__(self, handler: Handler = happy_answer) -> None:
        self.handler = handler
        self.replies: list[Reply] = []
        self.recorded: list[Recorded] = []
        self.retired: set[str] = set()  # answered 404 NOT_FOUND, like a model that was shut down
        self.deprecated: set[str] = set()  # answered 400 FAILED_PRECONDITION "… has been deprecated …"
        self.served_as: dict[str, str] = {}  # model → the model that answers for it (auto-routing)
        self.levels: dict[str, set[str]] = {}  # model → the thinking levels it takes (others: 400)
        self.keys: set[str] | None = None  # the API keys it knows (None: any)
        self.delays: dict[str, float] = {}  # model → real seconds before it answers (a slow model)
        self.outages: dict[
            str, FakeReply
        ] = {}  # model → the error it answers every request with (503 all day)
        self.clock: Callable[[], float] = time.monotonic  # seconds, for the quotas' minutes
        self.quotas = Quotas(lambda: self.clock())
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

    @property
    def answered(self) -> list[Recorded]:
        """The requests answered with 200."""
        return [r for r in self.recorded if r.status == 200]

    def prompt(self, index: int = -1) -> str:
        """System instruction and contents of a request."""
        return prompt_text(self.requests[index])

    def contents(self, index: int = -1) -> str:
        """The contents (the user prompt, without the system instruction) of a request."""
        return contents_text(self.requests[index])

    def system(self, index: int = -1) -> str:
        return system_text(self.requests[index])

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

    def refusal(self, model: str, body: Mapping[str, Any], headers: Mapping[str, str]) -> FakeReply | None:
        """The reply of the API before any queued reply: an unknown key, a retired model, a malformed request, a
        thinking level the model does not take, an empty quota bucket."""
        key = next((v for k, v in headers.items() if k.lower() == "x-goog-api-key"), "")
        if self.keys is not None and key not in self.keys:
            return key_invalid()
        if model in self.retired:
            message = f"This model models/{model} is no longer available. Please update your code to use a newer model."
            return error(404, message)
        if model in self.deprecated:
            message = (
                f"Model {model} has been deprecated and is no longer supported. Migrate to a newer model."
            )
            return error(400, message, "FAILED_PRECONDITION")
        problem = request_problem(body)
        if problem:
            return error(400, problem)
        served = self.served_as.get(model, model)
        if served in self.outages:
            return self.outages[served]
        level = thinking_level(body)
        if level and served in self.levels and level.lower() not in self.levels[served]:
            return error(400, f"'{level.lower()}' is not a supported thinking level for this model.")
        return self.quotas.check(served)

    def reply_to(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> FakeReply:
        match = PATH.match(path)
        if match is None:
            return error(404, f"unexpected path {path}")
        model = match["model"]
        with self._lock:
            record = Recorded(path, model, body, headers)
            self.recorded.append(record)
            reply = self.refusal(model, body, headers)
            if reply is None and self.replies:
                reply = self.replies.pop(0)
        reply = reply if reply is not None else self.handler(body)
        if not isinstance(reply, FakeReply):
            reply = FakeReply(200, {**reply, "modelVersion": self.served_as.get(model, model)})
        record.status = reply.status
        if reply.status == 200 and self.delays.get(model):
            time.sleep(self.delays[model])
        return reply

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
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timed-out try)
                    pass

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
