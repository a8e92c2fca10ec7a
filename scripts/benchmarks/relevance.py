"""The AI-relevance filter (generator.editor.ranking.is_relevant, the shipped config's keywords) on labelled real
headlines and summaries.

Labels: tests/data/relevance_labels.tsv (feed file, item link, 1 = AI news / 0 = not; written by hand before the
filter was tuned, rules in its header). The text is read at run time from the saved real feeds in
../shared/data/feeds (parsed by generator.feeds.parse_feed, as a run reads them); without them the bench skips
with one line. Each item is judged as a story of its own, its text the feed's summary (what a story has when its
page is not fetched).

Lines: relevance_precision / relevance_recall with each feed's own bar (the Hacker News feed as a `topic:
general` source, the labs' and AI media's feeds as AI-only sources); relevance_general_* with every item held to
the `general` bar (a keyword in the headline and a score of 4: the test of the words themselves);
relevance_hn_* the Hacker News items alone (the one general source, where the negatives are); relevance_zh_* the
Chinese items; relevance_items, relevance_positives.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

FEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "feeds"
LABELS = Path(__file__).resolve().parents[2] / "tests" / "data" / "relevance_labels.tsv"
GENERAL_FEEDS = frozenset({"mibuhand_hackernews_best_stories.xml"})  # a `topic: general` source in the config


def load() -> list[tuple[object, bool]]:
    """(FeedItem, label) for every labelled item, the item's topic that of its feed; [] when the feeds are absent.

    Raises:
        LookupError: a labelled item is not in its feed (the label file and the data disagree).
    """
    from generator.feeds import parse_feed
    from generator.models import FeedSource

    if not FEEDS.is_dir():
        return []
    lines = [x for x in LABELS.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    by_feed: dict[str, dict[str, object]] = {}
    labelled = []
    for row in rows:
        feed = row["feed"]
        if feed not in by_feed:
            topic = "general" if feed in GENERAL_FEEDS else "ai"
            source = FeedSource(name=feed, url=f"https://feeds.example/{feed}", topic=topic)
            parsed = parse_feed(
                (FEEDS / feed).read_bytes(),
                {},
                source,
                ZoneInfo("Asia/Shanghai"),
                datetime(2027, 1, 1, tzinfo=UTC),
            )
            by_feed[feed] = {item.url: item for item in parsed.items}
        item = by_feed[feed].get(row["link"])
        if item is None:
            raise LookupError(f"{feed}: no item {row['link']}")
        labelled.append((item, row["label"] == "1"))
    return labelled


def decide(items: Iterable[object], general: bool = False) -> list[bool]:
    """is_relevant for each item as a one-article story whose text is the feed's summary; `general` holds every
    item to the bar of a `topic: general` source."""
    from generator.config import load_settings
    from generator.editor import EditContext
    from generator.editor.ranking import is_relevant
    from generator.models import Article, Story

    editor = load_settings().editor
    context = EditContext(
        day=datetime(2027, 1, 1).date(),
        window_end=datetime(2027, 1, 1, tzinfo=UTC),
        language="zh",
        categories=editor.categories,
        category_keywords=editor.category_keywords,
        topic_keywords=editor.topic_keywords,
        topic_hints=editor.topic_hints,
        max_entries=8,
        max_briefs=12,
        items_read=0,
        title_prefix="AI 日报",
    )
    decided = []
    for item in items:
        if general:
            item = replace(item, topic="general")
        decided.append(is_relevant(Story((Article(item, item.summary),)), context))
    return decided


def precision_recall(labels: list[bool], decided: list[bool]) -> tuple[float, float]:
    """(precision, recall) of the decisions against the labels (1.0 when nothing was predicted or expected)."""
    true_pos = sum(1 for label, said in zip(labels, decided, strict=True) if label and said)
    predicted, actual = sum(decided), sum(labels)
    return (true_pos / predicted if predicted else 1.0), (true_pos / actual if actual else 1.0)


def run(quick: bool = False) -> dict[str, float | int]:
    labelled = load()
    if not labelled:
        print(f"relevance: skipped, no saved feeds at {FEEDS}")
        return {}
    items = [item for item, _ in labelled]
    labels = [label for _, label in labelled]
    out: dict[str, float | int] = {"relevance_items": len(items), "relevance_positives": sum(labels)}
    own, general = decide(items), decide(items, general=True)
    parts = {
        "": range(len(items)),
        "hn_": [i for i, x in enumerate(items) if x.topic == "general"],
        "zh_": [i for i, x in enumerate(items) if any("\u4e00" <= c <= "\u9fff" for c in x.title)],
    }
    for name, index in parts.items():
        precision, recall = precision_recall([labels[i] for i in index], [own[i] for i in index])
        out[f"relevance_{name}precision"], out[f"relevance_{name}recall"] = precision, recall
    precision, recall = precision_recall(labels, general)
    out["relevance_general_precision"], out["relevance_general_recall"] = precision, recall
    return out
