"""Pure: which of today's stories continue a story of a recent post, and whether they bring anything new.

A post keeps a record of every story it told (front matter `stories`, see front_matter.story_records): the story's
identity (`id`), its headlines in every language, its article URLs and its sources' names. Today's stories are
matched against the records of the last `dedupe.recent_days` posts (`sort_stories`):

- **the same story** (`match_threads`): today's story shares an article URL with a record (urls.url_key), or
  (1) more than half of the pairs (today's article, the record's headline) score `SAME_STORY` or more by the
  cluster evidence (generator.stories.cluster, conflicts included: two versions of a product, two amounts, two kinds of
  event), the rule `cluster_articles` joins groups by, and (2) when one of today's sources told the recorded story,
  both name one thing (facts.Entities: a name or a figure in common, or a Latin name and the pinyin of a Chinese
  headline). Within a day the clustering never compares two articles of one source; across days it must, and a
  source's habit of phrasing ("开源社区发布…数据集") makes its headlines of different days look alike. A record's
  headlines are read as articles of a source of their own (a source may follow up its own story), without a lead;
  an article is compared with the record's headlines in its own script when there are any. Records that share an
  `id` are one thread (a follow-up keeps the id of the story it continues); a story matching several goes to the
  best record (a shared URL first, then the higher mean score, then the more recent post), and today's stories of
  one thread become one.
- **new developments** (`Continuation.is_new`), from today's *new* articles only (a URL no recent post carried):
  a **new source** (a source name none of the thread's records lists; for a record written before `source_names`
  existed, a host none of its URLs has); a **new figure**: a number, amount, percentage, multiple, duration or
  funding round (generator.lang.quantities) in a new article's headline that none of the thread's headlines holds
  (dates and years are not figures: facts.fact_figures); or a **new name**: a name in a new headline that none of
  the thread's headlines mentions (facts.fact_names: Latin names, in Chinese or sentence-case English, and names in
  Chinese quotes “…” 《…》 「…」; a Latin name is mentioned also by the pinyin of a Chinese headline, and a Chinese
  name is new only when the thread has a Chinese headline to compare it with). Only headlines count: a lead carries
  dates, ages and side figures of the background, a headline carries the news.
- A story with new developments becomes a follow-up (`compose_follow_up`); one with none is left out and counted.
  A story that matches no record but has URLs of a recent post (one written before `stories` existed) is told
  without those articles, and left out and counted when nothing else is left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from urllib.parse import urlsplit

from generator.models import Article, FeedItem, FollowUp, Story, StoryRecord
from generator.stories.cluster import SAME_STORY, pair_scores, story_score
from generator.stories.dedupe import memory_keys, seen_before
from generator.stories.facts import (
    Entities,
    fact_figures,
    fact_names,
    figure_changes,
    figure_text,
    known_name,
    written_name,
)
from generator.stories.headline import HEADLINE_CHARS, in_language, strip_brand
from generator.stories.profile import profile
from generator.text import fit_clauses, truncate


@dataclass(frozen=True)
class Continuation:
    """Today's story that continues a thread: the thread's records (most recent first) and what is new.

    `new_articles`: today's articles at URLs no recent post carried; `new_sources`: the names of their sources
    that had not reported the thread; `new_figures` and `new_names`: figures (generator.lang.quantities keys) and names
    (lower-cased) of their headlines the thread's headlines lack."""

    story: Story
    records: tuple[StoryRecord, ...]
    new_articles: tuple[Article, ...] = ()
    new_sources: tuple[str, ...] = ()
    new_figures: tuple[str, ...] = ()
    new_names: tuple[str, ...] = ()

    @property
    def latest(self) -> StoryRecord:
        return self.records[0]

    @property
    def thread(self) -> str:
        return self.latest.id

    @property
    def is_new(self) -> bool:
        return bool(self.new_sources or self.new_figures or self.new_names)


@dataclass(frozen=True)
class Continuity:
    """Today's stories sorted by `sort_stories`: `fresh` (new stories, for the editor, in their order),
    `follow_ups` (threads with new developments) and `old` (left out: nothing new)."""

    fresh: tuple[Story, ...] = ()
    follow_ups: tuple[Continuation, ...] = ()
    old: tuple[Continuation | Story, ...] = ()


def group_threads(records: Iterable[StoryRecord]) -> dict[str, tuple[StoryRecord, ...]]:
    """The records by thread id, each thread's most recent record first."""
    threads: dict[str, list[StoryRecord]] = {}
    for record in records:
        threads.setdefault(record.id, []).append(record)
    return {key: tuple(sorted(group, key=lambda r: r.day, reverse=True)) for key, group in threads.items()}


def record_articles(record: StoryRecord) -> tuple[Article, ...]:
    """A record's headlines as articles without text, of a source of their own (see the module docstring)."""
    published = datetime.combine(record.day, time())
    return tuple(
        Article(
            FeedItem(
                id=f"{record.id}-{k}",
                source=f"{record.day.isoformat()} post",
                title=title,
                url=record.urls[k] if k < len(record.urls) else "",
                published=published,
            ),
            "",
        )
        for k, title in enumerate(record.titles)
    )


def _spans(groups: Sequence[Sequence[Article]], start: int = 0) -> list[range]:
    """The index range of each group of articles in their concatenation (after `start` articles)."""
    spans = []
    for group in groups:
        spans.append(range(start, start + len(group)))
        start += len(group)
    return spans


@dataclass(frozen=True)
class _Evidence:
    """The cluster evidence of the profiled articles: pair scores, whether each is Chinese, the threshold."""

    scores: dict[tuple[int, int], float]
    scripts: Sequence[bool]
    threshold: float


def _same_story(span: range, record: range, evidence: _Evidence) -> float:
    """The mean pair score of a story's articles (indices) and a record's headlines (indices) when more than half of
    the pairs are the same story (cluster_articles' rule to join two groups), else -1. An article is compared with
    the record's headlines in its own script when there are any: without a lead, a headline in another language is
    weak evidence either way."""
    pairs = []
    for i in span:
        alike = [j for j in record if evidence.scripts[j] == evidence.scripts[i]]
        pairs += [(i, j) for j in alike or record]
    cross = [evidence.scores.get(pair, 0.0) for pair in pairs]
    same = sum(1 for score in cross if round(score, 6) >= evidence.threshold)
    return sum(cross) / len(cross) if cross and 2 * same > len(cross) else -1.0


@dataclass(frozen=True)
class _Seen:
    """What match_threads compares of one record: its headlines' indices among the profiled articles, their
    entities, its sources' names (or, without names, its hosts) and its URLs' keys."""

    record: StoryRecord
    span: range
    entities: Entities
    sources: frozenset[str]
    hosts: frozenset[str]
    urls: frozenset[str]


def match_threads(
    stories: Sequence[Story], threads: dict[str, tuple[StoryRecord, ...]], threshold: float = SAME_STORY
) -> list[str | None]:
    """For each story, the id of the thread it continues, or None (see the module docstring): a record shares an
    article URL with it, or the story's articles and the record's headlines are one story by the cluster evidence,
    and, when one of the story's sources told the record's story, they name one thing (`Entities.shared_with`).
    The best record wins: a shared URL, then the higher mean score, then the more recent post."""
    records = [record for group in threads.values() for record in group]
    light = [record_articles(record) for record in records]
    spans = _spans([s.articles for s in stories])
    today = sum(map(len, spans))
    articles = [a for s in stories for a in s.articles] + [a for group in light for a in group]
    profiles = [profile(a) for a in articles] if records else []
    scores = pair_scores(profiles)
    scripts = [p.chinese for p in profiles]
    seen = [
        _Seen(
            record,
            span,
            Entities.of(group),
            frozenset(record.source_names),
            frozenset(() if record.source_names else _hosts(record.urls)),
            memory_keys(record.urls),
        )
        for record, group, span in zip(records, light, _spans(light, today), strict=True)
    ]
    evidence = _Evidence(scores, scripts, threshold)
    return [_best_thread(s, span, seen, evidence) for s, span in zip(stories, spans, strict=True)]


def _best_thread(story: Story, span: range, seen: Sequence[_Seen], evidence: _Evidence) -> str | None:
    """The thread of the best record for `story` (its articles at indices `span`), or None."""
    keys, entities = memory_keys(story.urls), Entities.of(story.articles)
    sources, hosts = set(story.source_names), _hosts(story.urls)
    best: tuple[bool, float, date] = (False, -1.0, date.min)
    thread = None
    for other in seen:
        shared = bool(keys & other.urls)
        own_source = bool(sources & other.sources or hosts & other.hosts)  # one of today's sources told it
        if own_source and not entities.shared_with(other.entities):
            mean = -1.0  # one source's habit of phrasing ("开源社区发布…数据集") is no evidence
        else:
            mean = _same_story(span, other.span, evidence)
        rank = (shared, mean, other.record.day)
        if (shared or mean >= 0) and rank > best:
            best, thread = rank, other.record.id
    return thread


def _hosts(urls: Iterable[str]) -> set[str]:
    return {urlsplit(u).netloc.removeprefix("www.") for u in urls}


def _new_sources(articles: Iterable[Article], records: Sequence[StoryRecord]) -> tuple[str, ...]:
    """The names of the articles' sources that none of the records lists (for a record without `source_names`:
    whose article hosts none of its URLs has), in order, once."""
    known = {n for r in records for n in r.source_names}
    hosts = _hosts(u for r in records if not r.source_names for u in r.urls)
    return tuple(
        dict.fromkeys(
            a.item.source
            for a in articles
            if a.item.source not in known and not (hosts and _hosts([a.item.url]) <= hosts)
        )
    )


def continuation(story: Story, records: Sequence[StoryRecord], remembered: frozenset[str]) -> Continuation:
    """What `story` adds to the thread of `records` (most recent first): its new articles (URLs in neither the
    records nor `remembered`, the keys of recent posts' URLs), their new sources, figures and names."""
    known_urls = remembered | memory_keys(u for r in records for u in r.urls)
    new = tuple(a for a in story.articles if not seen_before(a.item.url, known_urls))
    titles = [title for r in records for title in r.titles]
    known_figures = {key for title in titles for key in fact_figures(title)}
    figures = dict.fromkeys(
        key for a in new for key in sorted(fact_figures(a.item.title)) if key not in known_figures
    )
    names = dict.fromkeys(
        name for a in new for name in sorted(fact_names(a.item.title)) if not known_name(name, titles)
    )
    return Continuation(story, tuple(records), new, _new_sources(new, records), tuple(figures), tuple(names))


def _merged(stories: Sequence[Story]) -> Story:
    """Today's stories of one thread as one story (the clustering's order of articles)."""
    if len(stories) == 1:
        return stories[0]
    articles = sorted(
        (a for s in stories for a in s.articles),
        key=lambda a: (-a.item.weight, -a.extracted, a.item.published, a.item.id),
    )
    return Story(tuple(articles))


def sort_stories(
    stories: Sequence[Story],
    records: Iterable[StoryRecord],
    remembered: frozenset[str] = frozenset(),
    threshold: float = SAME_STORY,
) -> Continuity:
    """Sort today's stories into new ones, follow-ups and old news (see the module docstring).

    `records`: the stories of recent posts (publish.recent_story_records); `remembered`: the keys of their URLs
    (dedupe.memory_keys of publish.recent_source_urls), which also covers posts without records.
    Follow-ups come in the order of their first story today."""
    threads = group_threads(records)
    matched = match_threads(stories, threads, threshold)
    fresh: list[Story] = []
    old: list[Continuation | Story] = []
    members: dict[str, list[Story]] = {}
    for story, thread in zip(stories, matched, strict=True):
        if thread is not None:
            members.setdefault(thread, []).append(story)
            continue
        # A post without records may have told some of it: those articles are not told again.
        rest = tuple(a for a in story.articles if not seen_before(a.item.url, remembered))
        if not rest:
            old.append(story)
        else:
            fresh.append(story if len(rest) == len(story.articles) else Story(rest))
    follow_ups: list[Continuation] = []
    for thread, group in members.items():
        found = continuation(_merged(group), threads[thread], remembered)
        (follow_ups if found.is_new else old).append(found)
    return Continuity(tuple(fresh), tuple(follow_ups), tuple(old))


def compose_follow_up(
    found: Continuation, language: str, brands: Sequence[str], link: Callable[[date], str]
) -> FollowUp:
    """The 后续 entry of a continuation: the headline of a new article (in the site's `language` first, then one
    with a new figure or name; without our `brands`), the new figures and names as the new headlines write them,
    today's figures compared with the thread's (facts.figure_changes), and the most recent post of the thread
    (`link(day)`: that post's file as this post links to it; the story's anchor there)."""
    articles = found.new_articles or found.story.articles

    def news(article: Article) -> bool:
        title = article.item.title
        return bool(fact_figures(title) & set(found.new_figures) or fact_names(title) & set(found.new_names))

    lead = min(articles, key=lambda a: (not in_language(a, language), not news(a)))
    headline = strip_brand(lead.item.title, brands) or lead.item.title
    headline = fit_clauses(headline, HEADLINE_CHARS) or headline
    ordered = [lead, *(a for a in articles if a is not lead)]  # the headline shown writes them first
    figures = _written(found.new_figures, ordered, figure_text)
    names = _written(found.new_names, ordered, written_name)
    latest = found.latest
    earlier = [(r.day, title) for r in found.records for title in r.titles]
    changes = figure_changes([a.item.title for a in ordered], earlier)
    return FollowUp(
        story=found.story,
        headline=headline,
        thread=found.thread,
        earlier=latest.day,
        earlier_headline=latest.headline,
        earlier_link=link(latest.day),
        since=min(r.first_day for r in found.records),
        new_sources=found.new_sources,
        new_figures=figures,
        new_names=names,
        importance=latest.importance,
        category=latest.category,
        earlier_anchor=latest.anchor,
        changes=changes,
    )


def _written(
    keys: Sequence[str], articles: Sequence[Article], find: Callable[[str, str], str]
) -> tuple[str, ...]:
    """Each key as the first of the articles' headlines that holds it writes it (`find(title, key)`), once."""
    written: dict[str, None] = {}
    for key in keys:
        text = next((t for a in articles if (t := find(a.item.title, key))), "")
        if text:
            written[text] = None
    return tuple(written)


def old_news_note(old: Sequence[Continuation | Story], shown: int = 5) -> str:
    """The run summary's line about the stories left out as old news (with the post that told each)."""

    def label(item: Continuation | Story) -> str:
        if isinstance(item, Continuation):
            return f"“{truncate(item.story.title, 50)}” ({item.latest.day.isoformat()})"
        return f"“{truncate(item.title, 50)}”"

    more = f" and {len(old) - shown} more" if len(old) > shown else ""
    listed = "; ".join(label(item) for item in old[:shown])
    noun = "story" if len(old) == 1 else "stories"
    return f"{len(old)} old {noun} left out (nothing new since a recent post): {listed}{more}"


RELATED = SAME_STORY / 2  # story_score from which a recent post's story is related (not the same story)


def related_records(
    story: Story, records: Sequence[StoryRecord], limit: int = 3, threshold: float = RELATED
) -> tuple[StoryRecord, ...]:
    """What recent posts told of a story related to `story` (the same company's other event, a model's earlier
    release): the records whose headlines score `threshold` (half of SAME_STORY) or more against one of the
    story's articles by the cluster evidence, best first, at most `limit`, one per thread. The write-up's memory
    of a continuing story (issue 19 §1); a story that *is* a recorded one is a follow-up, never sent here."""
    scored: dict[str, tuple[float, StoryRecord]] = {}
    for record in records:
        score = max((story_score(a, b) for a in story.articles for b in record_articles(record)), default=0.0)
        if score >= threshold and score > scored.get(record.id, (-1.0, record))[0]:
            scored[record.id] = (score, record)
    ranked = sorted(scored.values(), key=lambda pair: (-pair[0], -pair[1].day.toordinal()))
    return tuple(record for _, record in ranked[:limit])
