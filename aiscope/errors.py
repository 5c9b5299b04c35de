"""The errors aiscope reports to people, as opposed to bugs.

A user's mistake (a bad stack file, a bad schema) is reported as a
ConfigError that lists every problem at once, each naming the file, the
key path, the offending value and what would be accepted. The CLI and the
Pulumi program print it and exit non-zero; neither shows a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_MISSING = object()


class AiscopeError(Exception):
    """Base class of every error aiscope raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, described well enough to fix it."""

    file: str
    path: str
    expected: str
    value: Any = _MISSING

    def __str__(self) -> str:
        if self.value is _MISSING:
            return f"{self.file}: {self.path}: {self.expected}"
        return f"{self.file}: {self.path}: got {_show(self.value)}; expected {self.expected}"


class ConfigError(AiscopeError):
    """Raised when a schema or stack file is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.path))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"aiscope found {count} {noun}:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


def _show(value: Any) -> str:
    """Quote a value the way the user wrote it, short enough for one line."""
    text = repr(value) if isinstance(value, str) else _compact(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _compact(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)
