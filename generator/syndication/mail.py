"""A post's full content in a form an RSS-to-e-mail service can send as it is: the article of its built page
(Material's `article.md-content__inner`, or the page's first `<article>`), with every link and image made absolute
(a mail has no base address), the page's furniture left out (heading permalinks ¶, the 报错 links, the tag chips),
cleaned by lxml_html_clean (no script, style element, form, frame or event handler; only safe attributes), and
the few styles a mail client needs written inline on the elements (mail clients drop `<style>` and the site's
stylesheet): images no wider than the mail, tables with borders.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
from lxml_html_clean import Cleaner

_CLEANER = Cleaner(
    scripts=True,
    javascript=True,
    comments=True,
    style=True,
    inline_style=True,
    links=True,
    meta=True,
    page_structure=False,
    processing_instructions=True,
    embedded=True,
    frames=True,
    forms=True,
    annoying_tags=True,
    remove_unknown_tags=False,
    safe_attrs_only=True,
)
_FURNITURE = (
    "//a[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]",
    "//a[contains(concat(' ', normalize-space(@class), ' '), ' report-link ')]",
    "//nav[contains(concat(' ', normalize-space(@class), ' '), ' md-tags ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' md-source-file ')]",
)
_INLINE = {
    "img": "max-width:100%;height:auto;",
    "table": "border-collapse:collapse;",
    "th": "border:1px solid #ccc;padding:4px 6px;",
    "td": "border:1px solid #ccc;padding:4px 6px;",
    "blockquote": "margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc;color:#555;",
}


def mail_html(page: Path, permalink: str) -> str | None:
    """The mail-ready HTML of the built page `page` (an index.html) whose address is `permalink`: one `<div>`.
    None when the page has no `<article>`. Raises OSError when the page cannot be read."""
    root = lxml.html.document_fromstring(page.read_bytes())
    found = root.xpath(
        "//article[contains(concat(' ', normalize-space(@class), ' '), ' md-content__inner ')]"
    )
    found = found or root.xpath("//article")
    if not found:
        return None
    article = found[0]
    for path in _FURNITURE:
        for element in article.xpath("." + path):
            element.drop_tree()
    article.make_links_absolute(permalink, resolve_base_href=False)
    article = _CLEANER.clean_html(article)
    article.tag = "div"
    for name in list(article.attrib):
        del article.attrib[name]
    for element in article.iter(*_INLINE):
        element.set("style", _INLINE[str(element.tag)])
    return lxml.html.tostring(article, encoding="unicode").strip()
