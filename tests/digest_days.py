"""Our two fictional days for the digest measurements (tests/data/digest_days.yml): their feeds and article pages,
rendered into a folder and served on loopback by the sample day's server (generator.samples.server), so that they are
fetched, parsed and extracted like the sample day.

    with serve_digest_days() as base:
        sources = day_sources(base, DAYS[0])   # the config's `sources:` for 2026-12-02
"""

from __future__ import annotations

import contextlib
import html
import re
import tempfile
import threading
from collections.abc import Iterator
from datetime import date, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from generator.channels.telegram import CAPTION_LIMIT, Announcement, bullets_of, compose
from generator.post.cover import cover_text
from generator.samples.server import SampleServer
from generator.text import has_cjk

_ORIGINAL = re.compile(r"原文标题：“.*?”")
_CUT = ("…", "...")
SPEC = Path(__file__).parent / "data" / "digest_days.yml"
DATA: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
DAYS: tuple[date, ...] = tuple(date.fromisoformat(day) for day in DATA["days"])


def _page(source: dict[str, Any], item: dict[str, Any]) -> str:
    """An article page: the site's name, the headline, the time and the paragraphs in an <article>."""
    title = html.escape(item["title"])
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in item["body"])
    lang = "zh-CN" if source["language"] == "zh" else "en"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title} - {html.escape(source["name"])}</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{item["date"]}">
</head>
<body>
<header><a href="{{{{BASE}}}}/">{html.escape(source["name"])}</a> · <a href="{{{{BASE}}}}/about">About</a></header>
<main>
<article>
<h1>{title}</h1>
{paragraphs}
</article>
</main>
<footer><p>© 2026 {html.escape(source["name"])}</p></footer>
</body>
</html>
"""


def _url(source: dict[str, Any], item: dict[str, Any]) -> str:
    return f"{{{{BASE}}}}/articles/{source['key']}/{item['slug']}.html"


def _rss(source: dict[str, Any], items: list[dict[str, Any]]) -> str:
    entries = []
    for item in items:
        when = format_datetime(datetime.fromisoformat(item["date"]))
        lead = html.escape(item["body"][0]) if item["body"] else ""
        entries.append(
            f"  <item>\n    <title>{html.escape(item['title'])}</title>\n    <link>{_url(source, item)}</link>\n"
            f"    <guid>{_url(source, item)}</guid>\n    <pubDate>{when}</pubDate>\n"
            f"    <description>{lead}</description>\n  </item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
        f"  <title>{html.escape(source['name'])}</title>\n  <link>{{{{BASE}}}}/</link>\n"
        f"  <description>{html.escape(source['name'])}</description>\n"
        + "\n".join(entries)
        + "\n</channel></rss>\n"
    )


def _atom(source: dict[str, Any], items: list[dict[str, Any]]) -> str:
    entries = []
    for item in items:
        lead = html.escape(item["body"][0]) if item["body"] else ""
        entries.append(
            f"  <entry>\n    <title>{html.escape(item['title'])}</title>\n"
            f'    <link rel="alternate" href="{_url(source, item)}"/>\n    <id>{_url(source, item)}</id>\n'
            f"    <published>{item['date']}</published>\n    <updated>{item['date']}</updated>\n"
            f"    <summary>{lead}</summary>\n  </entry>"
        )
    updated = max((item["date"] for item in items), default="2026-12-01T00:00:00+08:00")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{html.escape(source['name'])}</title>\n  <id>{{{{BASE}}}}/feeds/{source['key']}</id>\n"
        f"  <updated>{updated}</updated>\n" + "\n".join(entries) + "\n</feed>\n"
    )


def write_days(folder: Path) -> Path:
    """Render every day's feeds (feeds/<day>/<source>.xml) and every page (articles/<source>/<slug>.html) into
    `folder`; a page listed again on a later day with no body is the earlier day's page."""
    sources = {s["key"]: s for s in DATA["sources"]}
    for day, items in DATA["days"].items():
        for key, source in sources.items():
            mine = [i for i in items if i["source"] == key]
            feed = folder / "feeds" / day / f"{key}.xml"
            feed.parent.mkdir(parents=True, exist_ok=True)
            feed.write_text((_atom if source["format"] == "atom" else _rss)(source, mine), encoding="utf-8")
            for item in mine:
                page = folder / "articles" / key / f"{item['slug']}.html"
                if item["body"]:
                    page.parent.mkdir(parents=True, exist_ok=True)
                    page.write_text(_page(source, item), encoding="utf-8")
    return folder


@contextlib.contextmanager
def serve_digest_days() -> Iterator[str]:
    """Our days served on 127.0.0.1 (a free port) by the sample day's server; yields the base URL."""
    with tempfile.TemporaryDirectory(prefix="digest-days-") as tmp:
        server = SampleServer(("127.0.0.1", 0), write_days(Path(tmp)), 0.0)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            yield server.base_url
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


def day_sources(base_url: str, day: date) -> list[dict[str, Any]]:
    """The config's `sources:` for one of our days (its feeds on the server at `base_url`)."""
    return [
        {
            "name": s["name"],
            "url": f"{base_url.rstrip('/')}/feeds/{day.isoformat()}/{s['key']}.xml",
            "language": s["language"],
            "region": s["region"],
            "weight": s["weight"],
        }
        for s in DATA["sources"]
    ]


def day_now(day: date) -> str:
    """A realistic run time: 08:20 in Asia/Shanghai on that day."""
    return f"{day.isoformat()}T08:20:00+08:00"


# ── what a post shows, measured (scripts/bench digest; tests/test_digest_days.py) ─────────────────────────────


def blocks(body: str) -> list[list[str]]:
    """The post's story blocks: the lines from a "### " heading to the next heading."""
    out: list[list[str]] = []
    for line in body.splitlines():
        if line.startswith("### "):
            out.append([line])
        elif line.startswith("## ") or line.startswith("---"):
            out.append([]) if out and out[-1] else None
        elif out and out[-1]:
            out[-1].append(line)
    return [b for b in out if b]


def _plain(line: str) -> str:
    line = re.sub(r"\{ [^}]*\}", "", line)
    line = re.sub(r"\]\([^)]*\)", "]", line).replace("\\", "")
    return line.strip().lstrip("- ").strip()


def entry_figures(body: str) -> dict[str, float]:
    """Characters per entry and the shares of entries with 深度解读 / 影响 (follow-ups not counted)."""
    entries = [b for b in blocks(body) if not any(line.startswith("**后续**") for line in b)]
    sizes, insights, impacts = [], 0, 0
    for block in entries:
        text = [
            _plain(line)
            for line in block[1:]
            if line.strip() and not line.startswith(("来源：", "{", "  {", "**深度解读", "**影响"))
        ]
        sizes.append(sum(len(t.replace(" ", "")) for t in text))
        insights += any(line.startswith("**深度解读") for line in block)
        impacts += any(line.startswith("**影响") for line in block)
    count = len(entries) or 1
    return {
        "chars_per_entry": round(sum(sizes) / count, 1),
        "insight_share": round(insights / count, 2),
        "impact_share": round(impacts / count, 2),
    }


def story_lines(body: str) -> list[str]:
    """Every story line of the post: headings, their paragraphs and bullets, and the one-liners."""
    lines = []
    for line in body.splitlines():
        if line.startswith(("### ", "- ")) or (
            line and not line.startswith(("#", "{", " ", "来源", "!", "[", ">"))
        ):
            lines.append(_plain(line.removeprefix("### ")))
    return [line for line in lines if line and not line.startswith(("本期共", "---", "<!--", "**今日摘要"))]


def check_post(post_file: Path, settings: Any) -> dict[str, float]:
    """The figures of one written post (see scripts/benchmarks/digest.py): entries, cut texts, English-only
    story lines, follow-ups and themes."""
    post = frontmatter.load(str(post_file))
    meta, body = post.metadata, post.content
    texts = [str(meta["title"]), str(meta["description"]), *map(str, meta.get("summary") or [])]
    texts += story_lines(body)
    cover = cover_text(str(meta["title"]).split("｜", 1)[-1], list(meta.get("summary") or []), settings.cover)
    texts += cover.title + [line for item in cover.items for line in item]
    caption = compose(
        Announcement(post_file, str(meta["title"]), bullets_of(meta), "https://x.example/"), CAPTION_LIMIT
    )
    texts += caption.visible.splitlines()
    english = [line for line in story_lines(body) if not has_cjk(_ORIGINAL.sub("", line))]
    return {
        **entry_figures(body),
        "cut_sentences": sum(1 for t in texts if t.rstrip().endswith(_CUT)),
        "english_only_lines": len(english),
        "follow_ups": sum(1 for b in blocks(body) if any(line.startswith("**后续**") for line in b)),
        "themes": sum(1 for line in body.splitlines() if line.startswith("## ") and "：" in line),
    }
