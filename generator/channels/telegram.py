"""The Telegram channel: one message per post, sent through the Bot API after deploy (a Channel, see
generator.channels.channel).

Telegram Bot API (core.telegram.org/bots/api):
- `sendPhoto` uploads the cover as multipart/form-data with a caption of 0-1024 characters "after entities
  parsing"; `sendMessage` sends a text of 1-4096 characters. The API counts those limits in characters while it
  measures message entities in UTF-16 code units (core.telegram.org/api/entities); this module counts UTF-16 code
  units, never fewer than code points, so a text fits whichever unit the server applies.
- `parse_mode: HTML`: the visible text is what is left of the markup; `<`, `>` and `&` in text are written as
  `&lt;`, `&gt;`, `&amp;` (and `"` as `&quot;` inside an attribute).
- An answer is `{"ok": true, "result": Message}` or `{"ok": false, "error_code", "description", "parameters"}`;
  HTTP 429 carries `parameters.retry_after` (seconds to wait).

The token is part of every method's URL (`/bot<token>/sendPhoto`), so no URL and no exception text from requests
reaches a message or the log: errors name the method and what Telegram said, with the token masked.
"""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex
import requests

from generator.channels.channel import Announcement, Sent
from generator.errors import AnnounceError
from generator.post import TELEGRAM_WORDS, words_for
from generator.text import clean_line

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.telegram.org"
CAPTION_LIMIT = 1024  # sendPhoto caption, after entities parsing
MESSAGE_LIMIT = 4096  # sendMessage text, after entities parsing
MAX_BULLETS = 5
MIN_BULLETS = 3
MAX_RETRY_AFTER_S = 60  # a longer 429 wait is not worth holding the job for: the run fails and says so
TIMEOUT_S = (10, 60)  # connect, read (an upload of a ~100 KB cover, then Telegram's answer)
READ_MORE = TELEGRAM_WORDS["read_more"]


def utf16_length(text: str) -> int:
    """Length of `text` in UTF-16 code units: a character outside the BMP (most emoji) counts two."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Composed:
    """A text for Telegram: `html` to send with parse_mode HTML, `visible` the text a reader sees (what the limit
    counts), and how many of the announcement's bullets it kept."""

    html: str
    visible: str
    bullets: int


def compose(announcement: Announcement, limit: int, read_more: str = READ_MORE) -> Composed:
    """The title (bold), the bullets ("• …", one a line) and a `read_more` link to the post ("阅读全文"; an
    edition's from its words table, post.words "telegram"), whose visible text is at most `limit` UTF-16 code
    units: bullets are left out whole from the last; should the title alone be too long it is cut at a grapheme
    boundary (never inside an emoji sequence) and ends with "…". Raises ValueError when not even the link fits."""
    bullets = list(announcement.bullets[:MAX_BULLETS])
    title = announcement.title
    while True:
        visible = _visible(title, bullets, read_more)
        if utf16_length(visible) <= limit:
            return Composed(_markup(title, bullets, announcement.url, read_more), visible, len(bullets))
        if bullets:
            bullets.pop()
            continue
        room = limit - (utf16_length(_visible("-", [], read_more)) - 1)  # what the title leaves for itself
        if room < 2:
            raise ValueError(f"a text of {limit} characters cannot hold the link")
        title = _cut_graphemes(announcement.title, room)


def _visible(title: str, bullets: Sequence[str], read_more: str) -> str:
    parts = [title] if title else []
    if bullets:
        parts.append("\n".join(f"• {b}" for b in bullets))
    return "\n\n".join([*parts, read_more])


def _markup(title: str, bullets: Sequence[str], url: str, read_more: str) -> str:
    parts = [f"<b>{html.escape(title, quote=False)}</b>"] if title else []
    if bullets:
        parts.append("\n".join(f"• {html.escape(b, quote=False)}" for b in bullets))
    link = f'<a href="{html.escape(url, quote=True)}">{html.escape(read_more, quote=False)}</a>'
    return "\n\n".join([*parts, link])


def _cut_graphemes(text: str, room: int) -> str:
    """The longest head of `text` of whole grapheme clusters (Unicode UAX #29, the `regex` module's \\X) that,
    with "…", takes at most `room` UTF-16 code units."""
    kept, used = "", utf16_length("…")
    for cluster in regex.findall(r"\X", text):
        used += utf16_length(cluster)
        if used > room:
            break
        kept += cluster
    return kept.rstrip() + "…"


def bullets_of(meta: Mapping[str, object], headlines: Sequence[str] = ()) -> tuple[str, ...]:
    """Up to MAX_BULLETS summary lines of a post's front matter (`summary`), topped up to MIN_BULLETS with
    `headlines` (its stories' headlines, in the post's order) when the summary is shorter; each one line, empty
    ones dropped."""
    lines = [clean_line(str(s)) for s in _list(meta.get("summary"))]
    if len([s for s in lines if s]) < MIN_BULLETS:
        lines += [clean_line(str(h)) for h in headlines]
    return tuple(dict.fromkeys(s for s in lines if s))[:MAX_BULLETS]


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


@dataclass
class BotApi:
    """The Bot API methods this module calls, over one requests session. `base` is the API's address
    (DEFAULT_API_BASE; TELEGRAM_API_BASE for a test server); `sleep` waits out a 429 (time.sleep)."""

    token: str = field(repr=False)
    base: str = DEFAULT_API_BASE
    session: requests.Session = field(default_factory=requests.Session, repr=False)
    sleep: Callable[[float], None] = time.sleep

    def call(self, method: str, data: Mapping[str, str], files: Mapping[str, Any] | None = None) -> dict:
        """POST `method` with form `data` (and multipart `files`); after a 429 waits `retry_after` once and tries
        again. Returns the answer's `result`. Raises AnnounceError (method, HTTP status, Telegram's description)
        when the answer is not ok, TelegramRefused for a 400/413 (the request itself was refused)."""
        status, answer = self._post(method, data, files)
        wait = (answer.get("parameters") or {}).get("retry_after") if status == 429 else None
        if isinstance(wait, int | float) and 0 <= wait <= MAX_RETRY_AFTER_S:
            log.warning("Telegram asked to wait %s s before %s", wait, method)
            self.sleep(float(wait))
            status, answer = self._post(method, data, files)
        if answer.get("ok") is True:
            result = answer.get("result")
            return result if isinstance(result, dict) else {}
        description = self._mask(clean_line(str(answer.get("description") or "no description")))[:300]
        error = TelegramRefused if status in (400, 413) else AnnounceError
        raise error(f"Telegram refused {method} (HTTP {status}: {description})")

    def _post(
        self, method: str, data: Mapping[str, str], files: Mapping[str, Any] | None
    ) -> tuple[int, dict]:
        url = f"{self.base.rstrip('/')}/bot{self.token}/{method}"
        try:
            response = self.session.post(url, data=dict(data), files=files, timeout=TIMEOUT_S)
        except requests.Timeout:
            raise AnnounceError(f"Telegram did not answer {method} in time") from None
        except requests.RequestException as error:
            raise AnnounceError(f"cannot reach Telegram for {method} ({type(error).__name__})") from None
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if not isinstance(answer, dict):
            answer = {}
        return response.status_code, answer

    def _mask(self, text: str) -> str:
        return text.replace(self.token, "<token>") if self.token else text


class TelegramRefused(AnnounceError):
    """Telegram refused the request as such (HTTP 400 or 413): another method may still work."""


def send_announcement(
    api: BotApi, chat_id: str, announcement: Announcement, read_more: str = READ_MORE
) -> Sent:
    """The cover with a caption (`sendPhoto`, CAPTION_LIMIT), or, when there is no cover or Telegram refuses the
    photo (400, 413), the same text as a message (`sendMessage`, MESSAGE_LIMIT) with the post's link preview; the
    link says `read_more` (compose). Returns what was sent. Raises AnnounceError when neither worked."""
    if announcement.cover is not None and announcement.cover.is_file():
        caption = compose(announcement, CAPTION_LIMIT, read_more)
        data = {"chat_id": chat_id, "caption": caption.html, "parse_mode": "HTML"}
        files = {"photo": (announcement.cover.name, announcement.cover.read_bytes(), "image/png")}
        try:
            return _sent("sendPhoto", api.call("sendPhoto", data, files))
        except TelegramRefused as refused:
            log.warning("%s; sending the post as a text message instead", refused)
    text = compose(announcement, MESSAGE_LIMIT, read_more)
    data = {"chat_id": chat_id, "text": text.html, "parse_mode": "HTML"}
    return _sent("sendMessage", api.call("sendMessage", data))


CHAT_ID = "TELEGRAM_CHAT_ID"  # the site's own edition; an edition's is CHAT_ID + "_" + its language ("_EN")


@dataclass
class TelegramChannel:
    """The Telegram channel (a Channel: generator.channels.channel): `send` posts through the Bot API to
    `chat_id` (send_announcement) with the link `read_more`; markers under `<cache>/<name>/`. The site's own
    edition is `telegram` (markers in `<cache>/telegram/`); another edition's is `telegram/<language>` (markers
    in `<cache>/telegram/<language>/`, beside the Chinese ones: a post of each edition has the same file name),
    labelled with the language's name, its link in its words (post.words "telegram")."""

    api: BotApi
    chat_id: str
    name: str = "telegram"
    label: str = "Telegram"
    read_more: str = READ_MORE

    @property
    def secrets(self) -> tuple[str, ...]:
        """The bot token: part of every method's URL."""
        return (self.api.token,)

    def send(self, announcement: Announcement) -> Sent:
        """See send_announcement."""
        return send_announcement(self.api, self.chat_id, announcement, self.read_more)

    @classmethod
    def from_env(cls, env: Mapping[str, str], edition: str | None = None) -> TelegramChannel | None:
        """The channel from TELEGRAM_BOT_TOKEN (from @BotFather) and TELEGRAM_CHAT_ID (the channel's @name or
        numeric id), TELEGRAM_API_BASE for a test server; None unless both are set. For `edition` (a language of
        the config's `editions`, "en"), its own chat, TELEGRAM_CHAT_ID_EN, with the same bot: None unless set, so
        the second target is optional. Raises AnnounceError for an API base that is not an http(s) address."""
        token = (env.get("TELEGRAM_BOT_TOKEN") or "").strip()
        chat_id = (env.get(chat_variable(edition)) or "").strip()
        if not token or not chat_id:
            return None
        base = (env.get("TELEGRAM_API_BASE") or "").strip() or DEFAULT_API_BASE
        if not base.startswith(("https://", "http://")):
            raise AnnounceError("TELEGRAM_API_BASE must be an http(s) address, like https://api.telegram.org")
        if edition is None:
            return cls(BotApi(token, base), chat_id)
        words = words_for(edition)
        language = str(words["edition"]["language_name"])
        read_more = str(words["telegram"]["read_more"])
        return cls(BotApi(token, base), chat_id, f"telegram/{edition}", f"Telegram ({language})", read_more)


def chat_variable(edition: str | None = None) -> str:
    """The environment variable that holds the chat of `edition` (None: the site's own): TELEGRAM_CHAT_ID, or
    TELEGRAM_CHAT_ID_EN for "en"."""
    return CHAT_ID if edition is None else f"{CHAT_ID}_{edition.upper()}"


def _sent(method: str, result: Mapping[str, object]) -> Sent:
    message_id = result.get("message_id")
    if not isinstance(message_id, int):
        raise AnnounceError(f"Telegram answered {method} without a message id")
    return Sent(method, message_id)
