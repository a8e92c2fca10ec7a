"""Ingestion speed: fetch_sources + extract_articles over local "sites" that answer after 300 ms.

60 feeds of 5 items and 200 article pages are spread over 20 sites, each its own ThreadingHTTPServer on its
own loopback address (127.0.0.2, 127.0.0.3, …), so the per-host limit applies as it does on the web. The
same workload runs with the configured concurrency and with concurrency 1 (sequential).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from tempfile import TemporaryDirectory
from zoneinfo import ZoneInfo

from generator.config import Settings, parse_settings
from generator.extract import extract_article
from generator.ingest import extract_articles, fetch_sources
from generator.models import FeedItem
from generator.net import Fetcher

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 16, 8, 20, tzinfo=ZONE)
LATENCY_S = 0.3
PARAGRAPH = (
    "星衡智能今天发布了新一代开源大模型，参数规模达到千亿级别，在代码、数学和长文本任务上的表现显著提升。"
    "公司表示，新模型的推理成本比上一代下降六成，并将向开发者免费开放权重。The model ships under an open "
    "licence, and the company says inference is 60% cheaper than its predecessor. "
)


class _Site(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, host: str, pages: dict[str, tuple[bytes, str]]) -> None:
        super().__init__((host, 0), _Handler)
        self.pages = pages
        self.base = f"http://{host}:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a client hanging up early is expected."""


class _Handler(BaseHTTPRequestHandler):
    server: _Site
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        time.sleep(LATENCY_S)
        body, kind = self.server.pages.get(self.path, (b"not found", "text/plain"))
        self.send_response(200 if self.path in self.server.pages else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """No request log."""


def _article_page(site: int, n: int) -> bytes:
    """About 60 KB, like a news article page: scripts, navigation, a sidebar, the text, comments, a footer."""
    paragraphs = "".join(f"<p>第{k}段。{PARAGRAPH}</p>" for k in range(20))
    sidebar = "".join(
        f'<li class="item"><a href="/related/{k}"><img src="/t/{k}.jpg">相关阅读：第{k}篇</a></li>'
        for k in range(80)
    )
    comments = "".join(
        f'<div class="comment"><b>用户{k}</b><p>评论内容 {k}，说得很好。</p></div>' for k in range(40)
    )
    script = "window.__STATE__ = {" + ",".join(f'"k{k}": "{"x" * 40}"' for k in range(400)) + "};"
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>站点{site} 文章{n}</title>"
        f'<meta property="og:image" content="/img/{n}.jpg"><script>{script}</script>'
        f"<style>body{{font-family:sans-serif}} .item{{margin:0}}</style></head><body>"
        f"<header><nav>{' | '.join(f'<a href=/c/{k}>频道{k}</a>' for k in range(20))}</nav></header>"
        f'<div class="layout"><aside class="sidebar"><ul>{sidebar}</ul></aside><main><article>'
        f"<h1>站点{site}的第{n}篇报道</h1>{paragraphs}</article><section class='comments'>{comments}</section>"
        f"</main></div><footer>版权所有 © 2026 站点{site} · 京ICP备000000号</footer></body></html>"
    ).encode()


def _feed(site: int, feed: int, links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>站点{site}频道{feed}：第{k}条 AI 新闻</title><link>{link}</link>"
        f"<guid>{link}</guid><pubDate>{(NOW - timedelta(hours=k + 1)).strftime('%a, %d %b %Y %H:%M:%S %z')}</pubDate>"
        f"<description>&lt;p&gt;摘要 {k}：{PARAGRAPH[:60]}&lt;/p&gt;</description></item>"
        for k, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>站点{site}频道{feed}</title>'
        f"<link>http://example.com/</link>{items}</channel></rss>"
    ).encode()


@contextmanager
def serve_sites(sites: int, feeds: int, items: int, pages: int) -> Iterator[list[dict[str, object]]]:
    """Start the sites; yield the source list. Feeds i < pages/items link to their own site's pages, the
    rest are summary-only sources (full_text: false), like arXiv."""
    with ExitStack() as stack:
        servers = [_Site(f"127.0.0.{2 + s}", {}) for s in range(sites)]
        for server in servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
            stack.callback(server.server_close)
            stack.callback(server.shutdown)
        sources: list[dict[str, object]] = []
        full_text_feeds = pages // items
        for f in range(feeds):
            site = f % sites
            server = servers[site]
            full = f < full_text_feeds
            links = [
                f"{server.base}/a/{f}-{k}.html" if full else f"https://papers.example.org/{f}/{k}"
                for k in range(items)
            ]
            for link in links if full else ():
                page = _article_page(site, len(server.pages))
                server.pages[link.removeprefix(server.base)] = (page, "text/html; charset=utf-8")
            server.pages[f"/feed/{f}.xml"] = (_feed(site, f, links), "application/rss+xml")
            sources.append(
                {"name": f"site{site}-feed{f}", "url": f"{server.base}/feed/{f}.xml", "full_text": full}
            )
        yield sources


def _settings(sources: list[dict[str, object]], cache: Path, concurrency: int | None) -> Settings:
    fetch: dict[str, object] = {"allow_private_hosts": ["127.0.0.0/8"], "deadline_s": 600}
    if concurrency is not None:
        fetch["concurrency"] = concurrency
    return parse_settings({"sources": sources, "fetch": fetch, "paths": {"cache": str(cache)}})


def _ingest(settings: Settings) -> tuple[float, int, int]:
    fetcher = Fetcher(settings.fetch)  # no HTTP cache: every run fetches everything
    started = time.perf_counter()
    items = list(fetch_sources(settings, fetcher, NOW).items)
    articles = extract_articles(items, settings, fetcher).articles
    elapsed = time.perf_counter() - started
    return elapsed, len(items), sum(1 for a in articles if a.extracted)


def _extract_ms(rounds: int) -> float:
    page = _article_page(1, 1)
    item = FeedItem(id="x", source="s", title="t", url="http://127.0.0.2/a/1.html", published=NOW)
    extract_article(item, page, {}, item.url, 8000)  # warm up
    started = time.perf_counter()
    for _ in range(rounds):
        extract_article(item, page, {"Content-Type": "text/html; charset=utf-8"}, item.url, 8000)
    return (time.perf_counter() - started) * 1000 / rounds


def run(quick: bool = False) -> dict[str, float]:
    sites, feeds, items, pages = (3, 6, 3, 9) if quick else (20, 60, 5, 200)
    with TemporaryDirectory() as tmp, serve_sites(sites, feeds, items, pages) as sources:
        concurrent_s, n_items, extracted = _ingest(_settings(sources, Path(tmp), None))
        expected = (feeds * items, pages)
        if (n_items, extracted) != expected:
            raise RuntimeError(
                f"ingest benchmark: got {n_items} items and {extracted} pages, expected {expected}"
            )
        sequential_s, _, _ = _ingest(_settings(sources, Path(tmp), 1))
    return {
        "ingest_concurrent_s": concurrent_s,
        "ingest_sequential_s": sequential_s,
        "ingest_speedup_x": sequential_s / concurrent_s,
        "extract_ms_per_article": _extract_ms(5 if quick else 30),
    }
