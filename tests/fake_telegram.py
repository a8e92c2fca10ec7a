"""A fake Telegram Bot API on loopback (pytest-httpserver), strict about what the real one refuses.

Bot API rules it holds (core.telegram.org/bots/api): methods are POSTed to /bot<token>/<method>; `sendPhoto` takes
a multipart upload `photo` and a `caption` of at most 1024 characters after entities parsing; `sendMessage` a
`text` of 1-4096; with `parse_mode: HTML` only the tags of "HTML style" are allowed and `<`, `>`, `&` in text must
be entities. Lengths are counted in UTF-16 code units (the stricter reading; see generator/channels/telegram.py).
Answers are `{"ok": true, "result": Message}` or `{"ok": false, "error_code", "description"[, "parameters"]}`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

# Telegram's "HTML style": the tags it understands (anything else is refused).
TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre"}
TAGS |= {"blockquote", "tg-emoji"}
LIMITS = {"sendPhoto": ("caption", 1024), "sendMessage": ("text", 4096)}


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _Entities(HTMLParser):
    """Telegram's HTML parse mode, as far as these tests need it: the visible text, the links, refused tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.refused: list[str] = []
        self.bold: list[str] = []
        self._in_bold = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.refused.append(tag)
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        if tag in ("b", "strong"):
            self._in_bold += 1
            self.bold.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("b", "strong"):
            self._in_bold -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_bold:
            self.bold[-1] += data


@dataclass(frozen=True)
class Parsed:
    visible: str
    links: list[str]
    bold: list[str]
    refused: list[str]


def parse_html(markup: str) -> Parsed:
    """The visible text, link targets, bold runs and unknown tags of an HTML-mode text."""
    parser = _Entities()
    parser.feed(markup)
    parser.close()
    return Parsed("".join(parser.text), parser.links, parser.bold, parser.refused)


@dataclass
class Call:
    """One request the fake received."""

    method: str
    form: dict[str, str]
    photo: bytes | None
    status: int


@dataclass
class FakeBotApi:
    """Serves /bot<token>/sendPhoto and /sendMessage. `script[method]` lists answers to give first, in order
    (status, JSON body), before the normal ok answer; every request is recorded in `calls`. The bot is a member
    of `chat_id` and of each of `more_chats` (another edition's channel); any other chat is "chat not found"."""

    server: HTTPServer
    token: str
    chat_id: str
    more_chats: tuple[str, ...] = ()
    script: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    next_id: int = 100

    def install(self) -> FakeBotApi:
        for method in LIMITS:
            self.server.expect_request(f"/bot{self.token}/{method}", method="POST").respond_with_handler(
                self._handler(method)
            )
        return self

    @property
    def base(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def _handler(self, method: str) -> Callable[[Request], Response]:
        def handle(request: Request) -> Response:
            form = {key: request.form[key] for key in request.form}
            upload = request.files.get("photo")
            photo = upload.read() if upload is not None else None
            status, body = self._answer(method, form, photo)
            self.calls.append(Call(method, form, photo, status))
            return Response(json.dumps(body), status=status, content_type="application/json")

        return handle

    def _answer(self, method: str, form: dict[str, str], photo: bytes | None) -> tuple[int, dict[str, Any]]:
        if self.script.get(method):
            return self.script[method].pop(0)
        if form.get("chat_id") not in (self.chat_id, *self.more_chats):
            return refuse(400, "Bad Request: chat not found")
        key, limit = LIMITS[method]
        markup = form.get(key, "")
        parsed = parse_html(markup) if form.get("parse_mode") == "HTML" else Parsed(markup, [], [], [])
        if parsed.refused:
            return refuse(
                400, f"Bad Request: can't parse entities: unsupported start tag {parsed.refused[0]}"
            )
        if utf16(parsed.visible.strip()) > limit:
            return refuse(
                400, f"Bad Request: message {'caption' if key == 'caption' else 'text'} is too long"
            )
        if method == "sendPhoto" and not photo:
            return refuse(400, "Bad Request: there is no photo in the request")
        if method == "sendMessage" and not parsed.visible.strip():
            return refuse(400, "Bad Request: message text is empty")
        self.next_id += 1
        return 200, {"ok": True, "result": {"message_id": self.next_id, "chat": {"id": -1001}, "date": 0}}


def refuse(status: int, description: str, **parameters: Any) -> tuple[int, dict[str, Any]]:
    """An error answer as the Bot API gives it."""
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return status, body
