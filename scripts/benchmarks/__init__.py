"""Benchmark modules: each has run(quick: bool) -> dict[str, float | int]."""
