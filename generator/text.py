"""Pure text helpers shared by the stages: HTML to plain text, sentences, tokens."""

from __future__ import annotations

import html
import logging
import re
import unicodedata

import lxml.html
import regex
from lxml import etree

from generator.lang import EN_STOPWORDS, read_quantities

_WS = regex.compile(
    r"[\t\r\f\v\p{Zs}\u2028\u2029]+"
)  # every space separator (NBSP, ideographic, thin …) is one space
_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]")
# Characters a reader never sees (Unicode's Default_Ignorable_Code_Point: soft hyphen, zero-width space, (non-)joiners,
# word joiner and invisible operators, bidi marks, embeddings, overrides and isolates, byte order mark, Hangul
# fillers, tag characters…), but not the variation selectors (they pick a glyph of the character before them).
# Inside a word they make search miss it ("Aurora" with a soft hyphen is another word to an index).
_IGNORABLE = regex.compile(r"[\p{Default_Ignorable_Code_Point}--\p{Variation_Selector}]", regex.V1)
_ZWJ, _ZWNJ = "\u200d", "\u200c"
# What a ZWJ joins in an emoji ZWJ sequence (UTS #51 §2.3: 👩‍💻), after its skin tone or emoji presentation.
_PICTOGRAPH = regex.compile(r"\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F]?$")
_NEXT_PICTOGRAPH = regex.compile(r"\p{Extended_Pictographic}")
# Scripts whose spelling uses ZWJ and ZWNJ between letters (Arabic and Persian joining, Indic conjuncts).
_JOINING = regex.compile(
    r"[\p{Arabic}\p{Syriac}\p{Nko}\p{Mongolian}\p{Devanagari}\p{Bengali}\p{Gurmukhi}\p{Gujarati}\p{Oriya}"
    r"\p{Tamil}\p{Telugu}\p{Kannada}\p{Malayalam}\p{Sinhala}\p{Myanmar}\p{Khmer}]"
)
_TAG = regex.compile(r"[\U000e0020-\U000e007f]")
_BLACK_FLAG = (
    "\U0001f3f4"  # the base of an emoji tag sequence (UTS #51 §2.4: the flags of England, Scotland, Wales)
)


def _kept_ignorable(match: regex.Match[str]) -> str:
    """The ignorable character when it belongs to what is around it (an emoji ZWJ or tag sequence, a joining
    script's letters), else ""."""
    char, text, start, end = match.group(), match.string, match.start(), match.end()
    if char in (_ZWJ, _ZWNJ):
        before, after = text[max(0, start - 2) : start], text[end : end + 1]
        if char == _ZWJ and _PICTOGRAPH.search(before) and _NEXT_PICTOGRAPH.match(after):
            return char
        return char if before and _JOINING.match(before[-1]) and _JOINING.match(after) else ""
    if _TAG.match(char):
        head = text[:start].rstrip("".join(chr(c) for c in range(0xE0020, 0xE0080)))
        return char if head.endswith(_BLACK_FLAG) else ""
    return ""


def remove_invisible(text: str) -> str:
    """`text` without the characters no reader sees (Default_Ignorable_Code_Point: soft hyphens, zero-width spaces
    and joiners, word joiners, bidi controls, byte order marks, Hangul fillers, stray tag characters), keeping
    variation selectors, the ZWJ of an emoji ZWJ sequence, the tags of an emoji tag sequence and the joiners
    between letters of scripts that spell with them.

    Sources: Unicode Standard §5.21 and DerivedCoreProperties.txt (Default_Ignorable_Code_Point), UTS #51 §2.3-2.4
    (emoji ZWJ and tag sequences).
    """
    return _IGNORABLE.sub(_kept_ignorable, text) if _IGNORABLE.search(text) else text


# What XML 1.0 forbids (https://www.w3.org/TR/xml/#charsets): C0 controls but tab, LF and CR, lone surrogates,
# U+FFFE and U+FFFF; and what it discourages: C1 controls, the noncharacters U+FDD0-U+FDEF and U+xFFFE/U+xFFFF of
# every plane. None of it is text a reader could see, and one such character makes an RSS or JSON feed invalid.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# Outside the BMP, one range finds the candidates fast (a class of 32 single astral characters makes the
# regular expression ten times slower on a whole page); the noncharacters are those ending in FFFE or FFFF.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[a-z0-9][a-z0-9.+-]*[a-z0-9+]|[a-z0-9]", re.I)
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math")
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "blockquote",
    "section",
    "article",
}


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids or discourages (controls but tab/LF/CR, lone surrogates,
    noncharacters such as U+FFFE/U+FFFF): what is left is valid in front matter, Markdown, RSS and JSON.

    Source: XML 1.0 (Fifth Edition) §2.2 Characters.
    """
    text = _NOT_XML.sub("", text)
    if _ASTRAL.search(text):
        text = _ASTRAL.sub(lambda m: "" if ord(m.group()) & 0xFFFE == 0xFFFE else m.group(), text)
    return text


def clean_line(text: str) -> str:
    """Normalise one line of untrusted text: XML-valid (see xml_text), NFC, no control characters and nothing
    invisible (remove_invisible: soft hyphens, zero-width characters, bidi controls …), single spaces."""
    text = unicodedata.normalize("NFC", remove_invisible(xml_text(text)))
    text = _CONTROL.sub("", text)
    return _WS.sub(" ", text.replace("\n", " ")).strip()


def plain_text(markup: str, keep_paragraphs: bool = False) -> str:
    """Turn an HTML fragment (or text with entities) into plain text; scripts and styles vanish."""
    if not markup:
        return ""
    if "<" not in markup:
        text = html.unescape(markup)
        return _paragraphs(text) if keep_paragraphs else clean_line(text)
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return clean_line(html.unescape(re.sub(r"<[^>]*>", " ", markup)))
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    text = root.text_content()
    return _paragraphs(text) if keep_paragraphs else clean_line(text)


def _paragraphs(text: str) -> str:
    lines = (clean_line(line) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def has_cjk(text: str) -> bool:
    """True when `text` holds a CJK ideograph (Chinese)."""
    return bool(_CJK.search(text))


# Sentence ends (split_sentences). A closing quote or bracket right after the stop stays with its sentence.
_CLOSERS = "\"'”’」』）)】》\\]"
_CJK_CHAR = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_STOP = re.compile(
    rf"[。！？；]+[{_CLOSERS}]*"  # Chinese stops end a sentence wherever they stand
    rf"|[!?;]+[{_CLOSERS}]*(?=\s|$|[{_CJK_CHAR}])"  # ASCII ones only before a space, the end or Chinese:
    # never inside a URL (item?id=1, /p;v=1)
    rf"|(?:\.{{3}}|…+)[{_CLOSERS}]*(?=\s+[A-Z\"“‘{_CJK_CHAR}]|$)"  # an ellipsis before a new sentence or the end
    rf"|\.[{_CLOSERS}]*(?=\s+[A-Z0-9\"'“‘(（{_CJK_CHAR}]|$|[{_CJK_CHAR}])"  # a full stop: not 3.5, v1.2, x.ai
)
# Abbreviations that (almost) never end a sentence: a period after one is not a stop. Letters-and-dots words
# (U.S., e.g., i.e., a.m.) are recognised by their shape.
_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr Prof Sr Jr St Mt vs Inc Corp Ltd Co Bros No Nos Fig Figs Vol Eq approx ca cf al Gen Gov Sen Rep "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Ph.D".split()
)
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at `dot` closes an abbreviation ("Inc.", "U.S.") or an initial ("J. Smith")."""
    word = re.split(r"[\s(（\"“]", text[:dot])[-1]
    return word in _ABBREVIATIONS or bool(_DOTTED.fullmatch(word)) or bool(re.fullmatch(r"[A-Z]", word))


def split_sentences(text: str) -> list[str]:
    """Split Chinese and English text into sentences, each keeping its end punctuation and closing quotes.

    Returns the stripped sentences in order; their concatenation is the text without the spaces between them.
    A sentence ends at 。！？； (always), at ASCII ! ? ; before a space, the end or a Chinese character (so a
    URL's query or parameters never split), at an ellipsis before a new sentence, and at a period before a space
    and a capital, digit, quote or Chinese character, unless the period belongs to an abbreviation. Periods
    inside a token (3.5, v1.2, x.ai) never end a sentence. Paragraphs (newlines) always do.
    """
    out: list[str] = []
    for paragraph in re.split(r"\n+", text):
        start = 0
        for match in _STOP.finditer(paragraph):
            if (
                match.group().startswith(".")
                and not match.group().startswith("...")
                and _is_abbreviation(paragraph, match.start())
            ):
                continue
            out.append(paragraph[start : match.end()])
            start = match.end()
        out.append(paragraph[start:])
    return [part.strip() for part in out if part.strip()]


_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_POSSESSIVE = re.compile(r"['’]s\b")
# Words too common in AI headlines to say which story it is (on top of EN_STOPWORDS); a study's or a survey's
# opening in Chinese ("调查显示", "研究发现") likewise: two studies with one figure are two stories.
_ZH_FRAME = re.compile(r"(?:研究|调查|报告|统计|数据)(?:发现|显示|称|表明|指出)")
SIMILARITY_STOPWORDS = EN_STOPWORDS | frozenset(
    "ai model models its their up out now study studies finds find researchers survey shows show".split()
)


def _stem(word: str) -> str:
    """A light English stemmer (releases, released, releasing → releas): enough to match reworded titles."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def title_tokens(text: str) -> set[str]:
    """Tokens for similarity: CJK character bigrams, stemmed latin words without stopwords, and every number, amount,
    percentage, multiple and funding round as one key in both languages (lang.quantities: "$13B", "$13 billion"
    and "130亿美元" give "#1.3e+10"; "四成" and "40%" give "%40")."""
    text = clean_line(text)
    tokens, text = read_quantities(text)
    text = _POSSESSIVE.sub("", text.lower())
    for word in _WORD.findall(text):
        if word in SIMILARITY_STOPWORDS or (len(word) == 1 and word.isalpha()):
            continue
        tokens.add(_stem(word))
    for run in _CJK_RUN.findall(_ZH_FRAME.sub(" ", text)):
        if len(run) == 1:
            tokens.add(run)
        tokens.update(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


# Boundaries truncate() cuts at, strongest first. A kept text ends before the boundary's punctuation (which is
# stripped with _TRAILING) or, for a stop followed by a closing quote, after the quote.
_CLAUSE_END = re.compile(
    rf"[。！？；]+[{_CLOSERS}]*"  # Chinese stops, and the "；" that joins headlines
    rf"|[!?;]+[{_CLOSERS}]*(?=\s|$|[{_CJK_CHAR}])"  # ASCII ones before a space, the end or Chinese
    rf"|\.[{_CLOSERS}]*(?=\s+[A-Z0-9\"'“‘(（{_CJK_CHAR}]|[{_CJK_CHAR}])"  # a full stop (split_sentences' rule)
)
_PHRASE_MARK = re.compile(r"[，、：｜]|[,:|](?=\s)|\s[-–—]+\s|——|\s?[(（《“]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._+'’\-]*[A-Za-z0-9+])?")
_TRAILING = " \t,，、;；:：。.|｜-–—/·(（《“‘「『[【"
# A clause or phrase boundary is taken only when the text it keeps is at least this share of the room.
KEEP_AT_LEAST = 0.6


def display_width(text: str) -> int:
    """Columns `text` takes in a monospace or CJK layout: East Asian wide and full-width characters count two
    (Unicode Standard Annex #11, via unicodedata.east_asian_width), every other character one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit_width(text: str, columns: int) -> int:
    """How many leading characters of `text` fit in `columns` (display_width)."""
    used = 0
    for count, ch in enumerate(text):
        used += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used > columns:
            return count
    return len(text)


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` stripped, cut to at most `limit` characters (the ellipsis included) when it is longer.

    The cut falls at the last boundary that keeps the most meaning, strongest first:
    1. the end of a sentence or clause (。！？；, and ! ? ; . in latin text, as split_sentences reads them: the
       "；" that joins headlines is one), when what is kept is at least KEEP_AT_LEAST of the room;
    2. a phrase mark (，、： ｜, a latin comma or colon before a space, a dash between spaces, an opening bracket
       or quote), with the same floor;
    3. a word boundary: a space in latin text, a word boundary of jieba's segmentation in Chinese text;
    4. failing all of these (one very long word), the limit itself.
    A cut is never inside a latin word (letters, digits and the . - + ' inside them: "Aurora-3", "v1.2").
    The kept text loses its trailing punctuation and gets `ellipsis`. Returns "" only for an empty text.
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    room = limit - len(ellipsis)
    if room <= 0:
        return text[: max(limit, 0)]
    head = _cut(text, room)
    return head + ellipsis


def _kept(text: str, end: int) -> str:
    return text[:end].rstrip(_TRAILING)


def _cut(text: str, room: int) -> str:
    """The longest good head of `text` of at most `room` characters, trailing punctuation stripped."""
    window = text[: room + 2]  # a boundary mark right after the room still leaves a head that fits
    floor = max(1, int(room * KEEP_AT_LEAST))
    words = _latin_words(text, room)
    for pattern in (_CLAUSE_END, _PHRASE_MARK):
        # Only the marks past the floor can keep enough; the last one whose head fits wins.
        ends = [m.end() if pattern is _CLAUSE_END else m.start() for m in pattern.finditer(window, floor)]
        for end in reversed(ends):
            head = _kept(text, end)
            if floor <= len(head) <= room and not _inside(end, words):
                return head
    for end in sorted(_word_boundaries(text, room), reverse=True):
        head = _kept(text, end)
        if 0 < len(head) <= room and not _inside(end, words):
            return head
    return text[:room].rstrip() or text[:room]


def _latin_words(text: str, room: int) -> list[tuple[int, int]]:
    """Spans of the latin words around the cut (a window of the text before and after `room`)."""
    start = max(0, room - 80)
    return [m.span() for m in _LATIN_WORD.finditer(text, start, room + 40)]


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < position < end for start, end in spans)


def _word_boundaries(text: str, room: int) -> list[int]:
    """Positions ≤ room + 1 where a word starts: after a space, and between jieba's words in Chinese text."""
    start = max(0, room - 60)
    window = text[start : room + 20]
    positions = {start + m.end() for m in re.finditer(r"\s+", window)}
    if has_cjk(window):
        import jieba  # loads its dictionary on the first cut (~1 s), only for Chinese text that needs it

        jieba.setLogLevel(logging.WARNING)
        positions.update(start + begin for _, begin, _ in jieba.tokenize(window) if begin)
    return [p for p in positions if p <= room + 1]


# ── whole pieces: what reader-facing text is fitted with (issue 19 §2: never a sentence cut mid-way) ──────────

# Clause marks a headline may end at when it is shortened: its clauses read as a shorter headline.
# A latin comma or colon between two digits is part of a number or a time ("500,000", "10:30"), not a clause's end.
_HEAD_CLAUSE = re.compile(
    r"[，；;：｜|]\s*|(?<!\d)[,:]\s*|[,:](?!\d)\s*|\s[-–—]\s|——|(?<=[\u4e00-\u9fff”」》])\s+(?=[\u4e00-\u9fff“「《])"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of `text` (split_sentences) in `text` itself."""
    spans: list[tuple[int, int]] = []
    position = 0
    for sentence in split_sentences(text):
        start = text.find(sentence, position)
        if start < 0:  # split_sentences only strips: never happens, but a span must stay honest
            break
        spans.append((start, start + len(sentence)))
        position = start + len(sentence)
    return spans


def fit_sentences(text: str, limit: int) -> str:
    """The longest head of whole sentences of `text` (split_sentences) of at most `limit` characters, with the
    spaces between them as `text` has them; "" when the first sentence alone is longer. Never an ellipsis."""
    kept = ""
    for _, end in sentence_spans(text):
        head = text[:end].strip()
        if len(head) > limit:
            break
        kept = head
    return kept


def fit_clauses(text: str, limit: int) -> str:
    """`text` whole when it has at most `limit` characters; else its longest head of whole clauses (up to a "，"
    "；" "：" "｜", a latin comma, semicolon or colon, a dash between spaces) that fits, without the mark; "" when
    even the first clause is longer. For headlines and titles: a shorter headline, never a cut one."""
    text = text.strip()
    if len(text) <= limit:
        return text
    kept = ""
    for match in _HEAD_CLAUSE.finditer(text):
        head = text[: match.start()].rstrip(_TRAILING)
        if len(head) > limit:
            break
        kept = head or kept
    return kept


def join_whole(pieces: list[str] | tuple[str, ...], limit: int, separator: str = "；") -> str:
    """The pieces joined by `separator`, as many whole ones (in order) as fit `limit` characters; a piece that
    does not fit is left out and the next ones are tried. Never a cut piece, never an ellipsis."""
    kept: list[str] = []
    for piece in (p.strip() for p in pieces):
        if piece and len(separator.join([*kept, piece])) <= limit:
            kept.append(piece)
    return separator.join(kept)
