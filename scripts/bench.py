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
    "mornings",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "names", nargs="*", choices=[*NAMES, []], metavar="NAME", help=f"one of {', '.join(NAMES)}"
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes (for a smoke run)")
    args = parser.parse_args()
    for name in args.names or NAMES:
        module = importlib.import_module(f"benchmarks.{name}")
        for key, value in module.run(quick=args.quick).items():
            print(f"{key}={value:.3f}" if isinstance(value, float) else f"{key}={value}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
