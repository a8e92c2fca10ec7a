"""The post-build fixes of a built site, for ANY site builder (MkDocs with Material, or Zensical).

MkDocs runs them as hooks (hooks/, each a thin wrapper naming the upstream behaviour it works around);
Zensical runs no MkDocs hooks, so `python -m generator finish-site` applies the same functions to its output
(ARCHITECTURE.md, "Material's successor"). Each is idempotent: a site finished once (by the hooks) is left as it
is, byte for byte. Each returns a FinishReport; none logs, so that the caller says it where its reader looks
(MkDocs' log, which --strict counts, or the command's stderr and annotations). Only the standard library and the
one atomic writer are imported: the hooks load this in every MkDocs build.

The feeds: RSS 2.0 (rssboard.org/rss-specification) `feed_rss_*.xml` and JSON Feed 1.1 `feed_json_*.json`, as
mkdocs-rss-plugin 1.19 and Zensical 0.0.x write them. The search index: Material's `search/search_index.json`
(`{"config", "docs": [...]}`) or Zensical's `search.json` (`{"config", "items": [...]}`).
"""

from __future__ import annotations

import email.utils
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.files import write_atomic

# The feeds' logo, relative to docs/ and the site: 144×144, within RSS 2.0's 144-pixel limit.
FEED_LOGO = "assets/logo.png"
SEARCH_INDEXES = ("search/search_index.json", "search.json")  # Material's, Zensical's; under the site
DC_NAMESPACE = 'xmlns:dc="http://purl.org/dc/elements/1.1/"'

_CHANNEL_DATE = re.compile(r"<(pubDate|lastBuildDate)>[^<]*</\1>")
_ITEM_DATE = re.compile(r"<pubDate>([^<]*)</pubDate>")
_PERSON = re.compile(r"<(author|managingEditor)>(.*?)</\1>", re.S)
_ADDRESS = re.compile(r"[^@\s()<>]+@[^@\s()<>]+\.[^@\s()<>]+(?: \([^()]+\))?")
_ENCLOSURE = re.compile(r'<enclosure url="([^"]*)"([^>]*?)length="None"\s*/>')
_RSS_START = re.compile(r"<rss\b[^>]*>")
_CHANNEL_TEXT = re.compile(r"<(title|link)>([^<]*)</\1>")


@dataclass(frozen=True)
class FinishReport:
    """What finishing did: the files rewritten (paths relative to the site, "/" separators) and what the owner
    should know, one sentence each (an enclosure left out, an index left as written)."""

    changed: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def __add__(self, other: FinishReport) -> FinishReport:
        return FinishReport(self.changed + other.changed, self.warnings + other.warnings)


def finish_site(
    site_dir: Path, site_url: str, drop: re.Pattern[str] | None = None, repo: str = ""
) -> FinishReport:
    """Every post-build fix, in the order the MkDocs hooks run them: the feeds' logo, enclosure lengths,
    dc:creator, the channels' dates, then the search index (UTF-8, without the entries `drop` matches: the blog's
    pagination pages, pagination_pattern), then the stories' 报错 links (generator.finish.report; `repo`: the
    repository's address, mkdocs.yml repo_url). `site_url`: the site's base URL (mkdocs.yml site_url, ending in
    "/"). Raises OSError when a file cannot be rewritten."""
    from generator.finish.report import add_report_links  # it imports FinishReport from here

    return (
        add_feed_logo(site_dir, site_url)
        + fix_enclosure_lengths(site_dir, site_url)
        + name_feed_creators(site_dir)
        + date_feed_channels(site_dir)
        + compact_search_index(site_dir, drop)
        + add_report_links(site_dir, repo)
    )


def feed_logo_url(site_url: str, root: Path) -> str | None:
    """The feeds' logo URL: `site_url` + FEED_LOGO when that file is under `root` (docs/ or the built site)."""
    return site_url + FEED_LOGO if site_url and (root / FEED_LOGO).is_file() else None


def add_feed_logo(site_dir: Path, site_url: str) -> FinishReport:
    """Give the feeds a logo where the builder wrote none: RSS `<image>` (`<url>None</url>` from mkdocs-rss-plugin
    without its `image` option, or no `<image>` at all from Zensical) and JSON Feed `"icon": null`. Its URL
    follows site_url (feed_logo_url), which mkdocs.yml cannot derive for the option itself (`!ENV` gives whole
    values only). Without site_url or the logo file, a warning when a feed has no logo."""
    logo = feed_logo_url(site_url, site_dir)
    rss = {path: path.read_text(encoding="utf-8") for path in sorted(site_dir.glob("feed_rss_*.xml"))}
    if logo is None:
        missing = "no site_url" if not site_url else f"{FEED_LOGO} is missing"
        bare = any("<url>None</url>" in text or "<image>" not in _channel_head(text) for text in rss.values())
        return FinishReport(warnings=(f"{missing}: the feeds get no logo",) if bare else ())
    changed = []
    for feed, text in rss.items():
        head = _channel_head(text)
        if "<url>None</url>" in head:
            fixed = head.replace("<url>None</url>", f"<url>{html.escape(logo)}</url>", 1)
        elif "<image>" not in head:
            fields = dict(_CHANNEL_TEXT.findall(head))
            link = f"<link>{fields['link']}</link>" if "link" in fields else ""
            fixed = f"{head}<image><url>{html.escape(logo)}</url><title>{fields.get('title', '')}</title>{link}</image>"
        else:
            continue
        changed += _write(site_dir, feed, fixed + text[len(head) :])
    for feed in sorted(site_dir.glob("feed_json_*.json")):
        try:
            data = json.loads(feed.read_bytes())
        except ValueError:
            continue  # not JSON: not a feed this step can mend
        if isinstance(data, dict) and "icon" in data and data["icon"] is None:
            data["icon"] = logo
            changed += _write(site_dir, feed, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return FinishReport(tuple(changed))


def _channel_head(text: str) -> str:
    """An RSS document up to its first `<item>` (or `</channel>`): the channel's own elements."""
    ends = [i for i in (text.find("<item>"), text.find("</channel>")) if i >= 0]
    return text[: min(ends)] if ends else text


def fix_enclosure_lengths(site_dir: Path, site_url: str) -> FinishReport:
    """Put the real size in bytes (RSS 2.0: `length`) into enclosures written with `length="None"`
    (Guts/mkdocs-rss-plugin issue 197): the size of the file the URL points to in the built site. An enclosure
    whose file is not in the site is left out, with a warning. The URL is site_url + a path under the site, so
    paths are compared (scheme and host do not matter)."""
    base_path = urlsplit(site_url).path or "/"
    changed, warnings = [], []

    def with_length(match: re.Match[str]) -> str:
        url = html.unescape(match.group(1))
        path = unquote(urlsplit(url).path)
        target = (site_dir / path[len(base_path) :]).resolve()
        if not path.startswith(base_path) or site_dir.resolve() not in target.parents or not target.is_file():
            warnings.append(f"RSS enclosure {url}: no such file in the built site, left out")
            return ""
        return f'<enclosure url="{match.group(1)}"{match.group(2)}length="{target.stat().st_size}" />'

    for feed in sorted(site_dir.glob("feed_rss_*.xml")):
        text = feed.read_text(encoding="utf-8")
        changed += _write(site_dir, feed, _ENCLOSURE.sub(with_length, text))
    return FinishReport(tuple(changed), tuple(warnings))


def name_feed_creators(site_dir: Path) -> FinishReport:
    """RSS 2.0 wants an e-mail address in an item's `<author>` and the channel's `<managingEditor>` ("editor@
    example.com (Name)"); both builders write the blog authors' names there. A value that is not an address
    becomes `<dc:creator>` (Dublin Core's element for a creator's name, which readers show as the author), escaped
    for XML; the dc namespace is declared on `<rss>` when the builder did not (Zensical)."""
    changed = []
    for feed in sorted(site_dir.glob("feed_rss_*.xml")):
        text = feed.read_text(encoding="utf-8")
        fixed = _PERSON.sub(_creator, text)
        if "<dc:creator>" in fixed and DC_NAMESPACE not in fixed:
            fixed = _RSS_START.sub(lambda m: f"{m.group(0)[:-1].rstrip()} {DC_NAMESPACE}>", fixed, count=1)
        changed += _write(site_dir, feed, fixed)
    return FinishReport(tuple(changed))


def _creator(match: re.Match[str]) -> str:
    value = html.unescape(match.group(2)).strip()
    if _ADDRESS.fullmatch(value):
        return f"<{match.group(1)}>{html.escape(value, quote=False)}</{match.group(1)}>"
    return f"<dc:creator>{html.escape(value, quote=False)}</dc:creator>" if value else ""


def date_feed_channels(site_dir: Path) -> FinishReport:
    """Date each RSS channel by its newest item: RSS 2.0's channel `<pubDate>` is the publication date of the
    content and `<lastBuildDate>` the last time it changed, but both builders write the build time there, so
    every rebuild would make a new feed. A feed without items keeps the builder's dates."""
    changed = []
    for feed in sorted(site_dir.glob("feed_rss_*.xml")):
        text = feed.read_text(encoding="utf-8")
        head, found, items = text.partition("<item>")
        dates = [email.utils.parsedate_to_datetime(d) for d in _ITEM_DATE.findall(items)]
        if found and dates:
            newest = email.utils.format_datetime(max(dates))
            changed += _write(site_dir, feed, _CHANNEL_DATE.sub(rf"<\1>{newest}</\1>", head) + found + items)
    return FinishReport(tuple(changed))


def pagination_pattern(blog_dir: str, pagination_url_format: str = "page/{page}") -> re.Pattern[str]:
    """The search index locations of the blog index's pagination pages (page 2 on, and their sections): the
    blog plugin's `pagination_url_format` (Material's default "page/{page}") under `blog_dir`, directory URLs."""
    prefix = "" if blog_dir.strip("/") in ("", ".") else blog_dir.strip("/") + "/"
    pages = re.escape(pagination_url_format.strip("/")).replace(re.escape("{page}"), r"\d+")
    return re.compile(rf"{re.escape(prefix)}{pages}/(?:#.*)?")


def compact_search_index(site_dir: Path, drop: re.Pattern[str] | None = None) -> FinishReport:
    """The search index as UTF-8 (RFC 8259 §8.1; escapes are optional): Material writes it with json.dumps'
    default ensure_ascii, six bytes a Chinese character where UTF-8 takes three, and a reader's browser fetches
    the whole file on the first search. Entries whose location fully matches `drop` (the blog's pagination pages,
    which Zensical indexes; the MkDocs hook search_exclude keeps them out there) are removed, and a section's copy
    of its page's `tags` goes (Material's plugin repeats a page's tags in each of its sections: ~0.7 KB a daily
    post, and a tag query then lists every section; its search worker keeps tags on the page's own entry only),
    and so does each zero-width space (U+200B, 3 bytes) that jieba's segmentation put where the index's own
    `separator` splits anyway (beside punctuation or a space, between a Chinese character and a Latin letter or
    digit, at a field's ends): the words the search splits are the same (tests/test_finish_site.py);
    nothing else changes (the same entries, text and order). A missing index is fine (search off); one that is not
    JSON, or that UTF-8 cannot carry (a lone surrogate), is left as written, with a warning. Rewritten only when it
    changes."""
    changed, warnings = [], []
    for name in SEARCH_INDEXES:
        path = site_dir / name
        try:
            raw = path.read_bytes()
            data = json.loads(raw)
            dropped = _drop_entries(data, drop) + _drop_section_tags(data) + _prune_separators(data)
            encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except FileNotFoundError:
            continue
        except (OSError, ValueError) as error:  # not JSON, or a lone surrogate that UTF-8 cannot carry
            warnings.append(f"{name} left as written: {error}")
            continue
        if dropped or len(encoded) < len(raw):
            changed += _write(site_dir, path, encoded)
    return FinishReport(tuple(changed), tuple(warnings))


def _drop_entries(data: object, drop: re.Pattern[str] | None) -> int:
    """Remove the entries whose location fully matches `drop` from the index's list; how many were removed."""
    if drop is None or not isinstance(data, dict):
        return 0
    key = "docs" if isinstance(data.get("docs"), list) else "items"
    entries = data.get(key)
    if not isinstance(entries, list):
        return 0
    kept = [e for e in entries if not (isinstance(e, dict) and drop.fullmatch(str(e.get("location", ""))))]
    data[key] = kept
    return len(entries) - len(kept)


def _drop_section_tags(data: object) -> int:
    """Remove `tags` from each section entry (`page/#anchor`) whose page entry (`page/`) has the same tags; how many
    sections lost theirs. A section whose tags differ from its page's keeps them."""
    if not isinstance(data, dict):
        return 0
    entries = data.get("docs", data.get("items"))
    if not isinstance(entries, list):
        return 0
    pages = {
        e.get("location"): e.get("tags")
        for e in entries
        if isinstance(e, dict) and "#" not in str(e.get("location", ""))
    }
    dropped = 0
    for entry in entries:
        if not isinstance(entry, dict) or "tags" not in entry:
            continue
        page, hash_, _ = str(entry.get("location", "")).partition("#")
        if hash_ and pages.get(page) == entry["tags"]:
            del entry["tags"]
            dropped += 1
    return dropped


ZERO_WIDTH_SPACE = "\u200b"


def _prune_separators(data: object) -> int:
    """Remove the zero-width spaces of each entry's `title` and `text` that the index's `config.separator` (a
    JavaScript regular expression that Python reads the same: character classes and lookarounds) makes redundant;
    how many went. An index without a separator, or one Python cannot compile, is left alone."""
    if not isinstance(data, dict) or not isinstance(data.get("config"), dict):
        return 0
    try:
        separator = re.compile(str(data["config"]["separator"]))
    except (KeyError, re.error):
        return 0
    entries = data.get("docs", data.get("items"))
    pruned = 0
    for entry in entries if isinstance(entries, list) else ():
        for field in ("title", "text"):
            value = entry.get(field) if isinstance(entry, dict) else None
            if isinstance(value, str) and ZERO_WIDTH_SPACE in value:
                entry[field] = kept = _pruned(value, separator)
                pruned += len(value) - len(kept)
    return pruned


def _pruned(text: str, separator: re.Pattern[str]) -> str:
    """`text` without the zero-width spaces whose neighbours `separator` splits without them."""
    out = []
    for i, char in enumerate(text):
        if char == ZERO_WIDTH_SPACE:
            before, after = (
                (out[-1] if out else ""),
                text[i + 1 : i + 2],
            )  # what it stands between once pruned
            if (
                not before
                or not after
                or separator.fullmatch(before)
                or separator.fullmatch(after)
                or len([part for part in separator.split(before + after) if part]) == 2
            ):
                continue
        out.append(char)
    return "".join(out)


def _write(site_dir: Path, path: Path, data: str | bytes) -> list[str]:
    """Write `data` to `path` atomically (the one writer) unless the file holds it already; the path rewritten, or
    none."""
    encoded = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == encoded:
        return []
    write_atomic(path, encoded)
    return [path.relative_to(site_dir).as_posix()]
