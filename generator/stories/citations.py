"""Pure: the sentences a post writes and the sources of their story they cite (issue 21 §1).

A model ends its sentences with markers, "…能效提升一倍[1]。" or "…能效提升一倍。[1][2]": `read_sentences` splits a
text into sentences (text.split_sentences) and reads each one's markers ([1], [1][2], [1, 2], 【1】), which number the
sources of the sentence's own story as the post lists them (Story.articles, the 来源 line's order, from 1). `judge`
says whether one sentence may be published, and if not, why (`REASONS`):

- "uncited": it has no marker;
- "outside": a marker names no source of its story (0, or more than the story has);
- "misquoted": a span in quotes (“…”, ‘…’, 「…」, 『…』, "…") or a title in 《…》 is not in the fetched text of the
  sources it cites (their headline, feed summary and page text), spacing and full-width forms aside;
- "number": it gives a figure none of them gives (generator.lang.quantities reads both languages and both scales:
  70 billion = 700亿 = 七百亿, 40% = 四成, $300M = 3亿美元; dates and years are not figures, stories.facts);
- "name": it gives a proper name none of them gives: a Latin name (in a Chinese sentence every Latin word but the
  trade's acronyms, lang.GENERIC; in an English one the capitalised words), found as written, as the pinyin of a
  Chinese name (Xingheng ↔ 星衡) or as a well-known translation (Nvidia ↔ 英伟达); a Chinese name of a person, a
  place or an organization (jieba's part-of-speech tags nr, ns, nt; the well-known names of lang.ALIASES), found
  as written, in simplified script, by its pinyin or its translation.

`facts_problem` is the last three checks alone, for a text without markers (a headline, a one-liner, the title),
against every source of the stories it is about. `cite_article` and `cited_text` cite text taken from our own
records: the offline editor's sentences cite by construction.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

import jieba
import jieba.posseg

from generator.lang import ALIASES, alias_names, latin_names, pinyin_keys, pinyin_matches, simplified
from generator.models import Article, Citation, CitedText, Sentence, Story
from generator.stories.facts import fact_figures
from generator.text import EN_STOPWORDS, has_cjk, split_sentences

jieba.setLogLevel(logging.WARNING)

REASONS = ("uncited", "outside", "misquoted", "number", "name")
_LIST = r"\d{1,2}(?:\s*[,，、]\s*\d{1,2})*"
MARKER = re.compile(rf"\[\^?\s*{_LIST}\s*\]|【\s*{_LIST}\s*】|［\s*{_LIST}\s*］")
# Markers written after a sentence's end ("…一倍。[1]"): moved before it, so that they stay with their sentence.
_AFTER_END = re.compile(rf"([。！？!?；;]+|\.(?!\d))([”’」』）)\"']*)((?:\s*(?:{MARKER.pattern}))+)")
_SPACE_BEFORE_MARK = re.compile(r"\s+([。！？!?；;.,，、：:）)”’」』])")
QUOTED = re.compile(r"“([^“”]+)”|‘([^‘’]+)’|「([^「」]+)」|『([^『』]+)』|\"([^\"]+)\"|《([^《》]+)》")
_QUOTE_EDGES = "。，,.!?！？；;：: "
NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt"})  # jieba: person, place, organization
PINYIN_CHARS = 600  # how much of a source's text its Chinese names are read from for pinyin (as Grounds does)


def read_sentences(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """The sentences of a model text with the numbers of their markers, in order: [("…一倍。", (1, 2)), …]. The
    text of each sentence is without its markers; a marker alone (after the last sentence) joins the sentence
    before it."""
    moved = _AFTER_END.sub(lambda m: m.group(3) + m.group(1) + m.group(2), text)
    out: list[tuple[str, tuple[int, ...]]] = []
    for piece in split_sentences(moved):
        numbers = tuple(
            dict.fromkeys(int(n) for m in MARKER.finditer(piece) for n in re.findall(r"\d+", m[0]))
        )
        plain = _SPACE_BEFORE_MARK.sub(r"\1", MARKER.sub("", piece)).strip()
        if plain:
            out.append((plain, numbers))
        elif out and numbers:
            last, before = out[-1]
            out[-1] = (last, tuple(dict.fromkeys(before + numbers)))
    return out


def strip_markers(text: str) -> str:
    """`text` without its markers (what the other checks of a model text read; a headline or a title carries
    none)."""
    return _SPACE_BEFORE_MARK.sub(r"\1", MARKER.sub("", text)).strip()


def cite_article(story: Story, article: Article) -> Citation:
    """The citation of one of the story's articles: its number in the 来源 line, its URL and source name."""
    number = next(k for k, a in enumerate(story.articles, 1) if a.item.url == article.item.url)
    return Citation(number, article.item.url, article.item.source)


def cited_text(text: str, story: Story, article: Article | None = None) -> CitedText:
    """Text taken from our own records (an article's sentences, its headline, a frame of it), each sentence citing
    `article` (the story's primary one when None): the offline editor's sentences cite by construction."""
    cite = (cite_article(story, article or story.primary),)
    return CitedText((Sentence(s, cite) for s in split_sentences(text)), story.id)


def judge(text: str, numbers: Sequence[int], story: Story) -> tuple[Sentence | None, str]:
    """A model's sentence and the numbers of its markers, against its story: (the Sentence to publish, "") or
    (None, the reason it is refused, one of REASONS; see the module docstring)."""
    if not numbers:
        return None, "uncited"
    if any(n < 1 or n > len(story.articles) for n in numbers):
        return None, "outside"
    articles = [story.articles[n - 1] for n in numbers]
    problem = facts_problem(text, articles)
    if problem:
        return None, problem
    return Sentence(text, tuple(cite_article(story, a) for a in articles), model=True), ""


def sentence_problem(sentence: Sentence, story: Story) -> str:
    """What the gate finds wrong with a published sentence: "" when none; "uncited" for a model's sentence without
    a marker; "outside" for a marker (anyone's) that is not the story's source of that number; and, for a model's
    sentence, the checks of `facts_problem` against the sources it cites."""
    if sentence.model and not sentence.cites:
        return "uncited"
    urls = [a.item.url for a in story.articles]
    if any(not 1 <= c.number <= len(urls) or urls[c.number - 1] != c.url for c in sentence.cites):
        return "outside"
    if not sentence.model:
        return ""
    return facts_problem(sentence.text, [story.articles[c.number - 1] for c in sentence.cites])


def facts_problem(text: str, articles: Iterable[Article]) -> str:
    """ "misquoted", "number" or "name" when `text` quotes, gives a figure or names what none of `articles` gives
    (see the module docstring); "" when every one of them is in their fetched text."""
    return facts_problem_in(text, [fetched_text(a) for a in articles])


def facts_problem_in(text: str, sources: Sequence[str]) -> str:
    """`facts_problem` against texts (a follow-up's sentence is checked against today's articles and the headlines
    of the thread's earlier reports)."""
    if any(not _quoted_in(span, sources) for span in quoted_spans(text)):
        return "misquoted"
    if fact_figures(text) - set().union(*(_figures(s) for s in sources)):
        return "number"
    latin, chinese = names_in(without_quotes(text))  # a quote's names are checked with the quote
    if any(not _latin_found(n, sources) for n in latin) or any(
        not _chinese_found(n, sources) for n in chinese
    ):
        return "name"
    return ""


def fetched_text(article: Article) -> str:
    """What we fetched of an article: its headline, its feed summary and its page's text."""
    return "\n".join(t for t in (article.item.title, article.item.summary, article.text) if t)


def quoted_spans(text: str) -> list[str]:
    """The spans `text` puts in quotes or title marks, without their closing punctuation."""
    spans = [next(g for g in m.groups() if g is not None) for m in QUOTED.finditer(text)]
    return [s for s in (span.strip(_QUOTE_EDGES) for span in spans) if s]


def without_quotes(text: str) -> str:
    """`text` without its quotes and title marks, the innermost first (a title quoted inside a quote)."""
    count = 1
    while count:
        text, count = QUOTED.subn(" ", text)
    return text


def names_in(text: str) -> tuple[set[str], set[str]]:
    """(the Latin names, lower-cased; the Chinese names) a sentence gives (see the module docstring). The caller
    leaves out the quotes (found verbatim in the sources, names and all), so that an English sentence quoting a
    Chinese title is read as English ("Reported as “星衡智能开源…”": "Reported" starts a sentence, it is no name)."""
    chinese = has_cjk(text)
    latin = {n for n in latin_names(text, chinese) if n not in EN_STOPWORDS}
    if not chinese:
        first = re.match(r"\W*([A-Za-z][\w.+-]*)", text)
        word = first.group(1) if first else ""
        marked = any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:])
        if word and not marked and not re.search(rf"(?<=\W){re.escape(word)}\b", text):
            latin.discard(word.lower())
    if not chinese:
        return latin, set()
    names = {w for w, flag in _tagged(text) if flag in NAME_TAGS and len(w) >= 2 and has_cjk(w)}
    return latin, names | {name for name in ALIASES if name in text}


@lru_cache(maxsize=4096)
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((pair.word, pair.flag) for pair in jieba.posseg.cut(text))


@lru_cache(maxsize=512)
def _normal(text: str) -> str:
    """Text for comparing quotes: NFKC, simplified script, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", simplified(text)))


def _quoted_in(span: str, sources: Sequence[str]) -> bool:
    wanted = _normal(span)
    return any(wanted in _normal(source) for source in sources)


@lru_cache(maxsize=512)
def _figures(source: str) -> frozenset[str]:
    return frozenset(fact_figures(source))


@lru_cache(maxsize=512)
def _lowered(source: str) -> str:
    return unicodedata.normalize("NFKC", simplified(source)).lower()


@lru_cache(maxsize=512)
def _source_latin(source: str) -> frozenset[str]:
    return frozenset(latin_names(source, has_cjk(source)))


@lru_cache(maxsize=512)
def _source_pinyin(source: str) -> frozenset[str]:
    head = source[: PINYIN_CHARS + source.find("\n") + 1]  # the headline and the start of the text
    return frozenset(pinyin_keys(head))


@lru_cache(maxsize=512)
def _source_words(source: str) -> frozenset[str]:
    """Every Latin word of a source as a sentence's names are read (lang.latin_names of Chinese text: each Latin
    word, capitalised or not), so that a unit glued to its figure ("48GB", "2.1GHz") is the word the sentence has."""
    return frozenset(latin_names(_lowered(source), chinese=True))


def _latin_found(name: str, sources: Sequence[str]) -> bool:
    """A Latin name as written (a whole word, or a word as latin_names reads it: the unit of "48GB"), as a
    well-known translation, or as the pinyin of a Chinese name."""
    pattern = re.compile(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])")
    for source in sources:
        if pattern.search(_lowered(source)) or name in _source_words(source) or name in alias_names(source):
            return True
        if has_cjk(source) and pinyin_matches((name,), _source_pinyin(source)):
            return True
    return False


def _chinese_found(name: str, sources: Sequence[str]) -> bool:
    """A Chinese name as written (in simplified script), as its well-known translation, or by its pinyin."""
    translated = {latin for chinese, latin in ALIASES.items() if chinese in name}
    keys = pinyin_keys(name)
    for source in sources:
        if name in _lowered(source):
            return True
        latin = _source_latin(source)
        if translated & latin or pinyin_matches(latin, keys):
            return True
    return False
