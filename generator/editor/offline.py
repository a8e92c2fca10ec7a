"""The offline editor: deterministic ranking, keyword categories and extractive summaries, no network."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence

import jieba

from generator.editor import EditContext
from generator.editor.ranking import categorize, rank_stories
from generator.models import Brief, Digest, Entry, Story
from generator.text import EN_STOPWORDS, has_cjk, split_sentences, truncate

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


def _short(headline: str, width: int = 40) -> str:
    """The headline's first clause, at most `width` columns (a CJK character takes two)."""
    head = (
        re.split(r"[，,:：;；|｜]|(?<=[\u4e00-\u9fff”」》])\s+(?=[\u4e00-\u9fff“「《])", headline)[0].strip()
        or headline
    )
    columns = sum(2 if has_cjk(ch) else 1 for ch in head)
    if columns <= width:
        return head
    return truncate(head, max(8, len(head) * width // columns))


class OfflineEditor:
    """Deterministic and readable; used with no API key and wherever the model fails."""

    name = "offline"

    def edit(self, stories: Sequence[Story], context: EditContext) -> Digest:
        ranked = rank_stories(stories, context)
        featured = ranked[: context.max_entries]
        rest = ranked[context.max_entries : context.max_entries + context.max_briefs]
        idf = inverse_document_frequency([s.primary.text for s in stories])
        entries = tuple(self.write_entry(s, context, idf) for s in featured)
        briefs = tuple(Brief(story=s, text=truncate(s.title, 80)) for s in rest)
        return self.compose(entries, briefs, context)

    def write_entry(self, story: Story, context: EditContext, idf: Mapping[str, float]) -> Entry:
        category = categorize(story, context.categories, context.category_keywords)
        text = drop_title_lines(story.primary.text or story.primary.item.summary, story.title) or story.title
        return Entry(
            story=story,
            headline=truncate(story.title, 80),
            summary=summarize(text, idf),
            category=category,
            region=story.region_label,
            importance=min(5, 2 + len(story.articles)),
            reason="多家来源报道" if len(story.source_names) > 1 else "",
        )

    def compose(self, entries: Sequence[Entry], briefs: Sequence[Brief], context: EditContext) -> Digest:
        """Title, summary bullets, tags and description from the entries (also used to complete a model's digest)."""
        headlines = [e.headline for e in entries]
        title = (
            f"{context.title_prefix}｜" + "、".join(_short(h) for h in headlines[:2])
            if headlines
            else context.title_prefix
        )
        summary = tuple(truncate(h, 60) for h in headlines[:6])
        texts = [f"{e.headline}。{e.summary}" for e in entries]
        keywords = extract_keywords(texts, 8)
        tags = tuple(dict.fromkeys([*context.base_tags, *keywords[:5]]))
        description = truncate("；".join(summary), 160)
        return Digest(
            day=context.day,
            title=truncate(title, 60),
            summary=summary,
            entries=tuple(entries),
            briefs=tuple(briefs),
            tags=tags,
            keywords=tuple(dict.fromkeys([*context.base_tags, *keywords])),
            description=description,
            editor=self.name,
            items_read=context.items_read,
            categories=context.categories,
            notes=context.notes,
        )
