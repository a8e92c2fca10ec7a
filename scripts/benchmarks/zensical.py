"""The site built by Zensical (Material's successor) beside MkDocs, on the same synthetic posts: `scripts/bench build
--builder zensical` (ARCHITECTURE.md, "Material's successor").

Zensical is never a dependency of the project. `ensure_zensical` installs it into a venv of its own,
.cache/zensical-venv, with that venv's pip from whatever index pip is configured with, together with
mkdocs-material at the project's version (mkdocs.yml names `material.plugins.tags.item_url` with a
`!!python/name` tag, which Zensical's YAML loader imports). When it does not install, the benchmark prints one
line saying so and no figures. tests/test_zensical.py builds the sample site with the venv's Zensical when it is
there (`zensical_command`), and skips otherwise.

Figures (N = 1000; with --quick N = 100), the configured layout (generator/config.yml):
  build_{N}_s                  `mkdocs build --strict` of the site as configured (hooks included), same run
  build_{N}_zensical_s         `zensical build --clean --strict` of the same copy: a cold build, no cache
  build_{N}_zensical_warm_s    the same build again, with Zensical's cache of the cold one (nothing changed)
  build_{N}_zensical_x         the cold Zensical build / MkDocs' (below 1: Zensical is faster)
  build_{N}_cpu_s, build_{N}_zensical_cpu_s  the CPU time (user + system, all processes) of either cold build:
                               on a shared machine the wall times move with the load, these less
  finish_site_{N}_s            `python -m generator finish-site` on Zensical's output (the hooks' post-build fixes)
  search_index_zensical_kb_per_post  Zensical's search.json (finished) over N posts, in KB (1024 bytes)
  site_zensical_mb             the whole site Zensical wrote, finished
  search_found_of_{Q}, search_found_zensical_of_{Q}  of Q queries typed into each site's search box in headless
                               Chromium, how many list their post (benchmarks/search_probe.py; left out without
                               Playwright or Chromium)
"""

from __future__ import annotations

import importlib.metadata
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import search_probe
from benchmarks.build import RECORDS, build, make_site, sample_posts, tree_size
from generator.config import load_settings

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".cache" / "zensical-venv"


def zensical_command(venv: Path = VENV) -> Path | None:
    """The `zensical` executable of `venv` when it is there and answers `--version`; else None."""
    command = venv / "bin" / "zensical"
    if not command.is_file():
        return None
    done = subprocess.run([str(command), "--version"], capture_output=True, text=True)
    return command if done.returncode == 0 else None


def ensure_zensical(venv: Path = VENV) -> tuple[Path | None, str]:
    """Zensical in `venv`, installed when missing: (its command, its version), or (None, why it is not there:
    pip's last line)."""
    command = zensical_command(venv)
    if command is None:
        material = importlib.metadata.version("mkdocs-material")
        steps = [
            [sys.executable, "-m", "venv", "--clear", str(venv)],
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
            + ["zensical", f"mkdocs-material=={material}"],
        ]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True)
            if done.returncode != 0:
                lines = [line for line in done.stderr.splitlines() if line.strip()]
                return None, lines[-1] if lines else f"{step[2]} exited with {done.returncode}"
        command = zensical_command(venv)
        if command is None:
            return None, "installed, but `zensical --version` fails"
    version = subprocess.run([str(command), "--version"], capture_output=True, text=True).stdout.strip()
    return command, version


def build_zensical(command: Path, config: Path, clean: bool = True) -> float:
    """`zensical build --strict` of the site at `config` (into its site_dir, default `site/` beside it); `clean`:
    without Zensical's cache (`--clean`). Returns the wall time in seconds; raises RuntimeError with Zensical's
    output when the build fails."""
    argv = [str(command), "build", "--strict", "-f", str(config)] + (["--clean"] if clean else [])
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=config.parent, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"zensical build of {config} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def cpu_seconds() -> float:
    """User + system CPU time of this process's finished children so far, in seconds."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def finish(site: Path, config: Path) -> float:
    """`python -m generator finish-site` on `site`, run beside the copy's mkdocs.yml (`config`) as the generator's
    default settings expect it; the wall time in seconds."""
    argv = [sys.executable, "-m", "generator", "finish-site", str(site)]
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=config.parent, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"finish-site of {site} failed:\n{done.stderr}")
    return elapsed


def run(quick: bool = False) -> dict[str, float]:
    command, version = ensure_zensical()
    if command is None:
        print(
            f"zensical: skipped, it does not install into {VENV.relative_to(ROOT)}: {version}",
            file=sys.stderr,
        )
        return {}
    print(f"zensical: {version} in {VENV.relative_to(ROOT)}", file=sys.stderr)
    count = 100 if quick else 1000
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ainews-bench-zensical-") as tmp:
        work = Path(tmp)
        layout = load_settings().layout
        template = sample_posts(work)[layout]  # and RECORDS: each post gets its records file beside it
        build(make_site(work / "warm", template, 3), work / "warm-site")  # jieba's cache, imports, disk cache
        config = make_site(work / "src", template, count, records=RECORDS[layout])
        cpu = cpu_seconds()
        results[f"build_{count}_s"] = build(config, work / "mkdocs-site")
        results[f"build_{count}_cpu_s"], cpu = cpu_seconds() - cpu, cpu_seconds()
        site = config.parent / "site"  # Zensical writes into mkdocs.yml's site_dir
        results[f"build_{count}_zensical_s"] = build_zensical(command, config)
        results[f"build_{count}_zensical_cpu_s"] = cpu_seconds() - cpu
        results[f"build_{count}_zensical_warm_s"] = build_zensical(command, config, clean=False)
        results[f"build_{count}_zensical_x"] = (
            results[f"build_{count}_zensical_s"] / results[f"build_{count}_s"]
        )
        results[f"finish_site_{count}_s"] = finish(site, config)
        results["search_index_zensical_kb_per_post"] = (site / "search.json").stat().st_size / 1024 / count
        results["site_zensical_mb"] = tree_size(site) / 1e6
        asked = search_probe.queries(config.parent / "docs" / "blog" / "posts")
        for key, built, builder in (("", work / "mkdocs-site", "mkdocs"), ("_zensical", site, "zensical")):
            found = search_probe.found_count(built, builder, asked)
            if found is not None:
                results[f"search_found{key}_of_{len(asked)}"] = found
    return results
