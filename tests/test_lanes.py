"""The fast lane (`scripts/test --fast`: -m "not slow and not browser") leaves out every test that builds a site.

A test builds one through `generator.samples.demo.build_site` (`mkdocs build --strict`), directly, through a helper
of its module or through a fixture. tests/conftest.py marks `slow` the tests that use a fixture of SITE_FIXTURES;
this reads each test module's code and fails when a fixture or a test reaches `build_site` without being covered
(the fixture listed in SITE_FIXTURES, or the test or its module marked `slow`).
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import SITE_FIXTURES

TESTS = Path(__file__).resolve().parent
BUILDERS = {"build_site"}


def _called_names(function: ast.FunctionDef) -> set[str]:
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            callee = node.func
            names.add(callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", ""))
    return names


def _decorators(function: ast.FunctionDef) -> set[str]:
    """Each decorator as dotted text without its call: {"pytest.fixture", "pytest.mark.slow"}."""
    found = set()
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        found.add(ast.unparse(target))
    return found


def _module_is_slow(tree: ast.Module) -> bool:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(target, "id", "") == "pytestmark" for target in node.targets
        ):
            return "pytest.mark.slow" in ast.unparse(node.value)
    return False


def uncovered_site_builds(path: Path) -> list[str]:
    """The tests of one module that reach a site build and would run in the fast lane: "test_name" when the test
    builds (itself or through a helper), "test_name (fixture name)" when a fixture it uses builds."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    calls = {name: _called_names(node) for name, node in functions.items()}
    building = set(BUILDERS)
    while True:  # a helper that calls a helper that builds, to any depth
        more = {name for name, called in calls.items() if called & building} - building
        if not more:
            break
        building |= more
    fixtures = {name for name, node in functions.items() if "pytest.fixture" in _decorators(node)}
    building_fixtures = (building & fixtures) | (building & SITE_FIXTURES)
    if _module_is_slow(tree):
        return []
    found = []
    for name, node in functions.items():
        if not name.startswith("test_") or "pytest.mark.slow" in _decorators(node):
            continue
        arguments = {argument.arg for argument in node.args.args}
        if "browser" in arguments:
            continue  # conftest marks every browser test slow
        if name in building:
            found.append(name)
        found += [f"{name} (fixture {f})" for f in sorted(arguments & building_fixtures - SITE_FIXTURES)]
    return found


def test_every_site_build_is_left_out_of_the_fast_lane() -> None:
    found = {
        path.name: missed
        for path in sorted(TESTS.glob("test_*.py"))
        if (missed := uncovered_site_builds(path))
    }
    assert found == {}, "add the fixture to SITE_FIXTURES or mark the test slow"


def test_the_check_sees_a_helper_and_a_fixture(tmp_path: Path) -> None:
    module = tmp_path / "test_example.py"
    module.write_text(
        "import pytest\n"
        "def helper(site):\n    build_site(site, site / 'out')\n"
        "@pytest.fixture(scope='module')\ndef made(tmp_path):\n    helper(tmp_path)\n"
        "def test_uses_fixture(made):\n    pass\n"
        "def test_calls_helper(tmp_path):\n    helper(tmp_path)\n"
        "@pytest.mark.slow\ndef test_marked(tmp_path):\n    helper(tmp_path)\n"
        "def test_plain(browser, made):\n    pass\n",
        encoding="utf-8",
    )
    assert uncovered_site_builds(module) == ["test_uses_fixture (fixture made)", "test_calls_helper"]
