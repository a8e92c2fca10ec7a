"""requirements.lock: what every install (scripts/_setup.sh, CI, each workflow job) takes, pinned with hashes.

It is pip-tools' output for pyproject.toml with every extra (README "Dependencies" has the command): each package
pinned to one version with the hashes of its files (pip --require-hashes refuses anything else), every dependency
of pyproject.toml present and inside its range, and google-genai bounded above (a major release may change the
client; it is taken on purpose, not by a morning's resolution).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
COMMAND = (
    "pip-compile --all-extras --allow-unsafe --generate-hashes --no-emit-find-links --no-emit-index-url "
    "--output-file=requirements.lock --strip-extras pyproject.toml"
)


def pins() -> dict[str, tuple[Version, int]]:
    """Each locked package: (its version, how many hashes)."""
    found: dict[str, tuple[Version, int]] = {}
    for block in re.split(r"\n(?=\S)", LOCK.read_text(encoding="utf-8")):
        first = block.splitlines()[0]
        if first.startswith("#") or not first.strip():
            continue
        match = re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", first)
        assert match, f"not a pin: {first}"
        found[canonicalize_name(match.group(1))] = (Version(match.group(2)), block.count("--hash=sha256:"))
    return found


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for group in project.get("optional-dependencies", {}).values() for r in group]
    return [Requirement(text) for text in [*project["dependencies"], *extras]]


def test_every_package_is_pinned_with_hashes() -> None:
    locked = pins()
    assert len(locked) > 50
    assert all(hashes >= 1 for _, hashes in locked.values()), [n for n, (_, h) in locked.items() if h == 0]
    assert not re.search(r"^\s*(-e|--index-url|--extra-index-url|--find-links|-f)\b", LOCK.read_text(), re.M)


def test_every_declared_dependency_is_locked_inside_its_range() -> None:
    locked = pins()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement} is not in requirements.lock: regenerate it (README)"
        assert locked[name][0] in requirement.specifier, f"{name} {locked[name][0]} is outside {requirement}"


def test_google_genai_has_an_upper_bound() -> None:
    (genai,) = [r for r in declared() if canonicalize_name(r.name) == "google-genai"]
    assert any(spec.operator == "<" and Version(spec.version).major == 4 for spec in genai.specifier)


def test_the_lock_says_how_it_was_made_and_the_readme_says_it_too() -> None:
    assert f"#    {COMMAND}\n" in LOCK.read_text(encoding="utf-8")
    assert COMMAND in " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
