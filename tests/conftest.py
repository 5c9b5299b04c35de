"""Shared pytest options and fixtures.

Golden files live under tests/golden/. `pytest --update-golden` rewrites them
from the current output; a plain run compares and fails on any difference,
showing a unified diff.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import pytest

GOLDEN_DIR = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ from the current output",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """`golden("area/name.yaml", text)`: compare text with a golden file, or rewrite it."""
    update = request.config.getoption("--update-golden")

    def compare(relative: str, actual: str) -> None:
        path = GOLDEN_DIR / relative
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"golden file {path} is missing; run `pytest --update-golden`")
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            diff = difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"golden/{relative}",
                tofile="actual",
            )
            pytest.fail(
                "output differs from the golden file (`pytest --update-golden` accepts it):\n"
                + "".join(diff)
            )

    return compare
