"""Site build time and search index size at scale: N synthetic daily posts, built as configured and as stock.

The posts are made from the sample day's post as the real CLI writes it (offline editor, sample day served on
loopback) in each layout: one a day going back from the sample day, each with its own names, numbers, sentence and
story order, links and tags, so that no two posts share their text (the size and shape stay those of a real post).
Every post has its own cover file (one small PNG, copied). Sites are built into temp dirs; nothing is written into
docs/.

"Stock" is the same site without the project's search exclusions: no `{ data-search-exclude }` marker in the posts,
no `search:` front matter in the hand-written pages, and neither generator/finish/hooks/search_exclude.py nor
search_index_utf8.py: what Material's search plugin indexes and writes on its own.

Figures (N = 1000 and 2000; with --quick N = 100 and 300, and the keys carry the N), for the configured layout
(generator/config.yml) unless a key names one:
  build_{N}_s                    `mkdocs build --strict` of the site as configured
  build_{N}_stock_s              the same posts built stock, same run (target: build_{N}_s <= 1.1 x this)
  build_{N}_before_s             the same posts as the site was before the lean posts: story records in every
                                 post's front matter, the blog's archive and category views on
  build_faster_than_before_pct   how much faster build_{N}_s is than build_{N}_before_s (target at 1,000: >= 25)
  build_stock_ratio_x            build_{N}_s / build_{N}_stock_s
  build_scaling_x                build time at the larger N / at the smaller N (linear: 2.0; with --quick: 3.0)
  search_index_kb_per_post       search/search_index.json over N posts (target: <= 4 at N = 1000)
  search_index_gzip_kb_per_post  the same file gzip-compressed (level 6), as a server that compresses JSON sends it
  search_index_stock_kb_per_post the stock build's index over N posts
  search_index_{layout}_kb_per_post  each other layout, over LAYOUT_POSTS posts (the index grows linearly)
  site_mb, site_stock_mb         the whole built site, as configured and stock
Each build is `mkdocs build --strict` in a subprocess (not -q: MkDocs would then drop the warnings --strict counts).
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from generator.config import load_settings
from generator.post import LAYOUTS
from generator.samples import SAMPLE_DATE, serve_sample_day
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config

LAST_DAY = SAMPLE_DATE
LAYOUT_POSTS = (30, 250)  # posts per other layout: --quick, full
# Names in the sample day's posts, each replaced by an invented one per post (longest first, so that no name is cut).
ENTITIES = (
    "星衡智能",
    "星织2",
    "海州市",
    "芯屿科技",
    "屿算X2",
    "云杉科技",
    "轻舟",
    "深蓝视觉",
    "流光1.5",
    "本草智算",
    "青简",
    "声澜",
    "城商行",
    "Northwind Labs",
    "Northwind",
    "Aurora-3",
    "Lumenary",
    "Cirrus Grid",
    "StarWeave-2",
    "Xingheng",
    "CMMB-2",
)
HAN = "星云海光智芯算谷川岳辰宇启明晨曦天衡微澜远舟青禾极光深蓝北辰南山锦程灵犀九章万象鸿蒙昆仑长河"
LATIN = (
    "Nova",
    "Orbit",
    "Vector",
    "Quanta",
    "Helix",
    "Lumen",
    "Cobalt",
    "Aster",
    "Pylon",
    "Zephyr",
    "Kestrel",
)
SAMPLE_BASE = "https://sample.invalid"  # stands for the sample server's random address in the template posts
URL = re.compile(re.escape(SAMPLE_BASE) + r"[^\s)]*")
DIGITS = re.compile(r"\d")
SENTENCE = re.compile(r"(?<=[。！？])")
# A block's or a heading's marker, with the spaces or the line break before it.
MARKER = re.compile(r"[ \n]*\{ data-search-exclude \}")
SEARCH_META = re.compile(r"^search:\n(?:[ \t]+.*\n)+", re.M)  # a `search:` mapping in front matter
SEARCH_HOOKS = ("generator/finish/hooks/search_exclude.py", "generator/finish/hooks/search_index_utf8.py")


RECORDS: dict[str, str] = {}  # layout → the sample post's story records (JSON), filled by sample_posts


def sample_posts(work: Path) -> dict[str, str]:
    """The sample day's post in every layout (layout name → Markdown), written by the real CLI in a subprocess;
    its story records file goes into RECORDS."""
    posts = {}
    env = {key: value for key, value in os.environ.items() if key != "GEMINI_API_KEY"}
    with serve_sample_day() as base_url:
        for layout in LAYOUTS:
            site = work / f"sample-{layout}"
            copy_site(site, include_posts=False)
            config = write_sample_config(site, base_url, work / f"cache-{layout}", {"layout": layout})
            day = SAMPLE_DATE.isoformat()
            command = [sys.executable, "-m", "generator", "generate", "--config", str(config)]
            command += ["--date", day, "--now", SAMPLE_NOW]
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"generate ({layout}) failed: {done.stderr.strip()}")
            text = (site / "docs" / "blog" / "posts" / f"{day}.md").read_text(encoding="utf-8")
            records = site / "docs" / "blog" / "posts" / f"{day}.stories.json"
            RECORDS[layout] = records.read_text(encoding="utf-8").replace(base_url, SAMPLE_BASE)
            posts[layout] = text.replace(base_url, SAMPLE_BASE)
            shutil.rmtree(site)
    return posts


def make_post(
    template: str, index: int, spacing_days: int = 1, records: str = "", records_in_front_matter: bool = False
) -> tuple[datetime.date, str, str]:
    """The index-th synthetic post (0 = the sample day, 1 = `spacing_days` before …) made from the `template` post
    (Markdown with front matter) and its story `records` (JSON): (its date, its Markdown, its records file). With
    `records_in_front_matter` the records go into the front matter (`stories:`), as posts kept them before the
    records file existed, and no records file is made."""
    day = LAST_DAY - datetime.timedelta(days=index * spacing_days)
    rng = random.Random(index)
    head, body = template.split("\n---\n", 1)
    meta = yaml.safe_load(head.removeprefix("---\n"))
    names = _invent_names(rng)
    digits = _digit_permutation(rng)

    def vary(text: str) -> str:
        pieces = URL.split(text)
        links = URL.findall(text)
        pieces = [DIGITS.sub(lambda m: digits[m.group(0)], _rename(piece, names)) for piece in pieces]
        base = f"https://news{index % 17}.example.com/{day:%Y/%m/%d}"
        return "".join(
            p + (links[i].replace(SAMPLE_BASE, base) if i < len(links) else "") for i, p in enumerate(pieces)
        )

    body = _shuffle_body(vary(body.replace(f"covers/{LAST_DAY}.png", "covers/COVER.png")), rng)
    body = body.replace("covers/COVER.png", f"covers/{day}.png")
    pool = sorted({DIGITS.sub(lambda m: digits[m.group(0)], name) for name in names.values()})
    meta.update(
        title=vary(meta["title"]),
        date=day,
        slug=f"ai-daily-{day}",
        tags=["AI", "AI 日报", *rng.sample(pool, 5)],
        keywords=["AI", "AI 日报", *rng.sample(pool, 6)],
        description=vary(meta["description"]),
        image=f"assets/covers/{day}.png",
        summary=[vary(line) for line in meta["summary"]],
        sources=[vary(url) for url in meta["sources"]],
        items_read=30 + index % 40,
    )
    data = vary(records) if records else ""
    if data and records_in_front_matter:
        meta["stories"] = json.loads(data)["stories"]
        data = ""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return day, f"---\n{front}---\n{body}", data


def _invent_names(rng: random.Random) -> dict[str, str]:
    """A new name for every name in ENTITIES: two new characters or words, then the old one's suffix."""
    names = {}
    for name in ENTITIES:
        if re.match(r"[A-Za-z]", name):
            names[name] = rng.choice(LATIN) + rng.choice(LATIN) + re.sub(r"^[A-Za-z]+", "", name)
        else:
            names[name] = "".join(rng.sample(HAN, 2)) + name[2:]
    return names


def _rename(text: str, names: dict[str, str]) -> str:
    """Replace every name, also in its Markdown-escaped form (`Aurora\\-3`)."""
    for old, new in names.items():
        text = text.replace(old, new).replace(_escaped(old), _escaped(new))
    return text


def _escaped(name: str) -> str:
    return name.replace("-", "\\-").replace(".", "\\.")


def _digit_permutation(rng: random.Random) -> dict[str, str]:
    """1–9 shuffled, 0 kept: numbers stay numbers of the same length, without a leading zero."""
    shuffled = rng.sample("123456789", 9)
    return {"0": "0", **{str(d): shuffled[d - 1] for d in range(1, 10)}}


def _shuffle_body(body: str, rng: random.Random) -> str:
    """Shuffle the sentences of every paragraph and the stories of every section (the excerpt stays as it is)."""
    excerpt, rest = body.split("<!-- more -->", 1)
    sections = rest.split("\n## ")
    out = []
    for section in sections:
        heading, *stories = section.split("\n### ")
        stories = [
            "\n".join(_shuffle_sentences(line, rng) for line in story.split("\n")) for story in stories
        ]
        rng.shuffle(stories)
        out.append("\n### ".join([heading, *stories]))
    return excerpt + "<!-- more -->" + "\n## ".join(out)


def _shuffle_sentences(line: str, rng: random.Random) -> str:
    sentences = [s for s in SENTENCE.split(line) if s]
    if len(sentences) < 3 or line.startswith(("#", "-", "来源", "!", "{", "*", ">", "|")):
        return line
    rng.shuffle(sentences)
    return "".join(sentences)


def make_site(
    dest: Path,
    template: str,
    count: int,
    spacing_days: int = 1,
    stock: bool = False,
    records: str = "",
    before: bool = False,
) -> Path:
    """A copy of the site (without real posts) with `count` synthetic posts made from `template` and their story
    `records`, and covers; `stock`: without the search exclusions (see the module docstring); `before`: the site
    as it was before the lean posts (records in every post's front matter, the blog's archive and category views
    on). Returns the copy's mkdocs.yml."""
    config = copy_site(dest, include_posts=False)
    posts = dest / "docs" / "blog" / "posts"
    covers = dest / "docs" / "assets" / "covers"
    posts.mkdir(parents=True, exist_ok=True)
    covers.mkdir(parents=True, exist_ok=True)
    cover = _small_png()
    for index in range(count):
        day, text, data = make_post(template, index, spacing_days, records, records_in_front_matter=before)
        (posts / f"{day}.md").write_text(MARKER.sub("", text) if stock else text, encoding="utf-8")
        if data:
            (posts / f"{day}.stories.json").write_text(data, encoding="utf-8")
        (covers / f"{day}.png").write_bytes(cover)
    if before:
        text = config.read_text(encoding="utf-8")
        for option in ("archive", "categories"):
            text, done = re.subn(rf"(?m)^(\s+){option}: false$", rf"\1{option}: true", text)
            if done != 1:
                raise RuntimeError(f"mkdocs.yml has no `{option}: false` line to turn on")
        config.write_text(text, encoding="utf-8")
    if stock:
        for page in (dest / "docs").glob("*.md"):
            page.write_text(SEARCH_META.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
        lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
        config.write_text(
            "".join(line for line in lines if not any(hook in line for hook in SEARCH_HOOKS)),
            encoding="utf-8",
        )
    return config


def _small_png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 630), (48, 63, 159)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def build(config: Path, out: Path) -> float:
    """`mkdocs build --strict` of the site at `config` into `out`; returns the wall time in seconds.

    Not with -q: MkDocs then drops warnings before --strict can count them."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build of {config} failed:\n{done.stderr}")
    return elapsed


def tree_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def index_kb_per_post(site: Path, posts: int, compressed: bool = False) -> float:
    """The built site's search index in KB (1024 bytes) per post, as written or gzip-compressed (level 6)."""
    data = (site / "search" / "search_index.json").read_bytes()
    return len(gzip.compress(data, compresslevel=6) if compressed else data) / 1024 / posts


def run(quick: bool = False) -> dict[str, float]:
    small, large = (100, 300) if quick else (1000, 2000)
    layout = load_settings().layout
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ainews-bench-build-") as tmp:
        work = Path(tmp)
        templates = sample_posts(work)
        template, records = templates[layout], RECORDS[layout]
        build(make_site(work / "warm", template, 3), work / "warm-site")  # jieba's cache, imports, disk cache
        ours, stock = work / "small-site", work / "small-stock-site"
        results[f"build_{small}_stock_s"] = build(
            make_site(work / "stock", template, small, stock=True, records=records), stock
        )
        results[f"build_{small}_before_s"] = build(
            make_site(work / "before", template, small, records=records, before=True), work / "before-site"
        )
        shutil.rmtree(work / "before")
        shutil.rmtree(work / "before-site")
        results[f"build_{small}_s"] = build(make_site(work / "small", template, small, records=records), ours)
        results["build_faster_than_before_pct"] = 100 * (
            1 - results[f"build_{small}_s"] / results[f"build_{small}_before_s"]
        )
        results["build_stock_ratio_x"] = results[f"build_{small}_s"] / results[f"build_{small}_stock_s"]
        results["search_index_kb_per_post"] = index_kb_per_post(ours, small)
        results["search_index_gzip_kb_per_post"] = index_kb_per_post(ours, small, compressed=True)
        results["search_index_stock_kb_per_post"] = index_kb_per_post(stock, small)
        results["site_mb"] = tree_size(ours) / 1e6
        results["site_stock_mb"] = tree_size(stock) / 1e6
        for path in (work / "small", work / "stock", ours, stock):
            shutil.rmtree(path)
        results[f"build_{large}_s"] = build(
            make_site(work / "large", template, large, records=records), work / "large-site"
        )
        results["build_scaling_x"] = results[f"build_{large}_s"] / results[f"build_{small}_s"]
        shutil.rmtree(work / "large")
        shutil.rmtree(work / "large-site")
        count = LAYOUT_POSTS[0 if quick else 1]
        for other in (name for name in LAYOUTS if name != layout):
            site = work / f"{other}-site"
            build(make_site(work / other, templates[other], count, records=RECORDS[other]), site)
            results[f"search_index_{other}_kb_per_post"] = index_kb_per_post(site, count)
    return results
