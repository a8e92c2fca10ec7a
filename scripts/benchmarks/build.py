"""Site build time at scale: N synthetic daily posts, built with and without the project's speed-ups.

The posts are made from the sample day's real post (tests/expected/2026-11-16.md): one a day going back from the
sample day, each with its own names, numbers, sentence and story order, links and tags, so that no two posts share
their text (the size and shape stay those of a real post). Every post has its own cover file (one small PNG, copied).
Sites are built into temp dirs; nothing is written into docs/.

Figures (N = 1000 and 2000; with --quick N = 100 and 300, and the keys carry the N):
  build_{N}_s               `mkdocs build --strict` with the speed-ups (overrides/hooks/speed.py)
  build_{N}_stock_s         the same posts without them (AINEWS_SPEEDUPS=0), same run
  build_speedup_x           stock / fast at the smaller N
  build_scaling_x           fast build time at the larger N / at the smaller N (linear: 2.0; with --quick: 3.0)
  search_index_kb_per_post  search/search_index.json over N posts, with the speed-ups (…_stock_… without)
  site_mb                   the whole built site, with the speed-ups (site_stock_mb without)
Each build is `mkdocs build --strict` in a subprocess (not -q: MkDocs would then drop the warnings --strict counts).
"""

from __future__ import annotations

import datetime
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

from generator.samples.demo import copy_site

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_POST = ROOT / "tests" / "expected" / "2026-11-16.md"
LAST_DAY = datetime.date(2026, 11, 16)
SPEEDUPS_ENV = "AINEWS_SPEEDUPS"  # read by overrides/hooks/speed.py: "0" builds the stock site

# Names in the sample post, each replaced by an invented one per post (longest first, so that no name is cut).
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
SAMPLE_BASE = "https://sample.invalid"  # stands for the sample post's {{BASE}} (not YAML as it is)
URL = re.compile(re.escape(SAMPLE_BASE) + r"[^\s)]*")
DIGITS = re.compile(r"\d")
SENTENCE = re.compile(r"(?<=[。！？])")


def make_post(index: int, spacing_days: int = 1) -> tuple[datetime.date, str]:
    """The index-th synthetic post (0 = the sample day, 1 = `spacing_days` before …): (its date, its Markdown)."""
    day = LAST_DAY - datetime.timedelta(days=index * spacing_days)
    rng = random.Random(index)
    text = TEMPLATE_POST.read_text(encoding="utf-8").replace("{{BASE}}", SAMPLE_BASE)
    head, body = text.split("\n---\n", 1)
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
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return day, f"---\n{front}---\n{body}"


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
    if len(sentences) < 3 or line.startswith(("#", "-", "来源", "!")):
        return line
    rng.shuffle(sentences)
    return "".join(sentences)


def make_site(dest: Path, count: int, spacing_days: int = 1) -> Path:
    """A copy of the site (without real posts) with `count` synthetic posts and covers; returns its mkdocs.yml."""
    config = copy_site(dest, include_posts=False)
    posts = dest / "docs" / "blog" / "posts"
    covers = dest / "docs" / "assets" / "covers"
    posts.mkdir(parents=True, exist_ok=True)
    covers.mkdir(parents=True, exist_ok=True)
    cover = _small_png()
    for index in range(count):
        day, text = make_post(index, spacing_days)
        (posts / f"{day}.md").write_text(text, encoding="utf-8")
        (covers / f"{day}.png").write_bytes(cover)
    return config


def _small_png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 630), (48, 63, 159)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def build(config: Path, out: Path, speedups: bool = True) -> float:
    """`mkdocs build --strict` of the site at `config` into `out`; returns the wall time in seconds.

    Not with -q: MkDocs then drops warnings before --strict can count them."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", SPEEDUPS_ENV: "1" if speedups else "0"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(
            f"mkdocs build failed ({'with' if speedups else 'without'} speed-ups):\n{done.stderr}"
        )
    return elapsed


def tree_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def run(quick: bool = False) -> dict[str, float]:
    small, large = (100, 300) if quick else (1000, 2000)
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ainews-bench-build-") as tmp:
        work = Path(tmp)
        build(
            make_site(work / "warm", 3), work / "warm-site"
        )  # jieba's dictionary cache, imports, disk cache
        config = make_site(work / "small", small)
        fast, stock = work / "small-fast", work / "small-stock"
        results[f"build_{small}_stock_s"] = build(config, stock, speedups=False)
        results[f"build_{small}_s"] = build(config, fast)
        results["build_speedup_x"] = results[f"build_{small}_stock_s"] / results[f"build_{small}_s"]
        index, stock_index = (site / "search" / "search_index.json" for site in (fast, stock))
        results["search_index_kb_per_post"] = index.stat().st_size / 1024 / small
        results["search_index_stock_kb_per_post"] = stock_index.stat().st_size / 1024 / small
        results["site_mb"] = tree_size(fast) / 1e6
        results["site_stock_mb"] = tree_size(stock) / 1e6
        for path in (work / "small", fast, stock):
            shutil.rmtree(path)
        config = make_site(work / "large", large)
        results[f"build_{large}_s"] = build(config, work / "large-fast")
        results["build_scaling_x"] = results[f"build_{large}_s"] / results[f"build_{small}_s"]
    return results
