"""Extraction quality and speed on the ScrapingHub article-extraction benchmark (181 real pages with gold text).

Data: ../shared/data/extraction-benchmark/ (html/<id>.html.gz, ground-truth.json; see its README); the bench
skips with one line when it is absent. The metric is the benchmark's own (its evaluate.py): the text is split
into words with the regular expression \\w+ (Unicode), word 4-shingles are counted on both sides, a page's
true/false positives and false negatives are normalised to sum to 1, precision is averaged over the pages that
predict anything, recall over the pages that have gold text, and F1 is the harmonic mean of the two averages.

Lines: extract_* for the product (generator.extract.article.read_page: decode, both extractors, clean-up; the text
before the `extract.max_chars` cap, which only limits what the editors get), extract_readability_* and
extract_trafilatura_* for the plain libraries (readability-lxml's summary as plain text through
generator.text.plain_text; trafilatura.extract(html, include_comments=False) as the benchmark runs it).
The pages are split in two halves by a hash of their id (`half`): the chooser between the two extractors
(generator.maintext.arbitrate) was tuned on half "a" only; half "b" is the check. Each figure is printed for all
pages and for each half (extract_a_*, extract_b_*, extract_trafilatura_b_f1 …).
extract_empty counts pages where the product found no text; extract_ms_per_page is the mean wall-clock time of
read_page, extract_ms_per_page_median its median, extract_cpu_ms_per_page_median the median CPU time (the same
on an idle machine; lower when other processes share the cores). The first page also pays for imports.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "extraction-benchmark"
_TOKEN = re.compile(r"\w+")
Counts = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Word n-shingles of a text, counted (the benchmark's _ngrams: one shorter shingle when < n words)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(gold: str, predicted: str) -> Counts:
    """(tp, fp, fn) of a page's shingles, normalised to sum to 1 (all 0 when both texts are empty)."""
    true, pred = shingles(gold), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)


def scores(counts: Iterable[Counts]) -> dict[str, float]:
    """f1, precision and recall over pages, as the benchmark's metrics_from_tp_fp_fns computes them."""
    counts = list(counts)
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    return {"f1": 2 * precision * recall / (precision + recall), "precision": precision, "recall": recall}


def load(limit: int | None = None) -> list[tuple[str, bytes, str, str]]:
    """(id, page bytes, page URL, gold text) of the benchmark's pages, sorted by id; [] when the data is absent."""
    truth_file = DATA / "ground-truth.json"
    if not truth_file.is_file():
        return []
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth)[:limit]:
        raw = gzip.decompress((DATA / "html" / f"{key}.html.gz").read_bytes())
        pages.append((key, raw, truth[key].get("url", ""), truth[key].get("articleBody", "")))
    return pages


def half(page_id: str) -> str:
    """ "a" (the pages the chooser was tuned on) or "b" (the check): the parity of the first byte of the id's
    SHA-256, a fixed split of about half the pages each."""
    return "ab"[hashlib.sha256(page_id.encode()).digest()[0] % 2]


def product_text(raw: bytes, url: str) -> str:
    from generator.extract import read_page

    return read_page(raw, {}, url or "https://example.com/").text


def _readability_text(raw: bytes, url: str) -> str:
    from readability import Document

    from generator.text import plain_text

    return plain_text(
        Document(raw.decode("utf-8", "replace")).summary(html_partial=True), keep_paragraphs=True
    )


def _trafilatura_text(raw: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(raw.decode("utf-8", "replace"), include_comments=False) or ""


def measure(
    pages: list[tuple[str, bytes, str, str]], extractor: Callable[[bytes, str], str]
) -> tuple[dict[str, float], list[str], list[tuple[float, float]]]:
    """(scores, texts, (wall-clock, CPU) seconds per page) of one extractor over the pages."""
    texts, seconds = [], []
    for _, raw, url, _gold in pages:
        start, start_cpu = time.perf_counter(), time.process_time()
        texts.append(extractor(raw, url))
        seconds.append((time.perf_counter() - start, time.process_time() - start_cpu))
    return scores(page_counts(p[3], t) for p, t in zip(pages, texts, strict=True)), texts, seconds


def _by_half(
    name: str, pages: list[tuple[str, bytes, str, str]], texts: list[str]
) -> dict[str, float | int | str]:
    """The scores of one extractor's texts over each half of the pages (extract_{name}{a,b}_*)."""
    out: dict[str, float | int | str] = {}
    for part in "ab":
        chosen = [(p, t) for p, t in zip(pages, texts, strict=True) if half(p[0]) == part]
        if chosen:
            measured = scores(page_counts(p[3], t) for p, t in chosen)
            out.update({f"extract_{name}{part}_{k}": v for k, v in measured.items()})
    return out


def run(quick: bool = False) -> dict[str, float | int | str]:
    pages = load(40 if quick else None)
    if not pages:
        print(f"extract: skipped, no benchmark data at {DATA}")
        return {}
    product, texts, seconds = measure(pages, product_text)
    out: dict[str, float | int | str] = {f"extract_{k}": v for k, v in product.items()}
    out.update(_by_half("", pages, texts))
    out["extract_empty"] = sum(1 for t in texts if not t.strip())
    out["extract_ms_per_page"] = 1000 * statistics.mean(wall for wall, _ in seconds)
    out["extract_ms_per_page_median"] = 1000 * statistics.median(wall for wall, _ in seconds)
    out["extract_cpu_ms_per_page_median"] = 1000 * statistics.median(cpu for _, cpu in seconds)
    for name, extractor in (("readability", _readability_text), ("trafilatura", _trafilatura_text)):
        measured, texts, seconds = measure(pages, extractor)
        out.update({f"extract_{name}_{k}": v for k, v in measured.items()})
        out.update(_by_half(f"{name}_", pages, texts))
        out[f"extract_{name}_empty"] = sum(1 for t in texts if not t.strip())
        out[f"extract_{name}_ms_per_page_median"] = 1000 * statistics.median(wall for wall, _ in seconds)
    return out
