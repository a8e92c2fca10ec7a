"""The offline editor: deterministic ranking, keyword categories and extractive summaries, no network."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

import jieba

from generator.editor import EditContext
from generator.editor.ranking import categorize, is_relevant, rank_stories
from generator.models import Article, Brief, Digest, Entry, Story
from generator.stories import HEADLINE_CHARS, in_language, strip_brand
from generator.text import EN_STOPWORDS, display_width, fit_width, has_cjk, split_sentences, truncate

jieba.setLogLevel(logging.WARNING)
log = logging.getLogger(__name__)

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.+-]*[A-Za-z0-9+]|[A-Za-z]")
SUMMARY_CHARS = 220
_GENERIC_TAGS = frozenset(
    {
        "公司",
        "发布",
        "表示",
        "推出",
        "今天",
        "日前",
        "近日",
        "一个",
        "我们",
        "已经",
        "可以",
        "进行",
        "相关",
        "新闻",
        "报道",
        "宣布",
        "消息",
        "目前",
        "据悉",
        "此次",
        "用户",
        "今年",
        "这一",
        "该公司",
        "ai",
        "AI",
        "智能",
        "生成",
        "科技",
        "技术",
        "支持",
        "提升",
        "能力",
        "模型",
        "大模型",
        "人工智能",
    }
)


def tokenize(text: str) -> list[str]:
    """Words for TF-IDF: jieba for Chinese, lower-case words for latin text; no stopwords or punctuation."""
    tokens: list[str] = []
    if has_cjk(text):
        for word in jieba.lcut(text):
            word = word.strip().lower()
            if len(word) > 1 and (has_cjk(word) or _LATIN.fullmatch(word)) and word not in EN_STOPWORDS:
                tokens.append(word)
    else:
        tokens = [w.lower() for w in _LATIN.findall(text) if w.lower() not in EN_STOPWORDS and len(w) > 1]
    return tokens


def drop_title_lines(text: str, title: str) -> str:
    """Pages often repeat the headline as their first paragraph; a summary should not."""
    heading = re.sub(r"\s+", "", title)
    paragraphs = [p for p in text.split("\n\n") if re.sub(r"\s+", "", p) != heading]
    return "\n\n".join(paragraphs)


def summarize(text: str, idf: Mapping[str, float], limit: int = SUMMARY_CHARS) -> str:
    """Pick the best-scoring sentences (TF-IDF, lead position bonus), keep their order, fit `limit`."""
    sentences = [s for s in split_sentences(text) if len(s) >= 8][:40]
    if not sentences:
        return truncate(text, limit)
    scored = []
    for position, sentence in enumerate(sentences):
        tokens = tokenize(sentence)
        if not tokens:
            continue
        weight = sum(idf.get(t, 1.0) for t in set(tokens)) / math.sqrt(len(tokens))
        scored.append((weight * (1.5 if position == 0 else 1.0 / (1 + 0.1 * position)), position, sentence))
    chosen: list[tuple[int, str]] = []
    used = 0
    for _, position, sentence in sorted(scored, reverse=True):
        if used + len(sentence) > limit and chosen:
            continue
        chosen.append((position, sentence))
        used += len(sentence)
        if len(chosen) == 3:
            break
    joiner = "" if has_cjk(text) else " "
    return truncate(joiner.join(s for _, s in sorted(chosen)), limit)


def inverse_document_frequency(documents: Sequence[str]) -> dict[str, float]:
    """{token: idf} over `documents` (smoothed: log((1 + n) / (1 + df)) + 1), for summarize's sentence scores."""
    counts: Counter[str] = Counter()
    for document in documents:
        counts.update(set(tokenize(document)))
    total = len(documents) or 1
    return {token: math.log((1 + total) / (1 + count)) + 1 for token, count in counts.items()}


_NAME = re.compile(r"\b[A-Z][A-Za-z0-9.+-]*[A-Za-z0-9+](?:[ -][A-Z0-9][A-Za-z0-9.+-]*[A-Za-z0-9+])*")
_NOT_NAMES = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December Paper Opinion The This That Series Inc Ltd Labs AI".split()
)


def extract_keywords(texts: Sequence[str], limit: int) -> list[str]:
    """Keywords of the day: the names (latin words with a capital, e.g. "Northwind Labs", "Aurora-3") most
    stories mention, then jieba's TF-IDF words over the selected titles and leads."""
    names: Counter[str] = Counter()
    for text in texts:
        names.update({n for n in _NAME.findall(text) if n not in _NOT_NAMES and len(n) > 2})
    import jieba.analyse  # its import loads the part-of-speech tables (~0.4 s): only when a post is written

    words = [
        w for w in jieba.analyse.extract_tags("\n".join(texts), topK=limit * 3) if w not in _GENERIC_TAGS
    ]
    latin = {w.lower() for n in names for w in re.split(r"[ -]", n)}
    words = [w for w in words if w.lower() not in latin and w not in _NOT_NAMES]
    top_names = [n for n, _ in sorted(names.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[:3]]
    merged = list(dict.fromkeys(top_names + words))
    return [w for w in merged if not w.isdigit()][:limit]


# The title: "AI 日报｜" and the short headlines of the best one or two stories in the site language, at most
# TITLE_COLUMNS wide (a CJK character takes two columns) and TITLE_CHARS long (the front matter's limit).
TITLE_COLUMNS = 80
TITLE_CHARS = 60
DESCRIPTION_CHARS = 160  # the front matter's description (ARCHITECTURE.md, Outputs)
SITE_LANGUAGE_BONUS = 1.0  # added to ranking.score_story (a source weight of 1.0 gives 2.0)
_CLAUSE = re.compile(r"[，,:：;；|｜]|(?<=[\u4e00-\u9fff”」》])\s+(?=[\u4e00-\u9fff“「《])|\s[-–—]\s")


def site_article(story: Story, language: str) -> Article:
    """The story's article in the site's language (the primary one when it is), else the primary article."""
    return next((a for a in story.articles if in_language(a, language)), story.primary)


def short_headline(headline: str) -> str:
    """The headline's first clause that says something (at least 12 columns: "Paper: …" gives what follows the
    label), else the whole headline."""
    clauses = [c.strip() for c in _CLAUSE.split(headline)]
    return next((c for c in clauses if display_width(c) >= 12), headline.strip())


def compose_title(prefix: str, headlines: Sequence[str], language: str) -> str:
    """`prefix｜` and the short form of the first one or two `headlines` (best first) in the site language (of all
    of them when none is), whole: the second only when it fits too. The first is cut at a word boundary only when
    it alone is wider than the room. At most TITLE_COLUMNS columns and TITLE_CHARS characters."""
    chinese = language.lower().startswith(("zh", "ja"))
    preferred = [h for h in headlines if has_cjk(h)] if chinese else []
    heads = [short_headline(h) for h in (preferred or headlines) if h.strip()]
    if not heads:
        return prefix
    start = f"{prefix}｜"
    columns, chars = TITLE_COLUMNS - display_width(start), TITLE_CHARS - len(start)

    def fits(text: str) -> bool:
        return display_width(text) <= columns and len(text) <= chars

    first = heads[0] if fits(heads[0]) else truncate(heads[0], min(chars, fit_width(heads[0], columns)))
    if len(heads) > 1 and fits(f"{first}、{heads[1]}"):
        return f"{start}{first}、{heads[1]}"
    return start + first


class OfflineEditor:
    """Deterministic and readable; used with no API key and wherever the model fails."""

    name = "offline"

    def edit(self, stories: Sequence[Story], context: EditContext) -> Digest:
        """The AI-relevant stories (ranking.is_relevant), best first: `context.max_entries` written up, the next
        `context.max_briefs` as one-liners. The off-topic ones are left out and counted in `Digest.notes`."""
        relevant = [s for s in stories if is_relevant(s, context)]
        ranked = rank_stories(relevant, context, bonus=lambda s: self.language_bonus(s, context))
        featured = ranked[: context.max_entries]
        rest = ranked[context.max_entries : context.max_entries + context.max_briefs]
        idf = inverse_document_frequency(list(dict.fromkeys(a.text for s in stories for a in s.articles)))
        entries = tuple(self.write_entry(s, context, idf) for s in featured)
        briefs = tuple(Brief(story=s, text=truncate(self.headline(s, context), HEADLINE_CHARS)) for s in rest)
        digest = self.compose(entries, briefs, context)
        kept = {s.id for s in relevant}
        off_topic = sorted((s for s in stories if s.id not in kept), key=lambda s: s.id)
        if not off_topic:
            return digest
        log.info("offline editor: %d off-topic stories left out", len(off_topic))
        return replace(digest, notes=(*digest.notes, off_topic_note(off_topic)))

    @staticmethod
    def language_bonus(story: Story, context: EditContext) -> float:
        """The offline editor cannot translate: a story it can tell in the site language ranks higher."""
        return SITE_LANGUAGE_BONUS if any(in_language(a, context.language) for a in story.articles) else 0.0

    @staticmethod
    def headline(story: Story, context: EditContext) -> str:
        """The headline of the story's article in the site language, without our brand."""
        title = site_article(story, context.language).item.title
        return strip_brand(title, (context.title_prefix,)) or strip_brand(
            story.title, (context.title_prefix,)
        )

    def write_entry(self, story: Story, context: EditContext, idf: Mapping[str, float]) -> Entry:
        """One featured story: the headline and an extractive summary in the site language where the story has an
        article in it (with a page's text), the category by keywords (ranking.categorize)."""
        category = categorize(story, context.categories, context.category_keywords)
        local = site_article(story, context.language)
        sources = [a for a in (local, story.primary) if a.extracted] + [local, story.primary]
        source = next((a for a in sources if (a.text or a.item.summary).strip()), story.primary)
        headline = self.headline(story, context)
        text = drop_title_lines(source.text or source.item.summary, source.item.title) or headline
        return Entry(
            story=story,
            headline=truncate(headline or story.title, HEADLINE_CHARS),
            summary=summarize(text, idf),
            category=category,
            region=story.region_label,
            importance=min(5, 2 + len(story.articles)),
            reason="多家来源报道" if len(story.source_names) > 1 else "",
        )

    def compose(self, entries: Sequence[Entry], briefs: Sequence[Brief], context: EditContext) -> Digest:
        """Title, summary bullets, tags and description from the entries (also used to complete a model's digest)."""
        headlines = [h for h in (strip_brand(e.headline, (context.title_prefix,)) for e in entries) if h]
        summary = tuple(truncate(h, 60) for h in headlines[:6])
        texts = [f"{e.headline}。{e.summary}" for e in entries]
        keywords = extract_keywords(texts, 8)
        tags = tuple(dict.fromkeys([*context.base_tags, *keywords[:5]]))
        return Digest(
            day=context.day,
            title=compose_title(context.title_prefix, headlines, context.language),
            summary=summary,
            entries=tuple(entries),
            briefs=tuple(briefs),
            tags=tags,
            keywords=tuple(dict.fromkeys([*context.base_tags, *keywords])),
            description=truncate("；".join(headlines), DESCRIPTION_CHARS),
            editor=self.name,
            items_read=context.items_read,
            categories=context.categories,
            notes=context.notes,
        )


def off_topic_note(stories: Sequence[Story], shown: int = 5) -> str:
    """The run summary's line about the stories the AI-relevance check left out."""
    titles = "; ".join(f"“{truncate(s.title, 50)}”" for s in stories[:shown])
    more = f" and {len(stories) - shown} more" if len(stories) > shown else ""
    return f"{len(stories)} off-topic stor{'y' if len(stories) == 1 else 'ies'} left out (AI relevance): {titles}{more}"
