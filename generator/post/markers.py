r"""A cited text in the post (issue 21 §1): each sentence, escaped (post.escape), then its markers, small links to the
sources of its story it cites, as the post's 来源 line numbers them:

    …能效提升一倍。[\[1\]](https://…){ .cite data-search-exclude aria-label="[1] 来源：硅基日报" }

A marker's visible text is "[1]"; its accessible name starts with that text and says the source (WCAG 2.5.3, label
in name); `data-search-exclude` keeps it out of Material's search index (a bullet of 今日摘要 is indexed, its markers
need not be); the class `cite` makes it small (docs/stylesheets/extra.css). The URL is the cited article's own, one
the gate traces to a fetched item like every link. A model's sentence shows its own markers; consecutive sentences of
an article's extract (the offline editor's) show theirs once, after the last one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup

from generator.models import Citation, CitedText
from generator.post.escape import escape_piece
from generator.post.words import CITE_WORDS
from generator.text import clean_line
from generator.urls import safe_url

_NOT_IN_LABEL = re.compile(r'["{}\\<>]')  # what could end the attribute list's value or the attribute


def marker(citation: Citation) -> str:
    """One marker as Markdown (see the module docstring); "" when its URL is not one a post may link to."""
    target = safe_url(citation.url)
    if not target:
        return ""
    source = _NOT_IN_LABEL.sub("", clean_line(citation.source))
    label = CITE_WORDS["label"].format(number=citation.number, source=source)
    return f'[\\[{citation.number}\\]]({target}){{ .cite data-search-exclude aria-label="{label}" }}'


def cited_markdown(text: CitedText, show: Callable[[str], str] = escape_piece) -> Markup:
    """The Markdown of a cited text: each sentence shown by `show` (escaped; render.emphasize passes its own),
    followed by its markers; sentences joined as the text joins them (a space between two Latin ones). A model's
    sentence always shows its own markers; a run of sentences taken from our records that cite the same sources
    (an article's extract) shows them once, after its last sentence."""
    sentences = [s for s in text.sentences if clean_line(s.text)]
    out, previous = "", ""
    for k, sentence in enumerate(sentences):
        plain = clean_line(sentence.text)
        space = " " if previous and previous[-1].isascii() and plain[0].isascii() else ""
        after = sentences[k + 1] if k + 1 < len(sentences) else None
        same = after is not None and not (sentence.model or after.model) and after.cites == sentence.cites
        # str(): `show` may return Markup, and str + Markup escapes the str (the markers already in `out`)
        out += space + str(show(plain)) + ("" if same else "".join(marker(c) for c in sentence.cites))
        previous = plain
    return Markup(out)
