"""The data that flows through the pipeline: frozen dataclasses, no behaviour beyond derived views."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

# Cited texts (generator/cited.py) and the title rule (generator/titles.py) are imported from here like every model.
from generator.cited import Citation as Citation
from generator.cited import CitedText as CitedText
from generator.cited import Sentence as Sentence
from generator.titles import prefixed_title as prefixed_title
from generator.titles import title_separator as title_separator
from generator.titles import unprefixed_title as unprefixed_title


@dataclass(frozen=True)
class Fetched:
    """A successful HTTP response, body already read (and capped)."""

    url: str
    status: int
    content: bytes
    headers: Mapping[str, str]
    elapsed_s: float
    from_cache: bool = False


@dataclass(frozen=True)
class FeedSource:
    """What parsing a feed needs to know about its source (from the config's `sources:`, see SourceSettings).

    `timezone`: an IANA zone name for dates the feed writes without an offset (None: the site's zone);
    `weight`: how much the editors favour the source (0-10); `topic`: "ai" or "general" (general tech media,
    checked harder for AI relevance).
    """

    name: str
    url: str
    language: str = "zh"
    region: str = "global"
    weight: float = 1.0
    full_text: bool = True
    timezone: str | None = None
    topic: str = "ai"


@dataclass(frozen=True)
class SourceReport:
    """What happened to one source during a run (the health table's row)."""

    name: str
    url: str
    status: str  # "ok", "not-modified", "failed"
    items: int = 0
    newest: datetime | None = None
    latency_s: float = 0.0
    error: str = ""


@dataclass(frozen=True)
class FeedItem:
    """One entry of one feed, cleaned: plain text, canonical http(s) URL, aware datetime."""

    id: str
    source: str
    title: str
    url: str
    published: datetime
    summary: str = ""
    image: str | None = None
    language: str = "zh"
    region: str = "global"
    weight: float = 1.0
    full_text: bool = True
    topic: str = "ai"  # the source's topic: "ai" (AI-only) or "general" (checked harder for AI relevance)
    dated: bool = True  # False: the feed gave no date; `published` is when the item was first seen
    date_only: bool = False  # True: the feed gave a day without a time of day (shown as a date, no time);
    # `published` is then 00:00 of that day on the feed's clock (feeds.within_window places it by its day)


@dataclass(frozen=True)
class Article:
    """A feed item with the text of its page (or the feed summary when the page failed)."""

    item: FeedItem
    text: str
    image: str | None = None
    extracted: bool = False
    page_url: str = (
        ""  # the URL the page gives for itself (rel=canonical, else og:url), canonical; "" when none
    )


# The post's words for a source's region (config: `region: cn | global`).
REGION_LABEL = {"cn": "国内", "global": "国际"}
# A post's description (front matter `description`, og:description, the feeds' item summary): at most this many
# characters, whole sentences or headlines (search engines show about this much; ARCHITECTURE.md, Outputs).
DESCRIPTION_CHARS = 160


@dataclass(frozen=True)
class Story:
    """One event, reported by one or more sources. The first article is the primary one."""

    articles: tuple[Article, ...]

    @property
    def primary(self) -> Article:
        """The article that speaks for the story (the heaviest source, extracted text first)."""
        return self.articles[0]

    @property
    def id(self) -> str:
        """The story's id: its primary article's (dedupe.item_id of its URL)."""
        return self.primary.item.id

    @property
    def title(self) -> str:
        """The primary article's feed title."""
        return self.primary.item.title

    @property
    def url(self) -> str:
        """The primary article's URL."""
        return self.primary.item.url

    @property
    def urls(self) -> tuple[str, ...]:
        """Every member's article URL, primary first."""
        return tuple(a.item.url for a in self.articles)

    @property
    def source_names(self) -> tuple[str, ...]:
        """The sources that reported the story, each once, in member order."""
        return tuple(dict.fromkeys(a.item.source for a in self.articles))

    @property
    def published(self) -> datetime:
        """The earliest member's publication time."""
        return min(a.item.published for a in self.articles)

    def time_shown(self, zone: tzinfo) -> datetime | date | None:
        """When the story was published, only as precisely as its feeds said: the earliest article time given
        with a time of day (a datetime in `zone`); the earliest date-only article's day (the day the feed wrote)
        when there is no timed article or that day is earlier than the timed one's; None when no article was
        dated (an undated item's `published` is only when it was first seen, never shown)."""
        timed = [a.item.published for a in self.articles if a.item.dated and not a.item.date_only]
        days = [a.item.published.date() for a in self.articles if a.item.dated and a.item.date_only]
        first = min(timed).astimezone(zone) if timed else None
        if first is not None and (not days or min(days) >= first.date()):
            return first
        return min(days) if days else None

    @property
    def image(self) -> str | None:
        """The first member's lead image URL (from its page, else its feed), or None."""
        return next((a.image or a.item.image for a in self.articles if a.image or a.item.image), None)

    @property
    def language(self) -> str:
        """The primary source's language (config `language`)."""
        return self.primary.item.language

    @property
    def region(self) -> str:
        """The primary source's region, cn or global."""
        return self.primary.item.region

    @property
    def region_label(self) -> str:
        """国内 or 国际, from the primary source's region."""
        return REGION_LABEL.get(self.region, REGION_LABEL["global"])


@dataclass(frozen=True)
class LeadImage:
    """A lead image verified to be an image (generator/post/images.py): its src in the post and its size in pixels."""

    src: str
    width: int
    height: int


@dataclass(frozen=True)
class Entry:
    """A featured story as written in the post. Links, sources and times come from `story`."""

    story: Story
    headline: str
    summary: str
    category: str
    insights: tuple[str, ...] = ()
    impacts: tuple[str, ...] = ()
    region: str = ""
    importance: int = 3
    reason: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Brief:
    """A one-line mention in the closing 更多动态 list."""

    story: Story
    text: str


@dataclass(frozen=True)
class StoryRecord:
    """One story of a published post, read back from its records file (generator.site.posts.read_story_records;
    written from post.front_matter.story_records).

    `day` is the post's date; `id` the story's identity (a follow-up keeps the id of the story it continues);
    `headline` as the post showed it; `titles`, `urls` and `source_names` what that post knew of it
    (`source_names` is empty in posts written before the key existed); `sources` how many sources reported it;
    `importance` 1-5; `category` ("" for a one-liner); `kind` "entry", "brief" or "follow-up"; `follows` the
    (date, id) of the record a follow-up continues; `since` the day the story was first told (its own `day`
    unless it was a follow-up); `anchor` the story's own place in that post (a link to "2026-11-16.md#<anchor>"
    lands on it; "" in posts written before anchors existed); `tags` the names and topics the post tagged it with
    (`names`: the same with their spellings in the other script, "星织2 / StarWeave-2"), `summary` an entry's
    first sentence, `url_sources` the source of each of `urls` (all four empty in older posts).
    """

    day: date
    id: str
    headline: str
    titles: tuple[str, ...]
    urls: tuple[str, ...]
    source_names: tuple[str, ...] = ()
    importance: int = 1
    category: str = ""
    since: date | None = None
    sources: int = 1
    kind: str = "entry"
    follows: tuple[date, str] | None = None
    anchor: str = ""  # the story's anchor in that post ("s-<id>"); "" for a post written before anchors
    tags: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    summary: str = ""
    url_sources: tuple[str, ...] = ()

    def source_of(self, url: str) -> str:
        """The name of the source of one of `urls` ("" when the post did not record it)."""
        for known, source in zip(self.urls, self.url_sources, strict=False):
            if known == url:
                return source
        return ""

    @property
    def first_day(self) -> date:
        """The day the story was first told."""
        return self.since or self.day


@dataclass(frozen=True)
class FigureChange:
    """A figure a follow-up reports (generator.stories.facts.figure_changes), as its headline writes it (`after`),
    what it measures when the headline says ("下载量"; "" when not), and the earlier figure of the same measure
    with the day of the post that told it (`before`, `before_day`; "" and None for a figure told for the first
    time). `rise`: True when `after` is larger, False when smaller, None when not compared."""

    after: str
    measure: str = ""
    before: str = ""
    before_day: date | None = None
    rise: bool | None = None


@dataclass(frozen=True)
class FollowUp:
    """A story told in a recent post that has new developments today: a short 后续 entry linking back.

    Links, sources and times come from `story` (today's articles of the story); `headline` is one of their titles
    (the site's language preferred); `new_sources` the sources that had not reported it before, `new_figures` and
    `new_names` the numbers and names of today's headlines the earlier headlines did not have, as written ("50万",
    "星枢"); `earlier` the most
    recent post that told it, `earlier_link` that post's file as this post links to it ("2026-11-16.md"),
    `earlier_anchor` the story's place in it; `changes` today's figures against the thread's.
    """

    story: Story
    headline: str
    thread: str  # the story's identity: the id of the story as first told (StoryRecord.id)
    earlier: date
    earlier_headline: str
    earlier_link: str
    since: date
    new_sources: tuple[str, ...] = ()
    new_figures: tuple[str, ...] = ()
    new_names: tuple[str, ...] = ()
    importance: int = 1
    category: str = ""
    earlier_anchor: str = ""  # the story's anchor in the earlier post ("" for a post written before anchors)
    changes: tuple[FigureChange, ...] = ()  # today's figures, compared with the thread's where one matches
    news: str = ""  # what is new, in one sentence written by the model ("" : composed from the fields above)


@dataclass(frozen=True)
class Theme:
    """A section of the post named by the model for the day's stories (issue 19 §1): its name ("开源生态"), its
    subtitle ("中国力量崛起") and the ids of the stories it holds (entries and follow-ups, in the model's order)."""

    name: str
    subtitle: str
    ids: tuple[str, ...]


@dataclass(frozen=True)
class EnglishText:
    """The model's English of a story (issue 22), checked: headline, cited summary, one-liner's line ("", None)."""

    headline: str = ""
    summary: CitedText | None = None
    line: str = ""

    @property
    def complete(self) -> bool:
        """Whether it is all the story needs: a one-liner's line, or an entry's headline and summary."""
        return bool(self.line) or bool(self.headline and self.summary)


@dataclass(frozen=True)
class Digest:
    """Everything the post says about one day, independent of the layout."""

    day: date
    title: str
    summary: tuple[str, ...]
    entries: tuple[Entry, ...]
    briefs: tuple[Brief, ...]
    tags: tuple[str, ...]
    keywords: tuple[str, ...]
    description: str
    editor: str
    items_read: int
    categories: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    follow_ups: tuple[
        FollowUp, ...
    ] = ()  # stories of recent posts with new developments (generator.stories.continuity)
    skipped_old: int = 0  # stories of recent posts with nothing new, left out ("N 条旧闻已略过")
    # {story id (a follow-up: its thread id): its tags}, names and topics (generator.post.tags.tag_digest)
    story_tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # the same tags as shown under each story, with their spellings in the other script ("星织2 / StarWeave-2")
    story_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    themes: tuple[Theme, ...] = ()  # the model's sections; none: the entries are grouped by category
    english: Mapping[str, EnglishText] = field(default_factory=dict)  # by story id: what passed (issue 22)

    @property
    def stories(self) -> tuple[Story, ...]:
        """Every story the post links to: entries, one-liners, then follow-ups."""
        return (
            tuple(e.story for e in self.entries)
            + tuple(b.story for b in self.briefs)
            + tuple(f.story for f in self.follow_ups)
        )

    @property
    def cited(self) -> tuple[CitedText, ...]:
        """Every cited text of the digest: the 今日摘要 bullets, then each entry's summary, insights and impacts
        (the ones that are CitedText: the editors' sentences with their sources)."""
        texts = [*self.summary]
        for entry in self.entries:
            texts += [entry.summary, *entry.insights, *entry.impacts]
        return tuple(t for t in texts if isinstance(t, CitedText))

    @property
    def stories_kept(self) -> int:
        """Stories written up or listed (follow-ups are counted apart)."""
        return len(self.entries) + len(self.briefs)


@dataclass(frozen=True)
class Post:
    """The rendered post, ready for the gate and the writer."""

    day: date
    front_matter: Mapping[str, object]
    body: str
    markdown: str
    cover_png: bytes
    assets: Mapping[str, bytes] = field(default_factory=dict)  # more files: path relative to docs/ → bytes
    # The story records (post.front_matter.story_records), written beside the post (SiteLayout.records_file);
    # None for a post that keeps none (the weekly issue).
    records: tuple[Mapping[str, object], ...] | None = None
    # Every cited text of its Digest (今日摘要, paragraphs, 深度解读, 影响): what the gate checks sentence by sentence.
    cited: tuple[CitedText, ...] = ()
