"""Pages that are not the article (generator.extract.notarticle) on real article pages: how many of the ScrapingHub
benchmark's 181 real articles (../shared/data/extraction-benchmark/, see benchmarks.extract) extract_article would
refuse as a wall, a shell, an error page or bytes that are no page (each one would cost a story its text), and
what the recognition costs a page.

Lines: walls_pages (pages read), walls_refused (real articles refused: the target is 0), walls_ms_per_page_median
(page_signals + judge_page on a parsed page, the cost added to extraction). The item title given to each page is
its own <title> (site name and all: harder than a feed's headline).
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime

from benchmarks.extract import DATA, load


def run(quick: bool = False) -> dict[str, float | int | str]:
    pages = load(40 if quick else None)
    if not pages:
        print(f"walls: skipped, no benchmark data at {DATA}")
        return {}
    import lxml.html

    from generator.errors import NotArticleError
    from generator.extract import extract_article
    from generator.extract.notarticle import judge_page, page_signals
    from generator.models import FeedItem

    refused: list[str] = []
    costs: list[float] = []
    for key, raw, url, _gold in pages:
        tree = lxml.html.document_fromstring(raw)
        title = (tree.findtext(".//title") or "").strip()
        item = FeedItem("x", "bench", title, url or "https://example.com/", datetime.now(UTC), summary="s")
        try:
            article = extract_article(item, raw, {"Content-Type": "text/html"}, item.url, 8000)
        except NotArticleError as error:
            refused.append(f"{key[:12]}: {error}")
            continue
        start = time.perf_counter()
        judge_page(page_signals(tree), article.text, [title])
        costs.append(time.perf_counter() - start)
    for line in refused:
        print(f"walls: refused {line}")
    return {
        "walls_pages": len(pages),
        "walls_refused": len(refused),
        "walls_ms_per_page_median": 1000 * statistics.median(costs) if costs else 0.0,
    }
