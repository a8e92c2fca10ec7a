"""Reading the site (issue 19): tags that are common words, and whether the search index finds every story's names.

The three sample days (offline editor, served on loopback) go through the real CLI into a copy of the site, which
`mkdocs build --strict` builds, as scripts/demo --days 3 does. Figures:
  tags_total                    tags of the three posts and their stories (post tags and story records' tags)
  tags_common_words             of those, the common words (lang.is_common_word, vocabulary spellings aside): 0
  real_feed_items               items of the saved real feeds (../shared/data/feeds) tagged from title and summary
  real_feed_tags                the tags those items got
  real_feed_tags_common_words   of those, the common words: 0
  real_feed_items_tagged_share  share of those items with at least one tag
  search_names                  (story, name) pairs of the three posts: every tag of every story
  search_names_found_share      share found in the built index as Material's search finds them: the name split by
                                the configured separator (its Chinese cut into the index's words, as Material
                                cuts a query), each piece a prefix of a token of one of the post's
                                index entries (title, text or tags, split the same way), lower-cased
  search_entry_names_found_share  the same for write-ups and follow-ups only (a one-liner's index text is its
                                headline: a name only its article's text gives is not found; stderr lists them)
The data figures are left out, with one line on stderr, when ../shared/data/ is absent.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.cli import main as cli_main
from generator.feeds import parse_feed
from generator.lang import is_common_word, load_vocabulary
from generator.models import FeedSource
from generator.post import Tagger
from generator.samples import SAMPLE_DAYS, serve_sample_day
from generator.samples.demo import ROOT, build_site, copy_site, sample_now, write_sample_config

FEEDS = ROOT.parent / "shared" / "data" / "feeds"


def sample_site(work: Path) -> Path:
    """The three sample days written and built into `work`; returns the built site."""
    copy_site(work / "src", include_posts=False)
    with serve_sample_day() as base_url:
        for day in SAMPLE_DAYS[:3]:
            config = write_sample_config(work / "src", base_url, work / "cache", day=day)
            run = ["generate", "--config", str(config), "--date", day.isoformat(), "--now", sample_now(day)]
            if cli_main([*run, "--force", "-q"]) != 0:
                raise RuntimeError(f"generate {day} failed")
    build_site(work / "src", work / "site")
    return work / "site"


def common(tags: list[str]) -> int:
    vocabulary = load_vocabulary()
    return sum(1 for tag in tags if is_common_word(tag, vocabulary))


def index_tokens(site: Path) -> tuple[re.Pattern[str], dict[str, set[str]]]:
    """The configured separator and {post path: the tokens of its index entries}."""
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(data["config"]["separator"])
    tokens: dict[str, set[str]] = {}
    for doc in data["docs"]:
        path = doc["location"].split("#")[0]
        text = " ".join([re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"]), *doc.get("tags", [])])
        tokens.setdefault(path, set()).update(t.lower() for t in separator.split(text) if t)
    return separator, tokens


def segment(run: str, vocabulary: set[str]) -> list[str]:
    """A run of Chinese characters cut into the longest words the index holds, left to right (Material's search
    cuts a query's Chinese by the words of its index, query/segment in its search worker)."""
    pieces, start = [], 0
    while start < len(run):
        end = next((e for e in range(len(run), start, -1) if run[start:e] in vocabulary), start + 1)
        pieces.append(run[start:end])
        start = end
    return pieces


def found(name: str, separator: re.Pattern[str], tokens: set[str], vocabulary: set[str]) -> bool:
    pieces = []
    for piece in (p.lower() for p in separator.split(name) if p):
        for part in re.split(r"([\u4e00-\u9fff]+)", piece):
            if re.fullmatch(r"[\u4e00-\u9fff]+", part):
                pieces += segment(part, vocabulary)
            elif part:
                pieces.append(part)
    return bool(pieces) and all(any(t.startswith(p) for t in tokens) for p in pieces)


def real_feed_tags() -> dict[str, float]:
    if not FEEDS.is_dir():
        print("reading: ../shared/data/feeds is absent, real-feed figures left out", file=sys.stderr)
        return {}
    tagger = Tagger(load_vocabulary(), "zh")
    items, tags, tagged = 0, [], 0
    for path in sorted(FEEDS.glob("*.xml")):
        source = FeedSource(name=path.stem, url=f"https://feeds.example/{path.name}")
        parsed = parse_feed(
            path.read_bytes(), {}, source, ZoneInfo("Asia/Shanghai"), datetime(2027, 1, 1, tzinfo=UTC)
        )
        for item in parsed.items:
            story_tags = tagger.story_tags([(item.title, item.summary)])
            items += 1
            tagged += bool(story_tags)
            tags += story_tags
    return {
        "real_feed_items": items,
        "real_feed_tags": len(tags),
        "real_feed_tags_common_words": common(tags),
        "real_feed_items_tagged_share": tagged / items if items else 0.0,
    }


def run(quick: bool = False) -> dict[str, float]:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ainews-bench-reading-") as tmp:
        site = sample_site(Path(tmp))
        posts = Path(tmp) / "src" / "docs" / "blog" / "posts"
        separator, tokens = index_tokens(site)
        every = set().union(*tokens.values())
        tags: list[str] = []
        pairs = hits = entry_pairs = entry_hits = 0
        for day in SAMPLE_DAYS[:3]:
            head = (posts / f"{day}.md").read_text(encoding="utf-8").split("\ntags:\n")[1]
            meta_tags = re.findall(r"^- (.+)$", head.split("\ndescription:")[0], re.M)
            records = json.loads((posts / f"{day}.stories.json").read_text(encoding="utf-8"))["stories"]
            tags += [t for t in meta_tags if t not in ("AI", "AI 日报")]
            post = next(p for p in tokens if p.startswith(f"{day:%Y/%m/%d}/"))
            for record in records:
                tags += record["tags"]
                for name in record["tags"]:
                    hit = found(name, separator, tokens[post], every)
                    pairs, hits = pairs + 1, hits + hit
                    if record["kind"] != "brief":
                        entry_pairs, entry_hits = entry_pairs + 1, entry_hits + hit
                    elif not hit:
                        print(f"reading: not found: {name} ({record['headline'][:40]})", file=sys.stderr)
        results["tags_total"] = len(tags)
        results["tags_common_words"] = common(tags)
        results["search_names"] = pairs
        results["search_names_found_share"] = hits / pairs if pairs else 0.0
        results["search_entry_names_found_share"] = entry_hits / entry_pairs if entry_pairs else 0.0
    results.update(real_feed_tags())
    return results
