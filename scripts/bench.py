"""Run the benchmarks named on the command line; each prints `name=value` lines (units in the name).

Run as a script (`scripts/bench`): Python puts this folder first on sys.path, so `benchmarks.*` imports; the
`generator` package is installed in the venv.
"""

from __future__ import annotations

import argparse
import importlib

NAMES = (
    "ingest",
    "broken",
    "extract",
    "walls",
    "relevance",
    "cluster",
    "cover",
    "generate",
    "build",
    "gemini",
    "ops",
    "digest",
    "reading",
    "citations",
    "editions",
    "bilingual",
    "mornings",
    "feeds",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "names", nargs="*", choices=[*NAMES, []], metavar="NAME", help=f"one of {', '.join(NAMES)}"
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes (for a smoke run)")
    parser.add_argument(
        "--builder",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="build: zensical builds the same posts with Zensical too, beside MkDocs (benchmarks/zensical.py)",
    )
    args = parser.parse_args()
    if args.builder != "mkdocs" and args.names != ["build"]:
        parser.error("--builder goes with the build benchmark alone: scripts/bench build --builder zensical")
    for name in args.names or NAMES:
        module = importlib.import_module(f"benchmarks.{name if args.builder == 'mkdocs' else args.builder}")
        for key, value in module.run(quick=args.quick).items():
            print(f"{key}={value:.3f}" if isinstance(value, float) else f"{key}={value}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
