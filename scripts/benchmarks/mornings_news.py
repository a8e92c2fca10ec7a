"""The news of the simulated mornings (scripts/benchmarks/mornings.py): fictional AI news, a dozen items a day from
five sources, served on loopback as the feeds read at the server's `now`.

Every item is written from mornings_news.yml (name pools, headline heads and tails, stories per kind of event)
with a seeded random generator: the same seed gives the same news. All names are invented for the benchmark
(companies, products, people, cities, sources). Each day's stories are new: no company or product appears on two
days, no headline head of a kind repeats within a week, and each item is checked against today's other items and
the recent days' headlines by the generator's own evidence of one story (generator.stories.cluster), so that no
day's post is a follow-up of another's or skipped as old news, and a day written late (a catch-up) still finds
its items. Within a day, no two items of one language tell the same kind of event.

The server (`NewsServer`, on 127.0.0.1) answers `/feeds/<source>.xml` (RSS 2.0 or Atom) with the items published
in the last `FEED_DAYS` days up to its `now` (newest first), and `/a/<day>/<source>/<n>.html` with the article.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from generator.models import Article, FeedItem
from generator.stories.cluster import SAME_STORY, Profile, profile, score_profiles

BEIJING = ZoneInfo("Asia/Shanghai")
FEED_DAYS = 4  # a feed holds the items of its last four days (the catch-up goes back three)


@dataclass(frozen=True)
class Source:
    name: str
    slug: str
    language: str  # zh or en
    region: str  # cn or global
    kind: str  # rss or atom
    per_day: int  # items a day
    weight: float


SOURCES = (
    Source("晨岚智讯", "chenlan", "zh", "cn", "rss", 3, 1.1),
    Source("算力前哨站", "qianshao", "zh", "cn", "atom", 3, 1.0),
    Source("青梧科技评论", "qingwu", "zh", "cn", "rss", 2, 0.9),
    Source("Lanternfield AI Notes", "lanternfield", "en", "global", "atom", 2, 1.0),
    Source("The Quarry Byte", "quarry", "en", "global", "rss", 2, 0.9),
)

# Name pools, and per language and kind of event the headlines' heads and tails and the story (mornings_news.yml)
DATA = yaml.safe_load(Path(__file__).with_suffix(".yml").read_text(encoding="utf-8"))
NAMES: dict[str, Any] = DATA["names"]
TITLES: dict[str, dict[str, dict[str, list[str]]]] = DATA["titles"]  # language → kind → heads, tails
STORIES: dict[str, dict[str, dict[str, Any]]] = DATA["stories"]  # language → kind → summary, paragraphs
HEAD_MEMORY = 7  # days: no headline head repeats within them (each kind has eight)
MARGIN = 0.15  # below the same-story threshold by this much: each item is a story of its own
# a headline's length at most: the fake model's headline is the title, "外电：" before an English one (≤ 80 chars)
TITLE_CHARS = 70


@dataclass(frozen=True)
class Item:
    """One news item: its source, when it was published, its title, summary and article paragraphs."""

    source: Source
    day: date  # the day of the post whose window holds it
    number: int
    published: datetime
    title: str
    summary: str
    paragraphs: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/a/{self.day.isoformat()}/{self.source.slug}/{self.number}.html"


class Writer:
    """Writes each day's items from one random generator: no company or product name is used twice in a run, and
    no headline head twice within HEAD_MEMORY days."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()
        self.recent: dict[tuple[str, str], list[int]] = {}  # (language, kind) → the heads of the last days
        self.history: list[Item] = []  # the items of the last days
        self.profiles: dict[tuple[str, str, bool], Profile] = {}

    def fresh(self, make: Callable[[], str]) -> str:
        """A name `make` gives that was never given before."""
        for _ in range(1000):
            name = make()
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("the name pools are used up")

    def values(self, language: str, day: date) -> dict[str, object]:
        """The names and numbers of one item."""
        rng = self.rng
        if language == "zh":
            stem = lambda: "".join(rng.sample(NAMES["syllables"], 2))  # noqa: E731
            company = self.fresh(stem) + rng.choice(NAMES["zh_suffix"])
            partner = self.fresh(stem) + rng.choice(NAMES["zh_suffix"])
            product = self.fresh(stem) + str(rng.randint(2, 9))
            person = rng.choice(NAMES["surnames"]) + "".join(rng.sample(NAMES["syllables"], 2))
            when = f"{day.month}月{day.day}日"
        else:
            word = lambda: rng.choice(NAMES["en_heads"]) + rng.choice(NAMES["en_tails"])  # noqa: E731
            company = f"{self.fresh(word)} {rng.choice(NAMES['en_second'])}"
            partner = f"{self.fresh(word)} {rng.choice(NAMES['en_second'])}"
            product = f"{self.fresh(word)}-{rng.randint(2, 9)}"
            person = f"{rng.choice(NAMES['en_given'])} {word()}"
            when = day.strftime("%A")
        numbers = {f"n{i}": rng.randint(3, 90) * (10 if i in (3, 4) else 1) for i in range(1, 7)}
        return {"co": company, "co2": partner, "prod": product, "person": person, "city": rng.choice(NAMES["cities"]),
                "day": when, **numbers}  # fmt: skip

    def title(self, language: str, kind: str, values: dict[str, object]) -> str:
        """A headline of `kind` with `values`: a head not used in the last HEAD_MEMORY days (the posts a story is
        compared with: dedupe.recent_days) and a tail, within TITLE_CHARS if any tail fits (else the shortest)."""
        heads, tails = TITLES[language][kind]["heads"], TITLES[language][kind]["tails"]
        joint = "，" if language == "zh" else " "
        recent = self.recent.setdefault((language, kind), [])
        texts = {
            (h, t): (heads[h] + joint + tails[t]).format(**values)
            for h in range(len(heads))
            if h not in recent
            for t in range(len(tails))
        }
        fitting = [pair for pair, text in texts.items() if len(text) <= TITLE_CHARS]
        pair = self.rng.choice(fitting) if fitting else min(texts, key=lambda p: len(texts[p]))
        recent.append(pair[0])
        del recent[:-HEAD_MEMORY]
        return texts[pair]

    def day(self, day: date) -> list[Item]:
        """The items of the window that closes on `day` at 08:00 Beijing time: one item of each kind at most per
        language, each a story of its own (`distinct`)."""
        opens = datetime.combine(day - timedelta(days=1), time(8), tzinfo=BEIJING)
        kinds = {language: self.rng.sample(list(table), len(table)) for language, table in STORIES.items()}
        items: list[Item] = []
        for source in SOURCES:
            minutes = sorted(self.rng.sample(range(5, 24 * 60 - 5), source.per_day))
            for number, minute in enumerate(minutes, start=1):
                kind = kinds[source.language].pop()
                story = STORIES[source.language][kind]
                for _ in range(50):
                    values = self.values(source.language, day)
                    item = Item(
                        source,
                        day,
                        number,
                        opens + timedelta(minutes=minute),
                        self.title(source.language, kind, values),
                        story["summary"].format(**values),
                        tuple(p.format(**values) for p in story["paragraphs"]),
                    )
                    if self.distinct(item, items):
                        break
                else:
                    raise RuntimeError(f"no {kind} item of {day} is a story of its own in 50 tries")
                items.append(item)
        self.history = [*self.history[-HEAD_MEMORY * len(items) :], *items]
        return items

    def distinct(self, item: Item, today: list[Item]) -> bool:
        """Whether `item` is a story of its own by the generator's own evidence (generator.stories.cluster, with a
        margin below SAME_STORY): against today's other items with their leads, and against the headlines of the
        recent days' items (as a post's story records are compared: generator.stories.continuity). The texts
        gloss no names, so each article's profile is read once."""
        mine = self.profile(item, lead=True)
        recent = [self.profile(o, lead=False) for o in self.history if o.day >= item.day - timedelta(7)]
        others = [self.profile(o, lead=True) for o in today] + recent
        return all(score_profiles(mine, other) < SAME_STORY - MARGIN for other in others)

    def profile(self, item: Item, lead: bool) -> Profile:
        key = (item.path, item.title, lead)
        if key not in self.profiles:
            self.profiles[key] = profile(as_article(item, lead))
        return self.profiles[key]


def as_article(item: Item, lead: bool = True) -> Article:
    """`item` as the pipeline reads it: its title, and its paragraphs as the page's text (`lead`); without the
    text it stands for a recorded headline (a source of its own)."""
    url = f"https://news.example{item.path}"
    entry = FeedItem(
        id=url,
        source=item.source.name if lead else "record",
        title=item.title,
        url=url,
        published=item.published,
        language=item.source.language,
    )
    return Article(entry, "\n".join(item.paragraphs) if lead else "", extracted=lead)


def write_days(first: date, count: int, seed: int) -> list[Item]:
    """Every item of the windows of `count` days from `first` (and of the three days after them, which a late run
    may see in its feeds), from `seed`."""
    writer = Writer(seed)
    return [item for offset in range(count + 3) for item in writer.day(first + timedelta(days=offset))]


def article_html(item: Item) -> str:
    """The article page: a title, the time, the paragraphs."""
    lang = "zh-CN" if item.source.language == "zh" else "en"
    stamp = item.published.isoformat()
    body = "\n".join(f"<p>{escape(p)}</p>" for p in item.paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(item.title)} - {escape(item.source.name)}</title>\n"
        f'<meta property="og:title" content="{escape(item.title)}">\n'
        f'<meta property="article:published_time" content="{stamp}">\n</head>\n<body>\n'
        f'<header><a href="/">{escape(item.source.name)}</a></header>\n<main>\n<article>\n'
        f'<h1>{escape(item.title)}</h1>\n<p class="meta"><time datetime="{stamp}">{stamp}</time></p>\n'
        f"{body}\n</article>\n</main>\n<footer>{escape(item.source.name)}</footer>\n</body>\n</html>\n"
    )


def feed_xml(source: Source, items: list[Item], base: str) -> str:
    """The source's feed (RSS 2.0 or Atom) listing `items` (newest first)."""
    if source.kind == "rss":
        entries = "".join(
            f"<item><title>{escape(i.title)}</title><link>{base}{i.path}</link>"
            f'<guid isPermaLink="true">{base}{i.path}</guid>'
            f"<pubDate>{format_datetime(i.published)}</pubDate>"
            f"<description>{escape(i.summary)}</description></item>\n"
            for i in items
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>{escape(source.name)}</title><link>{base}/</link><description>AI</description>\n"
            f"{entries}</channel></rss>\n"
        )
    entries = "".join(
        f'<entry><title>{escape(i.title)}</title><link rel="alternate" href="{base}{i.path}"/>'
        f"<id>{base}{i.path}</id><published>{i.published.isoformat()}</published>"
        f"<updated>{i.published.isoformat()}</updated>"
        f'<summary type="text">{escape(i.summary)}</summary></entry>\n'
        for i in items
    )
    updated = items[0].published.isoformat() if items else "2000-01-01T00:00:00+00:00"
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(source.name)}</title><id>{base}/{source.slug}</id><updated>{updated}</updated>"
        f'<link rel="alternate" href="{base}/"/>\n{entries}</feed>\n'
    )


class NewsServer(ThreadingHTTPServer):
    """The feeds and articles of `items` as they read at `now` (set it before each simulated run)."""

    daemon_threads = True

    def __init__(self, items: list[Item], now: datetime) -> None:
        super().__init__(("127.0.0.1", 0), NewsHandler)
        self.items = items
        self.now = now
        self.pages = {item.path: item for item in items}
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"

    def feed(self, slug: str) -> str | None:
        source = next((s for s in SOURCES if s.slug == slug), None)
        if source is None:
            return None
        since = self.now - timedelta(days=FEED_DAYS)
        shown = [i for i in self.items if i.source == source and since < i.published <= self.now]
        return feed_xml(source, sorted(shown, key=lambda i: i.published, reverse=True), self.base_url)

    def page(self, path: str) -> str | None:
        item = self.pages.get(path)
        return article_html(item) if item is not None and item.published <= self.now else None


class NewsHandler(BaseHTTPRequestHandler):
    server: NewsServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path.split("?")[0]
        if path.startswith("/feeds/") and path.endswith(".xml"):
            text, kind = self.server.feed(path[len("/feeds/") : -4]), "application/rss+xml"
        else:
            text, kind = self.server.page(path), "text/html"
        data = (text or "Not Found").encode("utf-8")
        self.send_response(200 if text is not None else 404)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve_news(items: list[Item], now: datetime) -> Iterator[NewsServer]:
    """A running NewsServer (a daemon thread); set its `now` before each run."""
    server = NewsServer(items, now)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def sources_config(base: str) -> list[dict[str, object]]:
    """The sources for the generator's config."""
    return [
        {
            "name": s.name,
            "url": f"{base}/feeds/{s.slug}.xml",
            "language": s.language,
            "region": s.region,
            "weight": s.weight,
        }
        for s in SOURCES
    ]
